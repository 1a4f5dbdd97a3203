import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer } from 'kafkajs';
import { actEventCodec, decisionDisclosureEventCodec, type ActEvent } from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { decodeEnvelope, KafkaEventPublisher, topicNaming } from '@lesp/kafka-bus';
import {
  createTestKafka,
  devTokens,
  eventually,
  findPersonalData,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
} from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * Public disclosure as a running process fed with case intake's act events on Kafka (published
 * here, as case intake would), publishing automatically once a decision is served
 * (DISCLOSURE_AUTO_PUBLISH=service): two counties with the same act id stay apart, a
 * redelivered event records nothing twice, and DecisionPublished travels on the service's own
 * topic with the act id as aggregate id and the publication time as occurred-at.
 */
const suffix = uniqueSuffix();
const A = '431103';
const B = '433124';
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `pd_${suffix}`,
  TOPIC_PREFIX: `pd-${suffix}`,
  KAFKA_PARTITIONS: '2',
  DISCLOSURE_AUTO_PUBLISH: 'service',
};
let service: ServiceProcess;
let publisher: KafkaEventPublisher;
let consumer: Consumer;
const published: EventRecord[] = [];
const clerk: Record<string, string> = {};

const persons: Record<string, { name: string; idNumber: string; phone: string; address: string }> = {
  [A]: { name: '王小明', idNumber: '431103199001011235', phone: '13812345678', address: '湖南省永州市冷水滩区梧桐街道凤凰路12号' },
  [B]: { name: '李大红', idNumber: '110101194912310011', phone: '13987654321', address: '湖南省湘西州花垣县花垣镇解放路3号' },
};

function record(county: string, version: number, event: ActEvent, eventId = newId()): EventRecord {
  const at = new Date('2026-11-02T02:00:00Z');
  return {
    eventId,
    ...actEventCodec.encode(event),
    source: 'case-intake',
    countyCode: county,
    aggregateType: 'EnforcementAct',
    aggregateId: 'a1',
    streamId: `${county}/EnforcementAct/a1`,
    version,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'clerk', role: 'agency_clerk', countyCode: county, agencyId: 'cgj' },
    correlationId: newId(),
    causationId: newId(),
    previousHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}

const filed = (county: string): ActEvent => {
  const p = persons[county]!;
  return {
    type: 'CaseFiled',
    data: {
      opening: {
        actId: 'a1',
        agencyId: 'cgj',
        category: 'penalty',
        caseNumber: `罚〔2026〕${county}号`,
        title: `${p.name}占道经营案`,
        itemCode: 'CG-001',
        target: {
          kind: 'natural_person',
          name: p.name,
          idNumber: p.idNumber,
          creditCode: '',
          phone: p.phone,
          address: p.address,
          enterprise: false,
        },
        major: false,
        delegationId: '',
        officerIds: ['o1', 'o2'],
        occurredAt: new Date('2026-11-01T01:00:00Z'),
        summary: '',
        delegationGap: '',
      },
    },
  };
};
const decided = (county: string): ActEvent => {
  const p = persons[county]!;
  return {
    type: 'DecisionMade',
    data: {
      decisionNumber: `罚决〔2026〕${county}号`,
      outcome: 'penalized',
      legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
      discretionBenchmark: '一般情节',
      fineFen: 20000,
      confiscationFen: 0,
      firstOffenceExempt: false,
      lighterPenalty: '',
      content: `当事人${p.name}（${p.idNumber}，${p.phone}）住${p.address}，罚款200元。`,
      officerIds: ['o1', 'o2'],
      occurredAt: new Date('2026-11-02T02:00:00Z'),
    },
  };
};
const served: ActEvent = {
  type: 'DecisionServed',
  data: { method: 'in_person', officerIds: ['o1', 'o2'], occurredAt: new Date('2026-11-03T02:00:00Z') },
};

const publicDecision = async (county: string) => {
  const response = await fetch(`${service.httpUrl}/api/v1/public/counties/${county}/decisions/a1`);
  return { status: response.status, text: await response.text() };
};
const disclosures = async (county: string) => {
  const response = await fetch(`${service.httpUrl}/api/v1/counties/${county}/disclosures?agencyId=cgj`, {
    headers: { authorization: `Bearer ${clerk[county]}` },
  });
  return ((await response.json()) as { disclosures: { actId: string; status: string; version: number }[] }).disclosures;
};

