import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { credentials } from '@grpc/grpc-js';
import fc from 'fast-check';
import { caseIntakeV1, crossRegionV1, publicDisclosureV1, supervisionV1 } from '@lesp/contracts';
import { PlatformError, type ErrorKind } from '@lesp/core';
import { callUnary } from '@lesp/service-bootstrap';
import {
  devTokens,
  eventually,
  findPersonalData,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type PlantedValue,
  type ServiceName,
  type ServiceProcess,
} from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * Hostile input against the four services as real OS processes on the real broker and
 * database: every HTTP route and the gRPC queries and registration get malformed, oversized
 * and injection-shaped input (fast-check), with a valid token of the right role and county,
 * so that the input and not the authorization is what is tested, and without a token.
 *
 * Every answer must be a 4xx with the platform's error body and no internals; afterwards
 * the stored data must be what it was. Defects this suite found are kept as strict checks
 * that must hold (`mustHold`), each named for the defect it once caught.
 *
 * The fake personal data of planted-personal-data.json travels in request bodies, accepted
 * and rejected; scripts/scan-logs-for-personal-data.ts (run by scripts/test.sh) and the last
 * test here fail if any service ever writes it to a log.
 */
const suffix = uniqueSuffix();
const ALL: readonly ServiceName[] = ['case-intake', 'supervision', 'cross-region', 'public-disclosure'];
const env = (name: ServiceName, label: string = name): Record<string, string> => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_${suffix}_${label.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-hostile-${suffix}`,
  KAFKA_PARTITIONS: '2',
  // The fuzz run sends thousands of public requests from one address; the limit has its own test.
  ...(name === 'public-disclosure' ? { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' } : {}),
});
const RATE_LIMITED_LABEL = 'public-disclosure-rl';
const RATE_LIMIT = 5;

const services = {} as Record<ServiceName, ServiceProcess>;
let rateLimitedPublic: ServiceProcess;

/** Data under test lives in HOME; commands the platform (wrongly or rightly) accepts go to SANDBOX. */
const HOME = '431103';
const SANDBOX = '522229';
const HOME_CREDIT_CODE = '11431103MB1A23456Q';
const SANDBOX_CREDIT_CODE = '11522229MB1D00031W';
const ACTIVE = 'hostile-a';
const SUSPENDED = 'hostile-b';

const planted = (
  JSON.parse(readFileSync(new URL('./planted-personal-data.json', import.meta.url), 'utf8')) as {
    values: PlantedValue[];
  }
).values;
const plantedValue = (label: string) => planted.find((p) => p.label === label)!.value;
const PLANTED_TEXT = `联系人${plantedValue('name')}，公民身份号码${plantedValue('resident-id')}，电话${plantedValue('mobile')}`;

const tokens = { supervisor: '', sandboxSupervisor: '', operator: '' };
const NUM_RUNS = 50;

// ---------------------------------------------------------------------------------------------
// HTTP, byte for byte: node:http sends the path as given (fetch would normalise `..` and `%2e`).

interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

interface RawRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
}

// One connection per request: the server closes some (after a 413, 414 or 431), and a reused one would hang up.
const agent = new Agent({ keepAlive: false, maxSockets: 8 });

async function send(baseUrl: string, req: RawRequest, token?: string): Promise<RawResponse> {
  // A server refusing a 2 MB body answers 413 and closes the connection before it has read it
  // all; the client then races its own write error (EPIPE) against reading the answer. Ask again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendOnce(baseUrl, req, token);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const oversized = (req.body?.length ?? 0) > 1024 * 1024;
      if (!oversized || attempt >= 5 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
    }
  }
}

function sendOnce(baseUrl: string, req: RawRequest, token?: string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string | number> = { ...req.headers };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (req.body) headers['content-length'] = req.body.length;
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = httpRequest({ hostname, port, method: req.method, path: req.path, headers, agent }, (incoming) => {
      answered = true;
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          contentType: String(incoming.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      incoming.on('error', reject);
    });
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(req.body);
  });
}

/** A server answer that breaks the contract (as opposed to a broken test set-up). */
class ContractViolation extends Error {}

const INTERNALS = [
  /\bat [\w$.<>]+ \(/, // stack frame "at fn ("
  /\bat (?:file:\/\/)?\/[^\s"]*:\d+/, // stack frame "at /path/file.js:12"
  /node_modules/,
  /\.ts:/,
  /mongodb:\/\//i,
  /\b[A-Za-z]*Error:/,
];

function leakIn(text: string): RegExp | undefined {
  return INTERNALS.find((pattern) => pattern.test(text));
}

/** 4xx with `{ error: { code, message } }`, a stable code, and nothing from the inside. */
function assertRejected(response: RawResponse, what: string, allowed?: readonly number[]): void {
  const show = `${what} → ${response.status} ${response.text.slice(0, 300)}`;
  if (response.status < 400 || response.status > 499) throw new ContractViolation(`expected a 4xx: ${show}`);
  if (allowed && !allowed.includes(response.status)) throw new ContractViolation(`expected one of ${allowed.join('/')}: ${show}`);
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    throw new ContractViolation(`body is not JSON: ${show}`);
  }
  const error = (body as { error?: unknown }).error as { code?: unknown; message?: unknown } | undefined;
  if (typeof error !== 'object' || error === null || typeof error.code !== 'string' || typeof error.message !== 'string') {
    throw new ContractViolation(`body is not { error: { code, message } }: ${show}`);
  }
  if (!/^[A-Z_]+$/.test(error.code) || error.message.length === 0) throw new ContractViolation(`unstable code or empty message: ${show}`);
  if (!response.contentType.startsWith('application/json')) throw new ContractViolation(`content type ${response.contentType}: ${show}`);
  const leak = leakIn(response.text);
  if (leak) throw new ContractViolation(`body shows internals (${leak}): ${show}`);
}

/** The same request with the right token and without one: both must be refused. */
async function assertRefusedWithAndWithoutToken(baseUrl: string, req: RawRequest, token: string | undefined, what: string) {
  assertRejected(await send(baseUrl, req, token), `${what} [with token]`);
  assertRejected(await send(baseUrl, req), `${what} [no token]`);
}

/**
 * A defect this suite once found (named for the record): `strict` states what must hold.
 */
async function mustHold(_defect: string, strict: () => Promise<void>): Promise<void> {
  await strict();
}

async function propertyViolation<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncPropertyWithHooks<Ts>,
  numRuns = NUM_RUNS,
): Promise<void> {
  const details = await fc.check(property, { numRuns, endOnFailure: true });
  if (details.failed) throw details.errorInstance;
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

const OPERATOR_OBJECTS: unknown[] = [
  { $where: 'sleep(1000)' },
  { $gt: '' },
  { $ne: null },
  { $regex: '.*' },
  { $in: [HOME, SANDBOX] },
  { $exists: true },
  { $expr: { $eq: [1, 1] } },
  { 'a.b': 1 },
  { $function: { body: 'function() { sleep(1000) }', args: [], lang: 'js' } },
];

/** Inside the contract's words but far beyond its sizes. */
const HUGE = 2_100_000;
const huge = (n: number, char = 'x') => char.repeat(n);

/** A JSON value that is no string and that no type coercion turns into one. */
const uncoercibleJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...OPERATOR_OBJECTS.map((o) => JSON.stringify(o))),
  fc.constantFrom('{}', '[]', '[1,2]', '["a","b"]', '[{"$gt":""}]', '[[]]', '[null,null]'),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((o) => JSON.stringify(o)),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 2, maxLength: 5 }).map((a) => JSON.stringify(a)),
  fc
    .tuple(fc.integer({ min: 1000, max: 5000 }), fc.constantFrom('array', 'object', 'operator'))
    .map(([depth, shape]) =>
      shape === 'array'
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : shape === 'object'
          ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
          : `${'[{"$where":'.repeat(depth)}1${'}]'.repeat(depth)}`,
    ),
);

/** Text with a JSON content type that is no JSON object. */
const notAJsonObject: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .constantFrom(
      'name=x&kind=y',
      '{',
      '{"name":',
      "{'name':'x'}",
      '{"a":1}}',
      'undefined',
      'NaN',
      '[1,2',
      'null',
      '"text"',
      '123',
      'true',
      '[]',
      '[{"$where":"sleep(1000)"}]',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '\u0000',
      '<?xml version="1.0"?><a/>',
      '',
    )
    .map((s) => Buffer.from(s)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(`${s}{`)),
  // Invalid UTF-8 where JSON has structure, not inside a string.
  fc
    .constantFrom([0xff], [0xfe, 0xff], [0xc0, 0x80], [0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80])
    .map((bytes) => Buffer.concat([Buffer.from('{"name":"某局",'), Buffer.from(bytes), Buffer.from('"kind":"行政机关"}')])),
  fc.integer({ min: 1000, max: 3000 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
);

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/vnd.api+json',
  'application/jsonp',
  'application/json, text/plain',
  'image/png',
];

/** Path segments (already percent-encoded as sent) that name no county, agency or projection. */
const hostileSegment = (valid: string): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom(
        '..%2F',
        '..%2f..%2f..%2fetc%2fpasswd',
        '%2e%2e',
        '%2e%2e%2f',
        '%00',
        'a%00b',
        `${valid}%00`,
        `${valid}%20`,
        `%20${valid}`,
        `${valid}%0a`,
        '%0d%0aSet-Cookie:%20x=1',
        '%24where',
        '%7B%22%24gt%22%3A%22%22%7D',
        '%7B%22%24where%22%3A%22sleep(1000)%22%7D',
        'countyCode%5B%24gt%5D',
        '%5B%24ne%5D',
        '%2A',
        'a;b=c',
        '%25',
        '%252e%252e%252f',
        'null',
        'undefined',
        '-1',
        '0',
        '000000',
        '999999',
        '43110',
        '4311030',
        '431103.0',
        '4.31103e5',
        '%E2%80%AE431103',
        '%EF%BC%94%EF%BC%93%EF%BC%91%EF%BC%91%EF%BC%90%EF%BC%93', // full-width ４３１１０３
        '%F0%9F%92%A9',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).map(safeEncode),
      fc
        .string({
          unit: fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\n', '\r', '\t', '\u2028', '\ufeff', '$', '.', '/'),
          minLength: 1,
          maxLength: 30,
        })
        .map(safeEncode),
      // Very long, but under the 16 KB a request head may have.
      fc
        .tuple(fc.integer({ min: 65, max: 9000 }), fc.constantFrom('a', '9', '-', '.', '%00', '%E5%BC%A0'))
        .map(([n, unit]) => unit.repeat(unit.startsWith('%') ? Math.min(n, 1200) : n)),
      // County-like digit runs of the wrong length (never 11 or 18 digits: those would look like personal data in logs).
      fc.constantFrom(1, 2, 5, 7, 8, 12, 40).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`))),
    )
    .filter((segment) => segment.length <= 100 && safeDecode(segment) !== valid && segment !== valid);

