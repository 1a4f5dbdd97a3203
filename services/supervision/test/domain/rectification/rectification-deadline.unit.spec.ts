import { describe, expect, it } from 'vitest';
import { deadlineTimerAfter, type RectificationEvent } from '../../../src/domain/rectification/index.js';

const DEADLINE = new Date('2026-03-16T09:30:00Z');
const LATER = new Date('2026-03-30T09:30:00Z');
const base = { rectificationId: 'r-1' };

describe('rectification deadline timer', () => {
  it('is set at issue, reset on return and on an escalation that gives a last deadline', () => {
    expect(deadlineTimerAfter({ type: 'RectificationNoticeIssued', data: { deadline: DEADLINE } } as RectificationEvent)).toEqual({
      action: 'schedule',
      dueAt: DEADLINE,
    });
    expect(deadlineTimerAfter({ type: 'RectificationReturned', data: { ...base, newDeadline: LATER } } as RectificationEvent)).toEqual({
      action: 'schedule',
      dueAt: LATER,
    });
    expect(deadlineTimerAfter({ type: 'RectificationEscalated', data: { ...base, newDeadline: LATER } } as RectificationEvent)).toEqual({
      action: 'schedule',
      dueAt: LATER,
    });
  });

  it('is cancelled by a reply, by closing, and by an escalation without a new deadline', () => {
    expect(deadlineTimerAfter({ type: 'RectificationReplied', data: base } as RectificationEvent)).toEqual({ action: 'cancel' });
    expect(deadlineTimerAfter({ type: 'RectificationClosed', data: base } as RectificationEvent)).toEqual({ action: 'cancel' });
    expect(deadlineTimerAfter({ type: 'RectificationEscalated', data: base } as RectificationEvent)).toEqual({ action: 'cancel' });
    expect(deadlineTimerAfter({ type: 'RectificationAccepted', data: base } as RectificationEvent)).toEqual({ action: 'keep' });
  });
});
