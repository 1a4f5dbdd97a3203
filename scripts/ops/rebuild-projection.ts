/**
 * Operations: rebuild a service's read model, or list its read models and their progress.
 *
 *   pnpm ops:rebuild --url http://127.0.0.1:4102 --projection supervision.alerts --token-file operator.jwt
 *   pnpm ops:rebuild --list --mongo-url mongodb://127.0.0.1:27027/ --db lesp_supervision
 *
 * A rebuild is the service's own operations route (POST /api/v1/admin/projections/:name/rebuild,
 * packages/service-bootstrap/src/operations-routes.ts, role `operator`): the service replays its
 * event store and its inbox into a new generation of the collection while live events keep
 * flowing into both, then switches queries over; the previous generation is kept until the next
 * rebuild. The token is an operator's bearer token from a trusted identity provider
 * (--token-file, or the LESP_OPERATOR_TOKEN variable; locally `pnpm -s dev-token operator`).
 * The list reads `projection_checkpoints` in the service's database: each read model's active
 * collection, a rebuild in progress, the events applied and the last one's time.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';

export interface RebuildReport {
  readonly projection: string;
  readonly collection: string;
  readonly events: number;
  readonly applied: number;
}

/** Asks the service at `url` to rebuild `projection`; resolves with its report, throws with its error. */
export async function rebuildProjection(options: { url: string; projection: string; token: string }): Promise<RebuildReport> {
  const url = new URL(`${options.url.replace(/\/$/, '')}/api/v1/admin/projections/${encodeURIComponent(options.projection)}/rebuild`);
  const { status, text } = await post(url, { authorization: `Bearer ${options.token}` });
  let body: RebuildReport & { error?: { code?: string; message?: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`rebuild of ${options.projection}: HTTP ${status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (status !== 200) {
    throw new Error(
      `rebuild of ${options.projection} refused: HTTP ${status} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim(),
    );
  }
  return body;
}

/**
 * A POST that waits as long as the rebuild takes: the answer comes when the new collection is
 * complete, which for a county-year of events is longer than fetch's five-minute header timeout.
 */
function post(url: URL, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { method: 'POST', headers: { ...headers, 'content-length': '0' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

export interface ProjectionStatus {
  readonly projection: string;
  readonly active: string;
  readonly building?: string;
  readonly previous?: string;
  readonly applied: number;
  readonly lastRecordedAt?: Date;
  readonly updatedAt?: Date;
}

/** The read models of the service whose database is `db`, with their checkpoints. */
export async function listProjections(options: { mongoUrl: string; db: string }): Promise<ProjectionStatus[]> {
  const client = new MongoClient(options.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  try {
    const docs = await client
      .db(options.db)
      .collection<{ _id: string } & Omit<ProjectionStatus, 'projection'>>('projection_checkpoints')
      .find({})
      .toArray();
    return docs.map(({ _id, ...rest }) => ({ projection: _id, ...rest })).sort((a, b) => a.projection.localeCompare(b.projection));
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      projection: { type: 'string' },
      'token-file': { type: 'string' },
      list: { type: 'boolean', default: false },
      'mongo-url': { type: 'string' },
      db: { type: 'string' },
    },
  });
  if (values.list) {
    if (!values['mongo-url'] || !values.db) throw new UsageError('--list needs --mongo-url and --db (e.g. lesp_supervision)');
    for (const p of await listProjections({ mongoUrl: values['mongo-url'], db: values.db })) {
      const building = p.building ? `  building ${p.building}` : '';
      console.log(
        `${p.projection}  active ${p.active}${building}  applied ${p.applied}  last event ${p.lastRecordedAt?.toISOString() ?? '-'}`,
      );
    }
    return;
  }
  if (!values.url || !values.projection) throw new UsageError('--url and --projection are required (or --list)');
  const token = (values['token-file'] ? readFileSync(values['token-file'], 'utf8') : (process.env['LESP_OPERATOR_TOKEN'] ?? '')).trim();
  if (!token) throw new UsageError('an operator token is needed: --token-file FILE or LESP_OPERATOR_TOKEN');
  console.log(`rebuilding ${values.projection} at ${values.url} (queries switch over when it is complete)…`);
  const report = await rebuildProjection({ url: values.url, projection: values.projection, token });
  console.log(`rebuilt ${report.projection} into ${report.collection}: ${report.events} events read, ${report.applied} applied`);
}

class UsageError extends Error {}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (error instanceof UsageError)
      console.error('usage: pnpm ops:rebuild --url URL --projection NAME [--token-file FILE] | --list --mongo-url URL --db DB');
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
