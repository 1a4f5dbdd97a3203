import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metadata, credentials } from '@grpc/grpc-js';
import { caseIntakeV1 } from '@lesp/contracts';
import { parsePrometheusText, sampleSum, type PrometheusSample } from '@lesp/observability';
import {
  devTokens,
  eventually,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceName,
  type ServiceProcess,
} from '@lesp/test-infra';
import { MongoClient } from 'mongodb';
import { callUnary } from '../src/index.js';

/**
 * Observability through running services: case intake and supervision as OS processes, their
 * spans sent over OTLP/HTTP to a collector this test plays. One command over gRPC, sent with
 * a trace context of the test's own, must be one trace from the gRPC server span through the
 * command, the append and the outbox's Kafka publication to supervision's consumption and
 * projection; and /metrics of both must have moved.
 */
const suffix = uniqueSuffix();
const TOPIC_PREFIX = `obs-${suffix}`;
const CASE_INTAKE_TOPIC = `${TOPIC_PREFIX}.case-intake.events`;
const COUNTY = '431103';

interface ReceivedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
}

/** A minimal OTLP/HTTP (JSON) trace collector: POST /v1/traces, keeps every span. */
function startCollector(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.headers['content-type']?.includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ?? '?';
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
                name: span.name,
                kind: span.kind,
              });
            }
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, spans });
    }),
  );
}

interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }[] }[];
  }[];
}

