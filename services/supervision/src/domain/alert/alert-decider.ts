import type { AlertEvent, supervisionEventsV1 } from '@lesp/contracts';
import { assertNever, ConflictError, NotFoundError, ValidationError, type Decider } from '@lesp/core';
import { levelRank, type AlertLevel } from '../calendar/working-days.js';

export const ALERT_AGGREGATE = 'Alert';
export type AlertKind = 'real_time' | 'deadline' | 'process';
export type AlertStatus = 'none' | 'open' | 'acknowledged' | 'resolved' | 'dismissed';

export type AlertCommand =
  | { readonly type: 'RaiseAlert'; readonly data: supervisionEventsV1.AlertRaised }
  | { readonly type: 'EscalateAlert'; readonly data: { readonly level: AlertLevel; readonly reason: string } }
  | { readonly type: 'AcknowledgeAlert'; readonly data: { readonly note: string } }
  | { readonly type: 'ResolveAlert'; readonly data: { readonly curingEventId: string; readonly reason: string } }
  | { readonly type: 'DismissAlert'; readonly data: { readonly reason: string } };

export interface AlertState {
  readonly status: AlertStatus;
  readonly alertId: string;
  readonly agencyId: string;
  readonly level: AlertLevel;
}

const isClosed = (status: AlertStatus) => status === 'resolved' || status === 'dismissed';
const MAX_TEXT = 2000;

/**
 * An alert (预警). Raising is idempotent (the id is derived from the rule and its subject, so
 * a redelivered event or a timer fired again finds it raised) and a raise at a higher level
 * escalates; levels never go down. Curing events and timers may come after it was closed:
 * they change nothing. Only people's commands (acknowledge, dismiss) are refused when they
 * contradict the state.
 */
export const alertDecider: Decider<AlertCommand, AlertEvent, AlertState> = {
  initialState: () => ({ status: 'none', alertId: '', agencyId: '', level: 'blue' }),
  decide(command, state) {
    switch (command.type) {
      case 'RaiseAlert': {
        if (state.status === 'none') return [{ type: 'AlertRaised', data: command.data }];
        return escalation(state, command.data.level as AlertLevel, '再次触发，级别提高');
      }
      case 'EscalateAlert':
        if (state.status === 'none') return [];
        return escalation(state, command.data.level, command.data.reason);
      case 'AcknowledgeAlert':
        requireRaised(state);
        if (isClosed(state.status)) throw new ConflictError('ALERT_CLOSED', '预警已办结或已驳回，无需签收');
        if (state.status === 'acknowledged') return [];
        if (command.data.note.length > MAX_TEXT) throw ValidationError.of('note', 'TEXT_TOO_LONG', `不能超过 ${MAX_TEXT} 字`);
        return [{ type: 'AlertAcknowledged', data: { alertId: state.alertId, note: command.data.note } }];
      case 'ResolveAlert':
        if (state.status === 'none' || isClosed(state.status)) return [];
        return [{ type: 'AlertResolved', data: { alertId: state.alertId, ...command.data } }];
      case 'DismissAlert': {
        const reason = command.data.reason.trim();
        if (reason.length < 2) throw ValidationError.of('reason', 'DISMISS_REASON_REQUIRED', '驳回预警须说明理由（至少 2 个字）');
        if (reason.length > MAX_TEXT) throw ValidationError.of('reason', 'TEXT_TOO_LONG', `不能超过 ${MAX_TEXT} 字`);
        requireRaised(state);
        if (isClosed(state.status)) throw new ConflictError('ALERT_CLOSED', '预警已办结或已驳回');
        return [{ type: 'AlertDismissed', data: { alertId: state.alertId, reason } }];
      }
      default:
        return assertNever(command, 'alert command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'AlertRaised':
        return { status: 'open', alertId: event.data.alertId, agencyId: event.data.agencyId, level: event.data.level as AlertLevel };
      case 'AlertEscalated':
        return { ...state, level: event.data.level as AlertLevel };
      case 'AlertAcknowledged':
        return { ...state, status: 'acknowledged' };
      case 'AlertResolved':
        return { ...state, status: 'resolved' };
      case 'AlertDismissed':
        return { ...state, status: 'dismissed' };
      default:
        return assertNever(event, 'alert event');
    }
  },
};

function requireRaised(state: AlertState): void {
  if (state.status === 'none') throw new NotFoundError('ALERT_NOT_FOUND', '预警不存在');
}

function escalation(state: AlertState, level: AlertLevel, reason: string): readonly AlertEvent[] {
  if (isClosed(state.status) || levelRank(level) <= levelRank(state.level)) return [];
  return [{ type: 'AlertEscalated', data: { alertId: state.alertId, level, reason } }];
}
