/**
 * Supervision rule engine throughput (events evaluated per second, in memory and through the
 * engine projection on the database). The benchmark itself lives with the supervision service,
 * next to the harness it shares with the rule tests.
 */
export { default } from '../services/supervision/test/bench/rule-engine-bench.js';
