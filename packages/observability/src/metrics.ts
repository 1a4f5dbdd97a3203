import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sampleThrottled } from './sampler.js';
import type { ConsumerLagSample } from './lag.js';
import { projectionProgress } from './projection-progress.js';

/**
 * Every metric the platform exports, in one process-wide registry served at /metrics. One
 * service runs per process, so the shared packages (event store, bus, relay, projections,
 * edge) count straight into it instead of each service wiring counters of its own; the
 * Grafana dashboard is checked against this list (deploy/grafana, dashboard test).
 *
 * Labels hold only what the code names (route templates, method names, stable error codes,
 * topics, projection and rule ids), never a county, a person or a request's text: /metrics
 * is readable without a token (see http-app.ts).
 */
export const registry = new Registry();

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** A database command by _id takes about a millisecond here: finer at the low end than requests. */
const DB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Where the gauges read at scrape time get their figures (set by the service runtime). */
const sources: {
  consumerLag?: () => Promise<readonly ConsumerLagSample[]>;
  outboxBacklog?: () => Promise<number>;
} = {};

/** Kafka and the database are asked at most this often, however often Prometheus scrapes. */
const SAMPLE_EVERY_MS = 10_000;
const consumerLagSample = sampleThrottled(() => sources.consumerLag?.() ?? Promise.resolve([]), SAMPLE_EVERY_MS);
const outboxBacklogSample = sampleThrottled(() => sources.outboxBacklog?.() ?? Promise.resolve(undefined), SAMPLE_EVERY_MS);

export const metrics = {
  commands: new Counter({
    name: 'lesp_commands_total',
    help: 'Commands handled (load, decide, append), by command type and outcome: ok, replayed (idempotency key seen), or the stable error code',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  }),
  eventsAppended: new Counter({
    name: 'lesp_events_appended_total',
    help: "Events appended to this service's event store, by owning context",
    labelNames: ['source'] as const,
    registers: [registry],
  }),
  eventsPublished: new Counter({
    name: 'lesp_events_published_total',
    help: 'Events published to Kafka (acknowledged by the brokers), by topic',
    labelNames: ['topic'] as const,
    registers: [registry],
  }),
  eventsConsumed: new Counter({
    name: 'lesp_events_consumed_total',
    help: 'Events consumed, by topic, event type and outcome (ok, dead_lettered)',
    labelNames: ['topic', 'event_type', 'outcome'] as const,
    registers: [registry],
  }),
  consumerRetries: new Counter({
    name: 'lesp_consumer_retries_total',
    help: 'Event handling attempts that failed and were retried',
    labelNames: ['topic', 'event_type'] as const,
    registers: [registry],
  }),
  consumerLag: new Gauge({
    name: 'lesp_consumer_lag_messages',
    help: "Messages on a partition not yet committed by this service's consumer group (high watermark minus committed offset), sampled at most every 10 s",
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      const samples = await consumerLagSample();
      this.reset();
      for (const s of samples ?? []) this.set({ group: s.group, topic: s.topic, partition: String(s.partition) }, s.lag);
    },
  }),
  outboxFences: new Counter({
    name: 'lesp_outbox_fences_total',
    help: 'Numbers of a command outbox marker settled by a fence, by reason: unanswered_write (a write with no answer, fenced by its writer), gap (a number missing for 5 minutes: a write that hung or a writer that died mid-write, fenced by the relay), retired_epoch (a writer gone silent for 5 minutes)',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  outboxBacklog: new Gauge({
    name: 'lesp_outbox_backlog_commits',
    help: 'Appends stored but not yet published to Kafka, sampled at most every 10 s',
    registers: [registry],
    async collect() {
      const backlog = await outboxBacklogSample();
      this.reset();
      if (backlog !== undefined) this.set(backlog);
    },
  }),
  projectionEventsApplied: new Counter({
    name: 'lesp_projection_events_applied_total',
    help: 'Live events applied to a projection (read model)',
    labelNames: ['projection'] as const,
    registers: [registry],
  }),
  projectionLag: new Gauge({
    name: 'lesp_projection_lag_seconds',
    help: 'For the last event a projection applied: seconds from its recording in the owning service to its application here',
    labelNames: ['projection'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [projection, p] of projectionProgress()) this.set({ projection }, p.lagSeconds);
    },
  }),
  projectionLastEvent: new Gauge({
    name: 'lesp_projection_last_event_timestamp_seconds',
    help: 'Recording time (Unix seconds) of the last event a projection applied; time() minus it is how stale the read model may be',
    labelNames: ['projection'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [projection, p] of projectionProgress()) this.set({ projection }, p.recordedAtSeconds);
    },
  }),
  ruleEvaluations: new Counter({
    name: 'lesp_rule_evaluations_total',
    help: "Decisions of supervision's rule engine carried out, by rule and outcome: raise, start_deadline, cure, or deadline_stage (a running deadline's timer reached a stage)",
    labelNames: ['rule', 'outcome'] as const,
    registers: [registry],
  }),
  httpDuration: new Histogram({
    name: 'lesp_http_request_duration_seconds',
    help: 'HTTP request duration, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  grpcDuration: new Histogram({
    name: 'lesp_grpc_request_duration_seconds',
    help: 'gRPC call duration on the server, by method and status code',
    labelNames: ['method', 'code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  dbCommandDuration: new Histogram({
    name: 'lesp_db_command_duration_seconds',
    help: 'Database commands of this service, by command, collection and outcome (ok, error), timed by the driver',
    labelNames: ['command', 'collection', 'outcome'] as const,
    buckets: DB_BUCKETS,
    registers: [registry],
  }),
  errors: new Counter({
    name: 'lesp_errors_total',
    help: 'Requests refused or failed, by stable error code and transport (http, grpc)',
    labelNames: ['code', 'transport'] as const,
    registers: [registry],
  }),
};

let initialised: string | undefined;

/**
 * Names the service on every series and adds Node's own (memory, event loop, GC). Once per
 * process; a second call (tests building several edges) only renames.
 */
export function initServiceMetrics(service: string): void {
  registry.setDefaultLabels({ service });
  if (initialised === undefined) collectDefaultMetrics({ register: registry });
  initialised = service;
}

/** The gauges Kafka and the database answer, read when Prometheus scrapes (throttled). */
export function setMetricSources(next: {
  consumerLag?: () => Promise<readonly ConsumerLagSample[]>;
  outboxBacklog?: () => Promise<number>;
}): void {
  if (next.consumerLag) sources.consumerLag = next.consumerLag;
  if (next.outboxBacklog) sources.outboxBacklog = next.outboxBacklog;
  consumerLagSample.reset();
  outboxBacklogSample.reset();
}

/** Forgets the sources (a stopped service must not be asked at the next scrape). */
export function clearMetricSources(): void {
  delete sources.consumerLag;
  delete sources.outboxBacklog;
  consumerLagSample.reset();
  outboxBacklogSample.reset();
}

/**
 * One child per label value, kept: `counter.labels(value)` hashes its labels on every call,
 * and these are counted per append or per batch.
 */
export function perLabel<L extends string>(metric: Counter<L>): (value: string) => Counter.Internal {
  const children = new Map<string, Counter.Internal>();
  return (value) => {
    let child = children.get(value);
    if (child === undefined) {
      child = metric.labels(value);
      children.set(value, child);
    }
    return child;
  };
}
