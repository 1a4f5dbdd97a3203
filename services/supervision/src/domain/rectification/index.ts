/**
 * Rectification (纠正 / 整改): one aggregate per written output of supervision — notice
 * (监督通知书), opinion (意见书) or decision (决定书) — addressed to one agency.
 *
 *   IssueRectificationNotice      → RectificationNoticeIssued
 *   ReplyToRectification          → RectificationReplied (late flagged)
 *   AcceptRectification           → RectificationAccepted
 *   ReturnRectification           → RectificationReturned (new deadline, round n)
 *   EscalateOverdueRectification  → RectificationEscalated (level n, once per deadline)
 *   CloseRectification            → RectificationClosed [+ AccountabilityRecorded] + RectificationMarkedForPublication
 *   RecordAccountability          → AccountabilityRecorded (after closing)
 *
 * Stream: `${countyCode}/Rectification/${rectificationId}`. Deadlines come in computed (working
 * days are the application's); deadlineTimerAfter(event) says what the durable timer does.
 */
export * from './rectification-commands.js';
export * from './rectification-events.js';
export * from './rectification-decider.js';
export { MAX_DEADLINE_DAYS, MAX_GROUNDS, MAX_MEASURES, MAX_RECIPIENTS } from './rectification-rules.js';
export * from './rectification-deadline.js';
