import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { caseIntakeV1, officersV1 } from '@lesp/contracts';
import { residentIdCheckChar, ValidationError } from '@lesp/core';
import { callUnary } from '@lesp/service-bootstrap';
import { devTokens, eventually, integrationEnv, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * Officers and their certificates, and an agency's power list and delegations, through the
 * running case-intake process on the real broker and database, over HTTP and gRPC. The ID
 * numbers registered here must never come back unmasked, nor reach the service's log.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `officers_${suffix}`,
  TOPIC_PREFIX: `officers-${suffix}`,
  KAFKA_PARTITIONS: '2',
};
const idNumber = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const ID_HTTP = idNumber('43110319850312123');
const ID_GRPC = idNumber('43110319900708456');
const YEAR = new Date().getUTCFullYear();

let service: ServiceProcess;
let supervisor: string;
let clerk: string;
let officerClient: officersV1.OfficerServiceClient;
let caseIntakeClient: caseIntakeV1.CaseIntakeServiceClient;
/** Every response body seen, to search for unmasked ID numbers at the end. */
const seen: string[] = [];

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token = supervisor) {
  const response = await fetch(`${service.httpUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  seen.push(text);
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const grpc = {
  deadlineMs: 5000,
  get bearerToken() {
    return supervisor;
  },
};
const meta = (expectedVersion = 0) => ({ idempotencyKey: '', expectedVersion, correlationId: '' });
const officers = `/api/v1/counties/${COUNTY}/officers`;

beforeAll(async () => {
  service = await startServiceProcess('case-intake', env);
  const tokens = await devTokens();
  supervisor = await tokens.issue({ subject: `sup-${suffix}`, role: 'county_supervisor', countyCode: COUNTY });
  clerk = await tokens.issue({ subject: `clerk-${suffix}`, role: 'agency_clerk', countyCode: COUNTY, agencyId: 'scjgj' });
  officerClient = new officersV1.OfficerServiceClient(service.grpcAddress, credentials.createInsecure());
  caseIntakeClient = new caseIntakeV1.CaseIntakeServiceClient(service.grpcAddress, credentials.createInsecure());
  for (const [agencyId, name] of [
    ['scjgj', '冷水滩区市场监督管理局'],
    ['hbj', '冷水滩区生态环境分局'],
  ]) {
    const created = await http('POST', `/api/v1/counties/${COUNTY}/agencies`, {
      agencyId,
      name,
      creditCode: '11431103MB1A23456Q',
      kind: '行政机关',
    });
    expect(created.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  officerClient?.close();
  caseIntakeClient?.close();
  await service?.stop();
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  await client
    .db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
});

describe('officers (执法人员) through the running service', () => {
  it('registers an officer over HTTP and walks the certificate through suspension, loss, reissue and revocation', async () => {
    const registered = await http('POST', officers, {
      officerId: 'li-ming',
      agencyId: 'scjgj',
      name: '李明',
      idNumber: ID_HTTP,
      certificateNumber: '湘43110300123',
      certificateValidUntil: '2030-12-31T16:00:00Z',
      enforcementAreas: ['市场监管', '食品安全'],
    });
    expect(registered).toMatchObject({ status: 201, body: { aggregateId: 'li-ming', version: 1 } });

    const one = `${officers}/li-ming`;
    expect(
      (await http('POST', `${one}/certificate/suspension`, { reason: '涉嫌违规执法，调查期间暂扣' }, { 'if-match': '"1"' })).status,
    ).toBe(200);
    const stale = await http('POST', `${one}/certificate/reinstatement`, undefined, { 'if-match': '"1"' });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'STREAM_VERSION_CONFLICT' } } });
    expect((await http('POST', `${one}/certificate/reinstatement`, undefined, { 'if-match': '"2"' })).status).toBe(200);
    expect((await http('POST', `${one}/certificate/loss-report`)).status).toBe(200);
    const reissued = await http('POST', `${one}/certificate/reissue`, { certificateNumber: '湘43110300456' });
    expect(reissued).toMatchObject({ status: 200, body: { version: 5 } });
    expect((await http('POST', `${one}/exam-results`, { year: YEAR, score: 88.5, passed: true })).status).toBe(200);
    expect((await http('POST', `${one}/training-records`, { year: YEAR, hours: 24, course: '行政执法规范化培训' })).status).toBe(200);
    expect((await http('POST', `${one}/training-records`, { year: YEAR, hours: 16, course: '《行政处罚法》专题' })).status).toBe(200);
    expect((await http('POST', `${one}/certificate/revocation`, { reason: '调离执法岗位' })).status).toBe(200);

    const twice = await http('POST', `${one}/certificate/revocation`, { reason: '再次注销' });
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'CERTIFICATE_ALREADY_REVOKED' } } });
    const reinstateRevoked = await http('POST', `${one}/certificate/reinstatement`);
    expect(reinstateRevoked).toMatchObject({ status: 409, body: { error: { code: 'CERTIFICATE_REVOKED' } } });

    const officer = await eventually(
      'the registry to show the revocation',
      () => http('GET', one),
      (r) => r.status === 200 && r.body['certificateStatus'] === 'revoked',
    );
    expect(officer.body).toMatchObject({
      officerId: 'li-ming',
      agencyId: 'scjgj',
      idNumberMasked: `4311**********${ID_HTTP.slice(-4)}`,
      certificateNumber: '湘43110300456',
      certificateValidNow: false,
      trainingHours: [{ year: YEAR, hours: 40 }],
      examResults: [expect.objectContaining({ year: YEAR, score: 88.5, passed: true })],
      version: 9,
    });
    expect(officer.body['certificateHistory'].map((p: { status: string }) => p.status)).toEqual([
      'valid',
      'suspended',
      'valid',
      'lost',
      'valid',
      'revoked',
    ]);
  });

  it('refuses an unknown agency and a wrong ID number with the field named, without echoing the number', async () => {
    const unknown = await http('POST', officers, {
      agencyId: 'no-such-agency',
      name: '王五',
      idNumber: ID_HTTP,
      certificateNumber: '湘43110300999',
      certificateValidUntil: '2030-12-31T16:00:00Z',
      enforcementAreas: ['交通运输'],
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'AGENCY_UNKNOWN', violations: [{ field: 'agencyId' }] } } });

    const wrongId = `${ID_HTTP.slice(0, 17)}${ID_HTTP.endsWith('0') ? '1' : '0'}`;
    const invalid = await http('POST', officers, {
      agencyId: 'scjgj',
      name: '王五',
      idNumber: wrongId,
      certificateNumber: '湘43110300999',
      certificateValidUntil: '2030-12-31T16:00:00Z',
      enforcementAreas: ['交通运输'],
    });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'ID_NUMBER_INVALID', violations: [{ field: 'idNumber' }] } } });
    expect(JSON.stringify(invalid.body)).not.toContain(wrongId);

    const extra = await http('POST', officers, { agencyId: 'scjgj', name: 'x', idNumber: ID_HTTP, hack: true });
    expect(extra.status).toBe(400);
  });

  it('registers and transfers an officer over gRPC, and answers the registry over gRPC', async () => {
    const registered = await callUnary(
      officerClient,
      officerClient.registerOfficer,
      officersV1.RegisterOfficerRequest.create({
        countyCode: COUNTY,
        officerId: 'zhang-hua',
        agencyId: 'scjgj',
        name: '张华',
        idNumber: ID_GRPC,
        certificateNumber: '湘43110300789',
        certificateValidUntil: new Date('2029-06-30T16:00:00Z'),
        enforcementAreas: ['生态环境'],
      }),
      grpc,
    );
    expect(registered.version).toBe(1);

    const toUnknown = callUnary(
      officerClient,
      officerClient.transferOfficer,
      { countyCode: COUNTY, officerId: 'zhang-hua', toAgencyId: 'nowhere', meta: meta() },
      grpc,
    );
    await expect(toUnknown).rejects.toBeInstanceOf(ValidationError);
    await expect(toUnknown).rejects.toMatchObject({ code: 'AGENCY_UNKNOWN' });
    const transferred = await callUnary(
      officerClient,
      officerClient.transferOfficer,
      { countyCode: COUNTY, officerId: 'zhang-hua', toAgencyId: 'hbj', meta: meta(1) },
      grpc,
    );
    expect(transferred.version).toBe(2);

    const badId = callUnary(
      officerClient,
      officerClient.reportCertificateLost,
      { countyCode: COUNTY, officerId: '../li-ming', meta: meta() },
      grpc,
    );
    await expect(badId).rejects.toMatchObject({ code: 'OFFICER_ID_INVALID' });

    const officer = await eventually(
      'the registry to show the transfer',
      () => callUnary(officerClient, officerClient.getOfficer, { countyCode: COUNTY, officerId: 'zhang-hua' }, grpc),
      (o) => o.agencyId === 'hbj',
    );
    seen.push(JSON.stringify(officer));
    expect(officer).toMatchObject({
      idNumberMasked: `4311**********${ID_GRPC.slice(-4)}`,
      certificateStatus: 'valid',
      certificateValidNow: true,
      agencyHistory: [expect.objectContaining({ agencyId: 'scjgj' }), expect.objectContaining({ agencyId: 'hbj' })],
    });

    const listed = await callUnary(
      officerClient,
      officerClient.listOfficers,
      { countyCode: COUNTY, agencyId: 'hbj', certificateStatus: 'valid', page: undefined },
      grpc,
    );
    seen.push(JSON.stringify(listed));
    expect(listed.officers.map((o) => o.officerId)).toEqual(['zhang-hua']);
  });

  it('gives a certificate number to one officer of the county only, even after a failed attempt held it', async () => {
    const base = {
      agencyId: 'scjgj',
      name: '周强',
      idNumber: ID_HTTP,
      certificateValidUntil: '2030-12-31T16:00:00Z',
      enforcementAreas: ['市场监管'],
    };
    // A registration the decider refuses (an expiry in the past) leaves its reservation behind: it must not block.
    const refused = await http('POST', officers, {
      ...base,
      officerId: 'zhou-1',
      certificateNumber: '湘43110300777',
      certificateValidUntil: '2001-01-01T00:00:00Z',
    });
    expect(refused.status).toBe(400);
    expect(await http('POST', officers, { ...base, officerId: 'zhou-2', certificateNumber: '湘43110300777' })).toMatchObject({
      status: 201,
    });

    const taken = await http('POST', officers, { ...base, officerId: 'zhou-3', certificateNumber: '湘43110300777' });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'CERTIFICATE_NUMBER_TAKEN' } } });
    expect(taken.body['error']['message']).toContain('湘43110300777');
    expect((await http('GET', `${officers}/zhou-3`)).status).toBe(404);

    // A reissue may not take another officer's number either; the officer's own retry may.
    expect(await http('POST', officers, { ...base, officerId: 'zhou-4', certificateNumber: '湘43110300778' })).toMatchObject({
      status: 201,
    });
    expect((await http('POST', `${officers}/zhou-4/certificate/loss-report`)).status).toBe(200);
    const reissueTaken = await http('POST', `${officers}/zhou-4/certificate/reissue`, { certificateNumber: '湘43110300777' });
    expect(reissueTaken).toMatchObject({ status: 409, body: { error: { code: 'CERTIFICATE_NUMBER_TAKEN' } } });
    expect((await http('POST', `${officers}/zhou-4/certificate/reissue`, { certificateNumber: '湘43110300779' })).status).toBe(200);
  });

  it('lists a county over HTTP with filters, and keeps clerks to their own agency for single records', async () => {
    const revoked = await http('GET', `${officers}?certificateStatus=revoked`);
    expect(revoked.body['officers'].map((o: { officerId: string }) => o.officerId)).toEqual(['li-ming']);
    const page = await http('GET', `${officers}?limit=1`);
    expect(page.body['officers']).toHaveLength(1);
    expect(page.body['nextCursor']).not.toBe('');

    const asClerk = await http('GET', officers, undefined, {}, clerk);
    expect(asClerk.status).toBe(200);
    expect((await http('GET', `${officers}/li-ming`, undefined, {}, clerk)).status).toBe(200);
    const otherAgency = await http('GET', `${officers}/zhang-hua`, undefined, {}, clerk);
    expect(otherAgency).toMatchObject({ status: 403, body: { error: { code: 'OUTSIDE_AGENCY' } } });
    expect((await http('POST', `${officers}/li-ming/exam-results`, { year: YEAR, score: 90, passed: true }, {}, clerk)).status).toBe(403);
  });

  it('never answers or logs an ID number unmasked', async () => {
    for (const body of seen) {
      expect(body).not.toContain(ID_HTTP);
      expect(body).not.toContain(ID_GRPC);
    }
    const log = await readFile(service.logFile, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(ID_HTTP);
    expect(log).not.toContain(ID_GRPC);
    expect(log).not.toContain(ID_HTTP.slice(0, 14));
  });
});

describe('power list (执法事项目录) and delegation (委托执法) through the running service', () => {
  const agency = `/api/v1/counties/${COUNTY}/agencies/scjgj`;

  it('adds items, delegates them to a township and ends the delegation, over HTTP and gRPC', async () => {
    const added = await http('POST', `${agency}/power-items`, {
      itemCode: '330217001000',
      name: '对未取得食品经营许可从事食品经营活动的行政处罚',
      category: 'penalty',
      legalBasis: '《中华人民共和国食品安全法》第一百二十二条',
      discretionBenchmark: '违法货值不足一万元的，处五万元以上十万元以下罚款',
    });
    expect(added.status).toBe(201);
    const duplicate = await http('POST', `${agency}/power-items`, {
      itemCode: '330217001000',
      name: 'x',
      category: 'penalty',
      legalBasis: 'y',
    });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'POWER_ITEM_CODE_TAKEN' } } });
    const badCategory = await http('POST', `${agency}/power-items`, { itemCode: 'X1', name: 'x', category: 'fine', legalBasis: 'y' });
    expect(badCategory.status).toBe(400);

    await callUnary(
      caseIntakeClient,
      caseIntakeClient.addPowerItem,
      caseIntakeV1.AddPowerItemRequest.create({
        countyCode: COUNTY,
        agencyId: 'scjgj',
        itemCode: 'JC-001',
        name: '食品经营日常监督检查',
        category: 'inspection',
        legalBasis: '《中华人民共和国食品安全法》第一百一十条',
      }),
      grpc,
    );

    const start = new Date(Date.now() - 86_400_000).toISOString();
    const end = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const delegated = await http('POST', `${agency}/delegations`, {
      delegationId: 'wutong',
      townshipName: '梧桐街道办事处',
      entrustmentNumber: '冷市监委〔2026〕1号',
      itemCodes: ['330217001000', 'JC-001'],
      powers: '以委托机关名义实施上述行政处罚和检查',
      start,
      end,
    });
    expect(delegated).toMatchObject({ status: 201, body: { delegationId: 'wutong' } });
    const unlisted = await http('POST', `${agency}/delegations`, {
      townshipName: '梧桐街道办事处',
      entrustmentNumber: '冷市监委〔2026〕2号',
      itemCodes: ['NOT-LISTED'],
      powers: 'x',
      start,
      end,
    });
    expect(unlisted).toMatchObject({ status: 400, body: { error: { code: 'DELEGATION_ITEM_NOT_IN_POWER_LIST' } } });

    const viaGrpc = await callUnary(
      caseIntakeClient,
      caseIntakeClient.delegateToTownship,
      caseIntakeV1.DelegateToTownshipRequest.create({
        countyCode: COUNTY,
        agencyId: 'scjgj',
        delegationId: 'fenghuang',
        townshipName: '凤凰街道办事处',
        entrustmentNumber: '冷市监委〔2026〕3号',
        itemCodes: ['JC-001'],
        powers: '日常监督检查',
        start: new Date(start),
        end: new Date(end),
      }),
      grpc,
    );
    await callUnary(
      caseIntakeClient,
      caseIntakeClient.endDelegation,
      { countyCode: COUNTY, agencyId: 'scjgj', delegationId: 'fenghuang', reason: '街道机构改革', meta: meta(viaGrpc.version) },
      grpc,
    );
    expect((await http('POST', `${agency}/power-items/JC-001/retirement`, { reason: '并入综合检查事项' })).status).toBe(200);

    const delegations = await eventually(
      'the registry to show the ended delegation',
      () => http('GET', `${agency}/delegations`),
      (r) => r.body['delegations']?.length === 2 && r.body['delegations'][1].status === 'ended',
    );
    expect(delegations.body['delegations']).toEqual([
      expect.objectContaining({ delegationId: 'wutong', status: 'in_force', itemCodes: ['330217001000', 'JC-001'] }),
      expect.objectContaining({ delegationId: 'fenghuang', status: 'ended', endReason: '街道机构改革' }),
    ]);
    const items = await eventually(
      'the registry to show the retired item',
      () => http('GET', `${agency}/power-items`),
      (r) => r.body['powerItems']?.[1]?.status === 'retired',
    );
    expect(items.body['powerItems']).toEqual([
      expect.objectContaining({ itemCode: '330217001000', category: 'penalty', status: 'active' }),
      expect.objectContaining({ itemCode: 'JC-001', category: 'inspection', status: 'retired', retireReason: '并入综合检查事项' }),
    ]);
    const overGrpc = await callUnary(caseIntakeClient, caseIntakeClient.getAgency, { countyCode: COUNTY, agencyId: 'scjgj' }, grpc);
    expect(overGrpc.powerItems).toHaveLength(2);
    expect(overGrpc.delegations.map((d) => d.status)).toEqual(['in_force', 'ended']);
  });
});
