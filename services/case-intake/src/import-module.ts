import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { BaseConfig, GrpcServiceRegistration, ServiceParts } from '@lesp/service-bootstrap';
import { RegistryLookup } from './application/acts/registry-lookup.js';
import { ActImporter, DEFAULT_IMPORT_OPTIONS, type ActImporterOptions } from './application/import/act-import.js';
import { ImportJobs } from './application/import/import-jobs.js';
import { importGrpcService } from './adapters/grpc/import-grpc.js';
import { importRoutes } from './adapters/http/import-routes.js';

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`invalid configuration: ${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** Import settings from the environment: IMPORT_MAX_BYTES (200 MB), IMPORT_BATCH_SIZE (500 acts), IMPORT_MAX_OUTBOX_BACKLOG (2000 commits; 0 = no back-pressure), IMPORT_TMP_DIR (the OS temp dir). */
export function importOptions(env: NodeJS.ProcessEnv = process.env): ActImporterOptions {
  return {
    ...DEFAULT_IMPORT_OPTIONS,
    maxBytes: whole(env, 'IMPORT_MAX_BYTES', DEFAULT_IMPORT_OPTIONS.maxBytes, 1024, 10 * 1024 ** 3),
    batchSize: whole(env, 'IMPORT_BATCH_SIZE', DEFAULT_IMPORT_OPTIONS.batchSize, 1, 5000),
    maxOutboxBacklog: whole(env, 'IMPORT_MAX_OUTBOX_BACKLOG', DEFAULT_IMPORT_OPTIONS.maxOutboxBacklog, 0, 10_000_000),
    tmpDir: env['IMPORT_TMP_DIR'] || tmpdir(),
  };
}

/** Bulk import: the importer, its job store and its gRPC and HTTP adapters, wired from the service's parts. */
export function importAdapters(
  parts: ServiceParts<BaseConfig>,
  clock: () => Date,
  env: NodeJS.ProcessEnv = process.env,
): { importer: ActImporter; grpc: GrpcServiceRegistration; routes: (app: FastifyInstance) => Promise<void> } {
  const options = importOptions(env);
  const importer = new ActImporter(
    parts.eventStore,
    new RegistryLookup(parts.eventStore),
    new ImportJobs(parts.db),
    options,
    () => parts.relay.wake(),
    clock,
    parts.logger.child({ component: 'import' }),
    () => parts.eventStore.countUnpublished(),
  );
  // Stopped after the edges close: the batch at hand is finished, the job marked interrupted.
  parts.lifecycle.add('imports', () => importer.stop());
  return {
    importer,
    grpc: importGrpcService({ ...parts.grpcDeps, importer }),
    routes: importRoutes({ importer, maxBytes: options.maxBytes, clock }),
  };
}