beforeAll(async () => {
  service = await startServiceProcess('public-disclosure', env);
  const tokens = await devTokens();
  for (const county of [A, B])
    clerk[county] = await tokens.issue({ subject: `clerk-${county}`, role: 'agency_clerk', countyCode: county, agencyId: 'cgj' });
  const naming = topicNaming(env.TOPIC_PREFIX);
  publisher = new KafkaEventPublisher(createTestKafka(), naming);
  consumer = createTestKafka().consumer({ groupId: `pd-watch-${suffix}` });
  await consumer.connect();
  await consumer.subscribe({ topic: naming.eventsTopic('public-disclosure'), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      published.push(decodeEnvelope(message.value));
    },
  });
}, 120_000);

afterAll(async () => {
  await consumer?.disconnect();
  await publisher?.close();
  await service?.stop();
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  await client
    .db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
});

describe('decisions published automatically once served', () => {
  it('keeps counties apart, records nothing twice, and publishes DecisionPublished keyed by the act id', async () => {
    const decisionA = record(A, 2, decided(A));
    await publisher.publish([record(A, 1, filed(A)), decisionA, record(B, 1, filed(B)), record(B, 2, decided(B))]);
    for (const county of [A, B]) {
      await eventually(
        `the pending entry of ${county}`,
        () => disclosures(county),
        (list) => list.some((d) => d.status === 'pending'),
      );
      // Decided, not yet at the publication point: not public.
      expect((await publicDecision(county)).status).toBe(404);
    }

    const servedA = record(A, 3, served);
    await publisher.publish([servedA]);
    const shownA = await eventually(
      'published in 431103',
      () => publicDecision(A),
      (r) => r.status === 200,
    );
    expect(JSON.parse(shownA.text)).toMatchObject({ actId: 'a1', countyCode: A, title: '王*明占道经营案', target: { name: '王*明' } });
    expect(findPersonalData(shownA.text, { planted: Object.values(persons[A]!).map((value) => ({ label: 'a', value })) })).toEqual([]);
    expect((await publicDecision(B)).status).toBe(404);

    await publisher.publish([record(B, 3, served)]);
    const shownB = await eventually(
      'published in 433124',
      () => publicDecision(B),
      (r) => r.status === 200,
    );
    expect(JSON.parse(shownB.text)).toMatchObject({ countyCode: B, target: { name: '李*红' } });
    expect(shownB.text).not.toContain('王');

    // Redelivered decision and service, then a court's change: one publication, then a correction.
    await publisher.publish([decisionA, servedA]);
    await publisher.publish([
      record(A, 4, {
        type: 'LitigationJudged',
        data: { court: '冷水滩区人民法院', outcome: 'changed', headAppearedInCourt: false, occurredAt: new Date('2026-11-20T02:00:00Z') },
      }),
    ]);
    await eventually(
      'corrected in 431103',
      () => publicDecision(A),
      (r) => JSON.parse(r.text).status === 'corrected',
    );
    expect((await disclosures(A)).find((d) => d.actId === 'a1')).toMatchObject({ status: 'published', version: 3 });

    const publications = await eventually(
      'DecisionPublished of both counties on the service topic',
      async () => published.filter((r) => r.eventType === 'DecisionPublished'),
      (list) => list.length >= 2,
    );
    expect(publications.map((r) => r.countyCode).sort()).toEqual([A, B]);
    for (const envelope of publications) {
      expect(envelope).toMatchObject({ source: 'public-disclosure', aggregateType: 'DecisionDisclosure', aggregateId: 'a1' });
      const event = decisionDisclosureEventCodec.decode(envelope.eventType, envelope.schemaVersion, envelope.payload);
      expect(event.type === 'DecisionPublished' && event.data.mode).toBe('automatic');
      expect(event.type === 'DecisionPublished' && event.data.publishedAt?.getTime()).toBe(envelope.occurredAt.getTime());
    }
  }, 120_000);
});
