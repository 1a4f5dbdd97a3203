import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { complaintsV1 } from '@lesp/contracts';
import { ConflictError, NotFoundError } from '@lesp/core';
import { callUnary } from '@lesp/service-bootstrap';
import { devTokens, eventually, integrationEnv, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * A complaint's whole life in the running case-intake process, over REST and gRPC: received,
 * assigned, handled, answered, closed; the public status lookup by tracking number; and the
 * complainant's name and phone never leaving the service unmasked (responses, read model, log).
 */
const suffix = uniqueSuffix();
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `cmp_${suffix}_case_intake`,
  TOPIC_PREFIX: `cmp-${suffix}`,
  KAFKA_PARTITIONS: '2',
  COMPLAINT_TRACKING_SECRET: `integration-test-secret-${suffix}-0123456789`,
};
const COUNTY = '431103';
const NAME = '王晓明';
const PHONE = '13912345678';
let service: ServiceProcess;
let client: complaintsV1.ComplaintServiceClient;
const tokens = { supervisor: '', clerk: '', otherClerk: '' };
const everyBody: string[] = [];

async function http(method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${service.httpUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  everyBody.push(text);
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & { error?: { code: string } } };
}

const complaintsPath = `/api/v1/counties/${COUNTY}/complaints`;
const grpc = (token: string) => ({ deadlineMs: 5000, bearerToken: token });
const meta = { idempotencyKey: '', expectedVersion: 0, correlationId: '' };

async function projected(complaintId: string, version: number) {
  return eventually(
    `complaint ${complaintId} at version ${version} in rm_complaints`,
    () => http('GET', `${complaintsPath}/${complaintId}`, tokens.supervisor),
    (r) => r.status === 200 && r.body['version'] === version,
  );
}

