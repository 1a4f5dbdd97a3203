export * from './inbox.js';
export * from './projection.js';
export * from './versioned-upsert.js';
export * from './projection-runner.js';
export * from './read-model-page.js';
export * from './find-in-county.js';
export * from './folded-batch.js';
export * from './list-document.js';
