export * from './event-store.js';
export * from './position.js';
export * from './in-memory-event-store.js';
export * from './mongo-event-store.js';
export * from './lease.js';
export * from './command-handler.js';
export * from './mongo-indexes.js';
