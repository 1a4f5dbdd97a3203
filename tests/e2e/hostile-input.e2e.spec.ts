import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { Metadata, credentials, type CallOptions, type Client, type ServiceError } from '@grpc/grpc-js';
import fc from 'fast-check';
import {
  actEventsV1,
  actsV1,
  caseIntakeV1,
  complaintsV1,
  crossRegionV1,
  officersV1,
  operationsV1,
  publicDisclosureV1,
  statisticsV1,
  supervisionV1,
} from '@lesp/contracts';
import { CERTIFICATE_STATUSES, ENFORCEMENT_CATEGORY_CODES, PlatformError, fromGrpcError, isIdentifier, type ErrorKind } from '@lesp/core';
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
  REPO_ROOT,
  buildWebConsoleApp,
  startWebConsole,
  type WebConsoleProcess,
} from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * Hostile input against the four services as real OS processes on the real broker and
 * database: every HTTP route, the API documentation under /docs, and the gRPC queries and
 * commands get malformed, oversized and injection-shaped input (fast-check), with a valid
 * token of the right role and county, so that the input and not the authorization is what is
 * tested, and without a token.
 *
 * Every answer must be a 4xx with the platform's error body and no internals; afterwards
 * the stored data must be what it was. Defects this suite found are kept as strict checks
 * that must hold (`mustHold`), each named for the defect it once caught; those found at the
 * shared edge are plain checks too (OPEN-n).
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
  ...(name === 'public-disclosure' || name === 'case-intake' ? { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' } : {}),
  ...(name === 'public-disclosure' ? { COMPLAINT_RATE_LIMIT_PER_MINUTE: '10000' } : {}),
  // Uploads over 1 MiB are refused (413), like JSON bodies: the size cap is part of what is tested.
  ...(name === 'case-intake' ? { IMPORT_MAX_BYTES: String(1024 * 1024) } : {}),
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
/** Officers of ACTIVE: A's certificate is valid, B's reported lost. */
const OFFICER_A = 'hostile-officer-a';
const OFFICER_B = 'hostile-officer-b';
/** ACTIVE's power list items (the second to be retired), and the delegation of the first to a township. */
const POWER_ITEM = 'HOSTILE-ITEM-1';
const POWER_ITEM_2 = 'HOSTILE-ITEM-2';
const DELEGATION = 'hostile-delegation';
/** An open penalty case of ACTIVE (filed), with the two officers. */
const ACT = 'hostile-act';
/** Complaints: one just received, one assigned to ACTIVE, one answered by ACTIVE. */
const COMPLAINT_RECEIVED = 'hostile-complaint-received';
const COMPLAINT_ASSIGNED = 'hostile-complaint-assigned';
const COMPLAINT_ANSWERED = 'hostile-complaint-answered';
/** What the gRPC commands need in SANDBOX: an agency, an officer and an open act. */
const SANDBOX_AGENCY = 'hostile-sandbox-a';
const SANDBOX_OFFICER = 'hostile-sandbox-officer';
const SANDBOX_ACT = 'hostile-sandbox-act';

const planted = (
  JSON.parse(readFileSync(new URL('./planted-personal-data.json', import.meta.url), 'utf8')) as {
    values: PlantedValue[];
  }
).values;
const plantedValue = (label: string) => planted.find((p) => p.label === label)!.value;
const PLANTED_TEXT = `联系人${plantedValue('name')}，公民身份号码${plantedValue('resident-id')}，电话${plantedValue('mobile')}`;

const tokens = { supervisor: '', sandboxSupervisor: '', operator: '', clerk: '', viewer: '' };
const NUM_RUNS = 50;
/** The routes case intake gained later run fewer cases each: the file must stay well under two minutes on two cores. */
const NEW_ROUTE_RUNS = { properties: 25, authorization: 8 } as const;

// ---------------------------------------------------------------------------------------------
// HTTP, byte for byte: node:http sends the path as given (fetch would normalise `..` and `%2e`).

interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

interface RawRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
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
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Path parameters with the value that makes the request otherwise valid. */
  readonly params: Record<string, string>;
  readonly path: (params: Record<string, string>) => string;
  readonly token: TokenName;
  /** Known query parameters and how to make each invalid. */
  readonly query?: Record<string, fc.Arbitrary<string>>;
  /** Query that makes the request otherwise valid. */
  readonly validQuery?: string;
  /** JSON body fields: the valid value (JSON text) and the longest string the contract takes. */
  readonly body?: { fields: Record<string, FieldSpec>; required: readonly string[] };
  /** POST without a body schema: any body is ignored and the request is refused for another reason. */
  readonly ignoresBody?: true;
  /** An upload (not JSON): the valid request's content type and bytes. */
  readonly rawBody?: { contentType: string; body: Buffer };
  /** Bodies the route refuses, where the JSON field generators do not fit (uploads). */
  readonly hostileBodies?: fc.Arbitrary<HostileBody>;
  /** Path values the route rightly reads as the valid one (a tracking number is read case- and space-insensitively). */
  readonly sameAsValid?: (name: string, decoded: string) => boolean;
  /** fast-check runs of its properties (NUM_RUNS and 20 unless set). */
  readonly runs?: { readonly properties: number; readonly authorization: number };
}

interface FieldSpec {
  /** The valid value, as JSON text. */
  readonly valid: string;
  /** The longest string the contract takes (strings only). */
  readonly maxLength: number;
  /** The field's JSON type where it is no string. */
  readonly type?: 'number' | 'boolean' | 'array' | 'object';
  /** More JSON texts the contract refuses for this field: out of range, unknown codes, impossible times. */
  readonly invalid?: fc.Arbitrary<string>;
}

interface HostileBody {
  readonly label: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const page = { limit: hostileLimit, cursor: hostileCursor.map(safeEncode) };
const registerFields = {
  agencyId: { valid: '"hostile-new"', maxLength: 64 },
  name: { valid: JSON.stringify('冷水滩区测试执法局'), maxLength: 200 },
  creditCode: { valid: JSON.stringify(HOME_CREDIT_CODE), maxLength: 32 },
  kind: { valid: JSON.stringify('行政机关'), maxLength: 32 },
  legalBasis: { valid: JSON.stringify(PLANTED_TEXT), maxLength: 4000 },
};

// ---------------------------------------------------------------------------------------------
// Field specs of the routes case intake gained later (acts, officers, power list, complaints).

const text = (value: string, maxLength: number, invalid: readonly string[] = []): FieldSpec => ({
  valid: JSON.stringify(value),
  maxLength,
  ...(invalid.length > 0 ? { invalid: fc.constantFrom(...invalid.map((v) => JSON.stringify(v))) } : {}),
});

/**
 * Texts that look like RFC 3339 but are no instant. A leap second (23:59:60) and an hour-only
 * offset (+08) pass ajv's `format: date-time` and are an Invalid Date in JavaScript.
 */
const IMPOSSIBLE_TIMES = ['2024-06-30T23:59:60Z', '2016-12-31T23:59:60+00:00', '2024-07-01T07:59:60+08:00', '2024-03-05T09:00:00+08'];
const hostileTime: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...IMPOSSIBLE_TIMES,
    '2024-02-30T00:00:00Z',
    '2023-02-29T12:00:00+08:00',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:60:00Z',
    '2024-01-01',
    '2024-01-01T00:00:00',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    'now',
    '1719791999000',
    'Mon, 01 Jan 2024 00:00:00 GMT',
    ' 2024-01-01T00:00:00Z',
    '２０２４-01-01T00:00:00Z',
    '2024-01-01T00:00:00Z\u0000',
    '',
  ),
  // Over the 40 characters a time may have, with a fraction no clock has.
  fc.integer({ min: 20, max: 3000 }).map((n) => `2024-01-01T00:00:00.${'1'.repeat(n)}Z`),
);
const time = (value: string, invalid: readonly string[] = []): FieldSpec => ({
  valid: JSON.stringify(value),
  maxLength: 40,
  invalid: fc.oneof(hostileTime, ...(invalid.length > 0 ? [fc.constantFrom(...invalid)] : [])).map((t) => JSON.stringify(t)),
});

/** Codes a list does not know: near misses of the known ones, operator-shaped text, anything else. */
const unknownCode = (known: readonly string[], alsoInvalid: readonly string[] = []) =>
  fc
    .oneof(
      fc.constantFrom(
        ...known.flatMap((k) => [k.toUpperCase(), ` ${k}`, `${k} `, `${k}.x`, `${k}\u0000`]),
        ...alsoInvalid,
        '$where',
        '{"$ne":null}',
        'undefined',
        'null',
        '*',
        '',
      ),
      fc.string({ maxLength: 30 }),
    )
    .filter((v) => !known.includes(v) || alsoInvalid.includes(v));
const code = (value: string, known: readonly string[], maxLength: number, alsoInvalid: readonly string[] = []): FieldSpec => ({
  valid: JSON.stringify(value),
  maxLength,
  invalid: unknownCode(known, alsoInvalid).map((v) => JSON.stringify(v)),
});

const number = (value: number, invalid: readonly number[]): FieldSpec => ({
  valid: String(value),
  maxLength: 0,
  type: 'number',
  invalid: fc.constantFrom(...invalid.map(String)),
});
const bool = (value: boolean): FieldSpec => ({ valid: String(value), maxLength: 0, type: 'boolean' });

/** A list of strings: items of a wrong type, one item too many, and what else the field refuses. */
const list = (value: readonly string[], maxItems: number, invalid: readonly unknown[]): FieldSpec => ({
  valid: JSON.stringify(value),
  maxLength: 0,
  type: 'array',
  invalid: fc.oneof(
    fc.constantFrom('[1,2]', '[null]', '[true]', '[[]]', '[{}]', '[{"$gt":""}]', ...invalid.map((v) => JSON.stringify(v))),
    fc
      .integer({ min: maxItems + 1, max: maxItems + 40 })
      .map((n) => JSON.stringify(Array.from({ length: n }, (_, i) => `${value[0]}-${i}`))),
  ),
});

/** A nested object: unknown and operator keys added to the valid one, and what else the field refuses. */
const object = (value: Record<string, unknown>, invalid: readonly Record<string, unknown>[]): FieldSpec => ({
  valid: JSON.stringify(value),
  maxLength: 0,
  type: 'object',
  invalid: fc.constantFrom(
    ...['$where', 'a.b', '_id', 'countyCode', 'status'].map((key) => JSON.stringify({ ...value, [key]: 1 })),
    ...invalid.map((v) => JSON.stringify(v)),
  ),
});

/** Query values that are no identifier (ids are letters, digits, `_` and `-`, at most 64). */
const hostileId = fc
  .oneof(
    fc.constantFrom('$where', '{"$ne":null}', '{"$gt":""}', 'a.b', '../x', 'a b', ' ', '', '%', huge(65, 'a')),
    fc.string({ maxLength: 80 }),
  )
  .filter((v) => !isIdentifier(v))
  .map(safeEncode);
/** An enum in a query: anything but its values (and not '', where '' means no filter). */
const hostileQueryCode = (known: readonly string[], emptyIsNoFilter = false) =>
  unknownCode(known)
    .filter((v) => !(emptyIsNoFilter && v === ''))
    .map(safeEncode);
/** Free text in a query: too long, or with characters no field may hold. */
const hostileQueryText = (maxLength: number) =>
  fc
    .oneof(
      fc.integer({ min: maxLength + 1, max: maxLength + 2000 }).map((n) => huge(n, '张')),
      fc
        .string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u202e', '\ufeff'), minLength: 1, maxLength: 20 })
        .map((s) => `某${s}`),
    )
    .map(safeEncode);

const reason = (label: string) => ({
  fields: { reason: text(`${label}：${PLANTED_TEXT}`, 4000, ['', ' ', huge(2001, '理')]) },
  required: ['reason'],
});

const ID_INVALID = ['$where', 'a b', '../x', 'a.b', '张三', '{"$ne":null}'];
const OFFICER_IDS_INVALID: unknown[] = [[], [''], [OFFICER_A, OFFICER_A], ['no-such-officer'], ['a b']];
const NATURAL_PERSON = {
  kind: 'natural_person',
  name: plantedValue('name'),
  idNumber: plantedValue('resident-id'),
  phone: plantedValue('mobile'),
  address: '永州市冷水滩区凤凰路 1 号',
};
/** Complaint sources and statuses (services/case-intake/src/domain/complaint/complaint-rules.ts). */
const COMPLAINT_SOURCES = ['portal', 'hotline_12345', 'media', 'procuratorate_suggestion', 'judicial_suggestion', 'supervisor_finding'];
const COMPLAINT_STATUSES = ['received', 'assigned', 'in_handling', 'answered', 'closed', 'rejected'];
const IMPORT_CSV = Buffer.from('\ufeff案件编号,执法主体编码,执法类别,开始方式,案件名称\n');
const CSV_TYPE = 'text/csv';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const multipart = (parts: string) => ({
  headers: { 'content-type': 'multipart/form-data; boundary=hostile' },
  body: Buffer.from(parts.replace(/\n/g, '\r\n')),
});

/** Uploads the import route refuses synchronously (a well-formed file is a job, whatever its rows hold). */
const hostileUploads: fc.Arbitrary<HostileBody> = fc.oneof(
  notAJsonObject.map((body) => ({ label: 'JSON instead of a file', ...json(body) })),
  fc
    .constantFrom(...WRONG_CONTENT_TYPES.filter((type) => !type.startsWith('multipart/') && type !== 'application/octet-stream'))
    .map((type) => ({ label: `content type ${type}`, headers: { 'content-type': type }, body: IMPORT_CSV })),
  fc
    .constantFrom(CSV_TYPE, XLSX_TYPE, 'application/octet-stream')
    .map((type) => ({ label: `empty ${type} upload`, headers: { 'content-type': type }, body: Buffer.alloc(0) })),
  fc
    .constantFrom(IMPORT_CSV, Buffer.from(PLANTED_TEXT), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))
    .map((body) => ({ label: 'an XLSX upload that is no workbook', headers: { 'content-type': XLSX_TYPE }, body })),
  fc.constant({
    label: 'a CSV upload that is a ZIP archive',
    headers: { 'content-type': CSV_TYPE },
    body: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]),
  }),
  fc.constant({
    label: 'multipart without a file',
    ...multipart('--hostile\nContent-Disposition: form-data; name="note"\n\nx\n--hostile--\n'),
  }),
  fc.constant({
    label: 'multipart with an empty file',
    ...multipart('--hostile\nContent-Disposition: form-data; name="file"; filename="acts.csv"\nContent-Type: text/csv\n\n\n--hostile--\n'),
  }),
  fc
    .integer({ min: 1_048_577, max: HUGE })
    .map((n) => ({ label: `${n}-byte CSV upload`, headers: { 'content-type': CSV_TYPE }, body: Buffer.alloc(n, 0x41) })),
);

const countyAgency = { countyCode: HOME, agencyId: ACTIVE };
/** Set in beforeAll, read when the tests run. */
const trackingParams: Record<string, string> = { trackingNumber: '' };
const importJobParams: Record<string, string> = { countyCode: HOME, jobId: '' };

/** Tracking numbers are read without case, spaces and dashes, O as 0, I and L as 1 (complaint-tracking.ts). */
const normalizeTrackingNumber = (value: string) => value.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

/** A case-intake route added after this suite was first written: fewer runs (NEW_ROUTE_RUNS). */
function intake(method: 'GET' | 'POST', template: string, spec: Omit<RouteSpec, 'name' | 'service' | 'method' | 'path'>): RouteSpec {
  return {
    name: `case-intake ${method} ${template}`,
    service: 'case-intake',
    method,
    path: (p) => template.replace(/:(\w+)/g, (_match, key: string) => p[key]!),
    runs: NEW_ROUTE_RUNS,
    ...spec,
  };
}

