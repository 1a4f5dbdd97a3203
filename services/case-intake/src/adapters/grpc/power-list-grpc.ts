import type { caseIntakeV1 } from '@lesp/contracts';
import { ValidationError } from '@lesp/core';
import { actorOf, commandContext, unary, type GrpcCallContext, type GrpcDeps, optionsOfMeta } from '@lesp/service-bootstrap';
import type { CommandOutcome } from '../../application/agency-commands.js';
import type { PowerListCommands } from '../../application/power-list-commands.js';

export interface PowerListGrpcDeps extends GrpcDeps {
  readonly powerList: PowerListCommands;
  readonly clock: () => Date;
}

type PowerListMethods = Pick<
  caseIntakeV1.CaseIntakeServiceServer,
  'addPowerItem' | 'retirePowerItem' | 'delegateToTownship' | 'endDelegation'
>;

const agency = (req: { countyCode: string; agencyId: string }) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId });
const access = { permission: 'agency.change_powers', target: agency } as const;

/** The power-list and delegation methods of CaseIntakeService. */
export function powerListGrpcMethods(deps: PowerListGrpcDeps): PowerListMethods {
  const context = (call: GrpcCallContext, countyCode: string) =>
    commandContext(actorOf(call.principal, countyCode), call.correlationId, deps.clock());
  return {
    addPowerItem: unary('AddPowerItem', deps, access, async (req: caseIntakeV1.AddPowerItemRequest, call) => {
      const { itemCode, name, category, legalBasis, discretionBenchmark } = req;
      return accepted(
        await deps.powerList.addPowerItem(
          req.countyCode,
          req.agencyId,
          { itemCode, name, category, legalBasis, discretionBenchmark },
          context(call, req.countyCode),
          optionsOfMeta(req.meta),
        ),
      );
    }),
    retirePowerItem: unary('RetirePowerItem', deps, access, async (req: caseIntakeV1.RetirePowerItemRequest, call) =>
      accepted(
        await deps.powerList.retirePowerItem(
          req.countyCode,
          req.agencyId,
          { itemCode: req.itemCode, reason: req.reason },
          context(call, req.countyCode),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    delegateToTownship: unary('DelegateToTownship', deps, access, async (req: caseIntakeV1.DelegateToTownshipRequest, call) => {
      if (!req.start) throw ValidationError.of('start', 'FIELD_REQUIRED', '必填');
      if (!req.end) throw ValidationError.of('end', 'FIELD_REQUIRED', '必填');
      const { delegationId, townshipName, entrustmentNumber, itemCodes, powers } = req;
      return accepted(
        await deps.powerList.delegate(
          req.countyCode,
          req.agencyId,
          { delegationId, townshipName, entrustmentNumber, itemCodes, powers, start: req.start, end: req.end },
          context(call, req.countyCode),
          optionsOfMeta(req.meta),
        ),
      );
    }),
    endDelegation: unary('EndDelegation', deps, access, async (req: caseIntakeV1.EndDelegationRequest, call) =>
      accepted(
        await deps.powerList.endDelegation(
          req.countyCode,
          req.agencyId,
          { delegationId: req.delegationId, reason: req.reason },
          context(call, req.countyCode),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
  };
}

function accepted(outcome: CommandOutcome) {
  return { aggregateId: outcome.aggregateId, version: outcome.version, eventIds: [...outcome.eventIds] };
}
