export * from './inspection-commands.js';
export * from './inspection-events.js';
export * from './inspection-draw.js';
export * from './inspection-decider.js';
export * from './inspection-figures.js';
export { MAX_INSPECTORS_PER_TARGET, MAX_REGISTRY, MAX_TARGETS } from './inspection-rules.js';
