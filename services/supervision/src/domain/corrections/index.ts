/** Community corrections pack (社区矫正, seed 000): the public API of the module. */
export * from './correction-categories.js';
export * from './correction-month.js';
export * from './person-commands.js';
export type { PersonEvent } from './person-events.js';
export { MAX_HOURS_PER_ENTRY, personDecider, type KnownPerson, type PersonState } from './person-decider.js';
export * from './correction-checks.js';
export * from './corrections-report.js';
export * from './finding-decider.js';
