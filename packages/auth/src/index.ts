export * from './principal.js';
export * from './permissions.js';
export * from './policy.js';
export * from './token-verifier.js';
export * from './dev-issuer.js';