beforeAll(async () => {
  service = await startServiceProcess('case-intake', env);
  client = new complaintsV1.ComplaintServiceClient(service.grpcAddress, credentials.createInsecure());
  const issuer = await devTokens();
  tokens.supervisor = await issuer.issue({ subject: 'sup-cmp', role: 'county_supervisor', countyCode: COUNTY });
  tokens.clerk = await issuer.issue({ subject: 'clerk-cgj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'cgj' });
  tokens.otherClerk = await issuer.issue({ subject: 'clerk-sj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'sj' });
  for (const [agencyId, name] of [
    ['cgj', '冷水滩区城市管理和综合执法局'],
    ['sj', '冷水滩区税务局'],
  ]) {
    const registered = await http('POST', `/api/v1/counties/${COUNTY}/agencies`, tokens.supervisor, {
      agencyId,
      name,
      creditCode: '11431103MB1A23456Q',
      kind: '行政机关',
    });
    expect(registered.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  client?.close();
  await service?.stop();
  const mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
  await mongo
    .db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await mongo.close();
});

describe('complaints in the running case-intake service', () => {
  let trackingNumber = '';

  it('walks a complaint from receipt to closing over REST and gRPC, refusing what cannot be true', async () => {
    const received = await http('POST', complaintsPath, tokens.supervisor, {
      complaintId: 'cp-1',
      source: 'portal',
      subject: '占道经营执法粗暴',
      summary: '凤凰路口执法人员暴力收缴摊贩物品。',
      complainant: { name: NAME, phone: PHONE },
      concernedAgencyId: 'cgj',
    });
    expect(received.status).toBe(201);
    expect(received.body).toMatchObject({ aggregateId: 'cp-1', version: 1, trackingNumber: expect.stringMatching(/^[0-9A-Z]{12}$/) });
    trackingNumber = received.body['trackingNumber'] as string;
    const view = await projected('cp-1', 1);
    const receivedAt = Date.parse(view.body['receivedAt'] as string);
    expect(Date.parse(view.body['dueAt'] as string) - receivedAt).toBe(15 * 24 * 3600 * 1000);
    expect(view.body).toMatchObject({
      status: 'received',
      source: 'portal',
      anonymous: false,
      complainantNameMasked: '王*明',
      complainantPhoneMasked: '139****5678',
      trackingNumber,
      overdue: false,
    });

    const badPhone = await http('POST', complaintsPath, tokens.supervisor, {
      source: 'portal',
      summary: 'x',
      complainant: { phone: '1234' },
    });
    expect(badPhone).toMatchObject({ status: 400, body: { error: { code: 'PHONE_INVALID' } } });
    const empty = await http('POST', complaintsPath, tokens.supervisor, { source: 'media', summary: '  ' });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'COMPLAINT_SUMMARY_REQUIRED' } } });
    const early = await http('POST', `${complaintsPath}/cp-1/answer`, tokens.clerk, { agencyId: 'cgj', answer: '已处理' });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'COMPLAINT_NOT_ASSIGNED' } } });
    const ghost = await http('POST', `${complaintsPath}/cp-1/assignment`, tokens.supervisor, { agencyId: 'ghost' });
    expect(ghost).toMatchObject({ status: 400, body: { error: { code: 'AGENCY_NOT_FOUND' } } });

    const assigned = await callUnary(
      client,
      client.assignComplaint,
      { countyCode: COUNTY, complaintId: 'cp-1', agencyId: 'cgj', note: '请于期限内核查答复', meta },
      grpc(tokens.supervisor),
    );
    expect(assigned.version).toBe(2);

    const foreign = await http('POST', `${complaintsPath}/cp-1/handlings`, tokens.otherClerk, {
      agencyId: 'cgj',
      notes: '越权',
      officerIds: ['o-9'],
    });
    expect(foreign.status).toBe(403);
    const handled = await http('POST', `${complaintsPath}/cp-1/handlings`, tokens.clerk, {
      agencyId: 'cgj',
      notes: '已调取执法记录仪视频并约谈当事执法人员',
      officerIds: ['o-1', 'o-2'],
    });
    expect(handled).toMatchObject({ status: 200, body: { version: 3 } });

    const answered = await callUnary(
      client,
      client.answerComplaint,
      { countyCode: COUNTY, complaintId: 'cp-1', agencyId: 'cgj', answer: '经核查，执法方式不当，已责令整改并批评教育。', meta },
      grpc(tokens.clerk),
    );
    expect(answered.version).toBe(4);
    const clerkView = await eventually(
      'the answer in the read model, as the clerk sees it',
      () => http('GET', `${complaintsPath}/cp-1`, tokens.clerk),
      (r) => r.body['status'] === 'answered',
    );
    expect(clerkView.body).toMatchObject({ agencyId: 'cgj', handlings: [{ agencyId: 'cgj', officerIds: ['o-1', 'o-2'] }] });
    expect((await http('GET', `${complaintsPath}/cp-1`, tokens.otherClerk)).status).toBe(403);

    const closed = await http('POST', `${complaintsPath}/cp-1/closure`, tokens.supervisor);
    expect(closed).toMatchObject({ status: 200, body: { version: 5 } });
    const afterClose = callUnary(
      client,
      client.assignComplaint,
      { countyCode: COUNTY, complaintId: 'cp-1', agencyId: 'sj', note: '', meta },
      grpc(tokens.supervisor),
    );
    await expect(afterClose).rejects.toBeInstanceOf(ConflictError);
    await expect(afterClose).rejects.toMatchObject({ code: 'COMPLAINT_CLOSED' });

    await projected('cp-1', 5);
    const overGrpc = await callUnary(client, client.getComplaint, { countyCode: COUNTY, complaintId: 'cp-1' }, grpc(tokens.supervisor));
    expect(overGrpc).toMatchObject({
      status: 'closed',
      complainantNameMasked: '王*明',
      complainantPhoneMasked: '139****5678',
      trackingNumber,
    });
    everyBody.push(JSON.stringify(overGrpc));
  });

  it('answers the public status lookup by tracking number with public fields only, and 404 for a wrong one', async () => {
    const lookup = await http('GET', `/api/v1/public/complaints/${trackingNumber.toLowerCase().replace(/(.{4})(?!$)/g, '$1-')}`, undefined);
    expect(lookup.status).toBe(200);
    expect(Object.keys(lookup.body).sort()).toEqual(['answer', 'answeredAt', 'receivedAt', 'status']);
    expect(lookup.body).toMatchObject({ status: 'closed', answer: '经核查，执法方式不当，已责令整改并批评教育。' });

    const wrongNumber = trackingNumber.startsWith('Z') ? `Y${trackingNumber.slice(1)}` : `Z${trackingNumber.slice(1)}`;
    const wrong = await http('GET', `/api/v1/public/complaints/${wrongNumber}`, undefined);
    expect(wrong).toMatchObject({ status: 404, body: { error: { code: 'COMPLAINT_NOT_FOUND' } } });
    expect((await http('GET', '/api/v1/public/complaints/123', undefined)).status).toBe(404);

    const overGrpc = await callUnary(client, client.getComplaintStatus, { trackingNumber }, { deadlineMs: 5000 });
    expect(overGrpc).toMatchObject({ status: 'closed', answer: expect.stringContaining('已责令整改') });
    await expect(
      callUnary(client, client.getComplaintStatus, { trackingNumber: wrongNumber }, { deadlineMs: 5000 }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists by county with status, agency, source and overdue filters; clerks only their own agency', async () => {
    const fortyDaysAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    const late = await callUnary(
      client,
      client.receiveComplaint,
      {
        countyCode: COUNTY,
        complaintId: 'cp-late',
        source: 'hotline_12345',
        subject: '',
        summary: '12345 转来：夜间施工噪声扰民，多次投诉未果。',
        complainant: undefined,
        concernedAgencyId: '',
        receivedAt: fortyDaysAgo,
        handlingDays: 0,
        meta,
      },
      grpc(tokens.supervisor),
    );
    expect(late.dueAt?.getTime()).toBe(fortyDaysAgo.getTime() + 15 * 24 * 3600 * 1000);
    const future = await http('POST', complaintsPath, tokens.supervisor, {
      source: 'portal',
      summary: '未来',
      receivedAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(future).toMatchObject({ status: 400, body: { error: { code: 'RECEIVED_AT_IN_FUTURE' } } });
    await projected('cp-late', 1);

    const overdue = await http('GET', `${complaintsPath}?overdue=true`, tokens.supervisor);
    expect(
      (overdue.body['complaints'] as { complaintId: string; overdue: boolean; anonymous: boolean }[]).map((c) => [
        c.complaintId,
        c.overdue,
        c.anonymous,
      ]),
    ).toEqual([['cp-late', true, true]]);
    const closed = await http('GET', `${complaintsPath}?status=closed&source=portal`, tokens.supervisor);
    expect((closed.body['complaints'] as { complaintId: string }[]).map((c) => c.complaintId)).toEqual(['cp-1']);
    const overGrpc = await callUnary(
      client,
      client.listComplaints,
      { countyCode: COUNTY, page: undefined, status: '', agencyId: '', source: 'hotline_12345', overdueOnly: true },
      grpc(tokens.supervisor),
    );
    expect(overGrpc.complaints.map((c) => c.complaintId)).toEqual(['cp-late']);

    expect((await http('GET', complaintsPath, tokens.clerk)).status).toBe(403);
    const own = await http('GET', `${complaintsPath}?agencyId=cgj`, tokens.clerk);
    expect((own.body['complaints'] as { complaintId: string }[]).map((c) => c.complaintId)).toEqual(['cp-1']);
    expect((await http('GET', `${complaintsPath}?agencyId=cgj`, tokens.otherClerk)).status).toBe(403);
  });

  it('never lets the complainant name or phone out unmasked: responses, read model, service log', async () => {
    expect(everyBody.length).toBeGreaterThan(10);
    for (const body of everyBody) {
      expect(body).not.toContain(NAME);
      expect(body).not.toContain(PHONE);
    }
    const mongo = new MongoClient(integrationEnv().mongoUrl);
    await mongo.connect();
    try {
      const readModel = await mongo.db(env.MONGO_DB).collection('rm_complaints__1').find({}).toArray();
      expect(readModel.length).toBe(2);
      expect(JSON.stringify(readModel)).not.toContain(NAME);
      expect(JSON.stringify(readModel)).not.toContain(PHONE);
    } finally {
      await mongo.close();
    }
    const log = readFileSync(service.logFile, 'utf8');
    expect(log).toContain('grpc call');
    expect(log).not.toContain(NAME);
    expect(log).not.toContain(PHONE);
  });
});
