export * from './metrics.js';
export * from './lag.js';
export * from './tracing.js';
export { noteProjectionApplied } from './projection-progress.js';
export * from './prometheus-text.js';
export { observeDatabaseCommands, commandCollection, type MonitoredDatabaseClient } from './database-commands.js';
