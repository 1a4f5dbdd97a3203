import { actsV1 } from '@lesp/contracts';
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
import type { ActCommands, CommandOutcome } from '../../application/acts/act-commands.js';
import type { ActQueries, ActView } from '../../application/acts/act-queries.js';
import { STEP_FIELDS, STEP_TYPES, stepOf } from '../act-step-mapping.js';

export interface ActGrpcDeps extends GrpcDeps {
  readonly commands: ActCommands;
  readonly queries: ActQueries;
  readonly clock: () => Date;
}

const county = (req: { countyCode: string }) => ({ countyCodes: [req.countyCode] });

export function actGrpcService(deps: ActGrpcDeps): GrpcServiceRegistration {
  const context = (call: GrpcCallContext, countyCode: string) =>
    commandContext(actorOf(call.principal, countyCode), call.correlationId, deps.clock());
  const implementation: actsV1.ActServiceServer = {
    openAct: unary('OpenAct', deps, { permission: 'act.record', target: county }, async (req: actsV1.OpenActRequest, call) => {
      if (req.openedBy !== 'application' && req.openedBy !== 'filing') {
        throw ValidationError.of('openedBy', 'OPENED_BY_UNKNOWN', '应为 application（申请）或 filing（立案）');
      }
      if (!req.opening) throw ValidationError.of('opening', 'FIELD_REQUIRED', '必填');
      return accepted(
        await deps.commands.open(
          call.principal,
          req.countyCode,
          req.openedBy,
          req.opening,
          context(call, req.countyCode),
          optionsOfMeta(req.meta),
        ),
      );
    }),
    recordActStep: unary(
      'RecordActStep',
      deps,
      { permission: 'act.record', target: county },
      async (req: actsV1.RecordActStepRequest, call) => {
        const present = STEP_TYPES.filter((type) => req[STEP_FIELDS[type]] !== undefined);
        if (present.length !== 1) throw ValidationError.of('step', 'STEP_REQUIRED', '须且只能给出一个环节');
        const type = present[0]!;
        const data = req[STEP_FIELDS[type]] as unknown as Record<string, unknown>;
        return accepted(
          await deps.commands.recordStep(
            call.principal,
            req.countyCode,
            req.actId,
            stepOf(type, data),
            context(call, req.countyCode),
            optionsOfMeta(req.meta),
          ),
        );
      },
    ),
    getAct: unary('GetAct', deps, { permission: 'act.read', target: county }, async (req: actsV1.GetActRequest, call) =>
      toAct(await deps.queries.get(call.principal, req.countyCode, req.actId)),
    ),
    getActTimeline: unary(
      'GetActTimeline',
      deps,
      { permission: 'act.read', target: county },
      async (req: actsV1.GetActTimelineRequest, call) => ({
        actId: req.actId,
        entries: (await deps.queries.timeline(call.principal, req.countyCode, req.actId)).map((e) => ({
          ...e,
          officerIds: [...e.officerIds],
        })),
      }),
    ),
    searchActs: unary('SearchActs', deps, { permission: 'act.search', target: county }, async (req: actsV1.SearchActsRequest, call) => {
      const page = await deps.queries.search(call.principal, req.countyCode, {
        ...(req.agencyId ? { agencyId: req.agencyId } : {}),
        ...(req.category ? { category: req.category } : {}),
        ...(req.status ? { status: req.status } : {}),
        ...(req.openedFrom ? { openedFrom: req.openedFrom } : {}),
        ...(req.openedTo ? { openedTo: req.openedTo } : {}),
        ...(req.target ? { target: req.target } : {}),
        ...(req.officerId ? { officerId: req.officerId } : {}),
        ...(req.page?.limit ? { limit: req.page.limit } : {}),
        ...(req.page?.cursor ? { cursor: req.page.cursor } : {}),
      });
      return { acts: page.items.map(toAct), page: { nextCursor: page.nextCursor } };
    }),
  };
  return { definition: actsV1.ActServiceService, implementation };
}

function accepted(outcome: CommandOutcome) {
  return { aggregateId: outcome.aggregateId, version: outcome.version, eventIds: [...outcome.eventIds] };
}

function toAct(view: ActView): actsV1.Act {
  return {
    actId: view.actId,
    countyCode: view.countyCode,
    agencyId: view.agencyId,
    category: view.category,
    caseNumber: view.caseNumber,
    title: view.title,
    itemCode: view.itemCode,
    status: view.status,
    targetKind: view.targetKind,
    targetName: view.targetName,
    targetCreditCode: view.targetCreditCode,
    enterprise: view.enterprise,
    major: view.major,
    officerIds: [...view.officerIds],
    openedAt: view.openedAt,
    decidedAt: view.decidedAt,
    closedAt: view.closedAt,
    decisionOutcome: view.decisionOutcome ?? '',
    fineFen: view.fineFen ?? 0,
    version: view.version,
    delegationId: view.delegationId,
    delegationGap: view.delegationGap ?? '',
  };
}
