import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { actEventCodec, complaintEventCodec, publicDisclosureV1, type ActEvent, type ComplaintEvent } from '@lesp/contracts';
import { PlatformError, fromGrpcError, newId, type EventRecord } from '@lesp/core';
import { KafkaEventPublisher, topicNaming } from '@lesp/kafka-bus';
import { callUnary } from '@lesp/service-bootstrap';
import {
  createTestKafka,
  devTokens,
  eventually,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
} from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * PublicParticipationService over gRPC against a running public disclosure fed on Kafka (case
 * intake's events published here as case intake would): an enterprise inspection's trace read
 * by its code and confirmed once with a rating checked as the HTTP route checks it; a complaint
 * refused field by field, then throttled per client; a complaint's public status by tracking
 * number; typical cases listed with the agency's note. No case intake runs: a valid complaint is
 * answered UNAVAILABLE (the form says it is closed), after the same checks and the same limit.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `pdp_${suffix}`,
  TOPIC_PREFIX: `pdp-${suffix}`,
  KAFKA_PARTITIONS: '2',
  DISCLOSURE_AUTO_PUBLISH: 'service',
  COMPLAINT_RATE_LIMIT_PER_MINUTE: '3',
};
let service: ServiceProcess;
let publisher: KafkaEventPublisher;
let client: publicDisclosureV1.PublicParticipationServiceClient;
let clerk: string;

function record(
  aggregateType: string,
  aggregateId: string,
  version: number,
  encoded: { eventType: string; schemaVersion: number; payload: Uint8Array },
): EventRecord {
  const at = new Date('2026-11-02T02:00:00Z');
  return {
    eventId: newId(),
    ...encoded,
    source: 'case-intake',
    countyCode: COUNTY,
    aggregateType,
    aggregateId,
    streamId: `${COUNTY}/${aggregateType}/${aggregateId}`,
    version,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'clerk', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'cgj' },
    correlationId: newId(),
    causationId: newId(),
    previousHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}
const act = (actId: string, version: number, event: ActEvent) => record('EnforcementAct', actId, version, actEventCodec.encode(event));

const opened = (actId: string, category: 'inspection' | 'penalty', title: string): ActEvent => ({
  type: 'CaseFiled',
  data: {
    opening: {
      actId,
      agencyId: 'cgj',
      category,
      caseNumber: `冷城管〔2026〕${actId}号`,
      title,
      itemCode: 'CG-001',
      target: {
        kind: 'legal_person',
        name: '永州市冷水滩区示范餐饮有限公司',
        idNumber: '',
        creditCode: '91431103MA4L0000XX',
        phone: '',
        address: '湖南省永州市冷水滩区梧桐街道',
        enterprise: true,
      },
      major: false,
      delegationId: '',
      officerIds: ['o1', 'o2'],
      occurredAt: new Date('2026-11-01T01:00:00Z'),
      summary: '',
      delegationGap: '',
    },
  },
});

async function call<Req, Res>(method: (req: Req, ...rest: never[]) => unknown, request: Req): Promise<Res> {
  return callUnary(client, method as never, request as never, { deadlineMs: 10_000 }) as Promise<Res>;
}
async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    // callUnary answers the service's error as a PlatformError already.
    return error instanceof PlatformError ? error : fromGrpcError(error as never);
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  service = await startServiceProcess('public-disclosure', env);
  clerk = await (await devTokens()).issue({ subject: 'clerk', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'cgj' });
  publisher = new KafkaEventPublisher(createTestKafka(), topicNaming(env.TOPIC_PREFIX));
  client = new publicDisclosureV1.PublicParticipationServiceClient(service.grpcAddress, credentials.createInsecure());
}, 120_000);

afterAll(async () => {
  client?.close();
  await publisher?.close();
  await service?.stop();
  const mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
  await mongo
    .db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await mongo.close();
});

