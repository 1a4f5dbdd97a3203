import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { caseIntakeV1, publicDisclosureV1, supervisionV1 } from '@lesp/contracts';
import { ValidationError } from '@lesp/core';
import { callUnary } from '@lesp/service-bootstrap';
import {
  createTestKafka,
  devTokens,
  eventually,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceName,
  type ServiceProcess,
} from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * The walking skeleton, end to end: four services as four OS processes on the real broker
 * and database. Registering an agency in case intake is projected by supervision, public
 * disclosure and cross-region, and answered over both HTTP and gRPC.
 */
const suffix = uniqueSuffix();
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-${suffix}`,
  KAFKA_PARTITIONS: '4',
});
const services = {} as Record<ServiceName, ServiceProcess>;
const extraReplicas: ServiceProcess[] = [];

const LENGSHUITAN = '431103';
const HUAYUAN = '433124';

/** A county supervisor (with a valid 执法监督证) of the county in the URL, or a Hunan-wide viewer for roll-ups. */
async function tokenFor(url: string): Promise<string> {
  const tokens = await devTokens();
  const county = /counties\/(\d{6})/.exec(url)?.[1];
  if (county) return tokens.issue({ subject: `supervisor-${county}`, role: 'county_supervisor', countyCode: county });
  return tokens.issue({ subject: 'viewer-hunan', role: 'regional_viewer', regionCode: '43' });
}

async function registerOverHttp(countyCode: string, body: Record<string, unknown>) {
  const url = `${services['case-intake'].httpUrl}/api/v1/counties/${countyCode}/agencies`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(url)}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function getJson(url: string) {
  const response = await fetch(url, { headers: url.includes('/public/') ? {} : { authorization: `Bearer ${await tokenFor(url)}` } });
  return (await response.json()) as {
    agencies?: { agencyId: string; name: string; status: string }[];
    counties?: { countyCode: string; activeAgencies: number }[];
  };
}

beforeAll(async () => {
  const names: ServiceName[] = ['case-intake', 'supervision', 'cross-region', 'public-disclosure'];
  const started = await Promise.all(names.map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name] = service;
}, 180_000);

afterAll(async () => {
  await Promise.all([...Object.values(services), ...extraReplicas].map((s) => s.stop()));
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  for (const name of ['case-intake', 'supervision', 'cross-region', 'public-disclosure'] as const) {
    await client
      .db(env(name).MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
  }
  await client.close();
});

describe('agency registration flows through every service', () => {
  it('shows a registered agency in supervision, public disclosure and cross-region, over HTTP and gRPC', async () => {
    const registered = await registerOverHttp(LENGSHUITAN, {
      agencyId: 'scjgj',
      name: '冷水滩区市场监督管理局',
      creditCode: '11431103MB1A23456Q',
      kind: '行政机关',
      legalBasis: '《中华人民共和国行政处罚法》',
    });
    expect(registered).toMatchObject({ status: 201, body: { aggregateId: 'scjgj', version: 1 } });
    const acceptedAt = Date.now();

    const supervised = await eventually(
      'supervision to project the agency',
      () => getJson(`${services.supervision.httpUrl}/api/v1/counties/${LENGSHUITAN}/supervised-agencies`),
      (r) => r.agencies?.some((a) => a.agencyId === 'scjgj') ?? false,
    );
    const publicList = await eventually(
      'public disclosure to project the agency',
      () => getJson(`${services['public-disclosure'].httpUrl}/api/v1/public/counties/${LENGSHUITAN}/agencies`),
      (r) => r.agencies?.length === 1,
    );
    await eventually(
      'cross-region to count the agency',
      () => getJson(`${services['cross-region'].httpUrl}/api/v1/county-directory?countyCodes=${LENGSHUITAN},${HUAYUAN}`),
      (r) => r.counties?.[0]?.activeAgencies === 1,
    );
    console.log(`[e2e] agency visible in all three consuming services ${Date.now() - acceptedAt} ms after the command was accepted`);
    expect(supervised.agencies).toEqual([expect.objectContaining({ agencyId: 'scjgj', name: '冷水滩区市场监督管理局', status: 'active' })]);
    expect(publicList.agencies).toEqual([
      expect.objectContaining({ agencyId: 'scjgj', creditCode: '11431103MB1A23456Q', status: 'active' }),
    ]);

    const supervisionClient = new supervisionV1.SupervisionServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
    const overGrpc = await callUnary(
      supervisionClient,
      supervisionClient.listSupervisedAgencies,
      { countyCode: LENGSHUITAN, page: undefined },
      { deadlineMs: 5000, bearerToken: await tokenFor(`/counties/${LENGSHUITAN}`) },
    );
    expect(overGrpc.agencies.map((a) => a.agencyId)).toEqual(['scjgj']);
    const publicClient = new publicDisclosureV1.PublicDisclosureServiceClient(
      services['public-disclosure'].grpcAddress,
      credentials.createInsecure(),
    );
    const publicOverGrpc = await callUnary(
      publicClient,
      publicClient.listPublicAgencies,
      { countyCode: LENGSHUITAN, page: undefined },
      { deadlineMs: 5000 },
    );
    expect(publicOverGrpc.agencies).toEqual([expect.objectContaining({ name: '冷水滩区市场监督管理局', status: 'active' })]);
    supervisionClient.close();
    publicClient.close();
  });

  it('projects a suspension everywhere, and public disclosure never shows the internal reason', async () => {
    const caseIntake = new caseIntakeV1.CaseIntakeServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());
    const bearerToken = await tokenFor(`/counties/${HUAYUAN}`);
    const registered = await callUnary(
      caseIntake,
      caseIntake.registerAgency,
      caseIntakeV1.RegisterAgencyRequest.create({
        countyCode: HUAYUAN,
        agencyId: 'hbj',
        name: '花垣县生态环境局',
        creditCode: '11433124MB1C00021M',
        kind: '行政机关',
      }),
      { deadlineMs: 5000, bearerToken },
    );
    expect(registered.version).toBe(1);
    const suspended = await callUnary(
      caseIntake,
      caseIntake.suspendAgency,
      caseIntakeV1.SuspendAgencyRequest.create({
        countyCode: HUAYUAN,
        agencyId: 'hbj',
        reason: '内部调整：主体资格待核实',
        meta: { expectedVersion: 1, idempotencyKey: '', correlationId: '' },
      }),
      { deadlineMs: 5000, bearerToken },
    );
    expect(suspended.version).toBe(2);

    const supervised = await eventually(
      'supervision to see the suspension',
      () => getJson(`${services.supervision.httpUrl}/api/v1/counties/${HUAYUAN}/supervised-agencies`),
      (r) => r.agencies?.[0]?.status === 'suspended',
    );
    expect(supervised.agencies).toHaveLength(1);
    const publicView = await eventually(
      'public disclosure to see the suspension',
      () => fetch(`${services['public-disclosure'].httpUrl}/api/v1/public/counties/${HUAYUAN}/agencies`).then((r) => r.text()),
      (text) => text.includes('suspended'),
    );
    expect(publicView).not.toContain('内部调整');
    await eventually(
      'cross-region to stop counting the suspended agency',
      () => getJson(`${services['cross-region'].httpUrl}/api/v1/county-directory?countyCodes=${HUAYUAN}`),
      (r) => r.counties?.[0]?.activeAgencies === 0,
    );
    caseIntake.close();
  });

  it('records a retried registration once (same Idempotency-Key), and projects a renamed agency everywhere', async () => {
    const COUNTY = '431102';
    const url = `${services['case-intake'].httpUrl}/api/v1/counties/${COUNTY}/agencies`;
    const token = await tokenFor(url);
    const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const registration = { agencyId: 'zrzyj', name: '零陵区自然资源局', creditCode: '11431103MB1A23456Q', kind: '行政机关' };
    const first = await send('POST', '', registration, { 'idempotency-key': `reg-${suffix}` });
    const retried = await send('POST', '', registration, { 'idempotency-key': `reg-${suffix}` });
    expect(first).toMatchObject({ status: 201, body: { aggregateId: 'zrzyj', version: 1 } });
    expect(retried).toEqual(first);
    // Without the key the same registration is a second command, refused: the agency exists.
    expect(await send('POST', '', registration)).toMatchObject({ status: 409, body: { error: { code: 'AGENCY_ALREADY_REGISTERED' } } });

    const renamed = await send(
      'PUT',
      '/zrzyj',
      { ...registration, agencyId: undefined, name: '零陵区自然资源和规划局' },
      { 'if-match': '"1"' },
    );
    expect(renamed).toMatchObject({ status: 200, body: { version: 2 } });
    const stale = await send(
      'PUT',
      '/zrzyj',
      { name: '旧名', creditCode: registration.creditCode, kind: '行政机关' },
      { 'if-match': '"1"' },
    );
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'STREAM_VERSION_CONFLICT' } } });
    const broken = await send('PUT', '/zrzyj', { name: '零陵区自然资源局', creditCode: '11431103MB1A23456X', kind: '行政机关' });
    expect(broken).toMatchObject({
      status: 400,
      body: { error: { violations: [expect.objectContaining({ field: 'creditCode', code: 'CREDIT_CODE_INVALID' })] } },
    });

    await eventually(
      'supervision to show the new name',
      () => getJson(`${services.supervision.httpUrl}/api/v1/counties/${COUNTY}/supervised-agencies`),
      (r) => r.agencies?.some((a) => a.agencyId === 'zrzyj' && a.name === '零陵区自然资源和规划局') ?? false,
    );
    await eventually(
      'public disclosure to show the new name',
      () => fetch(`${services['public-disclosure'].httpUrl}/api/v1/public/counties/${COUNTY}/agencies`).then((r) => r.text()),
      (text) => text.includes('零陵区自然资源和规划局'),
    );
    const registry = await fetch(`${url}/zrzyj`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
    expect(registry).toMatchObject({ name: '零陵区自然资源和规划局', version: 2 });
  });

  it('refuses bad input with the field, the rule in Chinese and a stable code, over HTTP and gRPC', async () => {
    const bad = await registerOverHttp(LENGSHUITAN, { name: '某局', creditCode: '11431103MB1A23456X', kind: '行政机关' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'CREDIT_CODE_INVALID', violations: [{ field: 'creditCode', code: 'CREDIT_CODE_INVALID' }] },
    });
    expect(JSON.stringify(bad.body)).toContain('校验位');

    const missing = await registerOverHttp(LENGSHUITAN, { name: '某局' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: { code: 'FIELD_REQUIRED', violations: [{ field: 'creditCode', code: 'FIELD_REQUIRED' }] },
    });

    const caseIntake = new caseIntakeV1.CaseIntakeServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());
    const rejected = callUnary(
      caseIntake,
      caseIntake.registerAgency,
      caseIntakeV1.RegisterAgencyRequest.create({ countyCode: LENGSHUITAN, name: 'x', creditCode: 'x', kind: 'x' }),
      { deadlineMs: 5000, bearerToken: await tokenFor(`/counties/${LENGSHUITAN}`) },
    );
    await expect(rejected).rejects.toBeInstanceOf(ValidationError);
    await expect(rejected).rejects.toMatchObject({ code: 'VALIDATION_FAILED', violations: [{ field: 'creditCode' }, { field: 'kind' }] });
    caseIntake.close();

    const duplicate = await registerOverHttp(LENGSHUITAN, {
      agencyId: 'scjgj',
      name: '重复',
      creditCode: '11431103MB1A23456Q',
      kind: '行政机关',
    });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'AGENCY_ALREADY_REGISTERED' } } });
  });

  it('keeps counties apart when they use the same local agency id', async () => {
    await registerOverHttp('411722', { agencyId: 'same-id', name: '上蔡县交通运输局', creditCode: '11411722MB1B000113', kind: '行政机关' });
    await registerOverHttp('522229', {
      agencyId: 'same-id',
      name: '松桃苗族自治县水利局',
      creditCode: '11522229MB1D00031W',
      kind: '行政机关',
    });
    const shangcai = await eventually(
      'both counties projected',
      async () => [
        await getJson(`${services.supervision.httpUrl}/api/v1/counties/411722/supervised-agencies`),
        await getJson(`${services.supervision.httpUrl}/api/v1/counties/522229/supervised-agencies`),
      ],
      ([a, b]) => a?.agencies?.length === 1 && b?.agencies?.length === 1,
    );
    expect(shangcai[0]!.agencies![0]!.name).toBe('上蔡县交通运输局');
    expect(shangcai[1]!.agencies![0]!.name).toBe('松桃苗族自治县水利局');
  });

  it('scales supervision by running a second copy in the same consumer group', async () => {
    const replica = await startServiceProcess('supervision', env('supervision'));
    extraReplicas.push(replica);
    const kafka = createTestKafka();
    const admin = kafka.admin();
    await admin.connect();
    const groupId = `e2e-${suffix}.supervision`;
    const members = await eventually(
      'both supervision copies to share the partitions',
      async () => (await admin.describeGroups([groupId])).groups[0]!,
      (group) => group.state === 'Stable' && group.members.length === 2,
      { timeoutMs: 45_000, intervalMs: 500 },
    );
    expect(members.members).toHaveLength(2);
    await admin.disconnect();

    for (let i = 0; i < 8; i++) {
      const result = await registerOverHttp('500241', {
        agencyId: `xs-${i}`,
        name: `秀山县第${i + 1}执法大队`,
        creditCode: '11500241MB1E00041T',
        kind: '行政机关',
      });
      expect(result.status).toBe(201);
    }
    // Either copy may have projected any of them; both read the same read model.
    for (const url of [services.supervision.httpUrl, replica.httpUrl]) {
      await eventually(
        'all eight agencies projected exactly once',
        () => getJson(`${url}/api/v1/counties/500241/supervised-agencies?limit=50`),
        (r) => r.agencies?.length === 8,
      );
    }
  });

  it('stops gracefully on SIGTERM: the copy leaves the group and exits 0, the other takes over', async () => {
    const replica = extraReplicas.pop()!;
    expect(await replica.stop()).toBe(0);
    const log = await import('node:fs/promises').then((fs) => fs.readFile(replica.logFile, 'utf8'));
    expect(log).toContain('"msg":"stopped"');
    const result = await registerOverHttp('500241', {
      agencyId: 'xs-after',
      name: '秀山县后续执法大队',
      creditCode: '11500241MB1E00041T',
      kind: '行政机关',
    });
    expect(result.status).toBe(201);
    await eventually(
      'the remaining copy to project the new agency',
      () => getJson(`${services.supervision.httpUrl}/api/v1/counties/500241/supervised-agencies?limit=50`),
      (r) => r.agencies?.length === 9,
      { timeoutMs: 45_000 },
    );
  });
});
