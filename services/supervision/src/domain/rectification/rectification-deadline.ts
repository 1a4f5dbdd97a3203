import { assertNever } from '@lesp/core';
import type { RectificationEvent } from './rectification-events.js';

/**
 * What the durable deadline timer of a rectification should do after an event: one timer per
 * rectification, (re)set to the deadline in force while a reply is owed, cancelled otherwise.
 * When it fires, the application sends EscalateOverdueRectification with the firing time; the
 * decider refuses a second escalation for the same deadline, so a timer firing twice is harmless.
 */
export type DeadlineTimerAction =
  { readonly action: 'schedule'; readonly dueAt: Date } | { readonly action: 'cancel' } | { readonly action: 'keep' };

export function deadlineTimerAfter(event: RectificationEvent): DeadlineTimerAction {
  switch (event.type) {
    case 'RectificationNoticeIssued':
      return { action: 'schedule', dueAt: event.data.deadline };
    case 'RectificationReturned':
      return { action: 'schedule', dueAt: event.data.newDeadline };
    case 'RectificationEscalated':
      // Without a new deadline the notice stays overdue: nothing more to wait for.
      return event.data.newDeadline ? { action: 'schedule', dueAt: event.data.newDeadline } : { action: 'cancel' };
    case 'RectificationReplied':
    case 'RectificationClosed':
      return { action: 'cancel' };
    case 'RectificationAccepted':
    case 'AccountabilityRecorded':
    case 'RectificationMarkedForPublication':
      return { action: 'keep' };
    default:
      return assertNever(event, 'rectification event');
  }
}