function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '?'));
  }
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Query values the schemas refuse: limits out of range or no integer, cursors with characters outside base64url or too long. */
const hostileLimit = fc.oneof(
  fc.constantFrom(
    '-1',
    '0',
    '201',
    '1.5',
    '1e3',
    'abc',
    'NaN',
    'Infinity',
    '-Infinity',
    'null',
    'true',
    '%00',
    '1%00',
    '%7B%22%24gt%22%3A0%7D',
    '%5B%5D',
  ),
  fc.integer({ min: 201, max: Number.MAX_SAFE_INTEGER }).map(String),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }).map(String),
  fc.stringMatching(/^[0-9]{40,300}$/),
);
const BASE64URL_OUTSIDERS = ['$', '.', '/', '+', '=', '{', '}', '"', ' ', '\u0000', '\n', '%', '[', ']', '张', '\u202e'];
const hostileCursor = fc.oneof(
  fc.constantFrom('$where', '{"$ne":null}', '{"$gt":""}', '../', 'a.b', '$gt'),
  fc
    .tuple(fc.string({ maxLength: 60 }), fc.constantFrom(...BASE64URL_OUTSIDERS), fc.nat())
    .map(([s, bad, at]) => `${s.slice(0, at % (s.length + 1))}${bad}${s.slice(at % (s.length + 1))}`),
  fc.integer({ min: 401, max: 4000 }).map((n) => 'A'.repeat(n)),
);

// ---------------------------------------------------------------------------------------------
// The routes, from services/*/src/adapters/http and service-bootstrap's operations routes.

type TokenName = keyof typeof tokens | 'none';

interface RouteSpec {
  readonly name: string;
  readonly service: ServiceName;
  readonly method: 'GET' | 'POST';
  /** Path parameters with the value that makes the request otherwise valid. */
  readonly params: Record<string, string>;
  readonly path: (params: Record<string, string>) => string;
  readonly token: TokenName;
  /** Known query parameters and how to make each invalid. */
  readonly query?: Record<string, fc.Arbitrary<string>>;
  /** Query that makes the request otherwise valid. */
  readonly validQuery?: string;
  /** JSON body fields: the valid value (JSON text) and the longest string the contract takes. */
  readonly body?: { fields: Record<string, { valid: string; maxLength: number }>; required: readonly string[] };
  /** POST without a body schema: any body is ignored and the request is refused for another reason. */
  readonly ignoresBody?: true;
}

const page = { limit: hostileLimit, cursor: hostileCursor.map(safeEncode) };
const registerFields = {
  agencyId: { valid: '"hostile-new"', maxLength: 64 },
  name: { valid: JSON.stringify('冷水滩区测试执法局'), maxLength: 200 },
  creditCode: { valid: JSON.stringify(HOME_CREDIT_CODE), maxLength: 32 },
  kind: { valid: JSON.stringify('行政机关'), maxLength: 32 },
  legalBasis: { valid: JSON.stringify(PLANTED_TEXT), maxLength: 4000 },
};