const INTAKE_ROUTES: RouteSpec[] = [
  // 执法事项目录 and 委托执法 (power-list-routes.ts).
  intake('POST', '/api/v1/counties/:countyCode/agencies/:agencyId/power-items', {
    params: countyAgency,
    token: 'supervisor',
    body: {
      fields: {
        itemCode: text('HOSTILE-ITEM-3', 64, ['', ' ', '$where', 'a b', '.x', '-x', POWER_ITEM]),
        name: text('对未按规定公示企业信息的处罚', 400, ['', ' ', huge(201, '项')]),
        category: code('penalty', ENFORCEMENT_CATEGORY_CODES, 32),
        legalBasis: text('《企业信息公示暂行条例》第十八条', 8000, ['', ' ', huge(4001, '法')]),
        discretionBenchmark: text('首次违法、危害后果轻微并及时改正的，不予处罚', 16000, [huge(8001, '裁')]),
      },
      required: ['itemCode', 'name', 'category', 'legalBasis'],
    },
  }),
  intake('POST', '/api/v1/counties/:countyCode/agencies/:agencyId/power-items/:itemCode/retirement', {
    params: { ...countyAgency, itemCode: POWER_ITEM_2 },
    token: 'supervisor',
    body: reason('事项调整'),
  }),
  intake('POST', '/api/v1/counties/:countyCode/agencies/:agencyId/delegations', {
    params: countyAgency,
    token: 'supervisor',
    body: {
      fields: {
        delegationId: text('hostile-delegation-2', 64, ['$where', 'a b', '../x', 'a.b', DELEGATION]),
        townshipName: text('冷水滩区某某镇人民政府', 200, ['', ' ', huge(201, '镇')]),
        entrustmentNumber: text('冷委〔2024〕2号', 128, ['', ' ']),
        itemCodes: list([POWER_ITEM], 200, [[], [''], [POWER_ITEM, POWER_ITEM], ['NO-SUCH-ITEM']]),
        powers: text('现场检查、调查取证、作出行政处罚决定', 8000, ['', ' ', huge(4001, '权')]),
        start: time('2024-01-01T00:00:00+08:00'),
        end: time('2030-12-31T23:59:59+08:00', ['2023-12-31T00:00:00+08:00', '2025-01-01T00:00:00Z']),
      },
      required: ['townshipName', 'entrustmentNumber', 'itemCodes', 'powers', 'start', 'end'],
    },
  }),
  intake('POST', '/api/v1/counties/:countyCode/agencies/:agencyId/delegations/:delegationId/ending', {
    params: { ...countyAgency, delegationId: DELEGATION },
    token: 'supervisor',
    body: reason('委托终止'),
  }),
  intake('GET', '/api/v1/counties/:countyCode/agencies/:agencyId/power-items', { params: countyAgency, token: 'supervisor' }),
  intake('GET', '/api/v1/counties/:countyCode/agencies/:agencyId/delegations', { params: countyAgency, token: 'supervisor' }),

  // 执法人员 and their certificates (officer-routes.ts).
  intake('POST', '/api/v1/counties/:countyCode/officers', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        officerId: text('hostile-officer-new', 64, [...ID_INVALID, OFFICER_A]),
        agencyId: text(ACTIVE, 64, ['', ...ID_INVALID, 'no-such-agency']),
        name: text(plantedValue('name'), 100, ['', ' ', huge(51, '张')]),
        idNumber: text(plantedValue('resident-id'), 32, [
          '',
          '110105194912310021',
          '11010519491231002',
          '1101051949123100XX',
          '110105199902300023',
        ]),
        // Officer A holds 湘执4311030001: a number belongs to one officer of the county (409).
        certificateNumber: text('湘执4311030101', 64, ['', ' ', huge(33, '9'), '湘执4311030001']),
        certificateValidUntil: time('2030-12-31T16:00:00Z', ['2020-01-01T00:00:00Z']),
        enforcementAreas: list(['市场监管', '食品安全'], 40, [[], [''], ['市场监管', '市场监管'], [huge(51, '域')]]),
      },
      required: ['agencyId', 'name', 'idNumber', 'certificateNumber', 'certificateValidUntil', 'enforcementAreas'],
    },
  }),
  intake('GET', '/api/v1/counties/:countyCode/officers', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: { ...page, agencyId: hostileId, certificateStatus: hostileQueryCode(CERTIFICATE_STATUSES) },
  }),
  intake('GET', '/api/v1/counties/:countyCode/officers/:officerId', {
    params: { countyCode: HOME, officerId: OFFICER_A },
    token: 'supervisor',
  }),
  intake('POST', '/api/v1/counties/:countyCode/officers/:officerId/certificate/suspension', {
    params: { countyCode: HOME, officerId: OFFICER_A },
    token: 'supervisor',
    body: reason('暂扣执法证'),
  }),
  intake('POST', '/api/v1/counties/:countyCode/officers/:officerId/certificate/revocation', {
    params: { countyCode: HOME, officerId: OFFICER_A },
    token: 'supervisor',
    body: reason('收回执法证'),
  }),
  // B's certificate is already reported lost: a second report is refused whatever comes with it.
  intake('POST', '/api/v1/counties/:countyCode/officers/:officerId/certificate/loss-report', {
    params: { countyCode: HOME, officerId: OFFICER_B },
    token: 'supervisor',
    ignoresBody: true,
  }),
  intake('POST', '/api/v1/counties/:countyCode/officers/:officerId/certificate/reissue', {
    params: { countyCode: HOME, officerId: OFFICER_B },
    token: 'supervisor',
    body: {
      fields: {
        // A reissued certificate gets a new number: B's old one is refused.
        certificateNumber: text('湘执4311030009', 64, ['', ' ', huge(33, '9'), '湘执4311030002']),
        certificateValidUntil: time('2031-12-31T16:00:00Z', ['2020-01-01T00:00:00Z']),
      },
      required: ['certificateNumber'],
    },
  }),
  // A's certificate is valid, not suspended: a reinstatement is refused whatever comes with it.
  intake('POST', '/api/v1/counties/:countyCode/officers/:officerId/certificate/reinstatement', {
    params: { countyCode: HOME, officerId: OFFICER_A },
    token: 'supervisor',
    ignoresBody: true,
  }),
  intake('POST', '/api/v1/counties/:countyCode/officers/:officerId/transfer', {
    params: { countyCode: HOME, officerId: OFFICER_A },
    token: 'supervisor',
    body: { fields: { toAgencyId: text(SUSPENDED, 64, ['', ...ID_INVALID, 'no-such-agency', ACTIVE]) }, required: ['toAgencyId'] },
  }),
  intake('POST', '/api/v1/counties/:countyCode/officers/:officerId/exam-results', {
    params: { countyCode: HOME, officerId: OFFICER_A },
    token: 'supervisor',
    body: {
      fields: {
        year: number(2024, [1899, 2201, 2024.5, -1, 1e10]),
        score: number(92, [-0.5, 100.5, 1001, -1001, 1e308]),
        passed: bool(true),
      },
      required: ['year', 'score', 'passed'],
    },
  }),
  intake('POST', '/api/v1/counties/:countyCode/officers/:officerId/training-records', {
    params: { countyCode: HOME, officerId: OFFICER_A },
    token: 'supervisor',
    body: {
      fields: {
        year: number(2024, [1899, 2201, 2024.5, -1, 1e10]),
        hours: number(16, [0, -1, 1001, 10001, -10001]),
        course: text('行政执法程序与证据规则', 400, ['', ' ', huge(201, '课')]),
      },
      required: ['year', 'hours', 'course'],
    },
  }),

  // Enforcement acts (act-routes.ts), recorded by a clerk of the act's agency.
  intake('POST', '/api/v1/counties/:countyCode/acts', {
    params: { countyCode: HOME },
    token: 'clerk',
    body: {
      fields: {
        openedBy: code('filing', ['filing'], 16, ['application']),
        actId: text('hostile-act-new', 64, [...ID_INVALID, ACT]),
        agencyId: text(ACTIVE, 64, ['', ...ID_INVALID, SUSPENDED, 'no-such-agency']),
        // Licensing is opened by an application, never by filing.
        category: code('penalty', ENFORCEMENT_CATEGORY_CODES, 32, ['licensing']),
        caseNumber: text('冷市监罚〔2024〕7号', 64, ['', ' ']),
        title: text('某商行销售过期食品案', 200, ['', ' ']),
        itemCode: text(POWER_ITEM, 64),
        target: object(NATURAL_PERSON, [
          { ...NATURAL_PERSON, kind: 'robot' },
          { ...NATURAL_PERSON, name: ' ' },
          { ...NATURAL_PERSON, idNumber: '110105194912310021' },
          { ...NATURAL_PERSON, phone: '12345' },
          { kind: 'legal_person', name: '某某公司', creditCode: '91431103MA4L0000XX' },
          { kind: 'legal_person', name: '某某公司' },
          { name: '某某公司' },
        ]),
        major: bool(false),
        officerIds: list([OFFICER_A, OFFICER_B], 20, OFFICER_IDS_INVALID),
        occurredAt: time('2024-03-05T09:00:00+08:00'),
        summary: text(PLANTED_TEXT, 4000),
      },
      required: ['openedBy', 'agencyId', 'category', 'caseNumber', 'title', 'target', 'officerIds'],
    },
  }),
  intake('POST', '/api/v1/counties/:countyCode/acts/:actId/steps', {
    params: { countyCode: HOME, actId: ACT },
    token: 'clerk',
    body: {
      fields: {
        type: code('EvidenceCollected', ['EvidenceCollected'], 40, ['ApplicationDecidedOnAcceptance', 'DecisionServed', 'ActArchived']),
        evidenceId: text('ev-2', 64, ['', ' ', 'ev-1']),
        kind: code('document', ['document', 'audio_video', 'physical', 'testimony', 'inspection_record', 'expert_opinion'], 32),
        description: text('现场检查笔录及照片 12 张', 4000, ['', ' ']),
        recorder: text('执法记录仪 A-01', 100),
        recordedAt: time('2024-03-05T10:00:00+08:00'),
        proves: text('销售过期食品的事实', 2000),
        officerIds: list([OFFICER_A, OFFICER_B], 20, OFFICER_IDS_INVALID),
        // Before the filing: refused, not recorded.
        occurredAt: time('2024-03-05T10:30:00+08:00', ['2024-03-01T00:00:00+08:00']),
      },
      required: ['type', 'evidenceId', 'kind', 'description', 'officerIds'],
    },
  }),
  intake('GET', '/api/v1/counties/:countyCode/acts/:actId', { params: { countyCode: HOME, actId: ACT }, token: 'clerk' }),
  intake('GET', '/api/v1/counties/:countyCode/acts/:actId/timeline', { params: { countyCode: HOME, actId: ACT }, token: 'clerk' }),
  intake('GET', '/api/v1/counties/:countyCode/acts', {
    params: { countyCode: HOME },
    token: 'clerk',
    query: {
      ...page,
      agencyId: hostileId,
      category: hostileQueryCode(ENFORCEMENT_CATEGORY_CODES, true),
      status: hostileQueryCode(['open', 'rejected', 'decided', 'closed', 'archived'], true),
      openedFrom: hostileTime.map(safeEncode),
      openedTo: hostileTime.map(safeEncode),
      target: hostileQueryText(200),
      officerId: hostileId,
    },
  }),

  // 投诉举报 (complaint-routes.ts): received by a supervisor, handled and answered by the clerk of the agency it went to.
  intake('POST', '/api/v1/counties/:countyCode/complaints', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        complaintId: text('hostile-complaint-new', 64, [...ID_INVALID, COMPLAINT_RECEIVED]),
        source: code('hotline_12345', COMPLAINT_SOURCES, 32),
        subject: text('反映某商行销售过期食品', 400, [huge(201, '题')]),
        summary: text(PLANTED_TEXT, 4000, ['', ' ', huge(2001, '诉')]),
        complainant: object({ name: plantedValue('name'), phone: plantedValue('mobile') }, [
          { name: plantedValue('name'), phone: '12345' },
          { name: huge(51, '张') },
          { phone: 'x' },
        ]),
        concernedAgencyId: text(ACTIVE, 64, ID_INVALID),
        // Received in the future: refused.
        receivedAt: time('2024-05-01T08:00:00+08:00', ['2099-01-01T00:00:00Z']),
        handlingDays: number(15, [0, -1, 366, 1.5, 1e10]),
      },
      required: ['source', 'summary'],
    },
  }),
  intake('POST', '/api/v1/counties/:countyCode/complaints/:complaintId/assignment', {
    params: { countyCode: HOME, complaintId: COMPLAINT_RECEIVED },
    token: 'supervisor',
    body: {
      fields: { agencyId: text(ACTIVE, 64, ['', ...ID_INVALID, 'no-such-agency']), note: text('请核查并于 15 日内答复', 4000) },
      required: ['agencyId'],
    },
  }),
  intake('POST', '/api/v1/counties/:countyCode/complaints/:complaintId/handlings', {
    params: { countyCode: HOME, complaintId: COMPLAINT_ASSIGNED },
    token: 'clerk',
    body: {
      fields: {
        agencyId: text(ACTIVE, 64, ['', ...ID_INVALID, SUSPENDED]),
        notes: text('已到现场核查，责令下架', 4000, ['', ' ', huge(2001, '办')]),
        officerIds: list([OFFICER_A], 20, [[], [''], [OFFICER_A, OFFICER_A], ['a b'], [huge(65, 'a')]]),
      },
      required: ['agencyId', 'notes', 'officerIds'],
    },
  }),
  intake('POST', '/api/v1/counties/:countyCode/complaints/:complaintId/answer', {
    params: { countyCode: HOME, complaintId: COMPLAINT_ASSIGNED },
    token: 'clerk',
    body: {
      fields: {
        agencyId: text(ACTIVE, 64, ['', ...ID_INVALID, SUSPENDED]),
        answer: text('经核查，情况属实，已立案查处', 4000, ['', ' ', huge(2001, '答')]),
      },
      required: ['agencyId', 'answer'],
    },
  }),
  // The complaint is not answered yet: a closure is refused whatever comes with it.
  intake('POST', '/api/v1/counties/:countyCode/complaints/:complaintId/closure', {
    params: { countyCode: HOME, complaintId: COMPLAINT_RECEIVED },
    token: 'supervisor',
    ignoresBody: true,
  }),
  intake('POST', '/api/v1/counties/:countyCode/complaints/:complaintId/rejection', {
    params: { countyCode: HOME, complaintId: COMPLAINT_RECEIVED },
    token: 'supervisor',
    body: reason('不属于本机关职责'),
  }),
  intake('GET', '/api/v1/counties/:countyCode/complaints/:complaintId', {
    params: { countyCode: HOME, complaintId: COMPLAINT_ASSIGNED },
    token: 'supervisor',
  }),
  intake('GET', '/api/v1/counties/:countyCode/complaints', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: {
      ...page,
      status: hostileQueryCode(COMPLAINT_STATUSES),
      agencyId: hostileId,
      source: hostileQueryCode(COMPLAINT_SOURCES),
      overdue: fc
        .oneof(fc.constantFrom('yes', 'TRUE', 'False', '2', '-1', 'on', 'null', '{"$ne":null}', ''), fc.string({ maxLength: 10 }))
        .filter((v) => v !== 'true' && v !== 'false')
        .map(safeEncode),
    },
  }),
  intake('GET', '/api/v1/public/complaints/:trackingNumber', {
    params: trackingParams,
    token: 'none',
    sameAsValid: (_name, decoded) => normalizeTrackingNumber(decoded) === trackingParams['trackingNumber'],
  }),

  // Bulk import (import-routes.ts): an upload starts a job; what the file holds is the job's business.
  intake('POST', '/api/v1/counties/:countyCode/imports/acts', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: { format: hostileQueryCode(['csv', 'xlsx']) },
    rawBody: { contentType: CSV_TYPE, body: IMPORT_CSV },
    hostileBodies: hostileUploads,
  }),
  intake('GET', '/api/v1/counties/:countyCode/imports/:jobId', { params: importJobParams, token: 'supervisor' }),
  intake('GET', '/api/v1/import-templates/acts.csv', { params: {}, token: 'supervisor' }),
  intake('GET', '/api/v1/import-templates/acts.xlsx', { params: {}, token: 'supervisor' }),
];

/** A supervision route (alerts, rule packs, working-day calendar, registries): fewer runs (NEW_ROUTE_RUNS). */
function supervision(method: 'GET' | 'POST', template: string, spec: Omit<RouteSpec, 'name' | 'service' | 'method' | 'path'>): RouteSpec {
  return {
    name: `supervision ${method} ${template}`,
    service: 'supervision',
    method,
    path: (p) => template.replace(/:(\w+)/g, (_match, key: string) => p[key]!),
    runs: NEW_ROUTE_RUNS,
    ...spec,
  };
}