describe('PublicParticipationService', () => {
  it('reads an inspection trace by its code and confirms it once with a rating of 1 to 5', async () => {
    await publisher.publish([act('insp-1', 1, opened('insp-1', 'inspection', '餐饮食品安全检查'))]);
    const trace = await eventually(
      'the trace code for the agency',
      async () => {
        const response = await fetch(`${service.httpUrl}/api/v1/counties/${COUNTY}/inspection-traces/insp-1?agencyId=cgj`, {
          headers: { authorization: `Bearer ${clerk}` },
        });
        return { status: response.status, body: (await response.json()) as { code?: string } };
      },
      (r) => r.status === 200,
    );
    const code = String(trace.body.code);

    const shown = await call<publicDisclosureV1.GetInspectionTraceRequest, publicDisclosureV1.PublicInspectionTrace>(
      client.getInspectionTrace,
      { code },
    );
    expect(shown).toMatchObject({
      countyCode: COUNTY,
      title: '餐饮食品安全检查',
      enterpriseName: '永州市冷水滩区示范餐饮有限公司',
      confirmed: false,
    });
    expect(shown.inspectedAt?.toISOString()).toBe('2026-11-01T01:00:00.000Z');

    // The same checks as the HTTP route: a code of another shape is no trace, a rating outside 1–5 is refused.
    expect((await failure(call(client.getInspectionTrace, { code: 'not-a-code' }))).code).toBe('TRACE_NOT_FOUND');
    expect((await failure(call(client.getInspectionTrace, { code: 'A'.repeat(26) }))).code).toBe('TRACE_NOT_FOUND');
    expect((await failure(call(client.confirmInspectionVisit, { code, rating: 6 }))).code).toBe('RATING_RANGE');
    expect((await failure(call(client.confirmInspectionVisit, { code, rating: 0 }))).code).toBe('RATING_RANGE');

    expect(await call(client.confirmInspectionVisit, { code, rating: 4 })).toEqual({ confirmed: true });
    expect((await failure(call(client.confirmInspectionVisit, { code, rating: 1 }))).code).toBe('TRACE_ALREADY_CONFIRMED');
    const after = await eventually(
      'the trace shown confirmed',
      () =>
        call<publicDisclosureV1.GetInspectionTraceRequest, publicDisclosureV1.PublicInspectionTrace>(client.getInspectionTrace, { code }),
      (t) => t.confirmed,
    );
    // Never the rating: the answer has no field for it.
    expect(Object.keys(after).sort()).toEqual([
      'agencyName',
      'confirmed',
      'countyCode',
      'enterpriseName',
      'inspectedAt',
      'officers',
      'title',
    ]);
  });

  it('checks a complaint field by field, throttles a flood from one client, and says when filing is closed', async () => {
    const invalid = await failure(call(client.fileComplaint, { countyCode: COUNTY, subject: ' ', summary: '', name: '', phone: '12345' }));
    expect(invalid.code).toBe('VALIDATION_FAILED');
    const fields = (invalid as PlatformError & { violations?: { field: string; code: string }[] }).violations?.map((v) => v.code).sort();
    expect(fields).toEqual(['PHONE_INVALID', 'SUBJECT_REQUIRED', 'SUMMARY_REQUIRED']);
    expect(
      (await failure(call(client.fileComplaint, { countyCode: '12', subject: '事项', summary: '情况', name: '', phone: '' }))).kind,
    ).toBe('validation');

    // Valid, but no case intake is wired here: closed, as the form says (12345 instead).
    const valid = { countyCode: COUNTY, subject: '执法人员未出示证件', summary: '检查时未出示执法证件。', name: '', phone: '' };
    expect((await failure(call(client.fileComplaint, valid))).code).toBe('COMPLAINTS_UNAVAILABLE');

    // Three a minute from this client (the test's limit); the two refused above count too.
    const throttled = await failure(call(client.fileComplaint, valid));
    expect(throttled.code).toBe('RATE_LIMITED');
    expect(throttled.message).toMatch(/请求过于频繁/);
  });

  it("answers a complaint's public status by tracking number, and nothing of the complainant", async () => {
    const received: ComplaintEvent = {
      type: 'ComplaintReceived',
      data: {
        complaintId: 'cp-1',
        source: 'portal',
        subject: '张三反映执法人员态度问题',
        summary: '联系电话 13812345678',
        complainant: { name: '张三', phone: '13812345678' },
        concernedAgencyId: 'cgj',
        trackingNumber: 'ABCD-2345-EFGH',
        receivedAt: new Date('2026-11-03T02:00:00Z'),
        handlingDays: 60,
        dueAt: new Date('2027-01-02T02:00:00Z'),
      },
    } as ComplaintEvent;
    await publisher.publish([record('Complaint', 'cp-1', 1, complaintEventCodec.encode(received))]);
    const status = await eventually(
      'the complaint status',
      () =>
        call<publicDisclosureV1.GetComplaintStatusRequest, publicDisclosureV1.PublicComplaintStatus>(client.getComplaintStatus, {
          trackingNumber: 'abcd 2345 efgh',
        }).catch((error: unknown) => error as Error),
      (r) => !(r instanceof Error),
    );
    expect(status).toEqual({
      trackingNumber: 'ABCD2345EFGH',
      countyCode: COUNTY,
      status: 'received',
      receivedAt: new Date('2026-11-03T02:00:00Z'),
      answeredAt: undefined,
      answer: '',
    });
    expect(JSON.stringify(status)).not.toMatch(/张三|13812345678|态度/);
    expect((await failure(call(client.getComplaintStatus, { trackingNumber: '0000-0000-0000' }))).code).toBe('COMPLAINT_NOT_FOUND');
    expect((await failure(call(client.getComplaintStatus, { trackingNumber: '<script>' }))).code).toBe('TRACKING_NUMBER_INVALID');
  });

  it('lists typical cases with the agency note, and only those', async () => {
    const decided: ActEvent = {
      type: 'DecisionMade',
      data: {
        decisionNumber: '冷城管罚决〔2026〕1号',
        outcome: 'penalized',
        legalBasis: '《中华人民共和国食品安全法》第一百二十六条',
        discretionBenchmark: '一般情节',
        fineFen: 500000,
        confiscationFen: 0,
        firstOffenceExempt: false,
        lighterPenalty: '',
        content: '罚款五千元。',
        officerIds: ['o1', 'o2'],
        occurredAt: new Date('2026-11-02T02:00:00Z'),
      },
    };
    const served: ActEvent = {
      type: 'DecisionServed',
      data: { method: 'in_person', officerIds: ['o1', 'o2'], occurredAt: new Date('2026-11-03T02:00:00Z') },
    };
    await publisher.publish(
      ['pen-1', 'pen-2'].flatMap((id) => [act(id, 1, opened(id, 'penalty', `食品安全案${id}`)), act(id, 2, decided), act(id, 3, served)]),
    );
    await eventually(
      'both decisions published',
      async () =>
        Promise.all(
          ['pen-1', 'pen-2'].map(async (id) => (await fetch(`${service.httpUrl}/api/v1/public/counties/${COUNTY}/decisions/${id}`)).status),
        ),
      (statuses) => statuses.every((s) => s === 200),
    );
    const marked = await fetch(`${service.httpUrl}/api/v1/counties/${COUNTY}/disclosures/pen-2/typical-case`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' },
      body: JSON.stringify({ agencyId: 'cgj', note: '无证经营食品的典型案例' }),
    });
    expect(marked.status, await marked.text()).toBeLessThan(300);
    const listed = await eventually(
      'the typical case listed',
      () =>
        call<publicDisclosureV1.ListTypicalCasesRequest, publicDisclosureV1.ListTypicalCasesResponse>(client.listTypicalCases, {
          countyCode: COUNTY,
          agencyId: '',
          category: '',
          page: undefined,
        }),
      (r) => r.cases.length > 0,
    );
    expect(listed.cases.map((c) => [c.decision?.actId, c.note])).toEqual([['pen-2', '无证经营食品的典型案例']]);
    expect(listed.cases[0]?.decision).toMatchObject({ countyCode: COUNTY, agencyId: 'cgj', category: 'penalty', fineFen: 500000 });
    const otherAgency = await call<publicDisclosureV1.ListTypicalCasesRequest, publicDisclosureV1.ListTypicalCasesResponse>(
      client.listTypicalCases,
      { countyCode: COUNTY, agencyId: 'other', category: '', page: undefined },
    );
    expect(otherAgency.cases).toEqual([]);
    expect(
      (await failure(call(client.listTypicalCases, { countyCode: COUNTY, agencyId: '', category: 'nonsense', page: undefined }))).kind,
    ).toBe('validation');
  });
});
