/** Evaluation of agencies (评议考核): the public API of the module. */
export * from './evaluation-scheme.js';
export * from './evaluate-agency.js';
export * from './evaluation-decider.js';
export * from './evaluation-figures.js';