/** An alert id no alert has (the routes answer 404 to a valid request; here every request is refused earlier). */
const NO_ALERT = '00000000-0000-5000-8000-000000000000';
/** Case-file review: supervision forms, valid criteria of a round (no period) and of a review, and criteria the decider refuses. */
const REVIEW_FORMS = ['routine', 'focused', 'special'];
const NO_REVIEW = 'no-review';
const NO_PLAN = 'no-plan';
const NO_DOCUMENT = 'no-document';
const NO_DISPUTE = 'no-dispute';
const NO_PERSON = 'no-person';
const NO_EVALUATION = 'no-evaluation';
/** The categories of the community-corrections tables (seed 000, monthly and half-year). */
const CORRECTION_FINDING_CATEGORIES = [
  'court_documents_not_served',
  'court_no_ruling_on_revocation',
  'court_no_sentence_reduction',
  'no_committal_decision',
  'not_committed',
  'not_received',
  'no_penalty_proposed',
  'no_reduction_proposed',
  'term_end_not_processed',
  'absconded_or_missed',
  'no_measures',
  'hours_below_eight',
  'other',
  'eligible_no_reduction_proposal',
  'ineligible_reduction_proposed',
  'reduction_not_sent_for_review',
  'reduction_materials_incomplete',
  'procuratorate_opinion_not_heard',
  'revocation_not_proposed',
  'revocation_not_sent_or_incomplete',
  'opinion_not_in_proposal',
];
const NO_EVALUATED_AGENCY = 'no-evaluated-agency';
/** A list of objects: items of a wrong type, one item too many, and items the contract refuses. */
const objectList = (value: readonly Record<string, unknown>[], maxItems: number, invalid: readonly unknown[]): FieldSpec => ({
  valid: JSON.stringify(value),
  maxLength: 0,
  type: 'array',
  invalid: fc.oneof(
    fc.constantFrom('[1]', '[null]', '["x"]', '[[]]', ...invalid.map((v) => JSON.stringify(v))),
    fc.integer({ min: maxItems + 1, max: maxItems + 20 }).map((n) => JSON.stringify(Array.from({ length: n }, () => value[0]))),
  ),
});
const EVALUATION_SCORE = { supervisorId: 's-1', indicatorCode: 'assessment', centipoints: 9000 };
const evaluationScoreFields = {
  supervisorScores: objectList([EVALUATION_SCORE], 500, [
    [{ ...EVALUATION_SCORE, centipoints: 10_001 }],
    [{ ...EVALUATION_SCORE, centipoints: -1 }],
    [{ ...EVALUATION_SCORE, centipoints: 90.5 }],
    [{ ...EVALUATION_SCORE, supervisorId: 'a b' }],
    [{ ...EVALUATION_SCORE, indicatorCode: '$where' }],
    [{ ...EVALUATION_SCORE, $where: 1 }],
    [{ supervisorId: 's-1', indicatorCode: 'assessment' }],
  ]),
  lostLawsuits: number(0, [-1, 1001, 0.5]),
  headAbsentFromCourt: number(0, [-1, 1001, 0.5]),
  vetoes: objectList([{ code: 'SEVERE_INCIDENT', reason: '违法执法造成恶劣影响' }], 20, [
    [{ code: 'a b', reason: '理由' }],
    [{ code: 'X', reason: '' }],
    [{ code: 'X' }],
    [{ code: 'X', reason: huge(2001, '理') }],
  ]),
};
const EVALUATION_SCHEME = {
  indicators: [
    { code: 'closing', name: '行政处罚结案率', weight: 60, source: 'figure', figure: 'closingRate' },
    { code: 'assessment', name: '综合评价', weight: 40, source: 'supervisors' },
  ],
  thresholds: { excellent: 90, good: 80, pass: 60 },
  caps: [{ kind: 'lostLawsuits', atLeast: 2, maxGrade: 'good' }],
  trimFrom: 5,
};
const EVALUATION_SCHEMES_INVALID: Record<string, unknown>[] = [
  { ...EVALUATION_SCHEME, indicators: [] },
  { ...EVALUATION_SCHEME, indicators: [{ ...EVALUATION_SCHEME.indicators[0], figure: 'nope' }] },
  { ...EVALUATION_SCHEME, indicators: [{ ...EVALUATION_SCHEME.indicators[0], source: 'nope' }] },
  { ...EVALUATION_SCHEME, indicators: [{ ...EVALUATION_SCHEME.indicators[0], weight: 0 }] },
  { ...EVALUATION_SCHEME, thresholds: { excellent: 90, good: 80 } },
  { ...EVALUATION_SCHEME, caps: [{ kind: 'nope', atLeast: 1, maxGrade: 'good' }] },
  { ...EVALUATION_SCHEME, trimFrom: 2 },
];
const FILING_BODIES = ['government', 'standing_committee'];
const REVIEW_PERIOD = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-31T23:59:59+08:00' };
const REVIEW_ROUND_CRITERIA = { agencyIds: [ACTIVE], categories: ['penalty'], size: { kind: 'total', count: 2 }, minEnterpriseShare: 0.5 };
const REVIEW_CRITERIA_INVALID: Record<string, unknown>[] = [
  { ...REVIEW_ROUND_CRITERIA, agencyIds: [] },
  { ...REVIEW_ROUND_CRITERIA, agencyIds: ['a b'] },
  { ...REVIEW_ROUND_CRITERIA, categories: ['nope'] },
  { ...REVIEW_ROUND_CRITERIA, categories: ['penalty', 'penalty'] },
  { ...REVIEW_ROUND_CRITERIA, size: { kind: 'total', count: 0 } },
  { ...REVIEW_ROUND_CRITERIA, size: { kind: 'share', share: 0 } },
  { ...REVIEW_ROUND_CRITERIA, size: { kind: 'per_category', counts: [{ category: 'licensing', count: 1 }] } },
  { ...REVIEW_ROUND_CRITERIA, size: { kind: 'all' } },
  { ...REVIEW_ROUND_CRITERIA, minEnterpriseShare: 1.5 },
  { ...REVIEW_ROUND_CRITERIA, size: { kind: 'total', count: 2, $where: 1 } },
];
const SUPERVISION_ROUTES: RouteSpec[] = [
  supervision('GET', '/api/v1/counties/:countyCode/alerts', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: {
      ...page,
      agencyId: hostileId,
      ruleId: hostileId,
      level: hostileQueryCode(['blue', 'yellow', 'red']),
      status: hostileQueryCode(['open', 'acknowledged', 'resolved', 'dismissed']),
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/alerts/:alertId', {
    params: { countyCode: HOME, alertId: NO_ALERT },
    token: 'supervisor',
  }),
  supervision('POST', '/api/v1/counties/:countyCode/alerts/:alertId/acknowledgement', {
    params: { countyCode: HOME, alertId: NO_ALERT },
    token: 'clerk',
    body: { fields: { note: text(`已签收：${PLANTED_TEXT}`, 2000, [huge(2001, '签')]) }, required: [] },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/alerts/:alertId/dismissal', {
    params: { countyCode: HOME, alertId: NO_ALERT },
    token: 'supervisor',
    body: { fields: { reason: text(`误报：${PLANTED_TEXT}`, 2000, ['', ' ', huge(2001, '理')]) }, required: ['reason'] },
  }),
  supervision('GET', '/api/v1/supervision/rules', { params: {}, token: 'supervisor' }),
  supervision('GET', '/api/v1/counties/:countyCode/rule-settings', { params: { countyCode: HOME }, token: 'supervisor' }),
  supervision('POST', '/api/v1/counties/:countyCode/rule-settings', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        packId: code('standard', ['standard', 'enterprise-inspection', 'community-corrections'], 64),
        enabled: bool(true),
        effectiveFrom: text('2027-01-01', 10, ['', '2027-13-01', '2027-02-30', '20270101', 'now']),
        parameters: {
          valid: '[{"name":"trainingHoursPerYear","value":60}]',
          maxLength: 0,
          type: 'array',
          invalid: fc.constantFrom(
            '[{"name":"noSuchParameter","value":1}]',
            '[{"name":"trainingHoursPerYear","value":0}]',
            '[{"name":"trainingHoursPerYear","value":1e9}]',
            '[{"name":"zeroEnforcementPeriodMonths","value":5}]',
            '[{"name":"trainingHoursPerYear"}]',
            '[{"name":"trainingHoursPerYear","value":"60"}]',
            '[{"name":"trainingHoursPerYear","value":60,"$where":1}]',
            '[{"name":"trainingHoursPerYear","value":60},{"name":"trainingHoursPerYear","value":40}]',
            '[1]',
            '[null]',
          ),
        },
      },
      required: ['packId', 'enabled', 'effectiveFrom'],
    },
  }),
  supervision('GET', '/api/v1/working-calendar/:year', { params: { year: '2026' }, token: 'operator' }),
  supervision('POST', '/api/v1/working-calendar/:year', {
    params: { year: '2031' },
    token: 'operator',
    body: {
      fields: {
        holidays: list(['2031-10-01'], 366, [['2030-10-01'], ['2031-02-30'], ['x'], ['2031-10-01', '2031-10-01T00:00:00Z']]),
        workdays: list(['2031-10-11'], 366, [['2031-10-10'], ['2031-10-01'], ['$where']]),
        source: text('国务院办公厅关于 2031 年部分节假日安排的通知', 200, ['', ' ']),
        reason: text('年度安排', 2000),
      },
      required: ['holidays', 'workdays', 'source'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/inspection-filings', {
    params: { countyCode: HOME },
    token: 'clerk',
    body: {
      fields: {
        agencyId: text(ACTIVE, 64, ID_INVALID),
        enterpriseCreditCode: text('91350100M000100Y43', 32, ['', '91350100M000100Y44', '123', '$where']),
        enterpriseName: text('冷水滩区某商行', 200, ['', ' ']),
        plannedFrom: time('2026-12-01T09:00:00+08:00'),
        plannedTo: time('2026-12-02T18:00:00+08:00', ['2026-11-30T00:00:00+08:00']),
        purpose: text(`食品安全检查：${PLANTED_TEXT}`, 2000),
      },
      required: ['agencyId', 'enterpriseCreditCode', 'enterpriseName', 'plannedFrom', 'plannedTo'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/enterprises/:creditCode/quiet-days', {
    params: { countyCode: HOME, creditCode: '91350100M000100Y43' },
    token: 'supervisor',
    body: {
      fields: {
        enterpriseName: text('冷水滩区某商行', 200, ['', ' ']),
        daysOfMonth: {
          valid: '[1,2,3]',
          maxLength: 0,
          type: 'array',
          invalid: fc.constantFrom(
            '[0]',
            '[32]',
            '[-1]',
            '[1.5]',
            '[1,1]',
            '["1"]',
            '[null]',
            `[${Array.from({ length: 32 }, (_, i) => i + 1).join(',')}]`,
          ),
        },
        reason: text('园区企业宁静日', 2000),
      },
      required: ['enterpriseName', 'daysOfMonth'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/zero-enforcement-explanations', {
    params: { countyCode: HOME },
    token: 'clerk',
    body: {
      fields: {
        agencyId: text(ACTIVE, 64, ID_INVALID),
        period: text('2026-Q3', 10, ['', '2026-Q5', '2026-13', '2026Q3', '$where']),
        explanation: text(`本季度无执法事项：${PLANTED_TEXT}`, 2000, ['', ' ']),
      },
      required: ['agencyId', 'period', 'explanation'],
    },
  }),
  // Case-file review (案卷评查, case-file-review-routes.ts): a review id no review has (404 once valid).
  supervision('POST', '/api/v1/counties/:countyCode/case-file-review-definitions', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        definitionId: text('hostile-def', 64, ID_INVALID),
        title: text(`月度案卷评查：${PLANTED_TEXT}`, 200, ['', ' ']),
        supervisionForm: code('routine', REVIEW_FORMS, 20),
        recurrence: object({ kind: 'every', months: 1, firstMonth: '2030-01' }, [
          { kind: 'every', months: 2, firstMonth: '2030-01' },
          { kind: 'every', months: 1, firstMonth: '2030-13' },
          { kind: 'every', months: 1, firstMonth: '2030-01', lastMonth: '2029-12' },
          { kind: 'once' },
          { kind: 'weekly', months: 1, firstMonth: '2030-01' },
        ]),
        criteria: object(REVIEW_ROUND_CRITERIA, REVIEW_CRITERIA_INVALID),
      },
      required: ['title', 'supervisionForm', 'recurrence', 'criteria'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/case-file-review-definitions', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: page,
  }),
  supervision('POST', '/api/v1/counties/:countyCode/case-file-review-definitions/:definitionId/retirement', {
    params: { countyCode: HOME, definitionId: 'no-def' },
    token: 'supervisor',
    body: { fields: { reason: text(`停止：${PLANTED_TEXT}`, 2000, ['', ' ', huge(2001, '理')]) }, required: ['reason'] },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/case-file-reviews', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        reviewId: text('hostile-review', 64, ID_INVALID),
        title: text(`专项案卷评查：${PLANTED_TEXT}`, 200, ['', ' ']),
        supervisionForm: code('focused', REVIEW_FORMS, 20),
        criteria: object({ ...REVIEW_ROUND_CRITERIA, period: REVIEW_PERIOD }, [
          ...REVIEW_CRITERIA_INVALID.map((c) => ({ ...c, period: REVIEW_PERIOD })),
          { ...REVIEW_ROUND_CRITERIA },
          { ...REVIEW_ROUND_CRITERIA, period: { from: REVIEW_PERIOD.to, to: REVIEW_PERIOD.from } },
          { ...REVIEW_ROUND_CRITERIA, period: { from: '2024-02-30T00:00:00Z', to: REVIEW_PERIOD.to } },
        ]),
      },
      required: ['title', 'supervisionForm', 'criteria'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/case-file-reviews', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: { ...page, status: hostileQueryCode(['opened', 'sampled', 'published']) },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/case-file-reviews/:reviewId', {
    params: { countyCode: HOME, reviewId: NO_REVIEW },
    token: 'supervisor',
  }),
  supervision('POST', '/api/v1/counties/:countyCode/case-file-reviews/:reviewId/sample-draws', {
    params: { countyCode: HOME, reviewId: NO_REVIEW },
    token: 'supervisor',
    body: {
      fields: {
        seed: number(20260401, [-1, 4294967296, 1.5, 1e20]),
        redrawReason: text(`重新抽取：${PLANTED_TEXT}`, 2000, [huge(2001, '理')]),
      },
      required: [],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/case-file-reviews/:reviewId/files/:fileId/score', {
    params: { countyCode: HOME, reviewId: NO_REVIEW, fileId: 'no-file' },
    token: 'supervisor',
    body: {
      fields: {
        assessments: {
          valid: '[{"itemCode":"documents","points":15}]',
          maxLength: 0,
          type: 'array',
          invalid: fc.constantFrom(
            '[{"itemCode":"documents","points":-1}]',
            '[{"itemCode":"documents","points":101}]',
            '[{"itemCode":"documents","points":"15"}]',
            '[{"points":15}]',
            '[{"itemCode":"documents","points":15,"$where":1}]',
            '[{"itemCode":"two_officers","breached":"yes"}]',
            '[1]',
            '[null]',
          ),
        },
        problems: {
          valid: JSON.stringify([{ itemCode: 'evidence', description: `证据不足：${PLANTED_TEXT}` }]),
          maxLength: 0,
          type: 'array',
          invalid: fc.constantFrom(
            '[{"itemCode":"evidence"}]',
            '[{"itemCode":"evidence","description":1}]',
            '[{"description":"x"}]',
            '[null]',
          ),
        },
      },
      required: ['assessments'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/case-file-reviews/:reviewId/summary', {
    params: { countyCode: HOME, reviewId: NO_REVIEW },
    token: 'supervisor',
    body: { fields: { conclusion: text(`评查通报：${PLANTED_TEXT}`, 8000, [huge(8001, '评')]) }, required: ['conclusion'] },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/case-file-reviews/:reviewId/rectification-referrals', {
    params: { countyCode: HOME, reviewId: NO_REVIEW },
    token: 'supervisor',
    body: { fields: { agencyId: text(ACTIVE, 64, ID_INVALID) }, required: ['agencyId'] },
  }),
  // Random inspections (双随机、一公开, random-inspection-routes.ts): a plan id no plan has (404 once valid).
  supervision('POST', '/api/v1/counties/:countyCode/inspection-targets', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        targetId: text('hostile-target', 64, ID_INVALID),
        name: text('冷水滩区某商行', 200, ['', ' ']),
        kind: code('enterprise', ['enterprise', 'individual', 'institution'], 20),
        creditCode: text('91350100M000100Y43', 32, ['', '91350100M000100Y44', '123', '$where']),
        unitAgencyId: text(ACTIVE, 64, ID_INVALID),
      },
      required: ['name', 'kind'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/inspection-targets', { params: { countyCode: HOME }, token: 'supervisor', query: page }),
  supervision('POST', '/api/v1/counties/:countyCode/random-inspections', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        planId: text('hostile-plan', 64, ID_INVALID),
        title: text(`双随机抽查：${PLANTED_TEXT}`, 200, ['', ' ']),
        year: number(2026, [1999, 2101, 2026.5]),
        leadAgencyId: text(ACTIVE, 64, [...ID_INVALID, 'not-participating']),
        agencyIds: list([ACTIVE], 50, [[], ['a b'], [ACTIVE, ACTIVE]]),
        matters: list(['食品经营许可情况检查'], 50, [[], [''], [' ']]),
        targetDraw: object({ kind: 'count', count: 5 }, [
          { kind: 'count', count: 0 },
          { kind: 'count', count: 2001 },
          { kind: 'share', share: 0 },
          { kind: 'all' },
        ]),
        inspectorsPerTarget: number(2, [1, 0, -1, 11, 2.5]),
        recusal: code('own_unit', ['own_unit', 'none'], 20),
        period: object({ from: '2026-04-01T00:00:00+08:00', to: '2026-06-30T23:59:59+08:00' }, [
          { from: '2026-06-30T23:59:59+08:00', to: '2026-04-01T00:00:00+08:00' },
          { from: '2026-04-01T00:00:00+08:00' },
          { from: '2024-02-30T00:00:00Z', to: '2026-06-30T23:59:59+08:00' },
        ]),
      },
      required: ['title', 'year', 'leadAgencyId', 'agencyIds', 'matters', 'targetDraw', 'inspectorsPerTarget', 'recusal', 'period'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/random-inspections', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: { ...page, year: fc.constantFrom('1999', '2101', '2026.5', 'abc', '%24where', '') },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/random-inspection-figures', {
    params: { countyCode: HOME },
    token: 'supervisor',
    validQuery: 'year=2026',
    query: { year: fc.constantFrom('1999', '2101', '2026.5', 'abc', '%24where', '') },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/random-inspections/:planId', {
    params: { countyCode: HOME, planId: NO_PLAN },
    token: 'supervisor',
  }),
  supervision('POST', '/api/v1/counties/:countyCode/random-inspections/:planId/publication', {
    params: { countyCode: HOME, planId: NO_PLAN },
    token: 'supervisor',
    ignoresBody: true,
  }),
  ...(['target-draws', 'inspector-draws'] as const).map((action) =>
    supervision('POST', `/api/v1/counties/:countyCode/random-inspections/:planId/${action}`, {
      params: { countyCode: HOME, planId: NO_PLAN },
      token: 'supervisor',
      body: { fields: { seed: number(20260401, [-1, 4294967296, 1.5, 1e20]) }, required: [] },
    }),
  ),
  supervision('POST', '/api/v1/counties/:countyCode/random-inspections/:planId/results', {
    params: { countyCode: HOME, planId: NO_PLAN },
    token: 'supervisor',
    body: {
      fields: {
        targetId: text('hostile-target', 64, ID_INVALID),
        inspectorIds: list([OFFICER_A, OFFICER_B], 20, [['a b']]),
        outcome: code('no_problem', ['no_problem', 'problem_corrected', 'problem_filed', 'not_operating', 'unreachable', 'refused'], 40),
        findings: text(`检查情况：${PLANTED_TEXT}`, 4000),
        inspectedAt: time('2026-05-01T10:00:00+08:00'),
      },
      required: ['targetId', 'inspectorIds', 'outcome', 'inspectedAt'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/random-inspections/:planId/results-publication', {
    params: { countyCode: HOME, planId: NO_PLAN },
    token: 'supervisor',
    body: { fields: { targetIds: list(['hostile-target'], 2000, [['a b']]) }, required: [] },
  }),
  // Normative documents and competence disputes (governance-routes.ts): ids nothing has (404 once valid).
  supervision('POST', '/api/v1/counties/:countyCode/normative-documents', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        documentId: text('hostile-document', 64, ID_INVALID),
        issuer: text('冷水滩区人民政府办公室', 200, ['', ' ']),
        documentNumber: text('冷政办发〔2026〕9号', 100, ['', ' ']),
        title: text(`行政执法公示办法：${PLANTED_TEXT}`, 200, ['', ' ']),
        issuedAt: time('2026-03-01T00:00:00+08:00'),
        effectiveFrom: time('2026-04-01T00:00:00+08:00', ['2026-02-01T00:00:00+08:00']),
        validUntil: time('2028-03-31T00:00:00+08:00', ['2040-01-01T00:00:00+08:00', '2026-03-15T00:00:00+08:00']),
      },
      required: ['issuer', 'documentNumber', 'title', 'issuedAt', 'effectiveFrom', 'validUntil'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/normative-documents', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: page,
  }),
  supervision('GET', '/api/v1/counties/:countyCode/normative-documents/:documentId', {
    params: { countyCode: HOME, documentId: NO_DOCUMENT },
    token: 'supervisor',
  }),
  supervision('POST', '/api/v1/counties/:countyCode/normative-documents/:documentId/filings', {
    params: { countyCode: HOME, documentId: NO_DOCUMENT },
    token: 'supervisor',
    body: {
      fields: {
        filedWith: code('government', FILING_BODIES, 20),
        recipient: text('永州市冷水滩区人民政府', 200, ['', ' ']),
        filingNumber: text('备-2026-1', 100, ['', ' ']),
        filedAt: time('2026-04-10T10:00:00+08:00'),
      },
      required: ['filedWith', 'recipient', 'filingNumber', 'filedAt'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/normative-documents/:documentId/reviews', {
    params: { countyCode: HOME, documentId: NO_DOCUMENT },
    token: 'supervisor',
    body: {
      fields: {
        reviewedBy: code('government', FILING_BODIES, 20),
        outcome: code('passed', ['passed', 'returned'], 20),
        opinion: text(`审查意见：${PLANTED_TEXT}`, 4000, [huge(4001, '审')]),
      },
      required: ['reviewedBy', 'outcome'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/normative-documents/:documentId/corrections', {
    params: { countyCode: HOME, documentId: NO_DOCUMENT },
    token: 'supervisor',
    body: { fields: { summary: text(`删除第五条：${PLANTED_TEXT}`, 4000, [huge(4001, '改')]) }, required: ['summary'] },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/normative-documents/:documentId/clean-ups', {
    params: { countyCode: HOME, documentId: NO_DOCUMENT },
    token: 'supervisor',
    body: {
      fields: {
        cleanUp: text('2026 年度清理', 200),
        outcome: code('kept', ['kept', 'amended', 'repealed'], 20),
        reason: text(`仍然适用：${PLANTED_TEXT}`, 4000),
        validUntil: time('2029-12-31T00:00:00+08:00'),
      },
      required: ['cleanUp', 'outcome', 'reason'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/competence-disputes', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        disputeId: text('hostile-dispute', 64, ID_INVALID),
        kind: code('declined', ['claimed', 'declined'], 20),
        agencyIds: list([ACTIVE, SUSPENDED], 20, [[ACTIVE], ['a b', ACTIVE]]),
        matter: text('餐饮油烟污染投诉的管辖', 200, ['', ' ']),
        description: text(`均认为不属本部门职责：${PLANTED_TEXT}`, 4000, ['', ' ']),
        actIds: list([ACT], 50, [['a b']]),
      },
      required: ['kind', 'agencyIds', 'matter', 'description'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/competence-disputes', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: page,
  }),
  supervision('GET', '/api/v1/counties/:countyCode/competence-disputes/:disputeId', {
    params: { countyCode: HOME, disputeId: NO_DISPUTE },
    token: 'supervisor',
  }),
  supervision('POST', '/api/v1/counties/:countyCode/competence-disputes/:disputeId/referral', {
    params: { countyCode: HOME, disputeId: NO_DISPUTE },
    token: 'supervisor',
    body: {
      fields: { superior: text('永州市冷水滩区人民政府', 200, ['', ' ']), reason: text(`分歧较大：${PLANTED_TEXT}`, 4000, ['', ' ']) },
      required: ['superior', 'reason'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/competence-disputes/:disputeId/decision', {
    params: { countyCode: HOME, disputeId: NO_DISPUTE },
    token: 'supervisor',
    body: {
      fields: {
        competentAgencyId: text(ACTIVE, 64, ID_INVALID),
        assistingAgencyIds: list([SUSPENDED], 20, [['a b']]),
        reasoning: text(`属其职责：${PLANTED_TEXT}`, 4000, ['', ' ']),
        legalBasis: text('《大气污染防治法》第一百一十八条', 2000, ['', ' ']),
      },
      required: ['competentAgencyId', 'reasoning', 'legalBasis'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/competence-disputes/:disputeId/follow-ups', {
    params: { countyCode: HOME, disputeId: NO_DISPUTE },
    token: 'supervisor',
    body: { fields: { note: text(`已督办：${PLANTED_TEXT}`, 4000, ['', ' ']) }, required: ['note'] },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/competence-disputes/:disputeId/implementation', {
    params: { countyCode: HOME, disputeId: NO_DISPUTE },
    token: 'supervisor',
    body: {
      fields: {
        agencyId: text(ACTIVE, 64, ID_INVALID),
        summary: text(`已落实：${PLANTED_TEXT}`, 4000, ['', ' ']),
        actIds: list([ACT], 50, [['a b']]),
      },
      required: ['agencyId', 'summary'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/competence-disputes/:disputeId/withdrawal', {
    params: { countyCode: HOME, disputeId: NO_DISPUTE },
    token: 'supervisor',
    body: { fields: { reason: text(`已协商：${PLANTED_TEXT}`, 4000, ['', ' ']) }, required: ['reason'] },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/persons-under-correction', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        personId: text('hostile-person', 64, ID_INVALID),
        category: code(
          'probation',
          ['probation', 'medical_parole', 'deprivation_of_political_rights', 'parole', 'public_surveillance'],
          40,
        ),
        officeId: text('sfs-1', 64, ID_INVALID),
        dutyCrime: bool(false),
        startsAt: time('2026-01-01T00:00:00+08:00'),
        endsAt: time('2027-12-31T00:00:00+08:00', ['2025-12-31T00:00:00+08:00']),
      },
      required: ['personId', 'category', 'officeId', 'startsAt', 'endsAt'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/persons-under-correction', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: page,
  }),
  supervision('GET', '/api/v1/counties/:countyCode/persons-under-correction/:personId', {
    params: { countyCode: HOME, personId: NO_PERSON },
    token: 'supervisor',
  }),
  supervision('POST', '/api/v1/counties/:countyCode/persons-under-correction/:personId/hours', {
    params: { countyCode: HOME, personId: NO_PERSON },
    token: 'supervisor',
    body: {
      fields: {
        kind: code('education', ['education', 'community_service'], 20),
        month: text('2026-05', 7, ['2026-13', '2026-5', '202605', '$where']),
        hours: number(4, [-1, 25]),
        activity: text(`集中教育学习：${PLANTED_TEXT}`, 200),
        occurredAt: time('2026-05-10T10:00:00+08:00'),
      },
      required: ['kind', 'month', 'hours', 'occurredAt'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/persons-under-correction/:personId/absconding', {
    params: { countyCode: HOME, personId: NO_PERSON },
    token: 'supervisor',
    body: {
      fields: { lostContactAt: time('2026-05-10T10:00:00+08:00'), measures: text(`电话联系：${PLANTED_TEXT}`, 4000, [huge(4001, '联')]) },
      required: ['lostContactAt', 'measures'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/persons-under-correction/:personId/return', {
    params: { countyCode: HOME, personId: NO_PERSON },
    token: 'supervisor',
    body: { fields: { returnedAt: time('2026-05-11T10:00:00+08:00'), note: text('已报到', 4000) }, required: ['returnedAt'] },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/persons-under-correction/:personId/end', {
    params: { countyCode: HOME, personId: NO_PERSON },
    token: 'supervisor',
    body: {
      fields: {
        reason: code('revoked', ['term_completed', 'revoked', 'committed', 'died'], 20),
        endedAt: time('2026-05-12T10:00:00+08:00'),
        note: text('撤销缓刑', 4000),
      },
      required: ['reason', 'endedAt'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/correction-findings', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        findingId: text('hostile-finding', 64, ID_INVALID),
        category: code('court_documents_not_served', CORRECTION_FINDING_CATEGORIES, 64),
        personId: text(NO_PERSON, 64, ID_INVALID),
        description: text(`未依法送达：${PLANTED_TEXT}`, 4000, ['', ' ', huge(4001, '述')]),
        foundAt: time('2026-05-10T10:00:00+08:00'),
      },
      required: ['category', 'description', 'foundAt'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/correction-findings', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: page,
  }),
  supervision('GET', '/api/v1/counties/:countyCode/community-corrections-report', {
    params: { countyCode: HOME },
    token: 'supervisor',
    validQuery: 'period=month&year=2026&month=5',
    query: {
      period: hostileQueryCode(['month', 'half']),
      year: fc.constantFrom('1999', '2101', '2026.5', 'abc', '%24where', ''),
      month: fc.constantFrom('0', '13', '1.5', 'x', '-1'),
      half: fc.constantFrom('0', '3', '1.5', 'x'),
      format: hostileQueryCode(['json', 'xlsx', 'html']),
      name: hostileQueryText(50),
    },
  }),
  // Yearly evaluation of agencies (evaluation-routes.ts): an agency and an evaluation nothing has (404 once valid).
  supervision('POST', '/api/v1/counties/:countyCode/agency-evaluations', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        agencyId: text(NO_EVALUATED_AGENCY, 64, ID_INVALID),
        year: number(2026, [1999, 2101, 2026.5, -1, 1e10]),
        scheme: object(EVALUATION_SCHEME, EVALUATION_SCHEMES_INVALID),
        ...evaluationScoreFields,
      },
      required: ['agencyId', 'year', 'supervisorScores'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/agency-evaluations', {
    params: { countyCode: HOME },
    token: 'supervisor',
    validQuery: 'year=2026',
    query: { year: fc.constantFrom('1999', '2101', '2026.5', 'abc', '%24where', '') },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/agency-evaluations/:evaluationId', {
    params: { countyCode: HOME, evaluationId: NO_EVALUATION },
    token: 'supervisor',
  }),
  supervision('POST', '/api/v1/counties/:countyCode/agency-evaluations/:evaluationId/revision', {
    params: { countyCode: HOME, evaluationId: NO_EVALUATION },
    token: 'supervisor',
    body: {
      fields: { ...evaluationScoreFields, reason: text(`补充评分：${PLANTED_TEXT}`, 2000, [huge(2001, '理')]) },
      required: ['supervisorScores', 'reason'],
    },
  }),
  supervision('POST', '/api/v1/counties/:countyCode/agency-evaluations/:evaluationId/publication', {
    params: { countyCode: HOME, evaluationId: NO_EVALUATION },
    token: 'supervisor',
    ignoresBody: true,
  }),
];

/** Rectification (rectification-routes.ts): an id no rectification has (404 once valid); a notice on an alert no alert has (400 once valid). */
const NO_RECTIFICATION = 'no-such-rectification';
const RECTIFICATION_STATUSES = ['awaiting_reply', 'replied', 'accepted', 'closed'];
const RECIPIENTS_INVALID = [
  '[{"name":"冷水滩区人民政府"}]',
  '[{"name":"冷水滩区人民政府","relation":"本级人民政府","$where":1}]',
  '[1]',
  '[null]',
  JSON.stringify(Array.from({ length: 21 }, (_, i) => ({ name: `单位${i}`, relation: '上级' }))),
];
const ACCOUNTABILITY_VALID = {
  decidedBy: '区司法局',
  measure: '批评教育',
  persons: ['o-1'],
  basis: '依据',
  decidedAt: '2026-11-01T09:00:00+08:00',
};
const accountabilityFields = {
  decidedBy: text('区司法局', 200, ['', ' ']),
  measure: text('批评教育', 200, ['', ' ']),
  persons: list(['o-1'], 50, [[], [''], [huge(201, '张')]]),
  basis: text(`依据：${PLANTED_TEXT}`, 2000, ['', ' ']),
  decidedAt: time('2026-11-01T09:00:00+08:00'),
};
const rectification = (action: string, token: TokenName, body: RouteSpec['body']) =>
  supervision('POST', `/api/v1/counties/:countyCode/rectifications/:rectificationId/${action}`, {
    params: { countyCode: HOME, rectificationId: NO_RECTIFICATION },
    token,
    body,
  });
/** Statistics reports (statistics-routes.ts): period, year, month, half, asOf, format, name. */
const REPORT_QUERY = 'period=year&year=2026';
const reportQuery = {
  period: hostileQueryCode(['month', 'half', 'year']),
  year: fc.constantFrom('1989', '2201', 'abc', '2026.5', '-1', '%00', '20260').map(safeEncode),
  month: fc.constantFrom('0', '13', '1.5', 'x', '-1'),
  half: fc.constantFrom('0', '3', '1.5', 'x'),
  asOf: hostileTime.map(safeEncode),
  format: hostileQueryCode(['json', 'xlsx', 'html']),
  name: hostileQueryText(50),
};
const RECTIFICATION_AND_STATISTICS_ROUTES: RouteSpec[] = [
  supervision('POST', '/api/v1/counties/:countyCode/rectifications', {
    params: { countyCode: HOME },
    token: 'supervisor',
    body: {
      fields: {
        rectificationId: text('hostile-rect', 64, ID_INVALID),
        documentKind: code('notice', ['notice', 'opinion', 'decision'], 20),
        documentNumber: text('冷司监通〔2026〕9号', 200, ['', ' ']),
        supervisionForm: code('routine', ['routine', 'focused', 'special'], 20),
        agencyId: text(ACTIVE, 64, ID_INVALID),
        grounds: {
          valid: JSON.stringify([{ kind: 'alert', alertId: NO_ALERT }]),
          maxLength: 0,
          type: 'array',
          invalid: fc.constantFrom(
            '[]',
            '[{"kind":"case_file_problem","description":"x"}]',
            '[{"kind":"alert","alertId":"a b"}]',
            '[{"kind":"alert","alertId":"x","$where":1}]',
            '[{"alertId":"x"}]',
            '[1]',
            '[null]',
          ),
        },
        findings: text(`调查取证仅一名执法人员：${PLANTED_TEXT}`, 2000, ['', ' ']),
        requirements: text('限期整改', 2000, ['', ' ']),
        deadlineWorkingDays: number(5, [0, 251, -1, 1.5]),
        copiedTo: {
          valid: '[{"name":"冷水滩区人民政府","relation":"本级人民政府"}]',
          maxLength: 0,
          type: 'array',
          invalid: fc.constantFrom(...RECIPIENTS_INVALID),
        },
      },
      required: ['documentKind', 'documentNumber', 'supervisionForm', 'agencyId', 'grounds', 'findings', 'requirements'],
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/rectifications', {
    params: { countyCode: HOME },
    token: 'supervisor',
    query: {
      ...page,
      agencyId: hostileId,
      status: hostileQueryCode(RECTIFICATION_STATUSES),
      overdue: fc.constantFrom('yes', '2', '%00', 'tru', '%7B%7D'),
    },
  }),
  supervision('GET', '/api/v1/counties/:countyCode/rectifications/:rectificationId', {
    params: { countyCode: HOME, rectificationId: NO_RECTIFICATION },
    token: 'supervisor',
  }),
  rectification('reply', 'clerk', {
    fields: {
      agencyId: text(ACTIVE, 64, ID_INVALID),
      measures: list(['已在门户网站公示'], 50, [[], [''], [huge(2001, '措')]]),
      explanation: text(`情况说明：${PLANTED_TEXT}`, 2000),
    },
    required: ['agencyId', 'measures'],
  }),
  rectification('acceptance', 'supervisor', {
    fields: { opinion: text('整改到位', 2000, ['', ' ']) },
    required: ['opinion'],
  }),
  rectification('return', 'supervisor', {
    fields: {
      reason: text(`整改不到位：${PLANTED_TEXT}`, 2000, ['', ' ']),
      newDeadlineWorkingDays: number(5, [0, 251, -1, 1.5]),
    },
    required: ['reason'],
  }),
  rectification('closure', 'supervisor', {
    fields: {
      outcome: code('rectified', ['rectified', 'not_rectified'], 20),
      publicSummary: text('已完成整改', 2000, ['', ' ']),
      accountability: object(ACCOUNTABILITY_VALID, [
        { ...ACCOUNTABILITY_VALID, persons: [] },
        { ...ACCOUNTABILITY_VALID, decidedAt: '2026-13-01T00:00:00Z' },
        { decidedBy: '区司法局' },
      ]),
    },
    required: ['outcome', 'publicSummary'],
  }),
  rectification('accountability', 'supervisor', {
    fields: accountabilityFields,
    required: ['decidedBy', 'measure', 'persons', 'basis', 'decidedAt'],
  }),
  supervision('GET', '/api/v1/counties/:countyCode/statistics', {
    params: { countyCode: HOME },
    token: 'supervisor',
    validQuery: REPORT_QUERY,
    query: reportQuery,
  }),
  supervision('GET', '/api/v1/counties/:countyCode/agencies/:agencyId/statistics', {
    params: { countyCode: HOME, agencyId: ACTIVE },
    token: 'clerk',
    validQuery: REPORT_QUERY,
    query: reportQuery,
  }),
  supervision('GET', '/api/v1/regions/:regionCode/statistics', {
    params: { regionCode: '4311' },
    token: 'viewer',
    validQuery: `${REPORT_QUERY}&counties=${HOME}`,
    query: {
      ...reportQuery,
      counties: fc.constantFrom('4311', `${HOME},`, `${HOME};431102`, '$where', '1234567', `${HOME},${HOME}x`, '').map(safeEncode),
    },
  }),
];

// ---------------------------------------------------------------------------------------------
// Cross-region coordination (coordination-routes.ts): the caller's county (HOME) acts within its agreements; ids nothing
// has (404 once valid).

function crossRegion(
  method: 'GET' | 'POST',
  template: string,
  spec: Omit<RouteSpec, 'name' | 'service' | 'method' | 'path' | 'token'>,
): RouteSpec {
  return {
    name: `cross-region ${method} ${template}`,
    service: 'cross-region',
    method,
    path: (p) => template.replace(/:(\w+)/g, (_match, key: string) => p[key]!),
    token: 'supervisor',
    runs: NEW_ROUTE_RUNS,
    ...spec,
  };
}
const NO_XR = 'no-xr';
const XR_COUNTIES = [HOME, '433124', '522229', '500241'];
const county = (value: string): FieldSpec => code(value, XR_COUNTIES, 6, ['43110', '4311030', '031103', '9311O3']);
const counties = (value: readonly string[]): FieldSpec => list(value, 50, [['4311O3'], [HOME, HOME], ['']]);
const texts = (value: readonly string[]): FieldSpec => list(value, 50, [[huge(201, '议')]]);
const sharedData = objectList([{ countyCode: HOME, dataKinds: ['enforcement_acts'] }], 50, [
  { countyCode: '4311O3', dataKinds: [] },
  { countyCode: HOME, dataKinds: ['everything'] },
  { countyCode: HOME },
  { countyCode: HOME, dataKinds: [], $where: 1 },
]);
const xr = (suffix: string) => `/api/v1/counties/:countyCode${suffix}`;
const xrParams = (name?: string) => ({ countyCode: HOME, ...(name ? { [name]: NO_XR } : {}) });
const CROSS_REGION_ROUTES: RouteSpec[] = [
  crossRegion('POST', xr('/agreements'), {
    params: xrParams(),
    body: {
      fields: {
        name: text(`锰三角协议：${PLANTED_TEXT}`, 200, ['', ' ']),
        members: counties([HOME, '433124']),
        hostOrder: counties(['433124', HOME]),
        fields: texts(['生态环境']),
        sharedData,
        rulePacks: texts(['standard']),
        effectiveFrom: time('2026-01-01T00:00:00+08:00'),
      },
      required: ['name', 'members', 'fields', 'effectiveFrom'],
    },
  }),
  crossRegion('GET', xr('/agreements'), { params: xrParams() }),
  crossRegion('GET', xr('/agreements/:agreementId'), { params: xrParams('agreementId') }),
  crossRegion('POST', xr('/agreements/:agreementId/signature'), {
    params: xrParams('agreementId'),
    ignoresBody: true,
  }),
  crossRegion('POST', xr('/agreements/:agreementId/members'), {
    params: xrParams('agreementId'),
    body: {
      fields: { newMember: county('522229'), dataKinds: list(['enforcement_acts'], 2, [['everything'], ['alerts', 'alerts']]) },
      required: ['newMember', 'dataKinds'],
    },
  }),
  crossRegion('POST', xr('/agreements/:agreementId/withdrawal'), {
    params: xrParams('agreementId'),
    body: { fields: { reason: text(`退出理由：${PLANTED_TEXT}`, 5000, ['', ' ']) }, required: ['reason'] },
  }),
  crossRegion('POST', xr('/agreements/:agreementId/amendments'), {
    params: xrParams('agreementId'),
    body: {
      fields: {
        summary: text('调整轮值顺序', 5000, ['', ' ']),
        name: text('锰三角协议', 200, ['', ' ']),
        fields: texts(['生态环境']),
        sharedData,
        rulePacks: texts(['standard']),
        leadOrder: counties([HOME, '433124']),
        hostOrder: counties(['433124', HOME]),
      },
      required: ['summary', 'name', 'fields', 'leadOrder', 'hostOrder'],
    },
  }),
  crossRegion('POST', xr('/agreements/:agreementId/termination'), {
    params: xrParams('agreementId'),
    body: { fields: { reason: text('协议到期', 5000, ['', ' ']) }, required: ['reason'] },
  }),
  crossRegion('GET', xr('/agreements/:agreementId/lead-and-host'), {
    params: xrParams('agreementId'),
    validQuery: 'on=2027-01-01T00:00:00Z',
    query: { on: hostileTime.map(safeEncode) },
  }),
  crossRegion('GET', xr('/agreements/:agreementId/meeting-years'), { params: xrParams('agreementId') }),
  crossRegion('POST', xr('/agreements/:agreementId/joint-meetings'), {
    params: xrParams('agreementId'),
    body: {
      fields: { scheduledFor: time('2026-12-01T09:00:00+08:00'), agenda: texts(['通报情况']) },
      required: ['scheduledFor', 'agenda'],
    },
  }),
  crossRegion('GET', xr('/joint-meetings/:meetingId'), { params: xrParams('meetingId') }),
  crossRegion('POST', xr('/joint-meetings/:meetingId/holding'), {
    params: xrParams('meetingId'),
    body: {
      fields: {
        heldAt: time('2026-01-01T09:00:00+08:00'),
        minutes: text(`会议纪要：${PLANTED_TEXT}`, 20000, ['', ' ']),
        attendees: objectList([{ countyCode: HOME, names: ['参会代表'] }], 50, [
          { countyCode: HOME },
          { countyCode: '4311O3', names: [] },
          { countyCode: HOME, names: [1] },
        ]),
      },
      required: ['heldAt', 'attendees', 'minutes'],
    },
  }),
  crossRegion('POST', xr('/joint-meetings/:meetingId/decisions'), {
    params: xrParams('meetingId'),
    body: {
      fields: { decision: text('限期整治', 5000, ['', ' ']), assigneeCounty: county('433124'), dueAt: time('2027-01-01T00:00:00+08:00') },
      required: ['decision'],
    },
  }),
  crossRegion('POST', xr('/joint-meetings/:meetingId/decisions/:decisionId/completion'), {
    params: { countyCode: HOME, meetingId: NO_XR, decisionId: NO_XR },
    body: { fields: { report: text('已完成', 5000, ['', ' ']) }, required: ['report'] },
  }),
  crossRegion('POST', xr('/agreements/:agreementId/cross-border-incidents'), {
    params: xrParams('agreementId'),
    body: {
      fields: {
        locationCounty: county('500241'),
        title: text('尾矿库泄漏', 200, ['', ' ']),
        description: text(`情况：${PLANTED_TEXT}`, 5000, ['', ' ']),
        occurredAt: time('2026-05-03T08:00:00+08:00'),
      },
      required: ['locationCounty', 'title', 'description', 'occurredAt'],
    },
  }),
  crossRegion('GET', xr('/cross-border-incidents'), { params: xrParams() }),
  crossRegion('GET', xr('/cross-border-incidents/:incidentId'), { params: xrParams('incidentId') }),
  crossRegion('POST', xr('/cross-border-incidents/:incidentId/jurisdiction'), {
    params: xrParams('incidentId'),
    body: {
      fields: {
        handlingCounty: county('500241'),
        supervisingCounties: counties([HOME]),
        basis: code('consent', ['consent', 'meeting'], 20),
        meetingId: text('m-1', 64, ID_INVALID),
        consentingCounties: counties([HOME, '500241']),
      },
      required: ['handlingCounty', 'supervisingCounties', 'basis'],
    },
  }),
  crossRegion('POST', xr('/cross-border-incidents/:incidentId/linked-acts'), {
    params: xrParams('incidentId'),
    body: { fields: { actId: text('act-1', 64, ID_INVALID) }, required: ['actId'] },
  }),
  crossRegion('GET', xr('/cross-border-incidents/:incidentId/linked-acts'), { params: xrParams('incidentId') }),
  crossRegion('GET', xr('/cross-border-incidents/:incidentId/linked-acts/:actId'), {
    params: { countyCode: HOME, incidentId: NO_XR, actId: 'act-1' },
  }),
  crossRegion('POST', xr('/cross-border-incidents/:incidentId/opinions'), {
    params: xrParams('incidentId'),
    body: {
      fields: { opinion: text(`监督意见：${PLANTED_TEXT}`, 5000, ['', ' ']), actId: text('act-1', 64, ID_INVALID) },
      required: ['opinion'],
    },
  }),
  crossRegion('POST', xr('/cross-border-incidents/:incidentId/closure-consents'), {
    params: xrParams('incidentId'),
    body: { fields: { note: text('同意办结', 5000) }, required: [] },
  }),
  crossRegion('POST', xr('/agreements/:agreementId/administrative-advice'), {
    params: xrParams('agreementId'),
    body: {
      fields: {
        toCounty: county('433124'),
        incidentId: text('i-1', 64, ID_INVALID),
        subject: text('汛期前排查尾矿库', 200, ['', ' ']),
        content: text(`建议：${PLANTED_TEXT}`, 5000, ['', ' ']),
        dueAt: time('2027-01-01T00:00:00+08:00'),
        sentAt: time('2026-04-13T09:00:00+08:00'),
      },
      required: ['toCounty', 'subject', 'content', 'dueAt'],
    },
  }),
  crossRegion('GET', xr('/administrative-advice'), { params: xrParams() }),
  crossRegion('POST', xr('/agreements/:agreementId/consultations'), {
    params: xrParams('agreementId'),
    body: {
      fields: {
        kind: code('consultation', ['consultation', 'hearing'], 20),
        subject: text('排污口管辖争议', 200, ['', ' ']),
        incidentId: text('i-1', 64, ID_INVALID),
        parties: counties([HOME, '433124']),
        affectedParties: texts(['下游村民代表']),
        scheduledFor: time('2026-12-01T09:00:00+08:00'),
      },
      required: ['kind', 'subject', 'parties', 'scheduledFor'],
    },
  }),
  crossRegion('GET', xr('/consultations'), { params: xrParams() }),
  crossRegion('GET', xr('/consultations/:consultationId'), { params: xrParams('consultationId') }),
  crossRegion('POST', xr('/consultations/:consultationId/outcome'), {
    params: xrParams('consultationId'),
    body: {
      fields: {
        heldAt: time('2026-01-01T09:00:00+08:00'),
        participants: texts(['松桃代表']),
        outcome: code('agreed', ['agreed', 'not_agreed', 'heard'], 20),
        summary: text(`结果：${PLANTED_TEXT}`, 5000, ['', ' ']),
      },
      required: ['heldAt', 'outcome', 'summary'],
    },
  }),
  {
    ...crossRegion('GET', '/api/v1/regions/:regionCode/cross-region-summary', {
      params: { regionCode: '4311' },
      query: { counties: fc.constantFrom('4311', `${HOME},`, `${HOME};431102`, '$where', '1234567', '').map(safeEncode) },
    }),
    token: 'viewer',
  },
  crossRegion('POST', xr('/exchange-consent'), {
    params: xrParams(),
    body: {
      fields: {
        recipients: list(['4311'], 20, [['4311x'], ['5002'], ['4311', '4311'], ['']]),
        dataKinds: list(['incidents'], 10, [['acts'], ['personal_data'], ['incidents', 'incidents']]),
      },
      required: ['recipients', 'dataKinds'],
    },
  }),
  {
    ...crossRegion('GET', '/api/v1/regions/:regionCode/exchange-feed/:countyCode', {
      params: { regionCode: '4311', countyCode: HOME },
      validQuery: 'limit=10',
      query: {
        limit: fc.constantFrom('0', '501', '-1', '1.5', 'x', '$gt', ''),
        after: fc.constantFrom('not-a-position', '-1', '1.5', 'a.b', '$where', huge(16, '9'), '{"$gt":""}').map(safeEncode),
      },
    }),
    token: 'viewer',
  },
  crossRegion('GET', xr('/administrative-advice/:adviceId'), { params: xrParams('adviceId') }),
  crossRegion('POST', xr('/administrative-advice/:adviceId/answer'), {
    params: xrParams('adviceId'),
    body: { fields: { answer: text(`答复：${PLANTED_TEXT}`, 5000, ['', ' ']) }, required: ['answer'] },
  }),
];

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
    name: 'case-intake PUT /api/v1/counties/:countyCode/agencies/:agencyId',
    service: 'case-intake',
    method: 'PUT',
    params: { countyCode: HOME, agencyId: ACTIVE },
    path: (p) => `/api/v1/counties/${p['countyCode']}/agencies/${p['agencyId']}`,
    token: 'supervisor',
    body: {
      fields: {
        name: registerFields.name,
        creditCode: registerFields.creditCode,
        kind: registerFields.kind,
        legalBasis: registerFields.legalBasis,
      },
      required: ['name', 'creditCode', 'kind'],
    },
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
  ...INTAKE_ROUTES,
  {
    name: 'supervision GET /api/v1/counties/:countyCode/supervised-agencies',
    service: 'supervision',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/counties/${p['countyCode']}/supervised-agencies`,
    token: 'supervisor',
    query: page,
  },
  ...SUPERVISION_ROUTES,
  ...CROSS_REGION_ROUTES,
  ...RECTIFICATION_AND_STATISTICS_ROUTES,
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
  // Public disclosure: decision search, a decision, an agency's seven items, officers (public); the reviewer's routes.
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/decisions',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/decisions`,
    token: 'none',
    query: {
      ...page,
      typical: fc.constantFrom('yes', 'maybe', '$ne', '{"$ne":null}', '2').map(safeEncode),
      agencyId: fc.constantFrom('', '$ne', '{"$ne":null}', 'a b', '../m1', huge(65, 'a'), '冷水滩').map(safeEncode),
      category: fc
        .oneof(fc.constantFrom('', 'Penalty', 'penalty ', '$ne', '行政处罚', huge(21, 'p')), fc.string({ maxLength: 30 }))
        .filter(
          (c) =>
            ![
              'licensing',
              'penalty',
              'coercion',
              'inspection',
              'levy',
              'benefit',
              'confirmation',
              'adjudication',
              'compensation',
              'award',
            ].includes(c),
        )
        .map(safeEncode),
      from: fc.constantFrom('', '2026-02-30', '2026-13-01', '20260101', '2026-1-1', '$gt', '2026-01-01T00:00:00Z').map(safeEncode),
      to: fc.constantFrom('', '2026-04-31', '2026-00-10', 'yesterday', '{"$lt":""}').map(safeEncode),
      keyword: fc
        .oneof(
          fc.constantFrom('', ' ', '!!!', '——', huge(21, '罚')),
          fc.string({ minLength: 21, maxLength: 60 }).filter((k) => [...k.trim()].length > 20),
        )
        .map(safeEncode),
    },
  },
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/decisions/:actId',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME, actId: 'no-such-act' },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/decisions/${p['actId']}`,
    token: 'none',
  },
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/agencies/:agencyId/disclosure',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME, agencyId: ACTIVE },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/agencies/${p['agencyId']}/disclosure`,
    token: 'none',
  },
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/officers',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/officers`,
    token: 'none',
    query: { ...page, agencyId: fc.constantFrom('', '$ne', '{"$ne":null}', 'a b', huge(65, 'a')).map(safeEncode) },
  },
  // The portal's pages: an empty form field means "any"; anything else the API refuses is refused here too.
  {
    name: 'public-disclosure GET /portal/counties/:countyCode',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/portal/counties/${p['countyCode']}`,
    token: 'none',
  },
  {
    name: 'public-disclosure GET /portal/counties/:countyCode/decisions',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/portal/counties/${p['countyCode']}/decisions`,
    token: 'none',
    query: {
      cursor: hostileCursor.map(safeEncode),
      agencyId: fc.constantFrom('$ne', '{"$ne":null}', 'a b', huge(65, 'a')).map(safeEncode),
      category: fc.constantFrom('Penalty', 'penalty ', '$ne', '行政处罚', huge(21, 'p')).map(safeEncode),
      from: fc.constantFrom('2026-02-30', '2026-13-01', '20260101', '$gt').map(safeEncode),
      to: fc.constantFrom('2026-04-31', 'yesterday', '{"$lt":""}').map(safeEncode),
      keyword: fc.constantFrom('!!!', '——', huge(21, '罚')).map(safeEncode),
    },
  },
  ...(['/api/v1/public/counties', '/portal/counties'] as const).map((prefix): RouteSpec => ({
    // The running year is refused too (YEAR_NOT_COMPLETE): only completed years are published.
    name: `public-disclosure GET ${prefix}/:countyCode/statistics`,
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `${prefix}/${p['countyCode']}/statistics`,
    token: 'none',
    validQuery: 'year=2025',
    query: {
      year: fc.constantFrom('', '1999', '2101', '2026.5', 'abc', '$gt', '{"$gt":0}', String(new Date().getUTCFullYear())).map(safeEncode),
    },
  })),
  // Complaints from the portal (case intake is not configured here: a valid complaint would be 503, every hostile one is refused before).
  ...(['/api/v1/public/counties/:countyCode/complaints', '/portal/counties/:countyCode/complaints'] as const).map((route): RouteSpec => ({
    name: `public-disclosure POST ${route}`,
    service: 'public-disclosure',
    method: 'POST',
    params: { countyCode: HOME },
    path: (p) => route.replace(':countyCode', p['countyCode']!),
    token: 'none',
    body: {
      fields: {
        subject: { valid: JSON.stringify('占道经营'), maxLength: 400 },
        summary: { valid: JSON.stringify(`情况：${PLANTED_TEXT}`), maxLength: 8000 },
        name: { valid: JSON.stringify('赵六'), maxLength: 200 },
        phone: { valid: JSON.stringify('13912345678'), maxLength: 32, invalid: fc.constantFrom('"12345"', '"abc"', '"0746-12"') },
        website: { valid: '""', maxLength: 200, invalid: fc.constantFrom('"http://spam.example"', '"x"') },
      },
      required: ['subject', 'summary'],
    },
  })),
  {
    name: 'public-disclosure GET /portal/counties/:countyCode/complaints/new',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/portal/counties/${p['countyCode']}/complaints/new`,
    token: 'none',
  },
  {
    name: 'public-disclosure GET /portal/complaints/:trackingNumber',
    service: 'public-disclosure',
    method: 'GET',
    params: { trackingNumber: '0000-0000-0000' },
    path: (p) => `/portal/complaints/${p['trackingNumber']}`,
    token: 'none',
  },
  // Inspection traces (扫码留痕): a code no trace has answers 404 once well-formed.
  {
    name: 'public-disclosure GET /api/v1/public/inspection-traces/:code',
    service: 'public-disclosure',
    method: 'GET',
    params: { code: 'AAAAAAAAAAAAAAAAAAAAAAAAAA' },
    path: (p) => `/api/v1/public/inspection-traces/${p['code']}`,
    token: 'none',
  },
  {
    name: 'public-disclosure GET /portal/trace/:code',
    service: 'public-disclosure',
    method: 'GET',
    params: { code: 'AAAAAAAAAAAAAAAAAAAAAAAAAA' },
    path: (p) => `/portal/trace/${p['code']}`,
    token: 'none',
  },
  ...(['/api/v1/public/inspection-traces/:code/confirmation', '/portal/trace/:code'] as const).map((route): RouteSpec => ({
    name: `public-disclosure POST ${route}`,
    service: 'public-disclosure',
    method: 'POST',
    params: { code: 'AAAAAAAAAAAAAAAAAAAAAAAAAA' },
    path: (p) => route.replace(':code', p['code']!),
    token: 'none',
    body: { fields: { rating: number(3, [0, 6, 1.5, -1, 100]) }, required: ['rating'] },
  })),
  {
    name: 'public-disclosure GET /api/v1/counties/:countyCode/inspection-traces/:actId',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME, actId: 'no-such-act' },
    path: (p) => `/api/v1/counties/${p['countyCode']}/inspection-traces/${p['actId']}`,
    token: 'clerk',
    validQuery: `agencyId=${ACTIVE}`,
    query: { agencyId: fc.constantFrom('', '$ne', '{"$ne":null}', 'a b', huge(65, 'a')).map(safeEncode) },
  },
  {
    name: 'public-disclosure GET /portal/counties/:countyCode/decisions/:actId',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME, actId: 'no-such-act' },
    path: (p) => `/portal/counties/${p['countyCode']}/decisions/${p['actId']}`,
    token: 'none',
  },
  {
    name: 'public-disclosure GET /portal/counties/:countyCode/agencies/:agencyId',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME, agencyId: ACTIVE },
    path: (p) => `/portal/counties/${p['countyCode']}/agencies/${p['agencyId']}`,
    token: 'none',
  },
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/random-inspections',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/random-inspections`,
    token: 'none',
    query: { ...page, year: fc.constantFrom('', '1999', '2101', '2026.5', 'abc', '$gt', '{"$gt":0}').map(safeEncode) },
  },
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/random-inspections/:planId',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME, planId: 'no-such-plan' },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/random-inspections/${p['planId']}`,
    token: 'none',
  },
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/rectifications',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/rectifications`,
    token: 'none',
    query: { ...page, agencyId: fc.constantFrom('', '$ne', '{"$ne":null}', 'a b', huge(65, 'a')).map(safeEncode) },
  },
  // Supervision's published results: evaluations, case-file review summaries (JSON), and the portal's pages of them
  // and of random inspections and rectifications (a page's form sends empty fields for "any").
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/evaluations',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/evaluations`,
    token: 'none',
    runs: NEW_ROUTE_RUNS,
    query: { ...page, year: fc.constantFrom('', '1999', '2101', '2025.5', 'abc', '$gt', '{"$gt":0}').map(safeEncode) },
  },
  {
    name: 'public-disclosure GET /api/v1/public/counties/:countyCode/case-file-reviews',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/public/counties/${p['countyCode']}/case-file-reviews`,
    token: 'none',
    runs: NEW_ROUTE_RUNS,
    query: page,
  },
  ...(
    [
      ['/api/v1/public/counties/:countyCode/case-file-reviews/:reviewId', 'reviewId', 'no-such-review'],
      ['/portal/counties/:countyCode/case-file-reviews/:reviewId', 'reviewId', 'no-such-review'],
      ['/portal/counties/:countyCode/random-inspections/:planId', 'planId', 'no-such-plan'],
    ] as const
  ).map(([route, param, id]): RouteSpec => ({
    name: `public-disclosure GET ${route}`,
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME, [param]: id },
    path: (p) => route.replace(':countyCode', p['countyCode']!).replace(`:${param}`, p[param]!),
    token: 'none',
    runs: NEW_ROUTE_RUNS,
  })),
  ...(['random-inspections', 'evaluations'] as const).map((what): RouteSpec => ({
    name: `public-disclosure GET /portal/counties/:countyCode/${what}`,
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/portal/counties/${p['countyCode']}/${what}`,
    token: 'none',
    runs: NEW_ROUTE_RUNS,
    query: {
      ...(what === 'random-inspections' ? { cursor: page.cursor } : {}),
      year: fc.constantFrom('1999', '2101', '2025.5', '02025', 'abc', '$gt', '{"$gt":0}', huge(5, '2')).map(safeEncode),
    },
  })),
  {
    name: 'public-disclosure GET /portal/counties/:countyCode/rectifications',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/portal/counties/${p['countyCode']}/rectifications`,
    token: 'none',
    runs: NEW_ROUTE_RUNS,
    query: { cursor: page.cursor, agencyId: fc.constantFrom('$ne', '{"$ne":null}', 'a b', huge(65, 'a')).map(safeEncode) },
  },
  {
    name: 'public-disclosure GET /portal/counties/:countyCode/case-file-reviews',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/portal/counties/${p['countyCode']}/case-file-reviews`,
    token: 'none',
    runs: NEW_ROUTE_RUNS,
    query: { cursor: page.cursor },
  },
  // The daily digests (日摘要): days, a service name and a cursor; the portal's form sends empty fields for "any".
  ...(['/api/v1/public/counties', '/portal/counties'] as const).map((prefix): RouteSpec => ({
    name: `public-disclosure GET ${prefix}/:countyCode/daily-digests`,
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `${prefix}/${p['countyCode']}/daily-digests`,
    token: 'none',
    query: {
      ...(prefix === '/portal/counties' ? { cursor: page.cursor } : page),
      from: fc.constantFrom('2026-02-30', '2026-13-01', '20260101', '$gt', '{"$gt":""}', huge(11, '2')).map(safeEncode),
      to: fc.constantFrom('2026-04-31', 'yesterday', '{"$lt":""}').map(safeEncode),
      service: fc.constantFrom('Case-Intake', 'cross_region', 'web-console', '$ne', '{"$ne":null}', huge(41, 'a')).map(safeEncode),
    },
  })),
  {
    name: 'public-disclosure GET /api/v1/counties/:countyCode/disclosures',
    service: 'public-disclosure',
    method: 'GET',
    params: { countyCode: HOME },
    path: (p) => `/api/v1/counties/${p['countyCode']}/disclosures`,
    token: 'clerk',
    query: {
      ...page,
      agencyId: fc.constantFrom('', '$ne', '{"$ne":null}', 'a b', huge(65, 'a')).map(safeEncode),
      status: fc
        .oneof(fc.constantFrom('', 'Pending', 'pending ', '$ne', '{"$ne":null}'), fc.string({ maxLength: 20 }))
        .filter((v) => !['pending', 'published', 'refused', 'withdrawn'].includes(v))
        .map(safeEncode),
    },
  },
  {
    name: 'public-disclosure POST /api/v1/counties/:countyCode/disclosures/:actId/typical-case',
    service: 'public-disclosure',
    method: 'POST',
    params: { countyCode: HOME, actId: 'no-such-act' },
    path: (p) => `/api/v1/counties/${p['countyCode']}/disclosures/${p['actId']}/typical-case`,
    token: 'clerk',
    body: {
      fields: {
        agencyId: { valid: JSON.stringify(ACTIVE), maxLength: 64 },
        note: { valid: JSON.stringify('典型案例说明'), maxLength: 4000 },
      },
      required: ['agencyId', 'note'],
    },
  },
  ...(['approval', 'refusal', 'withdrawal'] as const).map((action): RouteSpec => ({
    // No entry has this act: a valid request is answered 404, a hostile one refused before.
    name: `public-disclosure POST /api/v1/counties/:countyCode/disclosures/:actId/${action}`,
    service: 'public-disclosure',
    method: 'POST',
    params: { countyCode: HOME, actId: 'no-such-act' },
    path: (p) => `/api/v1/counties/${p['countyCode']}/disclosures/${p['actId']}/${action}`,
    token: 'clerk',
    body:
      action === 'approval'
        ? { fields: { agencyId: { valid: JSON.stringify(ACTIVE), maxLength: 64 } }, required: ['agencyId'] }
        : {
            fields: {
              agencyId: { valid: JSON.stringify(ACTIVE), maxLength: 64 },
              reason: { valid: JSON.stringify(`理由：${PLANTED_TEXT}`), maxLength: 2000 },
            },
            required: ['agencyId', 'reason'],
          },
  })),
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

function jsonKind(text: string): 'array' | 'object' | 'other' {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? 'array' : value !== null && typeof value === 'object' ? 'object' : 'other';
  } catch {
    return 'other';
  }
}

/** A JSON value of another type than the field's (and that no coercion would turn into one). */
function wrongTypeFor(field: FieldSpec): fc.Arbitrary<string> {
  switch (field.type) {
    case undefined:
      return fc.oneof(uncoercibleJson, fc.constantFrom('1', '0', '-1.5', 'true', 'false', 'null'));
    case 'number':
      return fc.oneof(uncoercibleJson, fc.constantFrom('"1"', '"2024"', 'true', 'null', '""'));
    case 'boolean':
      return fc.oneof(uncoercibleJson, fc.constantFrom('"true"', '"false"', '1', '0', 'null', '""'));
    default: {
      const type = field.type;
      return fc.oneof(
        uncoercibleJson.filter((value) => jsonKind(value) !== type),
        fc.constantFrom('"x"', '1', 'true', 'null'),
      );
    }
  }
}

/** A body the route's contract refuses: one field broken, or the whole body. */
function hostileBodyFor(route: RouteSpec): fc.Arbitrary<HostileBody> {
  if (route.hostileBodies) return route.hostileBodies;
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
  const strings = names.filter((name) => fields[name]!.type === undefined);
  const checked = names.filter((name) => fields[name]!.invalid !== undefined);
  const required = route.body?.required ?? [];
  const broken: fc.Arbitrary<HostileBody>[] = [
    generic,
    field.chain((name) =>
      wrongTypeFor(fields[name]!).map((value) => ({ label: `${name} of a wrong type`, ...json(bodyText({ ...valid, [name]: value })) })),
    ),
  ];
  if (required.length > 0) {
    broken.push(
      fc.constantFrom(...required).map((name) => {
        const { [name]: _dropped, ...rest } = valid;
        return { label: `${name} missing`, ...json(bodyText(rest)) };
      }),
    );
  }
  if (strings.length > 0) {
    broken.push(
      fc
        .tuple(fc.constantFrom(...strings), fc.integer({ min: 1, max: 5000 }), fc.constantFrom('x', '张', '9'))
        .map(([name, extra, char]) => ({
          label: `${name} over ${fields[name]!.maxLength} characters`,
          ...json(bodyText({ ...valid, [name]: JSON.stringify(char.repeat(fields[name]!.maxLength + extra)) })),
        })),
    );
  }
  broken.push(
    fc.tuple(field, fc.integer({ min: 1_048_577, max: HUGE })).map(([name, n]) => ({
      label: `${name} of ${n} characters`,
      ...json(bodyText({ ...valid, [name]: JSON.stringify(huge(n)) })),
    })),
  );
  if (checked.length > 0) {
    broken.push(
      fc.constantFrom(...checked).chain((name) =>
        fields[name]!.invalid!.map((value) => ({
          label: `${name}: ${value.slice(0, 80)}${value.length > 80 ? ` (${value.length} characters)` : ''}`,
          ...json(bodyText({ ...valid, [name]: value })),
        })),
      ),
    );
  }
  return fc.oneof(...broken);
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
  const intake = (path: string) => getJson('case-intake', `/api/v1/counties/${HOME}${path}`, tokens.supervisor);
  return {
    list,
    agencies,
    supervised: await getJson('supervision', `/api/v1/counties/${HOME}/supervised-agencies?limit=200`, tokens.supervisor),
    public: await getJson('public-disclosure', `/api/v1/public/counties/${HOME}/agencies?limit=200`),
    directory: await getJson('cross-region', `/api/v1/county-directory?countyCodes=${HOME}`, tokens.supervisor),
    acts: await intake('/acts?limit=200'),
    timeline: await intake(`/acts/${ACT}/timeline`),
    officers: await intake('/officers?limit=200'),
    complaints: await intake('/complaints?limit=200'),
  };
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Set-up in HOME is done once every read model shows it. */
function showsSetUp(s: Snapshot): boolean {
  const items = <T>(value: Record<string, unknown>, key: string) => (value[key] ?? []) as T[];
  return (
    JSON.stringify(
      items<{ status: string }>(s.supervised, 'agencies')
        .map((a) => a.status)
        .sort(),
    ) === '["active","suspended"]' &&
    items(s.public, 'agencies').length === 2 &&
    JSON.stringify(s.public).includes('suspended') &&
    items<{ activeAgencies: number }>(s.directory, 'counties')[0]?.activeAgencies === 1 &&
    JSON.stringify(items<{ actId: string; version: number }>(s.acts, 'acts').map((a) => [a.actId, a.version])) === `[["${ACT}",2]]` &&
    JSON.stringify(
      items<{ officerId: string; certificateStatus: string }>(s.officers, 'officers')
        .map((o) => `${o.officerId}:${o.certificateStatus}`)
        .sort(),
    ) === `["${OFFICER_A}:valid","${OFFICER_B}:lost"]` &&
    JSON.stringify(
      items<{ status: string }>(s.complaints, 'complaints')
        .map((c) => c.status)
        .sort(),
    ) === '["answered","assigned","received"]'
  );
}

/** What HOME holds before the hostile input: everything set up, every read model caught up and still. */
async function settledSnapshot(): Promise<Snapshot> {
  let last = await eventually('every service to show the set-up', () => snapshot(), showsSetUp, { timeoutMs: 45_000, intervalMs: 250 });
  for (let attempt = 0; attempt < 30; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await snapshot();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  throw new Error('the read models of HOME did not settle after the set-up');
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
  tokens.clerk = await issuer.issue({ subject: `hostile-clerk-${ACTIVE}`, role: 'agency_clerk', countyCode: HOME, agencyId: ACTIVE });
  tokens.viewer = await issuer.issue({ subject: 'hostile-viewer-4311', role: 'regional_viewer', regionCode: '4311' });

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

  await Promise.all([setUpHome(), setUpSandbox()]);
  baseline = await settledSnapshot();
}, 180_000);

/** A set-up call that must succeed; its JSON answer. */
async function setUp(what: string, response: Promise<RawResponse>): Promise<Record<string, unknown>> {
  const answer = await response;
  if (answer.status < 200 || answer.status > 299) throw new Error(`set-up: ${what} → ${answer.status} ${answer.text.slice(0, 300)}`);
  return JSON.parse(answer.text) as Record<string, unknown>;
}

/**
 * What the routes of ACTIVE need, through the public API: its power list and a delegation, two
 * officers (B's certificate lost), an open penalty case with one piece of evidence (by ACTIVE's
 * clerk), three complaints (received; assigned to ACTIVE; answered by it) and a finished import job.
 * The personal data travels in the accepted bodies (officers, the act's target, the complainant).
 */
async function setUpHome(): Promise<void> {
  const home = `/api/v1/counties/${HOME}`;
  const supervisor = (path: string, body: unknown) => post('case-intake', `${home}${path}`, body, tokens.supervisor);
  const clerk = (path: string, body: unknown) => post('case-intake', `${home}${path}`, body, tokens.clerk);
  const powerList = (async () => {
    for (const [itemCode, name] of [
      [POWER_ITEM, '对销售过期食品的处罚'],
      [POWER_ITEM_2, '对未按规定公示信息的处罚'],
    ] as const) {
      await setUp(
        `power item ${itemCode}`,
        supervisor(`/agencies/${ACTIVE}/power-items`, {
          itemCode,
          name,
          category: 'penalty',
          legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
        }),
      );
    }
    await setUp(
      'delegation',
      supervisor(`/agencies/${ACTIVE}/delegations`, {
        delegationId: DELEGATION,
        townshipName: '冷水滩区某某镇人民政府',
        entrustmentNumber: '冷委〔2024〕1号',
        itemCodes: [POWER_ITEM],
        powers: '现场检查、调查取证',
        start: '2024-01-01T00:00:00+08:00',
        end: '2030-12-31T23:59:59+08:00',
      }),
    );
  })();
  const officers = Promise.all(
    [OFFICER_A, OFFICER_B].map((officerId, i) =>
      setUp(
        `officer ${officerId}`,
        supervisor('/officers', {
          officerId,
          agencyId: ACTIVE,
          name: plantedValue('name'),
          idNumber: plantedValue('resident-id'),
          certificateNumber: `湘执431103000${i + 1}`,
          certificateValidUntil: '2030-12-31T16:00:00Z',
          enforcementAreas: ['市场监管', '食品安全'],
        }),
      ),
    ),
  );
  await officers;
  await setUp('certificate of B lost', supervisor(`/officers/${OFFICER_B}/certificate/loss-report`, {}));
  await setUp(
    'act',
    clerk('/acts', {
      openedBy: 'filing',
      actId: ACT,
      agencyId: ACTIVE,
      category: 'penalty',
      caseNumber: '冷市监罚〔2024〕1号',
      title: '某商行销售过期食品案',
      itemCode: POWER_ITEM,
      target: NATURAL_PERSON,
      officerIds: [OFFICER_A, OFFICER_B],
      occurredAt: '2024-03-04T09:00:00+08:00',
      summary: PLANTED_TEXT,
    }),
  );
  await setUp(
    'evidence',
    clerk(`/acts/${ACT}/steps`, {
      type: 'EvidenceCollected',
      evidenceId: 'ev-1',
      kind: 'testimony',
      description: '询问笔录',
      officerIds: [OFFICER_A, OFFICER_B],
      occurredAt: '2024-03-04T10:00:00+08:00',
    }),
  );
  const receipts = await Promise.all(
    [COMPLAINT_RECEIVED, COMPLAINT_ASSIGNED, COMPLAINT_ANSWERED].map((complaintId) =>
      setUp(
        `complaint ${complaintId}`,
        supervisor('/complaints', {
          complaintId,
          source: 'hotline_12345',
          subject: '反映某商行销售过期食品',
          summary: PLANTED_TEXT,
          complainant: { name: plantedValue('name'), phone: plantedValue('mobile') },
          concernedAgencyId: ACTIVE,
          receivedAt: '2024-05-01T08:00:00+08:00',
        }),
      ),
    ),
  );
  trackingParams['trackingNumber'] = receipts[1]!['trackingNumber'] as string;
  for (const complaintId of [COMPLAINT_ASSIGNED, COMPLAINT_ANSWERED]) {
    await setUp(`assignment of ${complaintId}`, supervisor(`/complaints/${complaintId}/assignment`, { agencyId: ACTIVE, note: '请核查' }));
  }
  await setUp('answer', clerk(`/complaints/${COMPLAINT_ANSWERED}/answer`, { agencyId: ACTIVE, answer: '经核查，已责令改正' }));
  const job = await setUp(
    'import job',
    send(
      services['case-intake'].httpUrl,
      { method: 'POST', path: `${home}/imports/acts`, headers: { 'content-type': CSV_TYPE }, body: IMPORT_CSV },
      tokens.supervisor,
    ),
  );
  importJobParams['jobId'] = job['jobId'] as string;
  await powerList;
}

/** SANDBOX: an agency, an officer and an open act, for the gRPC commands. */
async function setUpSandbox(): Promise<void> {
  const sandbox = (path: string, body: unknown) =>
    post('case-intake', `/api/v1/counties/${SANDBOX}${path}`, body, tokens.sandboxSupervisor);
  await setUp(
    'sandbox agency',
    sandbox('/agencies', { agencyId: SANDBOX_AGENCY, name: '松桃苗族自治县受测局', creditCode: SANDBOX_CREDIT_CODE, kind: '行政机关' }),
  );
  await setUp(
    'sandbox officer',
    sandbox('/officers', {
      officerId: SANDBOX_OFFICER,
      agencyId: SANDBOX_AGENCY,
      name: '李四',
      idNumber: plantedValue('resident-id'),
      certificateNumber: '黔执5222290001',
      certificateValidUntil: '2030-12-31T16:00:00Z',
      enforcementAreas: ['市场监管'],
    }),
  );
  await setUp(
    'sandbox act',
    sandbox('/acts', {
      openedBy: 'filing',
      actId: SANDBOX_ACT,
      agencyId: SANDBOX_AGENCY,
      category: 'penalty',
      caseNumber: '松市监罚〔2024〕1号',
      title: '某公司未按规定公示年度报告案',
      target: { kind: 'legal_person', name: '某某公司', creditCode: SANDBOX_CREDIT_CODE },
      officerIds: [SANDBOX_OFFICER],
      occurredAt: '2024-03-04T09:00:00+08:00',
    }),
  );
}

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

// Concurrent: every request here is refused and changes nothing, so the routes' properties need not wait for each other.
describe.concurrent.each(ROUTES)('$name', (route) => {
  const baseUrl = () => services[route.service].httpUrl;
  const query = (q?: string) => {
    const parts = [route.validQuery, q].filter(Boolean);
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  };
  const validBody = () =>
    route.rawBody
      ? { headers: { 'content-type': route.rawBody.contentType }, body: route.rawBody.body }
      : route.body
        ? json(bodyText(validFields(route)))
        : route.method !== 'GET'
          ? { headers: {}, body: undefined }
          : { headers: {} };
  const numRuns = route.runs?.properties ?? NUM_RUNS;

  if (Object.keys(route.params).length > 0) {
    it('refuses hostile path parameters', async () => {
      const names = Object.keys(route.params);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names).chain((name) =>
            fc.tuple(
              fc.constant(name),
              hostileSegment(route.params[name]!).filter((segment) => !route.sameAsValid?.(name, safeDecode(segment) ?? segment)),
            ),
          ),
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
        { numRuns },
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
        { numRuns },
      );
    });
  }

  if (route.method !== 'GET') {
    it('refuses malformed, oversized and operator-shaped bodies', async () => {
      await fc.assert(
        fc.asyncProperty(hostileBodyFor(route), async (hostile) => {
          const path = route.path(route.params);
          await assertRefusedWithAndWithoutToken(
            baseUrl(),
            { method: route.method, path, headers: hostile.headers, body: hostile.body },
            tokenFor(route),
            `${route.method} ${path} with ${hostile.label}`,
          );
        }),
        { numRuns },
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
        { numRuns: route.runs?.authorization ?? 20 },
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
      ...(
        [
          ['acts', tokens.clerk],
          ['officers', tokens.supervisor],
          ['complaints', tokens.supervisor],
        ] as const
      ).map(([items, token]) => ({
        service: 'case-intake' as const,
        path: `/api/v1/counties/${HOME}/${items}`,
        query: 'limit=200',
        items,
        token,
      })),
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
// The API documentation every service serves without a token: swagger-ui at /docs, OpenAPI at /docs/json.

const DOCS_ROUTES = ['/docs', '/docs/', '/docs/json', '/docs/yaml', '/docs/static/index.html', '/docs/static/swagger-ui.css'];
const hostileDocsPath: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('/docs/', '/docs/static/', '/docs/json/', '/docs/static/swagger-ui.css/'), hostileSegment('index.html'))
    .map(([prefix, segment]) => `${prefix}${segment}`),
  fc.tuple(fc.constantFrom(...DOCS_ROUTES), hostileSegment('x')).map(([route, segment]) => `${route}${segment}`),
  fc.constantFrom(
    '/docs/static/..%2F..%2F..%2Fpackage.json',
    '/docs/static/%2e%2e/%2e%2e/package.json',
    '/docs/static/....//....//package.json',
    '/docs/static/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
    '/docs/static/%5c..%5c..%5cpackage.json',
    '/docs/static/index.html%00.js',
    '/docs/static//etc/passwd',
    '/docs/static/C:%5cWindows%5cwin.ini',
    '/docs//json',
    '/docs/./json',
    '/docs/json/..',
    '/docs/static/./index.html',
    '/docs/static/a/..',
    '/docs/%2e%2e/api/v1/counties/431103/agencies',
    '/docs/%2e%2e%2fapi%2fv1%2fcounties%2f431103%2fagencies',
  ),
  fc
    .tuple(
      fc.constantFrom(...DOCS_ROUTES),
      fc.oneof(
        fc.constantFrom(
          'url=https://evil.example/openapi.json',
          'configUrl=//evil.example/c.json',
          'a=1&a=2',
          'a[b]=1',
          '__proto__[x]=1',
          `x=${huge(8000)}`,
          '$where=1',
          'a.b=1',
          'a=%00',
          '%zz=1',
          'a=%FF',
        ),
        fc.string({ maxLength: 40 }).map(safeEncode),
      ),
    )
    .map(([route, query]) => `${route}?${query}`),
);

describe('API documentation (/docs, public)', () => {
  it.each(ALL)('%s: hostile paths and queries under /docs never get a 5xx; refusals get the platform error body', async (service) => {
    await fc.assert(
      fc.asyncProperty(hostileDocsPath, async (path) => {
        const response = await send(services[service].httpUrl, { method: 'GET', path });
        const what = `GET ${path.slice(0, 200)}`;
        if (response.status >= 500) throw new ContractViolation(`${what} → ${response.status} ${response.text.slice(0, 300)}`);
        if (response.status >= 400) assertRejected(response, what);
      }),
      { numRuns: 40 },
    );
  });

  it('case intake documents its routes at /docs/json, without a token', async () => {
    const document = (await getJson('case-intake', '/docs/json')) as { openapi?: string; paths?: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths ?? {})).toEqual(
      expect.arrayContaining([
        '/api/v1/counties/{countyCode}/acts',
        '/api/v1/counties/{countyCode}/officers',
        '/api/v1/counties/{countyCode}/complaints',
        '/api/v1/counties/{countyCode}/agencies/{agencyId}/delegations',
      ]),
    );
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
    acts: actsV1.ActServiceClient;
    officers: officersV1.OfficerServiceClient;
    complaints: complaintsV1.ComplaintServiceClient;
  };
  const options = (token?: string) => ({ deadlineMs: 15_000, ...(token ? { bearerToken: token } : {}) });
  type PageOf = { countyCode: string; page?: { limit: number; cursor: string } };
  const searchActs = (req: Partial<actsV1.SearchActsRequest>, token?: string) =>
    callUnary(clients.acts, clients.acts.searchActs, actsV1.SearchActsRequest.fromPartial(req), options(token));
  const listOfficers = (req: Partial<officersV1.ListOfficersRequest>, token?: string) =>
    callUnary(clients.officers, clients.officers.listOfficers, officersV1.ListOfficersRequest.fromPartial(req), options(token));
  const listComplaints = (req: Partial<complaintsV1.ListComplaintsRequest>, token?: string) =>
    callUnary(clients.complaints, clients.complaints.listComplaints, complaintsV1.ListComplaintsRequest.fromPartial(req), options(token));

  beforeAll(() => {
    const insecure = credentials.createInsecure();
    clients.caseIntake = new caseIntakeV1.CaseIntakeServiceClient(services['case-intake'].grpcAddress, insecure);
    clients.supervision = new supervisionV1.SupervisionServiceClient(services.supervision.grpcAddress, insecure);
    clients.crossRegion = new crossRegionV1.CrossRegionServiceClient(services['cross-region'].grpcAddress, insecure);
    clients.publicDisclosure = new publicDisclosureV1.PublicDisclosureServiceClient(services['public-disclosure'].grpcAddress, insecure);
    clients.acts = new actsV1.ActServiceClient(services['case-intake'].grpcAddress, insecure);
    clients.officers = new officersV1.OfficerServiceClient(services['case-intake'].grpcAddress, insecure);
    clients.complaints = new complaintsV1.ComplaintServiceClient(services['case-intake'].grpcAddress, insecure);
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
    [
      'ListDailyDigests',
      (req: PageOf, token?: string) =>
        callUnary(
          clients.publicDisclosure,
          clients.publicDisclosure.listDailyDigests,
          publicDisclosureV1.ListDailyDigestsRequest.fromPartial(req),
          options(token),
        ),
    ],
    [
      'ListPublicEvaluations',
      (req: PageOf, token?: string) =>
        callUnary(
          clients.publicDisclosure,
          clients.publicDisclosure.listPublicEvaluations,
          publicDisclosureV1.ListPublicEvaluationsRequest.fromPartial(req),
          options(token),
        ),
    ],
    [
      'ListPublicCaseFileReviews',
      (req: PageOf, token?: string) =>
        callUnary(
          clients.publicDisclosure,
          clients.publicDisclosure.listPublicCaseFileReviews,
          publicDisclosureV1.ListPublicCaseFileReviewsRequest.fromPartial(req),
          options(token),
        ),
    ],
    ['SearchActs', (req: PageOf, token?: string) => searchActs(req, token)],
    ['ListOfficers', (req: PageOf, token?: string) => listOfficers(req, token)],
    ['ListComplaints', (req: PageOf, token?: string) => listComplaints(req, token)],
  ] as const;

  it.each(lists)('%s refuses hostile county codes, limits and cursors, with and without a token', async (method, call) => {
    await fc.assert(
      fc.asyncProperty(hostileListRequest, async (req) => {
        const what = `${method} ${JSON.stringify(req).slice(0, 200)}`;
        await assertGrpcRefused(call(req, tokens.supervisor), `${what} [with token]`);
        await assertGrpcRefused(call(req), `${what} [no token]`);
      }),
      {
        numRuns: [
          'SearchActs',
          'ListOfficers',
          'ListComplaints',
          'ListDailyDigests',
          'ListPublicEvaluations',
          'ListPublicCaseFileReviews',
        ].includes(method)
          ? NEW_ROUTE_RUNS.properties
          : NUM_RUNS,
      },
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

  it('OperationsService and the report streams refuse hostile read-model names, job ids and county codes', async () => {
    const insecure = credentials.createInsecure();
    const operations = new operationsV1.OperationsServiceClient(services.supervision.grpcAddress, insecure);
    const statistics = new statisticsV1.StatisticsServiceClient(services.supervision.grpcAddress, insecure);
    /** A server stream read to its end; its error as the PlatformError the service raised. */
    const watchCounty = (countyCode: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const messages: unknown[] = [];
        const metadata = new Metadata();
        metadata.set('authorization', `Bearer ${tokens.supervisor}`);
        const stream = statistics.watchCountyStatistics(
          statisticsV1.WatchCountyStatisticsRequest.fromPartial({ countyCode, period: { kind: 'year', year: 2026 } }),
          metadata,
          { deadline: Date.now() + 15_000 },
        );
        stream.on('data', (m: unknown) => messages.push(m));
        stream.on('error', (error: ServiceError) => reject(fromGrpcError(error)));
        stream.on('end', () => resolve(messages));
      });
    try {
      await fc.assert(
        fc.asyncProperty(hostileString(1_100_000), async (name) => {
          const what = `${JSON.stringify(name).slice(0, 100)}`;
          await assertGrpcRefused(
            callUnary(operations, operations.startProjectionRebuild, { projection: name }, options(tokens.operator)),
            `StartProjectionRebuild ${what}`,
          );
          await assertGrpcRefused(
            callUnary(operations, operations.getProjectionRebuild, { jobId: name }, options(tokens.operator)),
            `GetProjectionRebuild ${what}`,
          );
        }),
        { numRuns: NEW_ROUTE_RUNS.properties },
      );
      await fc.assert(
        fc.asyncProperty(
          hostileString(1_100_000).filter((c) => c !== HOME),
          async (countyCode) =>
            assertGrpcRefused(watchCounty(countyCode), `WatchCountyStatistics ${JSON.stringify(countyCode).slice(0, 100)}`),
        ),
        { numRuns: NEW_ROUTE_RUNS.properties },
      );
    } finally {
      operations.close();
      statistics.close();
    }
  });

  it('ListPublicEvaluations refuses a year outside 2000–2100 (0 means every year)', async () => {
    await fc.assert(
      fc.asyncProperty(
        int32.filter((year) => year !== 0 && (year < 2000 || year > 2100)),
        async (year) =>
          assertGrpcRefused(
            callUnary(
              clients.publicDisclosure,
              clients.publicDisclosure.listPublicEvaluations,
              publicDisclosureV1.ListPublicEvaluationsRequest.fromPartial({ countyCode: HOME, year }),
              options(),
            ),
            `ListPublicEvaluations year ${year}`,
          ),
      ),
      { numRuns: NEW_ROUTE_RUNS.properties },
    );
  });

  it('ListDailyDigests refuses hostile days and service names', async () => {
    const hostile = fc.oneof(
      fc.constantFrom('2026-02-30', '20260101', '$gt', '{"$gt":""}').map((fromDay) => ({ fromDay })),
      hostileString(10_000)
        .filter((d) => d !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(d))
        .map((toDay) => ({ toDay })),
      fc.constant({ fromDay: '2026-11-02', toDay: '2026-11-01' }),
      hostileString(10_000)
        .filter((s) => !['', 'case-intake', 'supervision', 'cross-region', 'public-disclosure'].includes(s))
        .map((service) => ({ service })),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (fields) => {
        const req = publicDisclosureV1.ListDailyDigestsRequest.fromPartial({ countyCode: HOME, ...fields });
        await assertGrpcRefused(
          callUnary(clients.publicDisclosure, clients.publicDisclosure.listDailyDigests, req, options()),
          `ListDailyDigests ${JSON.stringify(fields).slice(0, 200)}`,
        );
      }),
      { numRuns: NEW_ROUTE_RUNS.properties },
    );
  });

  it('PublicParticipationService refuses hostile trace codes, ratings, complaints, tracking numbers and list filters', async () => {
    const participation = new publicDisclosureV1.PublicParticipationServiceClient(
      services['public-disclosure'].grpcAddress,
      credentials.createInsecure(),
    );
    const valid = { countyCode: HOME, subject: '执法人员未出示证件', summary: '检查时未出示执法证件。', name: '', phone: '' };
    const fileComplaint = (req: Partial<publicDisclosureV1.FileComplaintRequest>) =>
      callUnary(
        participation,
        participation.fileComplaint,
        publicDisclosureV1.FileComplaintRequest.fromPartial({ ...valid, ...req }),
        options(),
      );
    // A complaint with one hostile field and the others valid: the hostile one alone must be refused (as the form's
    // rules and the input guard refuse it: empty, too long, control characters, undecodable, no phone number).
    // eslint-disable-next-line no-control-regex -- the input guard's characters, to know which input it refuses
    const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFFD]/;
    const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    const refusedText = (text: string, max: number) =>
      [...text.trim()].length === 0 || [...text.trim()].length > max || CONTROL.test(text) || LONE_SURROGATE.test(text);
    const hostileComplaint = fc.oneof(
      hostileString(1_100_000)
        .filter((countyCode) => !/^[0-9]{6}$/.test(countyCode))
        .map((countyCode) => ({ countyCode })),
      hostileString(1_100_000)
        .filter((subject) => refusedText(subject, 100))
        .map((subject) => ({ subject })),
      hostileString(1_100_000)
        .filter((summary) => refusedText(summary, 2000))
        .map((summary) => ({ summary })),
      hostileString(1_100_000)
        .filter((phone) => phone.trim() !== '' && (phone.match(/[0-9]/g) ?? []).length < 7)
        .map((phone) => ({ phone })),
      fc.constant({ name: '名'.repeat(51) }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(hostileString(1_100_000), int32, async (text, rating) => {
          const what = JSON.stringify(text).slice(0, 100);
          await assertGrpcRefused(
            callUnary(participation, participation.getInspectionTrace, { code: text }, options()),
            `GetInspectionTrace ${what}`,
          );
          await assertGrpcRefused(
            callUnary(participation, participation.confirmInspectionVisit, { code: text, rating }, options()),
            `ConfirmInspectionVisit ${what} ${rating}`,
          );
          await assertGrpcRefused(
            callUnary(participation, participation.getComplaintStatus, { trackingNumber: text }, options()),
            `GetComplaintStatus ${what}`,
          );
        }),
        { numRuns: NEW_ROUTE_RUNS.properties },
      );
      await fc.assert(
        fc.asyncProperty(hostileComplaint, async (fields) =>
          assertGrpcRefused(fileComplaint(fields), `FileComplaint ${JSON.stringify(fields).slice(0, 200)}`),
        ),
        { numRuns: NEW_ROUTE_RUNS.properties },
      );
      const listTypicalCases = (req: Partial<publicDisclosureV1.ListTypicalCasesRequest>) =>
        callUnary(
          participation,
          participation.listTypicalCases,
          publicDisclosureV1.ListTypicalCasesRequest.fromPartial({ countyCode: HOME, ...req }),
          options(),
        );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostileListRequest,
            hostileString(1_100_000)
              .filter((agencyId) => agencyId !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(agencyId))
              .map((agencyId) => ({ countyCode: HOME, agencyId })),
            hostileString(1_100_000)
              .filter((category) => category !== '')
              .map((category) => ({ countyCode: HOME, category })),
          ),
          async (req) => assertGrpcRefused(listTypicalCases(req), `ListTypicalCases ${JSON.stringify(req).slice(0, 200)}`),
        ),
        { numRuns: NEW_ROUTE_RUNS.properties },
      );
    } finally {
      participation.close();
    }
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

  // -------------------------------------------------------------------------------------------
  // Acts, officers and complaints: the list filters, and one string of a valid command made hostile.

  const filtered = [
    ['SearchActs', ['agencyId', 'category', 'status', 'target', 'officerId'], searchActs],
    ['ListOfficers', ['agencyId', 'certificateStatus'], listOfficers],
    ['ListComplaints', ['status', 'agencyId', 'source'], listComplaints],
  ] as const;

  it.each(filtered)(
    '%s answers hostile filter strings or refuses them with a 4xx; without a token it refuses them',
    async (method, names, call) => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...names), hostileString(1_100_000), async (name, value) => {
          const req = { countyCode: HOME, [name]: value };
          const what = `${method} ${name}=${JSON.stringify(value.slice(0, 60))} (${value.length} chars)`;
          await assertGrpcAnsweredOr4xx(call(req, tokens.supervisor), what);
          await assertGrpcRefused(call(req), `${what} [no token]`);
        }),
        { numRuns: NEW_ROUTE_RUNS.properties },
      );
    },
  );

  const meta = () => ({ idempotencyKey: '', expectedVersion: 0, correlationId: '' });
  let evidence = 0;
  /** What a command field must hold: a code or an id (refused when hostile) or free text (answered or refused with a 4xx). */
  type Kind = 'code' | 'text';
  interface Command {
    readonly method: string;
    readonly valid: () => Record<string, unknown>;
    readonly fields: Record<string, Kind>;
    /** Hostile values that are valid after all for that field (e.g. '' where an id is generated). */
    readonly validAfterAll?: (path: string, value: string) => boolean;
    readonly call: (req: Record<string, unknown>, token?: string) => Promise<unknown>;
  }

  /** A copy of `base` with the string at `path` ('opening.officerIds.0') replaced. */
  function withField(base: Record<string, unknown>, path: string, value: string): Record<string, unknown> {
    const copy = structuredClone(base);
    const keys = path.split('.');
    let node = copy;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1)!] = value;
    return copy;
  }

  /** An id the service generates ('' or blank) or an id after trimming: no hostile id. */
  const idAfterAll = (value: string) => value.trim() === '' || isIdentifier(value.trim());

  const commands: Command[] = [
    {
      method: 'OpenAct',
      valid: () => ({
        meta: meta(),
        countyCode: SANDBOX,
        openedBy: 'filing',
        opening: {
          actId: '',
          agencyId: SANDBOX_AGENCY,
          category: 'penalty',
          caseNumber: '松市监罚〔2024〕9号',
          title: '某公司未按规定公示年度报告案',
          itemCode: '',
          delegationId: '',
          summary: '',
          target: { kind: 'legal_person', name: '某某公司', creditCode: SANDBOX_CREDIT_CODE, idNumber: '', phone: '', address: '' },
          officerIds: [SANDBOX_OFFICER],
          occurredAt: new Date('2024-03-05T01:00:00Z'),
        },
      }),
      fields: {
        countyCode: 'code',
        openedBy: 'code',
        'opening.actId': 'code',
        'opening.agencyId': 'code',
        'opening.category': 'code',
        'opening.caseNumber': 'text',
        'opening.title': 'text',
        'opening.itemCode': 'text',
        'opening.delegationId': 'text',
        'opening.summary': 'text',
        'opening.target.kind': 'code',
        'opening.target.name': 'text',
        'opening.target.creditCode': 'code',
        'opening.target.phone': 'text',
        'opening.target.address': 'text',
        'opening.officerIds.0': 'code',
        'meta.idempotencyKey': 'text',
      },
      validAfterAll: (path, value) => path === 'opening.actId' && (value === '' || isIdentifier(value)),
      call: (req, token) => callUnary(clients.acts, clients.acts.openAct, actsV1.OpenActRequest.fromPartial(req), options(token)),
    },
    {
      method: 'RecordActStep',
      valid: () => ({
        meta: meta(),
        countyCode: SANDBOX,
        actId: SANDBOX_ACT,
        evidence: {
          evidenceId: `ev-${++evidence}`,
          kind: 'document',
          description: '现场检查笔录',
          recorder: '',
          proves: '',
          officerIds: [SANDBOX_OFFICER],
          occurredAt: new Date('2024-03-05T02:00:00Z'),
        },
      }),
      fields: {
        countyCode: 'code',
        actId: 'code',
        'evidence.evidenceId': 'text',
        'evidence.kind': 'code',
        'evidence.description': 'text',
        'evidence.recorder': 'text',
        'evidence.proves': 'text',
        'evidence.officerIds.0': 'code',
        'meta.idempotencyKey': 'text',
      },
      call: (req, token) =>
        callUnary(clients.acts, clients.acts.recordActStep, actsV1.RecordActStepRequest.fromPartial(req), options(token)),
    },
    {
      method: 'RegisterOfficer',
      valid: () => ({
        meta: meta(),
        countyCode: SANDBOX,
        officerId: '',
        agencyId: SANDBOX_AGENCY,
        name: '王五',
        idNumber: plantedValue('resident-id'),
        certificateNumber: '黔执5222290002',
        certificateValidUntil: new Date('2030-12-31T16:00:00Z'),
        enforcementAreas: ['市场监管'],
      }),
      fields: {
        countyCode: 'code',
        officerId: 'code',
        agencyId: 'code',
        name: 'text',
        idNumber: 'code',
        certificateNumber: 'text',
        'enforcementAreas.0': 'text',
        'meta.idempotencyKey': 'text',
      },
      validAfterAll: (path, value) => path === 'officerId' && idAfterAll(value),
      call: (req, token) =>
        callUnary(clients.officers, clients.officers.registerOfficer, officersV1.RegisterOfficerRequest.fromPartial(req), options(token)),
    },
    {
      method: 'ReceiveComplaint',
      valid: () => ({
        meta: meta(),
        countyCode: SANDBOX,
        complaintId: '',
        source: 'portal',
        subject: '',
        summary: '反映某公司未按规定公示年度报告',
        complainant: { name: '', phone: '' },
        concernedAgencyId: '',
        handlingDays: 0,
      }),
      fields: {
        countyCode: 'code',
        complaintId: 'code',
        source: 'code',
        subject: 'text',
        summary: 'text',
        'complainant.name': 'text',
        'complainant.phone': 'text',
        concernedAgencyId: 'code',
      },
      validAfterAll: (path, value) =>
        (path === 'complaintId' && idAfterAll(value)) || (path === 'concernedAgencyId' && value.trim() === ''),
      call: (req, token) =>
        callUnary(
          clients.complaints,
          clients.complaints.receiveComplaint,
          complaintsV1.ReceiveComplaintRequest.fromPartial(req),
          options(token),
        ),
    },
  ];

  it.each(commands.map((command) => [command.method, command] as const))(
    '%s refuses a hostile code or id, answers hostile text or refuses it with a 4xx; without a token it refuses all',
    async (method, command) => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(command.fields)).chain((path) =>
            fc.tuple(
              fc.constant(path),
              hostileString(1_100_000).filter((v) => !command.validAfterAll?.(path, v)),
            ),
          ),
          async ([path, value]) => {
            const req = withField(command.valid(), path, value);
            const what = `${method} ${path}=${JSON.stringify(value.slice(0, 60))} (${value.length} chars)`;
            await assertGrpcRefused(command.call(req), `${what} [no token]`);
            if (command.fields[path] === 'code') {
              await assertGrpcRefused(command.call(req, tokens.sandboxSupervisor), what, [
                'validation',
                'not_found',
                'forbidden',
                'conflict',
              ]);
            } else {
              await assertGrpcAnsweredOr4xx(command.call(req, tokens.sandboxSupervisor), what);
            }
          },
        ),
        { numRuns: NEW_ROUTE_RUNS.properties },
      );
    },
    90_000,
  );

  it('the same commands refuse what is missing or out of range: no step or two, no certificate expiry, handling days, a future receipt', async () => {
    const [open, step, officer, complaint] = commands as [Command, Command, Command, Command];
    const token = tokens.sandboxSupervisor;
    const refused = (command: Command, req: Record<string, unknown>, what: string) =>
      assertGrpcRefused(command.call(req, token), `${command.method} ${what}`, ['validation']);
    await refused(open, { ...open.valid(), opening: undefined }, 'without an opening');
    await refused(step, { ...step.valid(), evidence: undefined }, 'without a step');
    // Two steps of a oneof: refused as such, or (if the wire keeps only the last) an archiving before closing is.
    await assertGrpcRefused(
      step.call({ ...step.valid(), archiving: { archiveNumber: '松档〔2024〕1号', occurredAt: new Date('2024-03-06T00:00:00Z') } }, token),
      'RecordActStep with two steps',
      ['validation', 'conflict'],
    );
    await refused(officer, { ...officer.valid(), certificateValidUntil: undefined }, 'without certificateValidUntil');
    await refused(complaint, { ...complaint.valid(), receivedAt: new Date(Date.now() + 86_400_000) }, 'received tomorrow');
    await fc.assert(
      fc.asyncProperty(
        int32.filter((n) => n < 0 || n > 365),
        async (handlingDays) => refused(complaint, { ...complaint.valid(), handlingDays }, `handlingDays=${handlingDays}`),
      ),
      { numRuns: 10 },
    );
  });

  it('D13: OpenAct, RecordActStep and ReceiveComplaint refuse a Timestamp beyond what a JavaScript date holds (it decoded to an Invalid Date: internal error)', async () => {
    // Protobuf by hand: the generated clients encode only what a Date can hold.
    const varint = (value: bigint) => {
      const bytes: number[] = [];
      let rest = BigInt.asUintN(64, value);
      do {
        const low = Number(rest & 0x7fn);
        rest >>= 7n;
        bytes.push(rest > 0n ? low | 0x80 : low);
      } while (rest > 0n);
      return Buffer.from(bytes);
    };
    const message = (fieldNumber: number, bytes: Uint8Array) =>
      Buffer.concat([varint(BigInt((fieldNumber << 3) | 2)), varint(BigInt(bytes.length)), bytes]);
    const timestamp = (seconds: bigint) => Buffer.concat([varint(8n), varint(seconds)]);
    type RawMethod = (
      request: Buffer,
      metadata: Metadata,
      options: Partial<CallOptions>,
      callback: (error: ServiceError | null, response: Buffer) => void,
    ) => unknown;
    const raw = (path: string): RawMethod =>
      function (this: Client, request, metadata, callOptions, callback) {
        return this.makeUnaryRequest(
          path,
          (bytes: Buffer) => bytes,
          (bytes: Buffer) => bytes,
          request,
          metadata,
          callOptions,
          (error, response) => callback(error, response ?? Buffer.alloc(0)),
        );
      };
    const [open, step, , complaint] = commands as [Command, Command, Command, Command];
    const { occurredAt: _opened, ...opening } = open.valid()['opening'] as Record<string, unknown>;
    const { occurredAt: _happened, ...evidenceFields } = step.valid()['evidence'] as Record<string, unknown>;
    await mustHold('D13 a Timestamp beyond ±8.64e15 ms reached the event encoder as an Invalid Date (gRPC INTERNAL)', async () => {
      for (const seconds of [100_000_000_000_000n, -100_000_000_000_000n, 9_000_000_000_000_000n]) {
        const calls: [string, Client, string, Buffer][] = [
          [
            'OpenAct',
            clients.acts,
            '/lesp.case_intake.v1.ActService/OpenAct',
            Buffer.concat([
              actsV1.OpenActRequest.encode(actsV1.OpenActRequest.fromPartial({ countyCode: SANDBOX, openedBy: 'filing' })).finish(),
              message(
                4,
                Buffer.concat([
                  actEventsV1.ActOpening.encode(actEventsV1.ActOpening.fromPartial(opening)).finish(),
                  message(11, timestamp(seconds)),
                ]),
              ),
            ]),
          ],
          [
            'RecordActStep',
            clients.acts,
            '/lesp.case_intake.v1.ActService/RecordActStep',
            Buffer.concat([
              actsV1.RecordActStepRequest.encode(
                actsV1.RecordActStepRequest.fromPartial({ countyCode: SANDBOX, actId: SANDBOX_ACT }),
              ).finish(),
              message(
                11,
                Buffer.concat([
                  actEventsV1.EvidenceCollected.encode(actEventsV1.EvidenceCollected.fromPartial(evidenceFields)).finish(),
                  message(8, timestamp(seconds)),
                ]),
              ),
            ]),
          ],
          [
            'ReceiveComplaint',
            clients.complaints,
            '/lesp.case_intake.v1.ComplaintService/ReceiveComplaint',
            Buffer.concat([
              complaintsV1.ReceiveComplaintRequest.encode(complaintsV1.ReceiveComplaintRequest.fromPartial(complaint.valid())).finish(),
              message(9, timestamp(seconds)),
            ]),
          ],
        ];
        for (const [method, client, path, bytes] of calls) {
          await assertGrpcRefused(
            callUnary(client, raw(path), bytes, options(tokens.sandboxSupervisor)),
            `${method} with a Timestamp of ${seconds} seconds`,
            ['validation'],
          );
        }
      }
    });
  });

  it('D12: ReceiveComplaint over gRPC refuses complaint ids the HTTP contract refuses ($where, ../x, a.b, ¡)', async () => {
    const receive = commands.find((command) => command.method === 'ReceiveComplaint')!;
    await mustHold('D12 gRPC ReceiveComplaint did not validate complaintId (stored as part of the stream id)', async () => {
      for (const complaintId of ['$where', '../x', 'a.b', '¡', 'a b', huge(65, 'a')]) {
        await assertGrpcRefused(
          receive.call({ ...receive.valid(), complaintId }, tokens.sandboxSupervisor),
          `ReceiveComplaint complaintId=${JSON.stringify(complaintId.slice(0, 40))}`,
          ['validation'],
        );
      }
    });
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

  it('D10: a leap second (23:59:60) or an hour-only offset (+08) in a time is refused (it passed `format: date-time`, was an Invalid Date and a 500)', async () => {
    const route = (name: string) => ROUTES.find((candidate) => candidate.name === `case-intake ${name}`)!;
    const acts = `/api/v1/counties/${HOME}/acts`;
    const steps = route('POST /api/v1/counties/:countyCode/acts/:actId/steps');
    const cases: [RouteSpec, Record<string, string>, string][] = [
      [route('POST /api/v1/counties/:countyCode/acts'), validFields(route('POST /api/v1/counties/:countyCode/acts')), 'occurredAt'],
      [steps, validFields(steps), 'occurredAt'],
      [steps, validFields(steps), 'recordedAt'],
      [
        steps,
        { type: '"HearingNoticed"', officerIds: JSON.stringify([OFFICER_A]), occurredAt: '"2024-03-06T09:00:00+08:00"' },
        'requestDeadline',
      ],
      [
        route('POST /api/v1/counties/:countyCode/complaints'),
        validFields(route('POST /api/v1/counties/:countyCode/complaints')),
        'receivedAt',
      ],
      ...(['start', 'end'] as const).map((field): [RouteSpec, Record<string, string>, string] => [
        route('POST /api/v1/counties/:countyCode/agencies/:agencyId/delegations'),
        validFields(route('POST /api/v1/counties/:countyCode/agencies/:agencyId/delegations')),
        field,
      ]),
      [
        route('POST /api/v1/counties/:countyCode/officers'),
        validFields(route('POST /api/v1/counties/:countyCode/officers')),
        'certificateValidUntil',
      ],
      [
        route('POST /api/v1/counties/:countyCode/officers/:officerId/certificate/reissue'),
        validFields(route('POST /api/v1/counties/:countyCode/officers/:officerId/certificate/reissue')),
        'certificateValidUntil',
      ],
    ];
    await mustHold('D10 act and complaint times that ajv takes and JavaScript cannot read reach the protobuf encoder (500)', async () => {
      for (const [target, fields, field] of cases) {
        for (const impossible of IMPOSSIBLE_TIMES) {
          const path = target.path(target.params);
          const response = await send(
            services['case-intake'].httpUrl,
            { method: 'POST', path, ...json(bodyText({ ...fields, [field]: JSON.stringify(impossible) })) },
            tokenFor(target),
          );
          assertRejected(response, `POST ${path} ${field}=${impossible}`, [400]);
        }
      }
      for (const name of ['openedFrom', 'openedTo']) {
        for (const impossible of IMPOSSIBLE_TIMES) {
          const path = `${acts}?${name}=${encodeURIComponent(impossible)}`;
          assertRejected(await send(services['case-intake'].httpUrl, { method: 'GET', path }, tokens.clerk), `GET ${path}`, [400]);
        }
      }
    });
  });

  it('D11: the act search refuses an agencyId or officerId that is no identifier and a time over 40 characters (they were answered 200)', async () => {
    await mustHold('D11 act search filters were unbounded strings', async () => {
      for (const query of [
        'agencyId=%24where',
        'agencyId=%7B%22%24ne%22%3Anull%7D',
        'agencyId=a.b',
        'agencyId=',
        'officerId=..%2Fx',
        'officerId=%24gt',
        `officerId=${'a'.repeat(65)}`,
        `openedFrom=2024-01-01T00%3A00%3A00.${'1'.repeat(30)}Z`,
      ]) {
        const path = `/api/v1/counties/${HOME}/acts?${query}`;
        assertRejected(await send(services['case-intake'].httpUrl, { method: 'GET', path }, tokens.clerk), `GET ${path}`, [400]);
      }
    });
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

// ---------------------------------------------------------------------------------------------
// Defects this suite found at the shared fastify edge and in the import route's multipart
// handling, fixed there; each kept as a plain check.

describe('defects found at the edge (OPEN-1 to OPEN-3)', () => {
  const get = (path: string) => send(services['case-intake'].httpUrl, { method: 'GET', path });

  it('OPEN-1: GET /docs/static/ with a `..` segment (%2e%2e, .%2e/, ..%5c) gets the platform error body (a 4xx), not a 500', async () => {
    for (const path of [
      '/docs/static/%2e%2e',
      '/docs/static/.%2e/',
      '/docs/static/..%5c..%5cpackage.json',
      '/docs/static/%2e%2e/%2e%2e/package.json',
    ]) {
      assertRejected(await get(path), `GET ${path}`);
    }
  });

  it('OPEN-2: a /docs route with a query the input guard refuses ($where=1, a.b=1, a=%00) gets the platform error body, not a 500', async () => {
    for (const path of ['/docs/json?$where=1', '/docs?a.b=1', '/docs/yaml?a=%00', '/docs/static/index.html?$gt=1']) {
      assertRejected(await get(path), `GET ${path}`);
    }
  });

  it('OPEN-3: POST …/imports/acts with a malformed multipart body gets a 4xx with the platform error body, not a 500', async () => {
    const path = `/api/v1/counties/${HOME}/imports/acts`;
    for (const [type, body] of [
      ['multipart/form-data; boundary=hostile', 'garbage'],
      [
        'multipart/form-data; boundary=hostile',
        '--hostile\r\nContent-Disposition: form-data; name="file"; filename="acts.csv"\r\nContent-Type: text/csv\r\n\r\n',
      ],
      ['multipart/form-data', 'x'],
    ] as const) {
      const response = await send(
        services['case-intake'].httpUrl,
        { method: 'POST', path, headers: { 'content-type': type }, body: Buffer.from(body) },
        tokens.supervisor,
      );
      assertRejected(response, `POST ${path} (${type}) ${JSON.stringify(body.slice(0, 40))}`);
    }
  });
});

describe('after the hostile input', () => {
  it('has changed nothing that is stored: agencies, versions, supervision, public list, directory, acts, officers, complaints', async () => {
    expect(await snapshot()).toEqual(baseline);
  });

  it('the valid requests the properties broke one part of are accepted as they are (so each refusal was for the broken part)', async () => {
    const valid = (route: RouteSpec): RawRequest => ({
      method: route.method,
      path: `${route.path(route.params)}${route.validQuery ? `?${route.validQuery}` : ''}`,
      ...(route.rawBody
        ? { headers: { 'content-type': route.rawBody.contentType }, body: route.rawBody.body }
        : route.body
          ? json(bodyText(validFields(route)))
          : {}),
    });
    const answer = async (route: RouteSpec) => {
      const response = await send(services[route.service].httpUrl, valid(route), tokenFor(route));
      return `${route.name} → ${response.status}${response.status < 300 ? '' : ` ${response.text.slice(0, 200)}`}`;
    };
    const gets = INTAKE_ROUTES.filter((route) => route.method === 'GET');
    // Commands in an order in which each is allowed (a state the one before left): after the snapshot, so they may change data.
    const posts = [
      'POST /api/v1/counties/:countyCode/agencies/:agencyId/power-items',
      'POST /api/v1/counties/:countyCode/agencies/:agencyId/power-items/:itemCode/retirement',
      'POST /api/v1/counties/:countyCode/agencies/:agencyId/delegations/:delegationId/ending',
      'POST /api/v1/counties/:countyCode/agencies/:agencyId/delegations',
      'POST /api/v1/counties/:countyCode/officers',
      'POST /api/v1/counties/:countyCode/officers/:officerId/transfer',
      'POST /api/v1/counties/:countyCode/officers/:officerId/exam-results',
      'POST /api/v1/counties/:countyCode/officers/:officerId/training-records',
      'POST /api/v1/counties/:countyCode/officers/:officerId/certificate/suspension',
      'POST /api/v1/counties/:countyCode/officers/:officerId/certificate/revocation',
      'POST /api/v1/counties/:countyCode/officers/:officerId/certificate/reissue',
      'POST /api/v1/counties/:countyCode/acts',
      'POST /api/v1/counties/:countyCode/acts/:actId/steps',
      'POST /api/v1/counties/:countyCode/complaints',
      'POST /api/v1/counties/:countyCode/complaints/:complaintId/assignment',
      'POST /api/v1/counties/:countyCode/complaints/:complaintId/rejection',
      'POST /api/v1/counties/:countyCode/complaints/:complaintId/handlings',
      'POST /api/v1/counties/:countyCode/complaints/:complaintId/answer',
      'POST /api/v1/counties/:countyCode/imports/acts',
    ].map((name) => INTAKE_ROUTES.find((route) => route.name === `case-intake ${name}`)!);
    // Every command with a body is here; the body-less ones target a state that refuses them (see ROUTES).
    expect(posts.length).toBe(INTAKE_ROUTES.filter((route) => route.method === 'POST' && !route.ignoresBody).length);
    const answers: string[] = [];
    for (const route of gets) answers.push(await answer(route));
    for (const route of posts) answers.push(await answer(route));
    expect(answers.filter((line) => !/ → 2\d\d$/.test(line))).toEqual([]);
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

describe('web console (BFF) hostile input', () => {
  let consoleUrl = '';
  const cookies: Record<ConsoleUserName, string> = { clerk: '', supervisor: '', operator: '' };
  let webConsole: WebConsoleProcess | undefined;
  beforeAll(async () => {
    const staticDir = `${REPO_ROOT}test-results/web-console-hostile-${uniqueSuffix()}`;
    await buildWebConsoleApp(staticDir);
    webConsole = await startWebConsole(
      {
        caseIntake: services['case-intake'].grpcAddress,
        supervision: services.supervision.grpcAddress,
        crossRegion: services['cross-region'].grpcAddress,
        publicDisclosure: services['public-disclosure'].grpcAddress,
      },
      { staticDir, env: { CONSOLE_SIGN_IN_PER_MINUTE: '1000', CONSOLE_API_PER_MINUTE: '100000' } },
    );
    consoleUrl = webConsole.httpUrl;
    for (const who of ['clerk', 'supervisor', 'operator'] as const) {
      const response = await fetch(`${consoleUrl}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: tokens[who] }),
      });
      expect(response.status).toBe(200);
      cookies[who] = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    }
  }, 400_000);
  afterAll(async () => {
    await webConsole?.stop();
  });
  const headersOf = (who: ConsoleUserName, contentType?: string) => ({
    cookie: cookies[who],
    'x-lesp-console': '1',
    ...(contentType ? { 'content-type': contentType } : {}),
  });

  it.each(CONSOLE_ROUTES.map((r) => [r.name, r] as const))(
    '%s refuses hostile ids, queries and bodies',
    async (_name, route) => {
      const hasId = route.path('X') !== route.path('Y');
      if (hasId) {
        for (const bad of [...ID_INVALID, '..', '%2e%2e', 'a'.repeat(65)]) {
          const path = route.path(bad === '..' || bad === '%2e%2e' ? bad : encodeURIComponent(bad));
          assertRejected(
            await send(consoleUrl, {
              method: route.method,
              path,
              headers: headersOf(route.who, route.body ? 'application/json' : undefined),
              ...(route.body ? { body: Buffer.from(JSON.stringify(route.body.valid)) } : {}),
            }),
            `${route.name} id ${bad}`,
          );
        }
      }
      const id = 'hostile-console-none';
      if (route.method === 'GET') {
        const queries = [
          `unknown=1`,
          `countyCode=${SANDBOX}`,
          ...(route.query?.includes('limit') ? ['limit=0', 'limit=101', 'limit=abc'] : []),
        ];
        if (route.query?.includes('year')) queries.push('year=1999', 'year=abc');
        if (route.query?.includes('status')) queries.push('status=$ne');
        for (const query of queries) {
          assertRejected(
            await send(consoleUrl, { method: 'GET', path: `${route.path(id)}?${query}`, headers: headersOf(route.who) }),
            `${route.name} ?${query}`,
          );
        }
      }
      if (route.body) {
        await fc.assert(
          fc.asyncProperty(hostileConsoleBody(route), async (hostile) => {
            const response = await send(consoleUrl, {
              method: 'POST',
              path: route.path(id),
              headers: headersOf(route.who, hostile.contentType ?? 'application/json'),
              body: Buffer.from(hostile.text),
            });
            assertRejected(response, `${route.name} ${hostile.label}`);
          }),
          { numRuns: 25 },
        );
        // Too large for the console's 1 MB body limit.
        assertRejected(
          await send(consoleUrl, {
            method: 'POST',
            path: route.path(id),
            headers: headersOf(route.who, 'application/json'),
            body: Buffer.from(JSON.stringify({ ...route.body.valid, padding: 'x'.repeat(HUGE) })),
          }),
          `${route.name} huge body`,
          [413],
        );
      }
    },
    120_000,
  );

  it('sign-in refuses hostile tokens and development sign-in fields; an import takes only CSV or XLSX names', async () => {
    for (const token of ['x'.repeat(10), 'a.b.c'.repeat(10), '{"$ne":null}'.repeat(3), `${'e'.repeat(20)}\u0000`, 'A'.repeat(9000)]) {
      assertRejected(
        await send(consoleUrl, {
          method: 'POST',
          path: '/api/session',
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify({ token })),
        }),
        `sign-in token ${token.slice(0, 20)}`,
        [400, 401],
      );
    }
    for (const body of [
      { role: 'operator' },
      { role: 'county_supervisor', name: '监督', countyCode: '12345' },
      { role: 'county_supervisor', name: '监督', countyCode: { $ne: null } },
      { role: 'agency_clerk', name: '法制员', countyCode: HOME, agencyId: '../x' },
      { role: 'regional_viewer', name: '市级', regionCode: '4' },
      { role: 'county_supervisor', name: '长'.repeat(51), countyCode: HOME },
      { role: 'county_supervisor', name: '监督', countyCode: HOME, admin: true },
    ]) {
      assertRejected(
        await send(consoleUrl, {
          method: 'POST',
          path: '/api/session/dev',
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify(body)),
        }),
        `dev sign-in ${JSON.stringify(body)}`,
        [400],
      );
    }
    for (const fileName of ['acts.exe', '../acts.csv', 'a/b.csv', '', 'acts.csv\u0000.exe']) {
      assertRejected(
        await send(consoleUrl, {
          method: 'POST',
          path: `/api/imports?fileName=${encodeURIComponent(fileName)}`,
          headers: headersOf('clerk', 'text/csv'),
          body: IMPORT_CSV,
        }),
        `import file name ${fileName}`,
      );
    }
    assertRejected(
      await send(consoleUrl, {
        method: 'POST',
        path: '/api/imports?fileName=acts.csv',
        headers: headersOf('clerk', 'application/json'),
        body: Buffer.from('{}'),
      }),
      'import as JSON',
    );
  }, 120_000);
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

// ---------------------------------------------------------------------------------------------
// The web console (services/web-console): its BFF's routes, signed in as the clerk and the
// supervisor. Every body the contract refuses (a field of the wrong type, too long, an operator
// object, control characters, an unknown field, malformed JSON, the wrong content type) and
// every hostile id or query answers a 4xx with a stable code and nothing from the inside.

type ConsoleUserName = 'clerk' | 'supervisor' | 'operator';
interface ConsoleRoute {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: (id: string) => string;
  readonly who: ConsoleUserName;
  /** Valid body (JSON) and the longest string each text field takes. */
  readonly body?: { valid: Record<string, unknown>; maxLengths: Record<string, number> };
  /** Query parameters the route knows (an unknown one is refused). */
  readonly query?: readonly string[];
}

const consoleOpening = {
  openedBy: 'filing',
  category: 'penalty',
  caseNumber: '敌意罚〔2026〕1号',
  title: '敌意输入测试案',
  officerIds: [OFFICER_A],
  occurredAt: '2026-11-02T09:00:00+08:00',
  target: { kind: 'legal_person', name: '某公司', creditCode: '91350100M000100Y43' },
};
const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  {
    name: 'GET /api/acts',
    method: 'GET',
    path: () => '/api/acts',
    who: 'clerk',
    query: ['limit', 'cursor', 'agencyId', 'category', 'status', 'target'],
  },
  { name: 'GET /api/acts/:id', method: 'GET', path: (id) => `/api/acts/${id}`, who: 'clerk' },
  { name: 'GET /api/acts/:id/timeline', method: 'GET', path: (id) => `/api/acts/${id}/timeline`, who: 'supervisor' },
  {
    name: 'POST /api/acts',
    method: 'POST',
    path: () => '/api/acts',
    who: 'clerk',
    body: { valid: consoleOpening, maxLengths: { openedBy: 20, category: 32, caseNumber: 200, title: 400, occurredAt: 40 } },
  },
  {
    name: 'POST /api/acts/:id/steps',
    method: 'POST',
    path: (id) => `/api/acts/${id}/steps`,
    who: 'clerk',
    body: {
      valid: {
        type: 'DecisionMade',
        occurredAt: '2026-11-03T09:00:00+08:00',
        officerIds: [OFFICER_A],
        decisionNumber: '敌意决〔2026〕1号',
        outcome: 'penalized',
        legalBasis: '《行政处罚法》',
        fineYuan: '100',
      },
      maxLengths: { type: 64, occurredAt: 40, decisionNumber: 8000, outcome: 8000, legalBasis: 8000, fineYuan: 8000 },
    },
  },
  { name: 'GET /api/imports/:jobId', method: 'GET', path: (id) => `/api/imports/${id}`, who: 'clerk' },
  {
    name: 'GET /api/alerts',
    method: 'GET',
    path: () => '/api/alerts',
    who: 'supervisor',
    query: ['limit', 'cursor', 'agencyId', 'ruleId', 'level', 'status'],
  },
  { name: 'GET /api/alerts/:id', method: 'GET', path: (id) => `/api/alerts/${id}`, who: 'supervisor' },
  {
    name: 'GET /api/rectifications',
    method: 'GET',
    path: () => '/api/rectifications',
    who: 'supervisor',
    query: ['limit', 'cursor', 'agencyId', 'status', 'overdue'],
  },
  { name: 'GET /api/rectifications/:id', method: 'GET', path: (id) => `/api/rectifications/${id}`, who: 'clerk' },
  {
    name: 'POST /api/rectifications',
    method: 'POST',
    path: () => '/api/rectifications',
    who: 'supervisor',
    body: {
      valid: {
        documentKind: 'notice',
        documentNumber: '敌意监通〔2026〕1号',
        supervisionForm: 'routine',
        agencyId: ACTIVE,
        findings: '问题',
        requirements: '整改',
        deadlineWorkingDays: 5,
      },
      maxLengths: { documentKind: 20, documentNumber: 100, supervisionForm: 20, findings: 4000, requirements: 4000 },
    },
  },
  {
    name: 'POST /api/rectifications/:id/reply',
    method: 'POST',
    path: (id) => `/api/rectifications/${id}/reply`,
    who: 'clerk',
    body: { valid: { measures: ['已整改'], explanation: '说明' }, maxLengths: { explanation: 8000 } },
  },
  {
    name: 'POST /api/rectifications/:id/acceptance',
    method: 'POST',
    path: (id) => `/api/rectifications/${id}/acceptance`,
    who: 'supervisor',
    body: { valid: { opinion: '整改到位' }, maxLengths: { opinion: 4000 } },
  },
  {
    name: 'POST /api/rectifications/:id/return',
    method: 'POST',
    path: (id) => `/api/rectifications/${id}/return`,
    who: 'supervisor',
    body: { valid: { reason: '未到位', newDeadlineWorkingDays: 5 }, maxLengths: { reason: 4000 } },
  },
  {
    name: 'POST /api/rectifications/:id/closure',
    method: 'POST',
    path: (id) => `/api/rectifications/${id}/closure`,
    who: 'supervisor',
    body: { valid: { outcome: 'not_rectified', publicSummary: '未整改到位' }, maxLengths: { outcome: 20, publicSummary: 4000 } },
  },
  { name: 'GET /api/reports', method: 'GET', path: () => '/api/reports', who: 'supervisor', query: ['period', 'year', 'month', 'half'] },
  {
    name: 'GET /api/case-file-reviews',
    method: 'GET',
    path: () => '/api/case-file-reviews',
    who: 'supervisor',
    query: ['limit', 'cursor'],
  },
  {
    name: 'POST /api/case-file-reviews/:id/sample-draws',
    method: 'POST',
    path: (id) => `/api/case-file-reviews/${id}/sample-draws`,
    who: 'supervisor',
    body: { valid: { redrawReason: '重抽' }, maxLengths: { redrawReason: 2000 } },
  },
  {
    name: 'GET /api/random-inspections',
    method: 'GET',
    path: () => '/api/random-inspections',
    who: 'supervisor',
    query: ['limit', 'cursor', 'year'],
  },
  { name: 'GET /api/cross-region', method: 'GET', path: () => '/api/cross-region', who: 'supervisor' },
  {
    name: 'POST /api/advice/:id/answer',
    method: 'POST',
    path: (id) => `/api/advice/${id}/answer`,
    who: 'supervisor',
    body: { valid: { answer: '已督促整改' }, maxLengths: { answer: 4000 } },
  },
  {
    name: 'POST /api/rectifications/:id/accountability',
    method: 'POST',
    path: (id) => `/api/rectifications/${id}/accountability`,
    who: 'supervisor',
    body: {
      valid: {
        decidedBy: '区纪委监委',
        measure: '诫勉谈话',
        persons: ['执法员甲'],
        basis: '《行政执法责任制规定》',
        decidedAt: '2026-11-20T09:00:00+08:00',
      },
      maxLengths: { decidedBy: 400, measure: 400, basis: 8000, decidedAt: 40 },
    },
  },
  {
    name: 'POST /api/report-jobs',
    method: 'POST',
    path: () => '/api/report-jobs',
    who: 'supervisor',
    body: { valid: { period: 'year', year: 2026 }, maxLengths: { period: 5 } },
  },
  { name: 'GET /api/report-jobs/:id', method: 'GET', path: (id) => `/api/report-jobs/${id}`, who: 'supervisor' },
  { name: 'GET /api/report-jobs/:id/export.xlsx', method: 'GET', path: (id) => `/api/report-jobs/${id}/export.xlsx`, who: 'supervisor' },
  { name: 'GET /api/meetings', method: 'GET', path: () => '/api/meetings', who: 'supervisor' },
  {
    name: 'POST /api/meetings',
    method: 'POST',
    path: () => '/api/meetings',
    who: 'supervisor',
    body: {
      valid: { agreementId: 'hostile-agreement', scheduledFor: '2026-12-01T09:00:00+08:00', agenda: ['议程'] },
      maxLengths: { agreementId: 64, scheduledFor: 40 },
    },
  },
  {
    name: 'POST /api/meetings/:id/holding',
    method: 'POST',
    path: (id) => `/api/meetings/${id}/holding`,
    who: 'supervisor',
    body: {
      valid: { heldAt: '2026-11-01T09:00:00+08:00', attendees: [{ countyCode: HOME, names: ['张三'] }], minutes: '纪要' },
      maxLengths: { heldAt: 40, minutes: 8000 },
    },
  },
  {
    name: 'POST /api/meetings/:id/decisions',
    method: 'POST',
    path: (id) => `/api/meetings/${id}/decisions`,
    who: 'supervisor',
    body: {
      valid: { decision: '决定事项', assigneeCounty: HOME, dueAt: '2026-12-31T09:00:00+08:00' },
      maxLengths: { decision: 8000, dueAt: 40 },
    },
  },
  {
    name: 'POST /api/meetings/:id/decisions/:id/completion',
    method: 'POST',
    path: (id) => `/api/meetings/${id}/decisions/${id}/completion`,
    who: 'supervisor',
    body: { valid: { report: '已完成' }, maxLengths: { report: 8000 } },
  },
  { name: 'GET /api/operations/projections', method: 'GET', path: () => '/api/operations/projections', who: 'operator' },
  {
    name: 'POST /api/operations/rebuilds',
    method: 'POST',
    path: () => '/api/operations/rebuilds',
    who: 'operator',
    body: { valid: { service: 'supervision', projection: 'no.such.projection' }, maxLengths: { service: 20, projection: 100 } },
  },
  {
    name: 'GET /api/operations/rebuilds/:service/:id',
    method: 'GET',
    path: (id) => `/api/operations/rebuilds/supervision/${id}`,
    who: 'operator',
  },
];

/** A valid body made invalid in one way the contract refuses. */
function hostileConsoleBody(route: ConsoleRoute): fc.Arbitrary<{ label: string; text: string; contentType?: string }> {
  const { valid, maxLengths } = route.body!;
  const fields = Object.keys(valid);
  const replaced = (field: string, value: unknown) => JSON.stringify({ ...valid, [field]: value });
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...fields), fc.constantFrom<unknown>(null, 42, true, [], { $ne: null }, { $where: '1' }))
      // Only a value of another type than the valid one (42 for a number of days is no hostile input).
      .filter(([field, value]) => typeof value === 'object' || typeof value !== typeof valid[field])
      .map(([field, value]) => ({ label: `${field} = ${JSON.stringify(value)}`, text: replaced(field, value) })),
    fc
      .tuple(fc.constantFrom(...Object.keys(maxLengths)), fc.integer({ min: 1, max: 40 }))
      .map(([field, extra]) => ({ label: `${field} too long`, text: replaced(field, '长'.repeat(maxLengths[field]! + extra)) })),
    fc
      .tuple(fc.constantFrom(...Object.keys(maxLengths)), fc.constantFrom('\u0000', '\u0007', '\u001b[31m'))
      .map(([field, control]) => ({ label: `${field} with a control character`, text: replaced(field, `正常${control}文本`) })),
    fc.constantFrom('$where', '__proto__', 'countyCode', 'constructor ').map((unknown) => ({
      label: `unknown field ${unknown}`,
      text: JSON.stringify({ ...valid, [unknown]: 'x' }),
    })),
    fc.constantFrom('{', '{"a":', 'null', '[]', '"text"', '{"opinion":"a"}}').map((text) => ({ label: `malformed ${text}`, text })),
    fc.constant({ label: 'form-encoded', text: 'opinion=a', contentType: 'application/x-www-form-urlencoded' }),
  );
}
