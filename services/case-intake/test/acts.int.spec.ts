import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { actsV1 } from '@lesp/contracts';
import { ConflictError, residentIdCheckChar } from '@lesp/core';
import { callUnary } from '@lesp/service-bootstrap';
import { devTokens, eventually, integrationEnv, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * Enforcement acts through the running case-intake service, over REST and gRPC: recorded
 * step by step, found by search, told as a timeline; retried commands record nothing new;
 * two clerks racing on one act get one success and one conflict.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const db = `acts_${suffix}`;
let service: ServiceProcess;
let supervisor: string;
let clerk: string;
let otherClerk: string;
let client: actsV1.ActServiceClient;
const personId = (() => {
  const first17 = '43110319851231002';
  return first17 + residentIdCheckChar(first17);
})();

async function api(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${service.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { error?: { code: string; violations?: { field: string }[] } },
  };
}

const opening = (caseNumber: string, extra: Record<string, unknown> = {}) => ({
  openedBy: 'filing',
  agencyId: 'scjgj',
  category: 'penalty',
  caseNumber,
  title: '销售过期食品案',
  itemCode: 'XZCF-001',
  target: { kind: 'legal_person', name: '冷水滩区某商行', creditCode: '91350100M000100Y43', enterprise: true },
  officerIds: ['o-1', 'o-2'],
  occurredAt: '2023-03-01T09:00:00+08:00',
  ...extra,
});

beforeAll(async () => {
  service = await startServiceProcess('case-intake', {
    KAFKA_BROKERS: integrationEnv().kafkaBrokers,
    MONGO_URL: integrationEnv().mongoUrl,
    MONGO_DB: db,
    TOPIC_PREFIX: `acts-${suffix}`,
    KAFKA_PARTITIONS: '2',
  });
  const tokens = await devTokens();
  supervisor = await tokens.issue({ subject: 'sup', role: 'county_supervisor', countyCode: COUNTY });
  clerk = await tokens.issue({ subject: 'clerk-a', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'scjgj' });
  otherClerk = await tokens.issue({ subject: 'clerk-b', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'zrzyj' });
  for (const [agencyId, name] of [
    ['scjgj', '冷水滩区市场监督管理局'],
    ['zrzyj', '冷水滩区自然资源局'],
  ]) {
    expect(
      (
        await api('POST', `/api/v1/counties/${COUNTY}/agencies`, supervisor, {
          agencyId,
          name,
          creditCode: '11431103MB1A23456Q',
          kind: '行政机关',
        })
      ).status,
    ).toBe(201);
  }
  for (const [officerId, serial] of [
    ['o-1', '01'],
    ['o-2', '02'],
  ]) {
    const registered = await api('POST', `/api/v1/counties/${COUNTY}/officers`, supervisor, {
      officerId,
      agencyId: 'scjgj',
      name: `执法员${serial}`,
      idNumber: personId,
      certificateNumber: `湘执法-4311-${serial}`,
      certificateValidUntil: '2026-12-31T00:00:00+08:00',
      enforcementAreas: ['市场监管'],
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }
  client = new actsV1.ActServiceClient(service.grpcAddress, credentials.createInsecure());
}, 120_000);

afterAll(async () => {
  client?.close();
  await service?.stop();
  const mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
  await mongo.db(db).dropDatabase();
  await mongo.close();
});

describe('enforcement acts over REST and gRPC', () => {
  it('records an act step by step, finds it in search and tells its whole timeline', async () => {
    const opened = await api('POST', `/api/v1/counties/${COUNTY}/acts`, clerk, opening('冷市监罚〔2023〕1号', { actId: 'a-1' }));
    expect(opened).toMatchObject({ status: 201, body: { aggregateId: 'a-1', version: 1 } });
    const steps = [
      {
        type: 'EvidenceCollected',
        evidenceId: 'ev-1',
        kind: 'audio_video',
        description: '执法记录仪视频',
        recorder: 'o-1',
        recordedAt: '2023-03-02T10:00:00+08:00',
        proves: '货架存放过期食品',
        officerIds: ['o-1', 'o-2'],
        occurredAt: '2023-03-02T10:00:00+08:00',
      },
      { type: 'LegalReviewCompleted', reviewer: '法制审核员', opinion: '同意', passed: true, occurredAt: '2023-03-05T09:00:00+08:00' },
      {
        type: 'DecisionMade',
        decisionNumber: '冷市监罚决〔2023〕1号',
        outcome: 'penalized',
        legalBasis: '《食品安全法》第一百二十四条',
        discretionBenchmark: '裁量基准第3条',
        fineFen: 500000,
        officerIds: ['o-1', 'o-2'],
        occurredAt: '2023-03-06T09:00:00+08:00',
      },
    ];
    for (const [index, step] of steps.entries()) {
      const recorded = await api('POST', `/api/v1/counties/${COUNTY}/acts/a-1/steps`, clerk, step);
      expect(recorded, JSON.stringify(recorded.body)).toMatchObject({ status: 201, body: { version: index + 2 } });
    }
    const token = { deadlineMs: 5000, bearerToken: clerk };
    await callUnary(
      client,
      client.recordActStep,
      actsV1.RecordActStepRequest.fromPartial({
        countyCode: COUNTY,
        actId: 'a-1',
        service: { method: 'in_person', officerIds: ['o-1', 'o-2'], occurredAt: new Date('2023-03-07T02:00:00Z') },
      }),
      token,
    );
    const closed = await callUnary(
      client,
      client.recordActStep,
      actsV1.RecordActStepRequest.fromPartial({
        countyCode: COUNTY,
        actId: 'a-1',
        closing: { result: '已缴纳罚款', officerIds: ['o-1', 'o-2'], occurredAt: new Date('2023-03-20T02:00:00Z') },
      }),
      token,
    );
    expect(closed.version).toBe(6);

    const found = await eventually(
      'the act in search, closed',
      () => api('GET', `/api/v1/counties/${COUNTY}/acts?category=penalty&status=closed&officerId=o-2`, supervisor),
      (r) => (r.body['acts'] as { actId: string }[] | undefined)?.some((a) => a.actId === 'a-1') ?? false,
    );
    expect((found.body['acts'] as Record<string, unknown>[])[0]).toMatchObject({
      actId: 'a-1',
      status: 'closed',
      fineFen: 500000,
      decisionOutcome: 'penalized',
      targetCreditCode: '91350100M000100Y43',
      version: 6,
    });
    const overGrpc = await callUnary(
      client,
      client.searchActs,
      actsV1.SearchActsRequest.fromPartial({ countyCode: COUNTY, target: '91350100M000100Y43' }),
      { deadlineMs: 5000, bearerToken: supervisor },
    );
    expect(overGrpc.acts.map((a) => a.actId)).toContain('a-1');

    const timeline = await api('GET', `/api/v1/counties/${COUNTY}/acts/a-1/timeline`, supervisor);
    const entries = timeline.body['entries'] as {
      eventType: string;
      occurredAt: string;
      recordedAt: string;
      actorUserId: string;
      summary: string;
    }[];
    expect(entries.map((e) => e.eventType)).toEqual([
      'CaseFiled',
      'EvidenceCollected',
      'LegalReviewCompleted',
      'DecisionMade',
      'DecisionServed',
      'ActClosed',
    ]);
    expect(entries[3]!.summary).toContain('罚款 5000.00 元');
    // Facts recorded late: when it happened is not when it was recorded.
    expect(new Date(entries[0]!.occurredAt).getTime()).toBeLessThan(new Date(entries[0]!.recordedAt).getTime());
    expect(entries.every((e) => e.actorUserId === 'clerk-a')).toBe(true);
  });

  it('records a retried command once: the same idempotency key gives the first result', async () => {
    const headers = { 'idempotency-key': `open-${suffix}` };
    const first = await api('POST', `/api/v1/counties/${COUNTY}/acts`, clerk, opening('冷市监罚〔2023〕2号'), headers);
    const retry = await api('POST', `/api/v1/counties/${COUNTY}/acts`, clerk, opening('冷市监罚〔2023〕2号'), headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    const stepHeaders = { 'idempotency-key': `evidence-${suffix}` };
    const evidence = {
      type: 'EvidenceCollected',
      evidenceId: 'ev-9',
      kind: 'document',
      description: '询问笔录',
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2023-03-02T10:00:00+08:00',
    };
    const actId = String(first.body['aggregateId']);
    await api('POST', `/api/v1/counties/${COUNTY}/acts/${actId}/steps`, clerk, evidence, stepHeaders);
    await api('POST', `/api/v1/counties/${COUNTY}/acts/${actId}/steps`, clerk, evidence, stepHeaders);
    const timeline = await api('GET', `/api/v1/counties/${COUNTY}/acts/${actId}/timeline`, clerk);
    expect((timeline.body['entries'] as unknown[]).length).toBe(2);
  });

  it('gives two clerks racing on one act one success and one conflict, and loses no step', async () => {
    await api('POST', `/api/v1/counties/${COUNTY}/acts`, clerk, opening('冷市监罚〔2023〕3号', { actId: 'a-3' }));
    const step = (id: string) => ({
      type: 'EvidenceCollected',
      evidenceId: id,
      kind: 'document',
      description: `证据${id}`,
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2023-03-02T10:00:00+08:00',
    });
    const [a, b] = await Promise.all([
      api('POST', `/api/v1/counties/${COUNTY}/acts/a-3/steps`, clerk, step('x'), { 'if-match': '"1"' }),
      api('POST', `/api/v1/counties/${COUNTY}/acts/a-3/steps`, clerk, step('y'), { 'if-match': '"1"' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error?.code).toBe('STREAM_VERSION_CONFLICT');
    const timeline = await api('GET', `/api/v1/counties/${COUNTY}/acts/a-3/timeline`, clerk);
    expect((timeline.body['entries'] as unknown[]).length).toBe(2);
  });

  it('refuses what cannot be true, naming the field and rule, and keeps clerks to their agency', async () => {
    const unknownOfficer = await api(
      'POST',
      `/api/v1/counties/${COUNTY}/acts`,
      clerk,
      opening('冷市监罚〔2023〕4号', { officerIds: ['o-1', 'ghost'] }),
    );
    expect(unknownOfficer).toMatchObject({
      status: 400,
      body: { error: { code: 'OFFICER_UNKNOWN', violations: [{ field: 'officerIds[1]' }] } },
    });
    const wrongStep = await api('POST', `/api/v1/counties/${COUNTY}/acts/a-1/steps`, clerk, {
      type: 'ApplicationDecidedOnAcceptance',
      accepted: true,
      officerIds: ['o-1'],
    });
    expect(wrongStep).toMatchObject({ status: 409, body: { error: { code: 'STEP_NOT_IN_CATEGORY' } } });
    const afterClosing = await api('POST', `/api/v1/counties/${COUNTY}/acts/a-1/steps`, clerk, {
      type: 'HearingNoticed',
      officerIds: ['o-1'],
    });
    expect(afterClosing.body.error?.code).toBe('ACT_ALREADY_CLOSED');
    const otherAgency = await api('POST', `/api/v1/counties/${COUNTY}/acts/a-1/steps`, otherClerk, {
      type: 'ActArchived',
      archiveNumber: 'GD-1',
    });
    expect(otherAgency.status).toBe(403);
    const otherAgencyOpen = await api('POST', `/api/v1/counties/${COUNTY}/acts`, otherClerk, opening('冷市监罚〔2023〕5号'));
    expect(otherAgencyOpen.status).toBe(403);
    const overGrpc = callUnary(
      client,
      client.recordActStep,
      actsV1.RecordActStepRequest.fromPartial({ countyCode: COUNTY, actId: 'a-1', hearingNotice: { officerIds: ['o-1'] } }),
      { deadlineMs: 5000, bearerToken: clerk },
    );
    await expect(overGrpc).rejects.toBeInstanceOf(ConflictError);
  });

  it('records an act done under an ended delegation, marked as not covered', async () => {
    const agency = `/api/v1/counties/${COUNTY}/agencies/scjgj`;
    const item = await api('POST', `${agency}/power-items`, supervisor, {
      itemCode: 'XZCF-009',
      name: '对销售过期食品的处罚',
      category: 'penalty',
      legalBasis: '《食品安全法》',
    });
    expect(item.status, JSON.stringify(item.body)).toBeLessThan(300);
    const delegation = await api('POST', `${agency}/delegations`, supervisor, {
      delegationId: 'wt-1',
      townshipName: '珊瑚街道',
      entrustmentNumber: '冷市监委〔2026〕1号',
      itemCodes: ['XZCF-009'],
      powers: '食品安全日常检查及一般程序处罚',
      start: new Date(Date.now() - 60_000).toISOString(),
      end: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    expect(delegation.status, JSON.stringify(delegation.body)).toBeLessThan(300);
    const delegated = (caseNumber: string, actId: string) => {
      const { occurredAt: _now, ...rest } = opening(caseNumber, { itemCode: 'XZCF-009', delegationId: 'wt-1', actId });
      return rest;
    };
    const covered = await api('POST', `/api/v1/counties/${COUNTY}/acts`, clerk, delegated('珊瑚委〔2026〕1号', 'd-1'));
    const ended = await api('POST', `${agency}/delegations/wt-1/ending`, supervisor, { reason: '街道综合执法改革，收回委托' });
    expect(ended.status, JSON.stringify(ended.body)).toBeLessThan(300);
    const afterEnd = await api('POST', `/api/v1/counties/${COUNTY}/acts`, clerk, delegated('珊瑚委〔2026〕2号', 'd-2'));
    expect([covered.status, afterEnd.status]).toEqual([201, 201]);
    const acts = await eventually(
      'both delegated acts in search',
      async () => [
        await api('GET', `/api/v1/counties/${COUNTY}/acts/d-1`, supervisor),
        await api('GET', `/api/v1/counties/${COUNTY}/acts/d-2`, supervisor),
      ],
      (pair) => pair.every((r) => r.status === 200),
    );
    expect(acts.map((r) => r.body['delegationGap'])).toEqual(['', 'DELEGATION_ENDED']);
  });

  it("masks a natural person's name in search and never answers their ID number", async () => {
    const person = { kind: 'natural_person', name: '张三丰', idNumber: personId, phone: '13800138000', enterprise: false };
    const opened = await api(
      'POST',
      `/api/v1/counties/${COUNTY}/acts`,
      clerk,
      opening('冷市监罚〔2023〕6号', { actId: 'a-6', target: person }),
    );
    expect(opened.status).toBe(201);
    const found = await eventually(
      'the act in search',
      () => api('GET', `/api/v1/counties/${COUNTY}/acts/a-6`, supervisor),
      (r) => r.status === 200,
    );
    expect(found.body['targetName']).toBe('张*丰');
    const everything = JSON.stringify([
      found.body,
      (await api('GET', `/api/v1/counties/${COUNTY}/acts?limit=50`, supervisor)).body,
      (await api('GET', `/api/v1/counties/${COUNTY}/acts/a-6/timeline`, supervisor)).body,
    ]);
    for (const secret of [personId, '13800138000', '张三丰']) expect(everything).not.toContain(secret);
  });
});
