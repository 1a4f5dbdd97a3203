import { officersV1 } from '@lesp/contracts';
import { ValidationError } from '@lesp/core';
import {
  actorOf,
  commandContext,
  unary,
  type GrpcCallContext,
  type GrpcDeps,
  type GrpcServiceRegistration,
  optionsOfMeta,
} from '@lesp/service-bootstrap';
import type { CommandOutcome } from '../../application/agency-commands.js';
import type { OfficerCommands } from '../../application/officer-commands.js';
import type { OfficerQueries, OfficerView } from '../../application/officer-queries.js';

export interface OfficerGrpcDeps extends GrpcDeps {
  readonly officers: OfficerCommands;
  readonly officerQueries: OfficerQueries;
  readonly clock: () => Date;
}

const county = (req: { countyCode: string }) => ({ countyCodes: [req.countyCode] });
const change = { permission: 'officer.change', target: county } as const;

/** OfficerService: officers (执法人员) and the lifecycle of their certificates (执法证). */
export function officerGrpcService(deps: OfficerGrpcDeps): GrpcServiceRegistration {
  const context = (call: GrpcCallContext, countyCode: string) =>
    commandContext(actorOf(call.principal, countyCode), call.correlationId, deps.clock());
  const { officers } = deps;

  const implementation: officersV1.OfficerServiceServer = {
    registerOfficer: unary(
      'RegisterOfficer',
      deps,
      { permission: 'officer.register', target: county },
      async (req: officersV1.RegisterOfficerRequest, call) => {
        if (!req.certificateValidUntil) throw ValidationError.of('certificateValidUntil', 'FIELD_REQUIRED', '必填');
        const { officerId, agencyId, name, idNumber, certificateNumber, enforcementAreas } = req;
        const input = {
          officerId,
          agencyId,
          name,
          idNumber,
          certificateNumber,
          enforcementAreas,
          certificateValidUntil: req.certificateValidUntil,
        };
        return accepted(await officers.register(req.countyCode, input, context(call, req.countyCode), optionsOfMeta(req.meta)));
      },
    ),
    suspendCertificate: unary('SuspendCertificate', deps, change, async (req: officersV1.SuspendCertificateRequest, call) =>
      accepted(await officers.suspend(req.countyCode, req.officerId, req.reason, context(call, req.countyCode), optionsOfMeta(req.meta))),
    ),
    revokeCertificate: unary('RevokeCertificate', deps, change, async (req: officersV1.RevokeCertificateRequest, call) =>
      accepted(await officers.revoke(req.countyCode, req.officerId, req.reason, context(call, req.countyCode), optionsOfMeta(req.meta))),
    ),
    reportCertificateLost: unary('ReportCertificateLost', deps, change, async (req: officersV1.ReportCertificateLostRequest, call) =>
      accepted(await officers.reportLost(req.countyCode, req.officerId, context(call, req.countyCode), optionsOfMeta(req.meta))),
    ),
    reissueCertificate: unary('ReissueCertificate', deps, change, async (req: officersV1.ReissueCertificateRequest, call) => {
      const data = {
        certificateNumber: req.certificateNumber,
        ...(req.certificateValidUntil ? { certificateValidUntil: req.certificateValidUntil } : {}),
      };
      return accepted(await officers.reissue(req.countyCode, req.officerId, data, context(call, req.countyCode), optionsOfMeta(req.meta)));
    }),
    reinstateCertificate: unary('ReinstateCertificate', deps, change, async (req: officersV1.ReinstateCertificateRequest, call) =>
      accepted(await officers.reinstate(req.countyCode, req.officerId, context(call, req.countyCode), optionsOfMeta(req.meta))),
    ),
    transferOfficer: unary('TransferOfficer', deps, change, async (req: officersV1.TransferOfficerRequest, call) =>
      accepted(
        await officers.transfer(req.countyCode, req.officerId, req.toAgencyId, context(call, req.countyCode), optionsOfMeta(req.meta)),
      ),
    ),
    recordExamResult: unary('RecordExamResult', deps, change, async (req: officersV1.RecordExamResultRequest, call) => {
      const data = { year: req.year, score: req.score, passed: req.passed };
      return accepted(
        await officers.recordExam(req.countyCode, req.officerId, data, context(call, req.countyCode), optionsOfMeta(req.meta)),
      );
    }),
    recordTrainingHours: unary('RecordTrainingHours', deps, change, async (req: officersV1.RecordTrainingHoursRequest, call) => {
      const data = { year: req.year, hours: req.hours, course: req.course };
      return accepted(
        await officers.recordTraining(req.countyCode, req.officerId, data, context(call, req.countyCode), optionsOfMeta(req.meta)),
      );
    }),
    getOfficer: unary('GetOfficer', deps, { permission: 'officer.read', target: county }, async (req: officersV1.GetOfficerRequest, call) =>
      toOfficer(await deps.officerQueries.get(call.principal, req.countyCode, req.officerId)),
    ),
    listOfficers: unary(
      'ListOfficers',
      deps,
      { permission: 'officer.list', target: county },
      async (req: officersV1.ListOfficersRequest, call) => {
        const filter = { agencyId: req.agencyId, certificateStatus: req.certificateStatus };
        const page = await deps.officerQueries.list(call.principal, req.countyCode, filter, {
          limit: req.page?.limit ?? 0,
          cursor: req.page?.cursor ?? '',
        });
        return { officers: page.items.map(toOfficer), page: { nextCursor: page.nextCursor } };
      },
    ),
  };
  return { definition: officersV1.OfficerServiceService, implementation };
}

function accepted(outcome: CommandOutcome) {
  return { aggregateId: outcome.aggregateId, version: outcome.version, eventIds: [...outcome.eventIds] };
}

function toOfficer(view: OfficerView): officersV1.Officer {
  return {
    officerId: view.officerId,
    countyCode: view.countyCode,
    agencyId: view.agencyId,
    name: view.name,
    idNumberMasked: view.idNumberMasked,
    certificateNumber: view.certificateNumber,
    certificateStatus: view.certificateStatus,
    certificateValidUntil: view.certificateValidUntil,
    certificateValidNow: view.certificateValidNow,
    enforcementAreas: view.enforcementAreas,
    certificateHistory: view.certificateHistory.map((p) => ({
      status: p.status,
      from: p.from,
      validUntil: p.validUntil,
      certificateNumber: p.certificateNumber ?? '',
    })),
    agencyHistory: view.agencyHistory,
    trainingHours: view.trainingHours,
    examResults: view.examResults,
    version: view.version,
  };
}
