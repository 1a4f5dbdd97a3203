import { caseIntakeV1 } from '@lesp/contracts';
import {
  actorOf,
  commandContext,
  unary,
  type GrpcCallContext,
  type GrpcDeps,
  type GrpcServiceRegistration,
  optionsOfMeta,
} from '@lesp/service-bootstrap';
import type { AgencyCommands, CommandOutcome } from '../../application/agency-commands.js';
import type { AgencyQueries, AgencySummaryView, AgencyView } from '../../application/agency-queries.js';
import { powerListGrpcMethods, type PowerListGrpcDeps } from './power-list-grpc.js';

export interface CaseIntakeGrpcDeps extends GrpcDeps, PowerListGrpcDeps {
  readonly commands: AgencyCommands;
  readonly queries: AgencyQueries;
  readonly clock: () => Date;
}

const county = (req: { countyCode: string }) => ({ countyCodes: [req.countyCode] });
const agency = (req: { countyCode: string; agencyId: string }) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId });

export function caseIntakeGrpcService(deps: CaseIntakeGrpcDeps): GrpcServiceRegistration {
  const context = (call: GrpcCallContext, countyCode: string) =>
    commandContext(actorOf(call.principal, countyCode), call.correlationId, deps.clock());

  const implementation: caseIntakeV1.CaseIntakeServiceServer = {
    registerAgency: unary(
      'RegisterAgency',
      deps,
      { permission: 'agency.register', target: county },
      async (req: caseIntakeV1.RegisterAgencyRequest, call) =>
        accepted(
          await deps.commands.register(
            {
              countyCode: req.countyCode,
              agencyId: req.agencyId,
              name: req.name,
              creditCode: req.creditCode,
              kind: req.kind,
              legalBasis: req.legalBasis,
            },
            context(call, req.countyCode),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    updateAgency: unary(
      'UpdateAgency',
      deps,
      { permission: 'agency.update', target: agency },
      async (req: caseIntakeV1.UpdateAgencyRequest, call) =>
        accepted(
          await deps.commands.update(
            req.countyCode,
            req.agencyId,
            { name: req.name, creditCode: req.creditCode, kind: req.kind, legalBasis: req.legalBasis },
            context(call, req.countyCode),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    suspendAgency: unary(
      'SuspendAgency',
      deps,
      { permission: 'agency.change_status', target: agency },
      async (req: caseIntakeV1.SuspendAgencyRequest, call) =>
        accepted(
          await deps.commands.suspend(req.countyCode, req.agencyId, req.reason, context(call, req.countyCode), optionsOfMeta(req.meta)),
        ),
    ),
    reinstateAgency: unary(
      'ReinstateAgency',
      deps,
      { permission: 'agency.change_status', target: agency },
      async (req: caseIntakeV1.ReinstateAgencyRequest, call) =>
        accepted(await deps.commands.reinstate(req.countyCode, req.agencyId, context(call, req.countyCode), optionsOfMeta(req.meta))),
    ),
    getAgency: unary('GetAgency', deps, { permission: 'agency.read', target: agency }, async (req: caseIntakeV1.GetAgencyRequest, call) =>
      toAgency(await deps.queries.get(call.principal, req.countyCode, req.agencyId)),
    ),
    listAgencies: unary(
      'ListAgencies',
      deps,
      { permission: 'agency.list', target: county },
      async (req: caseIntakeV1.ListAgenciesRequest, call) => {
        const page = await deps.queries.list(call.principal, req.countyCode, {
          limit: req.page?.limit ?? 0,
          cursor: req.page?.cursor ?? '',
        });
        return { agencies: page.items.map(toAgencySummary), page: { nextCursor: page.nextCursor } };
      },
    ),
    ...powerListGrpcMethods(deps),
  };
  return { definition: caseIntakeV1.CaseIntakeServiceService, implementation };
}

function accepted(outcome: CommandOutcome) {
  return { aggregateId: outcome.aggregateId, version: outcome.version, eventIds: [...outcome.eventIds] };
}

function toAgencySummary(view: AgencySummaryView): caseIntakeV1.Agency {
  return { ...view, powerItems: [], delegations: [] };
}

function toAgency(view: AgencyView): caseIntakeV1.Agency {
  return {
    ...view,
    powerItems: view.powerItems.map((item) => ({ ...item, retiredAt: item.retiredAt })),
    delegations: view.delegations.map((d) => ({ ...d, endedAt: d.endedAt, endReason: d.endReason ?? '' })),
  };
}