const ROUTES: RouteSpec[] = [
  {
    name: 'case-intake POST /api/v1/counties/:countyCode/agencies',
    service: 'case-intake',
    method: 'POST',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/counties/${p['countyCode']}/agencies`,
    token: 'supervisor',
    body: { fields: registerFields, required: ['name', 'creditCode', 'kind'] },
  },
  {
    name: 'case-intake POST /api/v1/counties/:countyCode/agencies/:agencyId/suspension',
    service: 'case-intake',
    method: 'POST',
    params: { countyCode: HOME, agencyId: ACTIVE },
    path: (p) => `/api/v1/counties/${p['countyCode']}/agencies/${p['agencyId']}/suspension`,
    token: 'supervisor',
    body: { fields: { reason: { valid: JSON.stringify(`暂停：${PLANTED_TEXT}`), maxLength: 2000 } }, required: ['reason'] },
  },
  {
    // The target is active, so a reinstatement is refused whatever else comes with it.
    name: 'case-intake POST /api/v1/counties/:countyCode/agencies/:agencyId/reinstatement',
    service: 'case-intake',
    method: 'POST',
    params: { countyCode: HOME, agencyId: ACTIVE },
    path: (p) => `/api/v1/counties/${p['countyCode']}/agencies/${p['agencyId']}/reinstatement`,
    token: 'supervisor',
    ignoresBody: true,
  },
  {
    name: 'case-intake GET /api/v1/counties/:countyCode/agencies/:agencyId',
    service: 'case-intake',
    method: 'GET',
    params: { countyCode: HOME, agencyId: ACTIVE },
    path: (p) => `/api/v1/counties/${p['countyCode']}/agencies/${p['agencyId']}`,
    token: 'supervisor',
  },
  {
    name: 'case-intake GET /api/v1/counties/:countyCode/agencies',
    service: 'case-intake',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/counties/${p['countyCode']}/agencies`,
    token: 'supervisor',
    query: page,
  },
  {
    name: 'supervision GET /api/v1/counties/:countyCode/supervised-agencies',
    service: 'supervision',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/counties/${p['countyCode']}/supervised-agencies`,
    token: 'supervisor',
    query: page,
  },
  {
    name: 'cross-region GET /api/v1/county-directory',
    service: 'cross-region',
    method: 'GET',
    params: {},
    path: () => '/api/v1/county-directory',
    token: 'supervisor',
    validQuery: `countyCodes=${HOME}`,
    query: {
      countyCodes: fc
        .oneof(
          fc.constantFrom('', ',', `${HOME},433124`, '$where', '{"$ne":null}', `${HOME};`, `${HOME}.0`, '4311O3', huge(401, '1')),
          fc.string({ maxLength: 80 }),
          fc.array(fc.constantFrom(HOME, '433124', '', ' ', '$gt', '000000'), { minLength: 2, maxLength: 60 }).map((a) => a.join(',')),
        )
        .filter((v) => !v.split(',').every((c) => c.trim() === HOME))
        .map(safeEncode),
    },
  },
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/agencies',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/agencies`,
    token: 'none',
    query: page,
  },
  ...ALL.flatMap((service): RouteSpec[] => [
    {
      name: `${service} GET /api/v1/counties/:countyCode/audit-log`,
      service,
      method: 'GET',
      params: { countyCode: HOME },
      path: (p) => `/api/v1/counties/${p['countyCode']}/audit-log`,
      token: 'supervisor',
      query: {
        ...page,
        outcome: fc
          .oneof(fc.constantFrom('ALLOWED', 'Denied', 'allowed ', '$ne', '{"$ne":null}', ''), fc.string({ maxLength: 30 }))
          .filter((o) => o !== 'allowed' && o !== 'denied')
          .map(safeEncode),
      },
    },
    {
      // Only hostile or unknown projection names: a real one would start a rebuild.
      name: `${service} POST /api/v1/admin/projections/:projection/rebuild`,
      service,
      method: 'POST',
      params: { projection: 'no-such-projection' },
      path: (p) => `/api/v1/admin/projections/${p['projection']}/rebuild`,
      token: 'operator',
      ignoresBody: true,
    },
  ]),
];

const tokenFor = (route: RouteSpec) => (route.token === 'none' ? undefined : tokens[route.token]);

function bodyText(fields: Record<string, string>): string {
  return `{${Object.entries(fields)
    .map(([key, value]) => `${JSON.stringify(key)}:${value}`)
    .join(',')}}`;
}

const validFields = (route: RouteSpec) =>
  Object.fromEntries(Object.entries(route.body?.fields ?? {}).map(([key, field]) => [key, field.valid] as const));

const json = (body: Buffer | string) => ({
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? Buffer.from(body) : body,
});

/** A body the route's contract refuses: one field broken, or the whole body. */
function hostileBodyFor(route: RouteSpec): fc.Arbitrary<{ label: string; headers: Record<string, string>; body: Buffer }> {
  const fields = route.body?.fields ?? {};
  const names = Object.keys(fields);
  const valid = validFields(route);
  const generic = fc.oneof(
    notAJsonObject.map((body) => ({ label: 'not a JSON object', ...json(body) })),
    fc
      .tuple(fc.constantFrom(...WRONG_CONTENT_TYPES), fc.constantFrom(bodyText(valid), 'name=x', PLANTED_TEXT))
      .map(([type, text]) => ({ label: `content type ${type}`, headers: { 'content-type': type }, body: Buffer.from(text) })),
    fc
      .integer({ min: 1_048_577, max: HUGE })
      .map((n) => ({ label: `${n}-byte body`, ...json(bodyText({ ...valid, padding: JSON.stringify(huge(n)) })) })),
  );
  if (route.ignoresBody || names.length === 0) {
    return fc.oneof(
      generic,
      uncoercibleJson.map((value) => ({ label: 'operator-shaped body', ...json(value) })),
      fc.constant({ label: 'no body', headers: {}, body: Buffer.alloc(0) }),
    );
  }
  const field = fc.constantFrom(...names);
  return fc.oneof(
    generic,
    fc
      .tuple(field, uncoercibleJson)
      .map(([name, value]) => ({ label: `${name} of a wrong type`, ...json(bodyText({ ...valid, [name]: value })) })),
    fc.constantFrom(...(route.body?.required ?? [])).map((name) => {
      const { [name]: _dropped, ...rest } = valid;
      return { label: `${name} missing`, ...json(bodyText(rest)) };
    }),
    fc.tuple(field, fc.integer({ min: 1, max: 5000 }), fc.constantFrom('x', '张', '9')).map(([name, extra, char]) => ({
      label: `${name} over ${fields[name]!.maxLength} characters`,
      ...json(bodyText({ ...valid, [name]: JSON.stringify(char.repeat(fields[name]!.maxLength + extra)) })),
    })),
    fc.tuple(field, fc.integer({ min: 1_048_577, max: HUGE })).map(([name, n]) => ({
      label: `${name} of ${n} characters`,
      ...json(bodyText({ ...valid, [name]: JSON.stringify(huge(n)) })),
    })),
  );
}

// ---------------------------------------------------------------------------------------------

let baseline: Awaited<ReturnType<typeof snapshot>>;

