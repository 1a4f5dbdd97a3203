export * from './topics.js';
export * from './envelope.js';
export * from './admin.js';
export * from './publisher.js';
export * from './consumer.js';