let collector: Awaited<ReturnType<typeof startCollector>>;
const services = {} as Record<ServiceName, ServiceProcess>;
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `obs_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX,
  KAFKA_PARTITIONS: '2',
  OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
  OTEL_BSP_SCHEDULE_DELAY: '100',
});

async function scrape(service: ServiceName): Promise<PrometheusSample[]> {
  const response = await fetch(`${services[service].httpUrl}/metrics`);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

beforeAll(async () => {
  collector = await startCollector();
  const started = await Promise.all((['case-intake', 'supervision'] as const).map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name] = service;
}, 180_000);

afterAll(async () => {
  await Promise.all(Object.values(services).map((s) => s.stop()));
  collector?.server.close();
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  for (const name of ['case-intake', 'supervision'] as const) {
    await client
      .db(env(name).MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
  }
  await client.close();
});

describe('a command observed across services', () => {
  it('is one trace from the gRPC call to the other service’s projection, and moves the metrics of both', async () => {
    const intakeBefore = await scrape('case-intake');
    const supervisionBefore = await scrape('supervision');
    const token = await (await devTokens()).issue({ subject: 'obs-supervisor', role: 'county_supervisor', countyCode: COUNTY });
    const client = new caseIntakeV1.CaseIntakeServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());

    // The caller's own trace context: everything the command causes must continue this trace.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const metadata = new Metadata();
    metadata.set('traceparent', `00-${traceId}-${callerSpanId}-01`);
    const correlationId = `obs-${suffix}`;
    await callUnary(
      client,
      client.registerAgency,
      caseIntakeV1.RegisterAgencyRequest.create({
        countyCode: COUNTY,
        agencyId: 'obs-m1',
        name: '可观测性测试局',
        creditCode: '11431103MB1A23456Q',
        kind: '行政机关',
      }),
      { deadlineMs: 10_000, bearerToken: token, metadata, correlationId },
    );
    // And one refusal, counted by its stable code.
    const refused = await callUnary(
      client,
      client.registerAgency,
      caseIntakeV1.RegisterAgencyRequest.create({
        countyCode: COUNTY,
        agencyId: 'obs-m2',
        name: '坏代码局',
        creditCode: 'bad',
        kind: '行政机关',
      }),
      { deadlineMs: 10_000, bearerToken: token },
    ).catch((error: { code?: string }) => error);
    expect(refused).toMatchObject({ code: 'CREDIT_CODE_INVALID' });

    // --- the trace ---
    const ofTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    const find = (service: string, prefix: string) => ofTrace().find((s) => s.service === service && s.name.startsWith(prefix));
    await eventually(
      'spans of both services for the command',
      async () => ofTrace(),
      // Every span the test follows: a parent span ends (and is exported) after its children, so the projection alone does not mean its consume span is in.
      () =>
        [
          ['case-intake', 'grpc RegisterAgency'],
          ['case-intake', 'command RegisterAgency'],
          ['case-intake', 'event-store append'],
          ['case-intake', 'publish case-intake'],
          ['supervision', `consume ${CASE_INTAKE_TOPIC}`],
          ['supervision', 'projection supervision.supervised-agencies'],
        ].every(([service, prefix]) => find(service!, prefix!) !== undefined),
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    const server = find('case-intake', 'grpc RegisterAgency')!;
    const command = find('case-intake', 'command RegisterAgency')!;
    const append = find('case-intake', 'event-store append')!;
    const publish = find('case-intake', 'publish case-intake')!;
    const consume = find('supervision', `consume ${CASE_INTAKE_TOPIC}`)!;
    const projection = find('supervision', 'projection supervision.supervised-agencies')!;
    const names = ofTrace().map((s) => `${s.service}: ${s.name}`);
    for (const span of [server, command, append, publish, consume, projection]) expect(span, names.join('\n')).toBeDefined();
    // Each continues the one before it: caller → server → command → append → publish → consume → projection.
    expect(server.parentSpanId).toBe(callerSpanId);
    expect(server.kind).toBe(2); // SERVER (OTLP enum: INTERNAL 1, SERVER 2, CLIENT 3, PRODUCER 4, CONSUMER 5)
    expect(command.parentSpanId).toBe(server.spanId);
    expect(append.parentSpanId).toBe(command.spanId);
    expect(publish.parentSpanId).toBe(append.spanId);
    expect(publish.kind).toBe(4);
    expect(consume.parentSpanId).toBe(publish.spanId);
    expect(consume.kind).toBe(5);
    expect(projection.parentSpanId).toBe(consume.spanId);

    // --- the logs: the call's line names its correlation id and its trace ---
    const intakeLog = await readFile(services['case-intake'].logFile, 'utf8');
    const callLine = intakeLog
      .split('\n')
      .filter((line) => line.includes('"grpc call"') && line.includes(correlationId))
      .map((line) => JSON.parse(line) as Record<string, unknown>)[0];
    expect(callLine).toMatchObject({ correlationId, traceId, grpcMethod: 'RegisterAgency', code: 'OK' });

    // --- the metrics of case intake: the command, its append, its publication, the call's latency, the refusal ---
    const intakeAfter = await eventually(
      'case intake to count the publication',
      () => scrape('case-intake'),
      (samples) =>
        sampleSum(samples, 'lesp_events_published_total', { topic: CASE_INTAKE_TOPIC }) >
        sampleSum(intakeBefore, 'lesp_events_published_total', { topic: CASE_INTAKE_TOPIC }),
    );
    const moved = (name: string, labels: Record<string, string>) =>
      sampleSum(intakeAfter, name, labels) - sampleSum(intakeBefore, name, labels);
    expect(moved('lesp_commands_total', { service: 'case-intake', command: 'RegisterAgency', outcome: 'ok' })).toBe(1);
    expect(moved('lesp_events_appended_total', { source: 'case-intake' })).toBe(1);
    expect(moved('lesp_grpc_request_duration_seconds_count', { method: 'RegisterAgency', code: 'OK' })).toBe(1);
    expect(moved('lesp_grpc_request_duration_seconds_count', { method: 'RegisterAgency', code: 'INVALID_ARGUMENT' })).toBe(1);
    expect(moved('lesp_errors_total', { code: 'CREDIT_CODE_INVALID', transport: 'grpc' })).toBe(1);
    // The append's one commit insert, timed by the driver (the refused command wrote nothing).
    expect(moved('lesp_db_command_duration_seconds_count', { command: 'insert', collection: 'event_commits', outcome: 'ok' })).toBe(1);
    expect(sampleSum(intakeAfter, 'lesp_outbox_backlog_commits')).toBeGreaterThanOrEqual(0);
    expect(intakeAfter.some((s) => s.name === 'lesp_outbox_backlog_commits')).toBe(true);

    // --- the metrics of supervision: consumption, the projection's progress and lag, the group's lag ---
    const supervisionAfter = await eventually(
      'supervision to show its consumer lag on case intake’s topic, caught up',
      () => scrape('supervision'),
      (samples) => {
        const lag = samples.filter((s) => s.name === 'lesp_consumer_lag_messages' && s.labels['topic'] === CASE_INTAKE_TOPIC);
        return lag.length === 2 && lag.every((s) => s.value === 0);
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    const consumed = (samples: PrometheusSample[]) =>
      sampleSum(samples, 'lesp_events_consumed_total', { topic: CASE_INTAKE_TOPIC, event_type: 'AgencyRegistered', outcome: 'ok' });
    expect(consumed(supervisionAfter) - consumed(supervisionBefore)).toBe(1);
    const applied = (samples: PrometheusSample[]) =>
      sampleSum(samples, 'lesp_projection_events_applied_total', { projection: 'supervision.supervised-agencies' });
    expect(applied(supervisionAfter) - applied(supervisionBefore)).toBe(1);
    const lastEvent = sampleSum(supervisionAfter, 'lesp_projection_last_event_timestamp_seconds', {
      projection: 'supervision.supervised-agencies',
    });
    expect(lastEvent * 1000).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(
      supervisionAfter.some(
        (s) => s.name === 'lesp_projection_lag_seconds' && s.labels['projection'] === 'supervision.supervised-agencies',
      ),
    ).toBe(true);
    expect(supervisionAfter.every((s) => s.labels['service'] === 'supervision')).toBe(true);
  });
});
