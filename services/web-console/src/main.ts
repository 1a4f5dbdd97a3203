import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DevIssuer, TokenVerifier } from '@lesp/auth';
import { MongoClient } from 'mongodb';
import { observeDatabaseCommands, startTracing } from '@lesp/observability';
import { AuditLog, buildHttpApp, createLogger, Lifecycle, ServiceMetrics, trustedIssuers, type BaseConfig } from '@lesp/service-bootstrap';
import { ConsoleService } from './application/console-service.js';
import { Meetings } from './application/meetings.js';
import { Rebuilds } from './application/rebuilds.js';
import { newReportJobId, ReportJobs } from './application/report-jobs.js';
import { connectBackends } from './adapters/backends.js';
import { loadConsoleConfig } from './adapters/config.js';
import { registerConsoleRoutes } from './adapters/http-routes.js';
import { MongoReportJobStore } from './adapters/mongo-report-jobs.js';
import { MongoSessionStore } from './adapters/mongo-sessions.js';

// Wiring only: configuration, the console's database, gRPC clients, the HTTP edge, shutdown.
const config = (() => {
  try {
    return loadConsoleConfig();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
})();
const logger = createLogger('web-console', config.LOG_LEVEL);
const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
// First, so that the console's spans (and the trace context it passes to the services over gRPC) go somewhere.
const tracing = await startTracing({
  serviceName: 'web-console',
  ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
  sampleRatio: config.OTEL_TRACES_SAMPLER_ARG,
  scheduledDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
});
lifecycle.add('tracing', () => tracing.shutdown());
const tls =
  config.GRPC_TLS_CA_FILE && config.GRPC_TLS_CERT_FILE && config.GRPC_TLS_KEY_FILE
    ? { caFile: config.GRPC_TLS_CA_FILE, certFile: config.GRPC_TLS_CERT_FILE, keyFile: config.GRPC_TLS_KEY_FILE }
    : undefined;
const backends = connectBackends(
  {
    caseIntake: config.CASE_INTAKE_GRPC,
    supervision: config.SUPERVISION_GRPC,
    crossRegion: config.CROSS_REGION_GRPC,
    publicDisclosure: config.PUBLIC_DISCLOSURE_GRPC,
  },
  tls,
);
lifecycle.add('grpc clients', async () => backends.close());
// The console's own database: sessions (a restart keeps everyone signed in), report jobs, its audit log.
const mongo = new MongoClient(config.MONGO_URL, { serverSelectionTimeoutMS: 10_000, appName: 'web-console', monitorCommands: true });
observeDatabaseCommands(mongo);
await mongo.connect();
lifecycle.add('mongo', () => mongo.close());
const db = mongo.db(config.MONGO_DB);
const audit = new AuditLog(db);
await audit.ensureIndexes();
const verifier = new TokenVerifier(trustedIssuers(config as unknown as BaseConfig));
// The development issuer signs in only where its private key already is (made by scripts/up.sh or the tests).
const devIssuer =
  config.NODE_ENV !== 'production' && config.AUTH_DEV_ISSUER_DIR && existsSync(join(config.AUTH_DEV_ISSUER_DIR, 'private.jwk.json'))
    ? await DevIssuer.inFolder(config.AUTH_DEV_ISSUER_DIR)
    : undefined;
const staticDir = config.CONSOLE_STATIC_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
if (!existsSync(join(staticDir, 'index.html'))) {
  console.error(`web-console: the app is not built (${staticDir}/index.html missing); run: pnpm --filter @lesp/web-console build`);
  process.exit(1);
}

const app = await buildHttpApp({
  logger,
  metrics: new ServiceMetrics('web-console'),
  readiness: { database: async () => void (await db.command({ ping: 1 })) },
  bodyLimitBytes: 1024 * 1024,
  apiTitle: '执法监督工作台 BFF',
});
registerConsoleRoutes(app, {
  console: new ConsoleService(backends, config.GRPC_DEADLINE_MS),
  meetings: new Meetings(backends, config.GRPC_DEADLINE_MS),
  reportJobs: new ReportJobs(backends, new MongoReportJobStore(db), newReportJobId),
  rebuilds: new Rebuilds(backends, config.GRPC_DEADLINE_MS),
  sessions: new MongoSessionStore(db),
  audit,
  verifier,
  ...(devIssuer ? { devIssuer } : {}),
  staticDir,
  signInPerMinute: config.CONSOLE_SIGN_IN_PER_MINUTE,
  apiPerMinute: config.CONSOLE_API_PER_MINUTE,
  importMaxBytes: config.CONSOLE_IMPORT_MAX_BYTES,
  secureCookie: config.CONSOLE_SECURE_COOKIE,
});
await app.listen({ host: config.HOST, port: config.HTTP_PORT });
lifecycle.add('http', async () => app.close());
logger.info({ port: config.HTTP_PORT, devSignIn: devIssuer !== undefined }, 'web console listening');
lifecycle.handleSignals();