async function getJson(service: ServiceName, path: string, token?: string): Promise<Record<string, unknown>> {
  const response = await send(services[service].httpUrl, { method: 'GET', path }, token);
  if (response.status !== 200) throw new Error(`GET ${path} → ${response.status} ${response.text}`);
  return JSON.parse(response.text) as Record<string, unknown>;
}

/** What is stored for HOME, as every service serves it. */
async function snapshot() {
  const list = (await getJson('case-intake', `/api/v1/counties/${HOME}/agencies?limit=200`, tokens.supervisor)) as {
    agencies: { agencyId: string; version: number }[];
  };
  const agencies = await Promise.all(
    list.agencies.map((a) => getJson('case-intake', `/api/v1/counties/${HOME}/agencies/${a.agencyId}`, tokens.supervisor)),
  );
  return {
    list,
    agencies,
    supervised: await getJson('supervision', `/api/v1/counties/${HOME}/supervised-agencies?limit=200`, tokens.supervisor),
    public: await getJson('public-disclosure', `/api/v1/public/counties/${HOME}/agencies?limit=200`),
    directory: await getJson('cross-region', `/api/v1/county-directory?countyCodes=${HOME}`, tokens.supervisor),
  };
}

async function post(service: ServiceName, path: string, body: unknown, token: string, headers: Record<string, string> = {}) {
  return send(
    services[service].httpUrl,
    { method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(body)) },
    token,
  );
}

beforeAll(async () => {
  const started = await Promise.all([
    ...ALL.map((name) => startServiceProcess(name, env(name))),
    // Its own database and consumer group: only its rate limit differs.
    startServiceProcess('public-disclosure', {
      ...env('public-disclosure', RATE_LIMITED_LABEL),
      CONSUMER_GROUP: `e2e-hostile-${suffix}.${RATE_LIMITED_LABEL}`,
      PUBLIC_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    }),
  ]);
  for (const service of started.slice(0, ALL.length)) services[service.name] = service;
  rateLimitedPublic = started[ALL.length]!;

  const issuer = await devTokens();
  tokens.supervisor = await issuer.issue({ subject: `hostile-supervisor-${HOME}`, role: 'county_supervisor', countyCode: HOME });
  tokens.sandboxSupervisor = await issuer.issue({
    subject: `hostile-supervisor-${SANDBOX}`,
    role: 'county_supervisor',
    countyCode: SANDBOX,
  });
  tokens.operator = await issuer.issue({ subject: 'hostile-operator', role: 'operator' });

  // Two agencies; the personal data travels in an accepted body, a suspension and a refused body.
  const agencies = `/api/v1/counties/${HOME}/agencies`;
  const registered = await Promise.all([
    post(
      'case-intake',
      agencies,
      { agencyId: ACTIVE, name: '冷水滩区受测局甲', creditCode: HOME_CREDIT_CODE, kind: '行政机关' },
      tokens.supervisor,
    ),
    post(
      'case-intake',
      agencies,
      { agencyId: SUSPENDED, name: '冷水滩区受测局乙', creditCode: HOME_CREDIT_CODE, kind: '行政机关', legalBasis: PLANTED_TEXT },
      tokens.supervisor,
    ),
  ]);
  expect(registered.map((r) => r.status)).toEqual([201, 201]);
  const suspended = await post(
    'case-intake',
    `${agencies}/${SUSPENDED}/suspension`,
    { reason: `核查 ${PLANTED_TEXT}` },
    tokens.supervisor,
    {
      'if-match': '"1"',
    },
  );
  expect(suspended.status).toBe(200);
  const refused = await post(
    'case-intake',
    agencies,
    { name: plantedValue('name'), creditCode: plantedValue('resident-id'), kind: plantedValue('mobile'), legalBasis: PLANTED_TEXT },
    tokens.supervisor,
  );
  assertRejected(refused, 'registration with personal data in every field', [400]);

  await eventually(
    'every service to show both agencies, one suspended',
    () => snapshot(),
    (s) =>
      JSON.stringify((s.supervised as { agencies?: { status: string }[] }).agencies?.map((a) => a.status).sort()) ===
        '["active","suspended"]' &&
      (s.public as { agencies?: unknown[] }).agencies?.length === 2 &&
      JSON.stringify(s.public).includes('suspended') &&
      (s.directory as { counties?: { activeAgencies: number }[] }).counties?.[0]?.activeAgencies === 1,
    { timeoutMs: 45_000, intervalMs: 250 },
  );
  baseline = await snapshot();
}, 180_000);

afterAll(async () => {
  agent.destroy();
  const running = [...Object.values(services), ...(rateLimitedPublic ? [rateLimitedPublic] : [])];
  await Promise.all(
    running.map((service) =>
      Promise.race([service.stop(), new Promise((resolve) => setTimeout(resolve, 15_000))]).then(() => service.kill()),
    ),
  );
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  for (const db of [...ALL.map((name) => env(name).MONGO_DB), env('public-disclosure', RATE_LIMITED_LABEL).MONGO_DB]) {
    await client
      .db(db!)
      .dropDatabase()
      .catch(() => undefined);
  }
  await client.close();
}, 60_000);

