import { ConflictError, NotFoundError, ValidationError, assertNever, type Violation } from '@lesp/core';
import type { AgencyEvent } from '@lesp/contracts';
import type { PowerListCommand } from './agency-commands.js';
import type { RegisteredAgency } from './agency-state.js';
import { delegationViolations, powerItemViolations, reasonViolations } from './power-list-rules.js';

export type PowerListEvent = Extract<
  AgencyEvent,
  { type: 'PowerItemAdded' | 'PowerItemRetired' | 'DelegationGranted' | 'DelegationEnded' }
>;

/** Decides a power-list or delegation command on a registered agency. */
export function decidePowerList(command: PowerListCommand, state: RegisteredAgency): readonly PowerListEvent[] {
  const { agencyId, at } = command.data;
  switch (command.type) {
    case 'AddPowerItem': {
      rejectIf(powerItemViolations(command.data));
      const itemCode = command.data.itemCode.trim();
      if (state.powerItems.some((item) => item.itemCode === itemCode)) {
        throw new ConflictError('POWER_ITEM_CODE_TAKEN', `事项编码 ${itemCode} 已在本单位执法事项目录中使用过`);
      }
      const { name, category, legalBasis, discretionBenchmark } = command.data;
      return [
        {
          type: 'PowerItemAdded',
          data: {
            agencyId,
            itemCode,
            name: name.trim(),
            category,
            legalBasis: legalBasis.trim(),
            discretionBenchmark: discretionBenchmark.trim(),
            occurredAt: at,
          },
        },
      ];
    }
    case 'RetirePowerItem': {
      const item = state.powerItems.find((p) => p.itemCode === command.data.itemCode);
      if (!item) throw new NotFoundError('POWER_ITEM_NOT_FOUND', `执法事项 ${command.data.itemCode} 不在本单位目录中`);
      if (item.retiredAt) throw new ConflictError('POWER_ITEM_ALREADY_RETIRED', '该执法事项已取消');
      notBefore(item.addedAt, at);
      rejectIf(reasonViolations(command.data.reason, '取消执法事项'));
      return [
        { type: 'PowerItemRetired', data: { agencyId, itemCode: item.itemCode, reason: command.data.reason.trim(), occurredAt: at } },
      ];
    }
    case 'DelegateToTownship': {
      if (state.status === 'suspended') throw new ConflictError('AGENCY_SUSPENDED', '该执法主体已暂停执法资格，不能委托执法');
      if (state.delegations.some((d) => d.delegationId === command.data.delegationId)) {
        throw new ConflictError('DELEGATION_ALREADY_GRANTED', `委托 ${command.data.delegationId} 已存在`);
      }
      rejectIf(delegationViolations(command.data, state.powerItems));
      const { delegationId, townshipName, entrustmentNumber, itemCodes, powers, start, end } = command.data;
      return [
        {
          type: 'DelegationGranted',
          data: {
            agencyId,
            delegationId,
            townshipName: townshipName.trim(),
            entrustmentNumber: entrustmentNumber.trim(),
            itemCodes: [...itemCodes],
            powers: powers.trim(),
            start,
            end,
            occurredAt: at,
          },
        },
      ];
    }
    case 'EndDelegation': {
      const delegation = state.delegations.find((d) => d.delegationId === command.data.delegationId);
      if (!delegation) throw new NotFoundError('DELEGATION_NOT_FOUND', `委托 ${command.data.delegationId} 不存在`);
      if (delegation.endedAt) throw new ConflictError('DELEGATION_ALREADY_ENDED', '该委托已终止');
      if (at.getTime() >= delegation.end.getTime()) throw new ConflictError('DELEGATION_ALREADY_EXPIRED', '该委托已到期，无需提前终止');
      rejectIf(reasonViolations(command.data.reason, '提前终止委托'));
      return [
        {
          type: 'DelegationEnded',
          data: { agencyId, delegationId: delegation.delegationId, reason: command.data.reason.trim(), occurredAt: at },
        },
      ];
    }
    default:
      return assertNever(command, 'power-list command');
  }
}

export function evolvePowerList(state: RegisteredAgency, event: PowerListEvent): RegisteredAgency {
  switch (event.type) {
    case 'PowerItemAdded': {
      const { itemCode, name, category, legalBasis, discretionBenchmark } = event.data;
      const item = { itemCode, name, category, legalBasis, discretionBenchmark, addedAt: timeOf(event.data.occurredAt) };
      return { ...state, powerItems: [...state.powerItems, item] };
    }
    case 'PowerItemRetired': {
      const retiredAt = timeOf(event.data.occurredAt);
      const powerItems = state.powerItems.map((item) => (item.itemCode === event.data.itemCode ? { ...item, retiredAt } : item));
      return { ...state, powerItems };
    }
    case 'DelegationGranted': {
      const { delegationId, townshipName, entrustmentNumber, itemCodes, powers } = event.data;
      const delegation = {
        delegationId,
        townshipName,
        entrustmentNumber,
        itemCodes,
        powers,
        start: timeOf(event.data.start),
        end: timeOf(event.data.end),
      };
      return { ...state, delegations: [...state.delegations, delegation] };
    }
    case 'DelegationEnded': {
      const endedAt = timeOf(event.data.occurredAt);
      const delegations = state.delegations.map((d) => (d.delegationId === event.data.delegationId ? { ...d, endedAt } : d));
      return { ...state, delegations };
    }
    default:
      return assertNever(event, 'power-list event');
  }
}

function rejectIf(violations: readonly Violation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}

function notBefore(earliest: Date, at: Date): void {
  if (at.getTime() < earliest.getTime()) {
    throw ValidationError.of('occurredAt', 'OCCURRED_BEFORE_LAST_CHANGE', '生效时间不能早于该事项列入目录的时间');
  }
}

function timeOf(value: Date | undefined): Date {
  return value ?? new Date(0);
}
