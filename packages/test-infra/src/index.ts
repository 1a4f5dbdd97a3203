export * from './helpers.js';
export { acquireInfrastructure, verifyInfrastructure, REPO_ROOT, type Infrastructure } from './infrastructure.js';
export * from './service-process.js';
export * from './personal-data-patterns.js';
export * from './web-console.js';
