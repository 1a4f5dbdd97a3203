export * from './rectification-commands.js';
export * from './rectification-events.js';
export * from './rectification-decider.js';
export { MAX_DEADLINE_DAYS, MAX_GROUNDS, MAX_MEASURES, MAX_RECIPIENTS } from './rectification-rules.js';
export * from './rectification-deadline.js';