describe.each(ROUTES)('$name', (route) => {
  const baseUrl = () => services[route.service].httpUrl;
  const query = (q?: string) => {
    const parts = [route.validQuery, q].filter(Boolean);
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  };
  const validBody = () =>
    route.body ? json(bodyText(validFields(route))) : route.method === 'POST' ? { headers: {}, body: undefined } : { headers: {} };

  if (Object.keys(route.params).length > 0) {
    it('refuses hostile path parameters', async () => {
      const names = Object.keys(route.params);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), hostileSegment(route.params[name]!))),
          async ([name, segment]) => {
            const path = `${route.path({ ...route.params, [name]: segment })}${query()}`;
            await assertRefusedWithAndWithoutToken(
              baseUrl(),
              { method: route.method, path, ...validBody() },
              tokenFor(route),
              `${route.method} ${path}`,
            );
          },
        ),
        { numRuns: NUM_RUNS },
      );
    });
  }

  if (route.query) {
    const known = route.query;
    it('refuses hostile values of its query parameters', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(known)).chain((name) =>
            fc.tuple(
              fc.constant(name),
              fc.oneof(
                known[name]!.map((v) => [v]),
                fc.tuple(known[name]!, known[name]!),
              ),
            ),
          ),
          async ([name, values]) => {
            // The second value makes the parameter an array, which no schema takes either.
            const q = values.map((v) => `${name}=${v}`).join('&');
            const path = `${route.path(route.params)}?${[name === 'countyCodes' ? undefined : route.validQuery, q].filter(Boolean).join('&')}`;
            await assertRefusedWithAndWithoutToken(
              baseUrl(),
              { method: route.method, path },
              tokenFor(route),
              `${route.method} ${path.slice(0, 200)}`,
            );
          },
        ),
        { numRuns: NUM_RUNS },
      );
    });
  }

  if (route.method === 'POST') {
    it('refuses malformed, oversized and operator-shaped bodies', async () => {
      await fc.assert(
        fc.asyncProperty(hostileBodyFor(route), async (hostile) => {
          const path = route.path(route.params);
          await assertRefusedWithAndWithoutToken(
            baseUrl(),
            { method: 'POST', path, headers: hostile.headers, body: hostile.body },
            tokenFor(route),
            `POST ${path} with ${hostile.label}`,
          );
        }),
        { numRuns: NUM_RUNS },
      );
    }, 90_000);
  }

  if (route.token !== 'none') {
    it('refuses malformed and forged Authorization headers with 401', async () => {
      const [header, payload] = tokens.supervisor.split('.') as [string, string, string];
      const forged = `${header}.${Buffer.from(JSON.stringify({ lesp_role: 'operator', sub: 'x', iss: 'lesp-dev-issuer', aud: 'lesp' })).toString('base64url')}.`;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constantFrom(
              'Bearer',
              'Bearer ',
              'bearer x',
              'Basic YWRtaW46YWRtaW4=',
              'Bearer $where',
              'Bearer a.b.c',
              `Bearer ${forged}`,
              `Bearer ${forged}sig`,
              `Bearer ${header}.${payload}.AAAA`,
              `Bearer ${tokens.supervisor}x`,
              `Bearer ${tokens.supervisor} ${tokens.supervisor}`,
              `Bearer ${'a'.repeat(9000)}`,
              `Bearer ${'a.'.repeat(3000)}a`,
            ),
            fc.string({ unit: 'binary-ascii', maxLength: 100 }).map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`),
          ),
          async (authorization) => {
            const req = { method: route.method, path: `${route.path(route.params)}${query()}`, ...validBody() };
            const response = await send(baseUrl(), { ...req, headers: { ...req.headers, authorization } });
            assertRejected(response, `${route.method} ${req.path} with Authorization: ${authorization.slice(0, 60)}`, [401]);
          },
        ),
        { numRuns: 20 },
      );
    });
  }
});

describe('public rate limit', () => {
  it(`answers 429 RATE_LIMITED to one client after ${RATE_LIMIT} requests a minute`, async () => {
    const path = `/api/v1/public/counties/${HOME}/agencies`;
    const statuses: number[] = [];
    let limited: RawResponse | undefined;
    for (let i = 0; i < RATE_LIMIT + 10; i++) {
      const response = await send(rateLimitedPublic.httpUrl, { method: 'GET', path });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.slice(0, RATE_LIMIT)).toEqual(Array(RATE_LIMIT).fill(200));
    expect(statuses.slice(RATE_LIMIT)).toEqual(Array(10).fill(429));
    assertRejected(limited!, 'flooded public route', [429]);
    expect(JSON.parse(limited!.text)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});

describe('operator-shaped query parameters', () => {
  it('never widen what a list returns (they are dropped or refused)', async () => {
    const cases: { service: ServiceName; path: string; query: string; items: string; token?: string }[] = [
      {
        service: 'case-intake',
        path: `/api/v1/counties/${HOME}/agencies`,
        query: 'limit=200',
        items: 'agencies',
        token: tokens.supervisor,
      },
      {
        service: 'supervision',
        path: `/api/v1/counties/${HOME}/supervised-agencies`,
        query: 'limit=200',
        items: 'agencies',
        token: tokens.supervisor,
      },
      { service: 'public-disclosure', path: `/api/v1/public/counties/${HOME}/agencies`, query: 'limit=200', items: 'agencies' },
      {
        service: 'cross-region',
        path: '/api/v1/county-directory',
        query: `countyCodes=${HOME}`,
        items: 'counties',
        token: tokens.supervisor,
      },
      {
        service: 'case-intake',
        path: `/api/v1/counties/${HOME}/audit-log`,
        query: 'limit=200',
        items: 'entries',
        token: tokens.supervisor,
      },
    ];
    const injections = [
      'countyCode[$gt]=',
      'countyCode[$ne]=x',
      'cursor[$ne]=x',
      'limit[$gt]=0',
      'outcome[$ne]=x',
      'countyCodes[$ne]=x',
      '$where=sleep(1000)',
      'a.b=1',
      '__proto__[countyCode]=433124',
    ];
    for (const { service, path, query, items, token } of cases) {
      const plain = (await getJson(service, `${path}?${query}`, token))[items] as { countyCode: string }[];
      for (const injection of injections) {
        const injected = `${path}?${query}&${injection}`;
        const response = await send(services[service].httpUrl, { method: 'GET', path: injected }, token);
        if (response.status >= 400) {
          assertRejected(response, injected);
          continue;
        }
        expect(response.status, injected).toBe(200);
        const got = (JSON.parse(response.text) as Record<string, { countyCode: string }[]>)[items]!;
        expect(got.length, injected).toBeGreaterThan(0);
        expect(
          got.every((item) => item.countyCode === HOME),
          injected,
        ).toBe(true);
        // The audit log grows with every request; the rest must be exactly the plain answer.
        if (items !== 'entries') expect(got, injected).toEqual(plain);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// gRPC: the generated clients, hostile strings in every string field.

const FOUR_XX_KINDS: readonly ErrorKind[] = [
  'validation',
  'not_found',
  'conflict',
  'concurrency',
  'unauthenticated',
  'forbidden',
  'rate_limited',
  'too_large',
];

type GrpcOutcome = { ok: true } | { ok: false; error: PlatformError };

async function outcomeOf(call: Promise<unknown>, what: string): Promise<GrpcOutcome> {
  try {
    await call;
    return { ok: true };
  } catch (error) {
    if (!(error instanceof PlatformError))
      throw new ContractViolation(`${what}: rejected with something else than a PlatformError: ${String(error)}`);
    const show = `${what} → ${error.kind} ${error.code}: ${error.message.slice(0, 200)}`;
    if (error.kind === 'internal') throw new ContractViolation(`internal error: ${show}`);
    if (!/^[A-Z_]+$/.test(error.code)) throw new ContractViolation(`unstable code: ${show}`);
    const leak = leakIn(error.message);
    if (leak) throw new ContractViolation(`message shows internals (${leak}): ${show}`);
    return { ok: false, error };
  }
}

/** Hostile input: refused, with a 4xx kind of error. */
async function assertGrpcRefused(call: Promise<unknown>, what: string, kinds: readonly ErrorKind[] = FOUR_XX_KINDS) {
  const outcome = await outcomeOf(call, what);
  if (outcome.ok) throw new ContractViolation(`${what}: accepted`);
  if (!kinds.includes(outcome.error.kind)) {
    throw new ContractViolation(`${what}: ${outcome.error.kind} (${outcome.error.code}) where ${kinds.join('/')} was expected`);
  }
}

/** Valid but unusual input: answered, or refused with a 4xx kind of error. */
async function assertGrpcAnsweredOr4xx(call: Promise<unknown>, what: string) {
  const outcome = await outcomeOf(call, what);
  if (!outcome.ok && !FOUR_XX_KINDS.includes(outcome.error.kind)) {
    throw new ContractViolation(`${what}: ${outcome.error.kind} (${outcome.error.code})`);
  }
}

const HOSTILE_STRINGS = [
  '$where',
  '{"$where":"sleep(1000)"}',
  '{"$gt":""}',
  '{"$ne":null}',
  '$gt',
  '..',
  '../../etc/passwd',
  '..%2F',
  '\u0000',
  'a\u0000b',
  `${HOME}\u0000`,
  ` ${HOME}`,
  `${HOME} `,
  '４３１１０３',
  '\u202e301134',
  '\ud800',
  '\udfff\ud800',
  '\uffff',
  '%00',
  'countyCode[$gt]',
  "'; db.dropDatabase(); //",
  '<script>alert(1)</script>',
  '\r\n',
  ' ',
  '',
  'a.b',
  '$',
];

const CONTROL_UNIT = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0008',
  '\u001b',
  '\u007f',
  '\u0085',
  '\n',
  '\r',
  '\t',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud800',
);

/** Strings no field of the contract takes as they are; huge ones at most `maxHuge` characters. */
const hostileString = (maxHuge: number) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 3 },
    { arbitrary: fc.string({ unit: CONTROL_UNIT, minLength: 1, maxLength: 50 }), weight: 2 },
    { arbitrary: fc.integer({ min: 5000, max: maxHuge }).map((n) => huge(n)), weight: 1 },
  );

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
/** A page request, with one part hostile. */
const hostileListRequest = fc.oneof(
  hostileString(1_100_000)
    .filter((c) => c !== HOME)
    .map((countyCode) => ({ countyCode, page: { limit: 0, cursor: '' } })),
  int32.filter((n) => n < 0 || n > 200).map((limit) => ({ countyCode: HOME, page: { limit, cursor: '' } })),
  hostileCursor.map((cursor) => ({ countyCode: HOME, page: { limit: 0, cursor } })),
);
const unusualListRequest = fc.record({
  countyCode: fc.constant(HOME),
  page: fc.record({
    limit: fc.integer({ min: 0, max: 200 }),
    cursor: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_-]{1,400}$/)),
  }),
});

describe('gRPC', () => {
  const clients = {} as {
    caseIntake: caseIntakeV1.CaseIntakeServiceClient;
    supervision: supervisionV1.SupervisionServiceClient;
    crossRegion: crossRegionV1.CrossRegionServiceClient;
    publicDisclosure: publicDisclosureV1.PublicDisclosureServiceClient;
  };
  const options = (token?: string) => ({ deadlineMs: 15_000, ...(token ? { bearerToken: token } : {}) });

  beforeAll(() => {
    const insecure = credentials.createInsecure();
    clients.caseIntake = new caseIntakeV1.CaseIntakeServiceClient(services['case-intake'].grpcAddress, insecure);
    clients.supervision = new supervisionV1.SupervisionServiceClient(services.supervision.grpcAddress, insecure);
    clients.crossRegion = new crossRegionV1.CrossRegionServiceClient(services['cross-region'].grpcAddress, insecure);
    clients.publicDisclosure = new publicDisclosureV1.PublicDisclosureServiceClient(services['public-disclosure'].grpcAddress, insecure);
  });
  afterAll(() => Object.values(clients).forEach((client) => client.close()));

  const lists = [
    [
      'ListAgencies',
      (req: caseIntakeV1.ListAgenciesRequest, token?: string) =>
        callUnary(clients.caseIntake, clients.caseIntake.listAgencies, req, options(token)),
    ],
    [
      'ListSupervisedAgencies',
      (req: supervisionV1.ListSupervisedAgenciesRequest, token?: string) =>
        callUnary(clients.supervision, clients.supervision.listSupervisedAgencies, req, options(token)),
    ],
    [
      'ListPublicAgencies',
      (req: publicDisclosureV1.ListPublicAgenciesRequest, token?: string) =>
        callUnary(clients.publicDisclosure, clients.publicDisclosure.listPublicAgencies, req, options(token)),
    ],
  ] as const;

  it.each(lists)('%s refuses hostile county codes, limits and cursors, with and without a token', async (method, call) => {
    await fc.assert(
      fc.asyncProperty(hostileListRequest, async (req) => {
        const what = `${method} ${JSON.stringify(req).slice(0, 200)}`;
        await assertGrpcRefused(call(req, tokens.supervisor), `${what} [with token]`);
        await assertGrpcRefused(call(req), `${what} [no token]`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it.each(lists)('%s answers valid but unusual pages', async (method, call) => {
    await fc.assert(
      fc.asyncProperty(unusualListRequest, async (req) => {
        await assertGrpcAnsweredOr4xx(call(req, tokens.supervisor), `${method} ${JSON.stringify(req).slice(0, 200)}`);
      }),
      { numRuns: 20 },
    );
  });

  it('ListCountyDirectory refuses hostile county code lists, with and without a token', async () => {
    const hostileCodes = fc.oneof(
      fc.array(hostileString(50_000), { maxLength: 60 }),
      fc.array(fc.constantFrom(HOME, '433124', '000000', '$gt', ''), { minLength: 1, maxLength: 60 }),
      fc.constant(Array<string>(51).fill(HOME)),
    );
    await fc.assert(
      fc.asyncProperty(
        hostileCodes.filter((codes) => codes.length === 0 || codes.length > 50 || codes.some((c) => c !== HOME)),
        async (countyCodes) => {
          const call = (token?: string) =>
            callUnary(clients.crossRegion, clients.crossRegion.listCountyDirectory, { countyCodes }, options(token));
          const what = `ListCountyDirectory ${JSON.stringify(countyCodes).slice(0, 200)}`;
          await assertGrpcRefused(call(tokens.supervisor), `${what} [with token]`);
          await assertGrpcRefused(call(), `${what} [no token]`);
        },
      ),
      { numRuns: NUM_RUNS },
    );
    await assertGrpcAnsweredOr4xx(
      callUnary(
        clients.crossRegion,
        clients.crossRegion.listCountyDirectory,
        { countyCodes: [HOME, HOME, HOME] },
        options(tokens.supervisor),
      ),
      'ListCountyDirectory with a repeated county',
    );
  });

  it('RegisterAgency refuses a hostile county, credit code or kind, and oversized names; takes unusual text or refuses it with a 4xx', async () => {
    const valid = {
      countyCode: SANDBOX,
      agencyId: '',
      name: '松桃苗族自治县受测局',
      creditCode: SANDBOX_CREDIT_CODE,
      kind: '行政机关',
      legalBasis: '',
    };
    const field = fc.constantFrom('countyCode', 'name', 'creditCode', 'kind', 'legalBasis');
    const value = fc.oneof(
      { arbitrary: hostileString(1_100_000), weight: 5 },
      { arbitrary: fc.constantFrom(...planted.map((p) => p.value), PLANTED_TEXT), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(
        // Personal data only where it belongs (free text); D6: a refused county code is logged as sent.
        fc.tuple(field, value).filter(([name, v]) => name !== 'countyCode' || !(v === PLANTED_TEXT || planted.some((p) => p.value === v))),
        async ([name, v]) => {
          const req = caseIntakeV1.RegisterAgencyRequest.create({ ...valid, [name]: v });
          const call = (token?: string) => callUnary(clients.caseIntake, clients.caseIntake.registerAgency, req, options(token));
          const what = `RegisterAgency ${name}=${JSON.stringify(v.slice(0, 80))} (${v.length} chars)`;
          await assertGrpcRefused(call(), `${what} [no token]`);
          const freeText =
            (name === 'name' && v.trim().length >= 1 && v.trim().length <= 100) || (name === 'legalBasis' && v.length <= 2000);
          if (freeText) await assertGrpcAnsweredOr4xx(call(tokens.sandboxSupervisor), what);
          else await assertGrpcRefused(call(tokens.sandboxSupervisor), what, ['validation', 'forbidden']);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }, 90_000);

  it('RegisterAgency takes valid but unusual agencies, or refuses them with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          agencyId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
          name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((n) => n.trim().length > 0),
          legalBasis: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.constant(PLANTED_TEXT)),
          kind: fc.constantFrom('行政机关', '法律法规授权组织', '受委托组织'),
          creditCode: fc.constantFrom(SANDBOX_CREDIT_CODE, ` ${SANDBOX_CREDIT_CODE.toLowerCase()} `),
        }),
        async (fields) => {
          const req = caseIntakeV1.RegisterAgencyRequest.create({ countyCode: SANDBOX, ...fields });
          await assertGrpcAnsweredOr4xx(
            callUnary(clients.caseIntake, clients.caseIntake.registerAgency, req, options(tokens.sandboxSupervisor)),
            `RegisterAgency ${JSON.stringify(fields).slice(0, 200)}`,
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('D7: RegisterAgency refuses agency ids that the HTTP contract refuses ($where, ../x, NUL, over 64 characters)', async () => {
    await mustHold('D7 gRPC RegisterAgency does not validate agencyId', () =>
      propertyViolation(
        fc.asyncProperty(
          hostileString(10_000).filter((id) => id.trim() !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(id)),
          async (agencyId) => {
            const req = caseIntakeV1.RegisterAgencyRequest.create({
              countyCode: SANDBOX,
              agencyId,
              name: '松桃苗族自治县受测局',
              creditCode: SANDBOX_CREDIT_CODE,
              kind: '行政机关',
            });
            await assertGrpcRefused(
              callUnary(clients.caseIntake, clients.caseIntake.registerAgency, req, options(tokens.sandboxSupervisor)),
              `RegisterAgency agencyId=${JSON.stringify(agencyId.slice(0, 40))} (${agencyId.length} chars)`,
              ['validation'],
            );
          },
        ),
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Defects found by this suite, kept as strict checks (see mustHold).

describe('known defects of the HTTP edge', () => {
  const sandboxAgencies = `/api/v1/counties/${SANDBOX}/agencies`;
  const sandboxBody = {
    name: JSON.stringify('松桃苗族自治县受测局'),
    creditCode: JSON.stringify(SANDBOX_CREDIT_CODE),
    kind: JSON.stringify('行政机关'),
    legalBasis: JSON.stringify(PLANTED_TEXT),
  };
  const registerInSandbox = (body: Buffer) =>
    send(services['case-intake'].httpUrl, { method: 'POST', path: sandboxAgencies, ...json(body) }, tokens.sandboxSupervisor);

  it('D1: a JSON number, boolean, null or one-element array where a string belongs is refused', async () => {
    await mustHold('D1 scalar JSON types are coerced to strings (fastify/ajv coerceTypes)', () =>
      propertyViolation(
        fc.asyncProperty(
          fc.tuple(
            fc.constantFrom('agencyId', 'name', 'creditCode', 'kind', 'legalBasis'),
            fc.oneof(fc.integer().map(String), fc.boolean().map(String), fc.constant('null'), fc.constant('SINGLETON')),
          ),
          async ([field, value]) => {
            const single = field === 'agencyId' ? '"coerced"' : (sandboxBody as Record<string, string>)[field]!;
            const fields = { ...sandboxBody, [field]: value === 'SINGLETON' ? `[${single}]` : value };
            assertRejected(
              await registerInSandbox(Buffer.from(bodyText(fields))),
              `POST ${sandboxAgencies} ${bodyText(fields).slice(0, 200)}`,
            );
          },
        ),
      ),
    );
  });

  it('D2: fields the contract does not name ($-keys, dotted keys, _id, status) are refused', async () => {
    await mustHold('D2 unknown body fields are silently dropped (ajv removeAdditional)', () =>
      propertyViolation(
        fc.asyncProperty(
          fc.tuple(
            fc.constantFrom('$where', '$gt', '$set', 'a.b', '_id', '__v', 'countyCode', 'status', 'version', 'suspensionReason'),
            fc.oneof(
              uncoercibleJson.filter((v) => v.length < 10_000),
              fc.constantFrom(...planted.map((p) => JSON.stringify(p.value))),
            ),
          ),
          async ([key, value]) => {
            const text = bodyText({ ...sandboxBody, [key]: value });
            assertRejected(await registerInSandbox(Buffer.from(text)), `POST ${sandboxAgencies} ${text.slice(0, 200)}`);
          },
        ),
      ),
    );
  });

  it('D3: unknown and operator-shaped query parameters (countyCode[$gt]=, cursor[$ne]=x, limit[$gt]=0) are refused', async () => {
    const gets = ROUTES.filter((route) => route.method === 'GET');
    await mustHold('D3 unknown query parameters are silently dropped', () =>
      propertyViolation(
        fc.asyncProperty(
          fc.constantFrom(...gets),
          fc.constantFrom(
            'countyCode[$gt]=',
            'cursor[$ne]=x',
            'limit[$gt]=0',
            '$where=sleep(1000)',
            'a.b=1',
            'outcome[$ne]=x',
            'countyCodes[$ne]=x',
          ),
          async (route, injection) => {
            const path = `${route.path(route.params)}?${[route.validQuery, injection].filter(Boolean).join('&')}`;
            assertRejected(await send(services[route.service].httpUrl, { method: 'GET', path }, tokenFor(route)), `GET ${path}`);
          },
        ),
      ),
    );
  });

  it('D4: control characters and invalid UTF-8 inside text fields are refused', async () => {
    await mustHold('D4 control characters and invalid UTF-8 bytes in names are stored', () =>
      propertyViolation(
        fc.asyncProperty(
          fc.oneof(
            fc
              .constantFrom('\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u202e')
              .map((c) => Buffer.from(bodyText({ ...sandboxBody, name: JSON.stringify(`松桃受测局${c}`) }))),
            fc
              .constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80])
              .map((bytes) =>
                Buffer.concat([
                  Buffer.from('{"name":"松桃受测局'),
                  Buffer.from(bytes),
                  Buffer.from(bodyText(sandboxBody).replace(/^\{"name":"[^"]*/, '')),
                ]),
              ),
          ),
          async (body) =>
            assertRejected(
              await registerInSandbox(body),
              `POST ${sandboxAgencies} ${JSON.stringify(body.toString('latin1').slice(0, 80))}`,
            ),
        ),
      ),
    );
  });

  it('D5: a malformed percent-encoding, a path parameter over 100 characters or a URL over 16 KB gets the platform error body', async () => {
    await mustHold('D5 bad URLs are answered with Fastify/Node default bodies', () =>
      propertyViolation(
        fc.asyncProperty(
          fc.constantFrom(...ROUTES.filter((route) => Object.keys(route.params).length > 0)),
          fc.oneof(
            fc.constantFrom('%FF', '%E0%A4%A', '%', '%zz', '%C0%80', '%ED%A0%80', huge(20_000, 'a')),
            fc.integer({ min: 101, max: 9000 }).map((n) => huge(n, 'a')),
          ),
          async (route, segment) => {
            const name = Object.keys(route.params)[0]!;
            const path = route.path({ ...route.params, [name]: segment });
            assertRejected(
              await send(services[route.service].httpUrl, { method: route.method, path }, tokenFor(route)),
              `${route.method} ${path.slice(0, 120)}`,
            );
          },
        ),
      ),
    );
  });

  it('D6: a county code that failed validation is not written to the logs (log injection, personal data)', async () => {
    const markers = { http: `LOGMARKhttp${suffix}`, grpc: `LOGMARKgrpc${suffix}` };
    await mustHold('D6 request and gRPC logs record the raw, unvalidated countyCode', async () => {
      const refused = await send(
        services['case-intake'].httpUrl,
        { method: 'GET', path: `/api/v1/counties/${markers.http}/agencies` },
        tokens.supervisor,
      );
      assertRejected(refused, 'GET with a marker as county code', [400]);
      const client = new publicDisclosureV1.PublicDisclosureServiceClient(
        services['public-disclosure'].grpcAddress,
        credentials.createInsecure(),
      );
      await assertGrpcRefused(
        callUnary(client, client.listPublicAgencies, { countyCode: markers.grpc, page: undefined }, { deadlineMs: 5000 }),
        'ListPublicAgencies with a marker as county code',
      );
      client.close();
      for (const [service, marker] of [
        ['case-intake', markers.http],
        ['public-disclosure', markers.grpc],
      ] as const) {
        // A request after the marker's, with a known correlation id: once it is logged, the marker's would be too.
        const flush = `flush-${suffix}-${service}`;
        await send(services[service].httpUrl, {
          method: 'GET',
          path: `/api/v1/public/counties/${HOME}/agencies`,
          headers: { 'x-correlation-id': flush },
        });
        const log = await eventually(
          'the service log to catch up',
          () => readFile(services[service].logFile, 'utf8'),
          (text) => text.includes(flush),
        );
        if (log.includes(marker)) throw new ContractViolation(`${service} logged the refused county code ${marker}`);
      }
    });
  });
});

describe('after the hostile input', () => {
  it('has changed nothing that is stored: agencies, versions, supervision, public list, directory', async () => {
    expect(await snapshot()).toEqual(baseline);
  });

  it('every service is alive and an ordinary registration still reaches every read model', async () => {
    for (const service of [...Object.values(services), rateLimitedPublic]) {
      const started = Date.now();
      const ready = await send(service.httpUrl, { method: 'GET', path: '/readyz' });
      expect(ready.status, `${service.name} ${ready.text}`).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
    }
    const agencyId = `liveness-${suffix}`;
    const registered = await post(
      'case-intake',
      `/api/v1/counties/${SANDBOX}/agencies`,
      { agencyId, name: '松桃苗族自治县存活检查局', creditCode: SANDBOX_CREDIT_CODE, kind: '行政机关' },
      tokens.sandboxSupervisor,
    );
    expect(registered.status, registered.text).toBe(201);
    const shows = (service: ServiceName, path: string, token?: string) =>
      eventually(
        `${service} to project ${agencyId}`,
        () => send(services[service].httpUrl, { method: 'GET', path }, token).then((r) => r.text),
        (text) => text.includes(agencyId),
        { timeoutMs: 30_000, intervalMs: 250 },
      );
    await Promise.all([
      shows('supervision', `/api/v1/counties/${SANDBOX}/supervised-agencies?limit=200`, tokens.sandboxSupervisor),
      shows('public-disclosure', `/api/v1/public/counties/${SANDBOX}/agencies?limit=200`),
      shows('case-intake', `/api/v1/counties/${SANDBOX}/agencies/${agencyId}`, tokens.sandboxSupervisor),
    ]);
  }, 60_000);
});

describe('known defects that break case intake (run last)', () => {
  const grpcCaseIntake = () => new caseIntakeV1.CaseIntakeServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());

  it('D8: SuspendAgency over gRPC refuses a reason longer than the HTTP contract (2000); a 1 MB one blocks the outbox', async () => {
    const client = grpcCaseIntake();
    const options = { deadlineMs: 15_000, bearerToken: tokens.sandboxSupervisor };
    await callUnary(
      client,
      client.registerAgency,
      caseIntakeV1.RegisterAgencyRequest.create({
        countyCode: SANDBOX,
        agencyId: 'poison-target',
        name: '松桃受测局丙',
        creditCode: SANDBOX_CREDIT_CODE,
        kind: '行政机关',
      }),
      options,
    );
    await mustHold(
      "D8 gRPC SuspendAgency does not bound the reason; a commit over Kafka's 1 MB message limit blocks the relay for good",
      () =>
        assertGrpcRefused(
          callUnary(
            client,
            client.suspendAgency,
            caseIntakeV1.SuspendAgencyRequest.create({ countyCode: SANDBOX, agencyId: 'poison-target', reason: '理'.repeat(400_000) }),
            options,
          ),
          'SuspendAgency with a 400 000-character reason',
          ['validation'],
        ),
    );
    client.close();
  });

  it('D9: RegisterAgency over gRPC refuses a 1 MB agency id, and case intake keeps answering', async () => {
    const client = grpcCaseIntake();
    try {
      await mustHold(
        'D9 a 1 MB agencyId over gRPC is stored and then wedges case-intake (kafkajs partitioner on the huge key, /healthz stops answering)',
        async () => {
          await assertGrpcRefused(
            callUnary(
              client,
              client.registerAgency,
              caseIntakeV1.RegisterAgencyRequest.create({
                countyCode: SANDBOX,
                agencyId: huge(1_000_000),
                name: '松桃受测局丁',
                creditCode: SANDBOX_CREDIT_CODE,
                kind: '行政机关',
              }),
              { deadlineMs: 15_000, bearerToken: tokens.sandboxSupervisor },
            ),
            'RegisterAgency with a 1 000 000-character agencyId',
            ['validation'],
          );
          const health = await Promise.race([
            send(services['case-intake'].httpUrl, { method: 'GET', path: '/healthz' }).then((r) => r.status),
            new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000)),
          ]);
          if (health !== 200) throw new ContractViolation(`case-intake /healthz after the call: ${health}`);
        },
      );
    } finally {
      client.close();
      // Whatever happened, nothing after this needs case intake; a wedged one only burns CPU.
      await services['case-intake'].kill();
    }
  });
});

describe('personal data', () => {
  it('no service wrote the planted personal data to its log', async () => {
    for (const service of [...Object.values(services), rateLimitedPublic]) {
      const log = await readFile(service.logFile, 'utf8');
      const findings = findPersonalData(log, { planted });
      expect(
        findings.map((f) => `${service.logFile}: ${f.kind} ${f.label ?? ''}`),
        'personal data in a service log',
      ).toEqual([]);
    }
  });
});
