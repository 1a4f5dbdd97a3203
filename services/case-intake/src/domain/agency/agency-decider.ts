import { ConflictError, NotFoundError, ValidationError, assertNever, type Decider } from '@lesp/core';
import type { AgencyEvent } from '@lesp/contracts';
import type { AgencyCommand } from './agency-commands.js';
import { registrationViolations } from './agency-rules.js';
import type { AgencyState } from './agency-state.js';
import { decidePowerList, evolvePowerList } from './power-list.js';

export type { AgencyEvent } from '@lesp/contracts';
export type { AgencyState, Delegation, PowerItem, RegisteredAgency } from './agency-state.js';
export {
  delegationCoverage,
  delegationCovers,
  delegationGapOf,
  type DelegationCoverage,
  type DelegationGap,
} from './delegation-coverage.js';

function decide(command: AgencyCommand, state: AgencyState): readonly AgencyEvent[] {
  switch (command.type) {
    case 'RegisterAgency': {
      if (state.status !== 'unregistered') {
        throw new ConflictError('AGENCY_ALREADY_REGISTERED', `执法主体 ${command.data.agencyId} 已登记`);
      }
      const violations = registrationViolations(command.data);
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'AgencyRegistered', data: { ...command.data, name: command.data.name.trim() } }];
    }
    case 'UpdateAgency': {
      if (state.status === 'unregistered') throw agencyNotFound(command.data.agencyId);
      const violations = registrationViolations(command.data);
      if (violations.length > 0) throw new ValidationError(violations);
      const data = { ...command.data, name: command.data.name.trim() };
      // Nothing changed: nothing to record (a retried update is not a second change).
      const unchanged =
        data.name === state.name &&
        data.creditCode === state.creditCode &&
        data.kind === state.kind &&
        data.legalBasis === state.legalBasis;
      return unchanged ? [] : [{ type: 'AgencyUpdated', data }];
    }
    case 'SuspendAgency': {
      if (state.status === 'unregistered') throw agencyNotFound(command.data.agencyId);
      if (state.status === 'suspended') throw new ConflictError('AGENCY_ALREADY_SUSPENDED', '该执法主体已暂停执法资格');
      if (command.data.reason.trim().length === 0) {
        throw ValidationError.of('reason', 'SUSPENSION_REASON_REQUIRED', '暂停执法资格须说明理由');
      }
      return [{ type: 'AgencySuspended', data: { agencyId: command.data.agencyId, reason: command.data.reason.trim() } }];
    }
    case 'ReinstateAgency': {
      if (state.status === 'unregistered') throw agencyNotFound(command.data.agencyId);
      if (state.status === 'active') throw new ConflictError('AGENCY_NOT_SUSPENDED', '该执法主体未被暂停，无需恢复');
      return [{ type: 'AgencyReinstated', data: { agencyId: command.data.agencyId } }];
    }
    case 'AddPowerItem':
    case 'RetirePowerItem':
    case 'DelegateToTownship':
    case 'EndDelegation':
      if (state.status === 'unregistered') throw agencyNotFound(command.data.agencyId);
      return decidePowerList(command, state);
    default:
      return assertNever(command, 'agency command');
  }
}

function evolve(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'AgencyRegistered':
      return {
        status: 'active',
        agencyId: event.data.agencyId,
        name: event.data.name,
        creditCode: event.data.creditCode,
        kind: event.data.kind,
        legalBasis: event.data.legalBasis,
        powerItems: [],
        delegations: [],
      };
    case 'AgencyUpdated':
      return state.status === 'unregistered'
        ? state
        : { ...state, name: event.data.name, creditCode: event.data.creditCode, kind: event.data.kind, legalBasis: event.data.legalBasis };
    case 'AgencySuspended':
      return state.status === 'unregistered' ? state : { ...state, status: 'suspended' };
    case 'AgencyReinstated':
      return state.status === 'unregistered' ? state : { ...state, status: 'active' };
    case 'PowerItemAdded':
    case 'PowerItemRetired':
    case 'DelegationGranted':
    case 'DelegationEnded':
      return state.status === 'unregistered' ? state : evolvePowerList(state, event);
    default:
      return assertNever(event, 'agency event');
  }
}

function agencyNotFound(agencyId: string): NotFoundError {
  return new NotFoundError('AGENCY_NOT_FOUND', `执法主体 ${agencyId} 不存在`);
}

export const agencyDecider: Decider<AgencyCommand, AgencyEvent, AgencyState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};
