import type { Metadata } from '@grpc/grpc-js';
import { caseIntakeV1 } from '@lesp/contracts';
import { actorFrom, commandContext, unary, type GrpcServiceRegistration, type Logger, type ServiceMetrics } from '@lesp/service-bootstrap';
import type { AgencyCommands, CommandOutcome } from '../../application/agency-commands.js';
import type { AgencyQueries, AgencyView } from '../../application/agency-queries.js';

export interface CaseIntakeGrpcDeps {
  readonly commands: AgencyCommands;
  readonly queries: AgencyQueries;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly clock: () => Date;
}

export function caseIntakeGrpcService(deps: CaseIntakeGrpcDeps): GrpcServiceRegistration {
  const context = (metadata: Metadata, countyCode: string, correlationId: string) =>
    commandContext(actorFrom(metadata.getMap(), countyCode), correlationId, deps.clock());
  const expected = (meta: { expectedVersion: number } | undefined) => (meta && meta.expectedVersion > 0 ? meta.expectedVersion : undefined);

  const implementation: caseIntakeV1.CaseIntakeServiceServer = {
    registerAgency: unary('RegisterAgency', deps, async (req: caseIntakeV1.RegisterAgencyRequest, call) =>
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
          context(call.metadata, req.countyCode, call.correlationId),
          expected(req.meta),
        ),
      ),
    ),
    suspendAgency: unary('SuspendAgency', deps, async (req: caseIntakeV1.SuspendAgencyRequest, call) =>
      accepted(
        await deps.commands.suspend(
          req.countyCode,
          req.agencyId,
          req.reason,
          context(call.metadata, req.countyCode, call.correlationId),
          expected(req.meta),
        ),
      ),
    ),
    reinstateAgency: unary('ReinstateAgency', deps, async (req: caseIntakeV1.ReinstateAgencyRequest, call) =>
      accepted(
        await deps.commands.reinstate(
          req.countyCode,
          req.agencyId,
          context(call.metadata, req.countyCode, call.correlationId),
          expected(req.meta),
        ),
      ),
    ),
    getAgency: unary('GetAgency', deps, async (req: caseIntakeV1.GetAgencyRequest) =>
      toAgency(await deps.queries.get(req.countyCode, req.agencyId)),
    ),
    listAgencies: unary('ListAgencies', deps, async (req: caseIntakeV1.ListAgenciesRequest) => {
      const page = await deps.queries.list(req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
      return { agencies: page.items.map(toAgency), page: { nextCursor: page.nextCursor } };
    }),
  };
  return { definition: caseIntakeV1.CaseIntakeServiceService, implementation };
}

function accepted(outcome: CommandOutcome) {
  return { aggregateId: outcome.aggregateId, version: outcome.version, eventIds: [...outcome.eventIds] };
}

function toAgency(view: AgencyView): caseIntakeV1.Agency {
  return { ...view };
}
