export * from './checklist.js';
export * from './sample.js';
export * from './review-schedule.js';
export * from './review-summary.js';
export * from './review-definition.js';
export * from './case-file-review-commands.js';
export * from './case-file-review-events.js';
export * from './case-file-review-decider.js';
