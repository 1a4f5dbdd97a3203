import { hostname } from 'node:os';
import { MongoClient, type Db } from 'mongodb';
import type { FastifyInstance } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { z } from 'zod';
import { newId, type EventRecord } from '@lesp/core';
import { MongoDigestLog, MongoEventStore, MongoLease, readAllEvents } from '@lesp/event-store';
import { ensureTopics, EventConsumer, KafkaEventPublisher, topicNaming, type BoundedContext, type TopicNaming } from '@lesp/kafka-bus';
import { OutboxRelay } from '@lesp/outbox-relay';
import { Inbox, ProjectionRunner, type AnyProjection } from '@lesp/projection-runner';
import { clearMetricSources, observeDatabaseCommands, setMetricSources, startTracing } from '@lesp/observability';
import { baseConfigSchema, loadConfig, type BaseConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { ServiceMetrics } from './metrics.js';
import { buildHttpApp } from './http-app.js';
import { startGrpcServer, stopGrpcServer, type GrpcServiceRegistration } from './grpc.js';
import { Lifecycle } from './lifecycle.js';
import { DailyDigestJob } from './daily-digest-job.js';
import { TokenVerifier } from '@lesp/auth';
import { AccessControl } from './access-control.js';
import { AuditLog } from './audit-log.js';
import { trustedIssuers } from './trusted-issuers.js';
import { operationsRoutes } from './operations-routes.js';
import { operationsGrpcService } from './operations-grpc.js';
import { RebuildJobs } from './rebuild-jobs.js';
import type { GrpcDeps, GrpcTlsFiles } from './grpc.js';
import { createKafka } from './kafka-client.js';
import { retryStartupStep } from './startup-retry.js';
import { consumerLagOf } from './consumer-lag.js';

/** What a service's adapters get to work with. */
export interface ServiceParts<Config extends BaseConfig> {
  readonly name: BoundedContext;
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly db: Db;
  readonly kafka: Kafka;
  readonly naming: TopicNaming;
  readonly eventStore: MongoEventStore;
  readonly relay: OutboxRelay;
  readonly projections: ProjectionRunner;
  readonly inbox: Inbox;
  readonly lifecycle: Lifecycle;
  readonly access: AccessControl;
  readonly audit: AuditLog;
  /** What gRPC handlers need: logger, metrics and access control. */
  readonly grpcDeps: GrpcDeps;
}

export interface ServiceDefinition<Schema extends z.ZodType<BaseConfig>> {
  readonly name: BoundedContext;
  /** The service's config schema: `baseConfigSchema.extend({...})`, or the base itself. */
  readonly configSchema?: Schema;
  /** Contexts whose events this service consumes (its own topic is always consumed). */
  readonly consumes: readonly BoundedContext[];
  readonly projections: readonly AnyProjection[];
  /** The service's own adapters: gRPC services and HTTP routes. */
  readonly adapters: (parts: ServiceParts<z.infer<Schema>>) => {
    readonly grpc: readonly GrpcServiceRegistration[];
    readonly routes: (app: FastifyInstance) => void | Promise<void>;
  };
}

export interface RunningService<Config extends BaseConfig> extends ServiceParts<Config> {
  readonly http: FastifyInstance;
  readonly httpUrl: string;
  readonly grpcPort: number;
  readonly consumer: EventConsumer;
  /** Rebuilds a projection from the service's own event store and its inbox. */
  rebuild(projectionName: string): ReturnType<ProjectionRunner['rebuild']>;
  stop(): Promise<void>;
}

/**
 * Starts one service process: config, logs, MongoDB (event store, inbox, read models),
 * Kafka topics, outbox relay, consumer group, gRPC server and HTTP edge, in that order,
 * and stops them in reverse. Every service's main.ts is this call plus its adapters.
 */
export async function startService<Schema extends z.ZodType<BaseConfig>>(
  definition: ServiceDefinition<Schema>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService<z.infer<Schema>>> {
  const config = loadConfig(definition.configSchema ?? baseConfigSchema, env) as z.infer<Schema>;
  const issuers = trustedIssuers(config);
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const metrics = new ServiceMetrics(definition.name);
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const instanceId = `${definition.name}@${hostname()}:${process.pid}:${newId().slice(-6)}`;

  try {
    // First, so that every span of the process goes somewhere; closed last, after the spans of shutdown.
    const tracing = await startTracing({
      serviceName: definition.name,
      ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
      sampleRatio: config.OTEL_TRACES_SAMPLER_ARG,
      scheduledDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
    });
    lifecycle.add('tracing', () => tracing.shutdown());
    if (tracing.enabled) logger.info({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }, 'tracing to an OTLP collector');

    // monitorCommands: every command timed by collection (lesp_db_command_duration_seconds).
    const mongo = new MongoClient(config.MONGO_URL, { serverSelectionTimeoutMS: 10_000, appName: definition.name, monitorCommands: true });
    observeDatabaseCommands(mongo);
    await mongo.connect();
    lifecycle.add('mongo', () => mongo.close());
    const db = mongo.db(config.MONGO_DB ?? `lesp_${definition.name.replace(/-/g, '_')}`);

    const eventStore = new MongoEventStore(db);
    await retryStartupStep(logger, 'event store indexes', () => eventStore.ensureIndexes());
    const rekeyed = await eventStore.migrateLegacyCommits();
    if (rekeyed > 0) logger.info({ commits: rekeyed }, 'event store: commits re-keyed by their slot');
    const inbox = new Inbox(db);
    await retryStartupStep(logger, 'inbox indexes', () => inbox.ensureIndexes());
    const audit = new AuditLog(db);
    await retryStartupStep(logger, 'audit log indexes', () => audit.ensureIndexes());
    if (issuers.length === 0) logger.warn('no trusted identity provider configured: only public endpoints will answer');
    const access = new AccessControl(definition.name, new TokenVerifier(issuers), audit);
    const projections = new ProjectionRunner(db, definition.projections);
    lifecycle.add('projection checkpoints', () => projections.flushCheckpoints());
    await retryStartupStep(logger, 'read model indexes', () => projections.init());

    const kafka = createKafka(config.KAFKA_CLIENT_ID ?? instanceId, config.KAFKA_BROKERS, logger);
    const naming = topicNaming(config.TOPIC_PREFIX);
    const groupId = config.CONSUMER_GROUP ?? `${config.TOPIC_PREFIX}.${definition.name}`;
    const consumedContexts = [...new Set<BoundedContext>([definition.name, ...definition.consumes])];
    const consumedTopics = consumedContexts.map((context) => naming.eventsTopic(context));
    await retryStartupStep(logger, 'Kafka topics', () =>
      ensureTopics(
        kafka,
        [...consumedTopics, naming.deadLetterTopic(groupId)].map((topic) => ({ topic, partitions: config.KAFKA_PARTITIONS })),
        config.KAFKA_REPLICATION_FACTOR,
      ),
    );

    const publisher = new KafkaEventPublisher(kafka, naming);
    lifecycle.add('publisher', () => publisher.close());
    const relay = new OutboxRelay({
      outbox: eventStore,
      publisher,
      lease: new MongoLease(db, 'outbox-relay', instanceId, 10_000),
      pollIntervalMs: config.OUTBOX_POLL_MS,
      logger: logger.child({ component: 'outbox-relay' }),
    });
    relay.start();
    lifecycle.add('outbox-relay', () => relay.stop());

    const digestJob = new DailyDigestJob(
      eventStore,
      new MongoDigestLog(db),
      new MongoLease(db, 'daily-digest', instanceId, 60_000),
      logger,
    );
    digestJob.start();
    lifecycle.add('daily-digest', () => digestJob.stop());

    const parts: ServiceParts<z.infer<Schema>> = {
      name: definition.name,
      config,
      logger,
      metrics,
      db,
      kafka,
      naming,
      eventStore,
      relay,
      projections,
      inbox,
      lifecycle,
      access,
      audit,
      grpcDeps: { logger, metrics, access },
    };
    const adapters = definition.adapters(parts);

    // Rebuilds as jobs with progress, for operators over gRPC (OperationsService, the web console's rebuild screen).
    const rebuilds = new RebuildJobs(db, {
      service: definition.name,
      projections: definition.projections,
      runner: projections,
      eventStore,
      inbox,
      logger,
    });
    await retryStartupStep(logger, 'read model backfills', () => rebuilds.backfillPending());
    const operations = operationsGrpcService({ ...parts.grpcDeps, service: definition.name, rebuilds });
    const grpc = await startGrpcServer(config.HOST, config.GRPC_PORT, [...adapters.grpc, operations], grpcTls(config));
    lifecycle.add('grpc', () => stopGrpcServer(grpc.server, 5000));

    const consumer = new EventConsumer(kafka, naming, {
      groupId,
      topics: consumedTopics,
      handle: async (event: EventRecord) => {
        // Foreign events are kept in the inbox first, so projections can be rebuilt from
        // this service's own database. Redeliveries are applied again: projections are
        // idempotent, and a crash between the two writes must not lose the second.
        if (event.source !== definition.name) await inbox.record(event);
        await projections.apply(event);
      },
      // The same for a partition's fetched events together: one inbox write, and projections
      // that can fold many events into one write per document (e.g. an imported act's history).
      handleBatch: async (events: readonly EventRecord[]) => {
        await inbox.recordMany(events.filter((event) => event.source !== definition.name));
        await projections.applyBatch(events);
      },
      logger: logger.child({ component: 'consumer' }),
      metrics: metrics.consumerMetrics(),
      partitionsConsumedConcurrently: Math.min(config.KAFKA_PARTITIONS, 4),
    });

    // One admin connection for readiness probes, not one per probe.
    const readinessAdmin = kafka.admin();
    await readinessAdmin.connect();
    lifecycle.add('kafka-admin', () => readinessAdmin.disconnect());
    // Gauges read when Prometheus scrapes (at most every 10 s): the group's lag on each topic
    // it consumes, over the same admin connection, and the outbox backlog.
    setMetricSources({
      consumerLag: () => consumerLagOf(readinessAdmin, groupId, consumedTopics),
      outboxBacklog: () => eventStore.countUnpublished(),
    });
    lifecycle.add('metric sources', async () => clearMetricSources());

    const http = await buildHttpApp({
      logger,
      metrics,
      access,
      apiTitle: `执法监督平台 · ${definition.name}`,
      readiness: {
        database: async () => void (await db.command({ ping: 1 })),
        kafka: async () => void (await readinessAdmin.describeCluster()),
        grpc: async () => {
          if (grpc.port <= 0) throw new Error('gRPC server not bound');
        },
        consumer: async () => {
          if (!consumer.isRunning) throw new Error('consumer not running');
        },
      },
    });
    await adapters.routes(http);
    await operationsRoutes({ audit, rebuild: (name) => rebuild(name) })(http);
    lifecycle.add('http', () => http.close());

    const rebuild = (projectionName: string) =>
      projections.rebuild(projectionName, async function* () {
        yield* readAllEvents(eventStore);
        yield* inbox.readAll();
      });

    await consumer.start();
    lifecycle.add('consumer', () => consumer.stop());

    const httpUrl = await http.listen({ host: config.HOST, port: config.HTTP_PORT });
    logger.info({ httpUrl, grpcPort: grpc.port, groupId, topics: consumedTopics }, 'service started');

    return {
      ...parts,
      http,
      httpUrl,
      grpcPort: grpc.port,
      consumer,
      rebuild,
      stop: () => lifecycle.shutdown('stop requested'),
    };
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    await lifecycle.shutdown('start-up failed');
    throw error;
  }
}

function grpcTls(config: BaseConfig): GrpcTlsFiles | undefined {
  return config.GRPC_TLS_CA_FILE && config.GRPC_TLS_CERT_FILE && config.GRPC_TLS_KEY_FILE
    ? { caFile: config.GRPC_TLS_CA_FILE, certFile: config.GRPC_TLS_CERT_FILE, keyFile: config.GRPC_TLS_KEY_FILE }
    : undefined;
}
