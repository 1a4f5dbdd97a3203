import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actEventCodec, alertEventCodec, type ActEvent, type AlertEvent } from '@lesp/contracts';
import { newId, streamIdOf, type DomainEvent, type EventCodec, type EventRecord } from '@lesp/core';
import type { Projection } from '@lesp/projection-runner';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { sharedActsProjection, sharedAlertsProjection } from '../src/application/projections/shared-acts.js';

/**
 * The shared acts and alerts (the acts of every county, and supervision's alerts listed under
 * their acts) leave the same read model whether the consumer hands them a batch (each document
 * read once, its events folded in memory, written once; an act's alert list grown in one write)
 * or one event at a time, and a redelivered stream changes nothing.
 */
const COUNTIES = ['431103', '431124'];
const at = (day: number) => new Date(Date.UTC(2025, 4, 1 + day, 2));

function recordOf<E extends DomainEvent>(
  codec: EventCodec<E>,
  source: string,
  countyCode: string,
  aggregateType: string,
  aggregateId: string,
  version: number,
  event: E,
): EventRecord {
  return {
    ...codec.encode(event),
    eventId: newId(),
    source,
    countyCode,
    aggregateType,
    aggregateId,
    streamId: streamIdOf(countyCode, aggregateType, aggregateId),
    version,
    occurredAt: at(version),
    recordedAt: at(version),
    actor: { userId: 'test', role: 'agency_clerk', countyCode },
    correlationId: 'c',
    causationId: 'c',
    previousHash: '',
    hash: '',
  };
}

function actLife(actId: string, i: number): ActEvent[] {
  const officerIds = ['o-1', 'o-2'];
  const opened: ActEvent = {
    type: 'CaseFiled',
    data: {
      opening: {
        actId,
        agencyId: `agency-${i % 3}`,
        category: 'penalty',
        caseNumber: `冷市监罚〔2025〕${i}号`,
        title: '某商行销售过期食品案',
        itemCode: 'XZCF-001',
        target: {
          kind: 'legal_person',
          name: '某商行',
          idNumber: '',
          creditCode: '91350100M000100Y43',
          phone: '',
          address: '',
          enterprise: true,
        },
        major: false,
        delegationId: '',
        officerIds,
        occurredAt: at(0),
        summary: '',
        delegationGap: '',
      },
    },
  };
  const later: ActEvent[] = [
    {
      type: 'EvidenceCollected',
      data: {
        evidenceId: `e-${i}`,
        kind: 'document',
        description: '询问笔录',
        recorder: 'o-1',
        recordedAt: at(1),
        proves: '违法事实',
        officerIds,
        occurredAt: at(1),
      },
    },
    {
      type: 'DecisionMade',
      data: {
        decisionNumber: `冷市监罚决〔2025〕${i}号`,
        outcome: 'penalized',
        legalBasis: '《湖南省食品安全条例》第五十条',
        discretionBenchmark: '裁量基准第3条',
        fineFen: 1000 * i,
        confiscationFen: 0,
        firstOffenceExempt: false,
        lighterPenalty: '',
        content: `罚款${10 * i}元`,
        officerIds,
        occurredAt: at(5),
      },
    },
    { type: 'ActClosed', data: { result: '已履行', officerIds, occurredAt: at(9) } },
  ];
  return [opened, ...later.slice(0, i % 4)];
}

function alertLife(alertId: string, actId: string, i: number): AlertEvent[] {
  const raised: AlertEvent = {
    type: 'AlertRaised',
    data: {
      alertId,
      ruleId: `rule-${i % 2}`,
      ruleVersion: 1,
      packId: 'pack',
      kind: 'deadline',
      level: 'yellow',
      agencyId: 'agency-0',
      subjectType: i % 5 === 0 ? 'officer' : 'act',
      subjectId: i % 5 === 0 ? 'o-1' : actId,
      evidenceEventIds: [],
      title: '超期',
      message: '请办理',
      dueAt: undefined,
    },
  };
  const later: AlertEvent[] = [
    { type: 'AlertEscalated', data: { alertId, level: 'red', reason: '已超期' } },
    { type: 'AlertResolved', data: { alertId, curingEventId: `c-${i}`, reason: '已办结' } },
  ];
  return [raised, ...later.slice(0, i % 3)];
}

/** Acts and their alerts, interleaved across streams and counties as partitions deliver them; two alerts on most acts. */
function recordedStream(): EventRecord[] {
  const lives: EventRecord[][] = [];
  COUNTIES.forEach((county, c) => {
    for (let i = 0; i < 20; i++) {
      const actId = `act-${i}`;
      lives.push(
        actLife(actId, i + c).map((event, v) => recordOf(actEventCodec, 'case-intake', county, 'EnforcementAct', actId, v + 1, event)),
      );
      for (const n of [0, 1]) {
        const alertId = `al-${i}-${n}`;
        lives.push(
          alertLife(alertId, actId, i + n).map((event, v) =>
            recordOf(alertEventCodec, 'supervision', county, 'Alert', alertId, v + 1, event),
          ),
        );
      }
    }
  });
  const stream: EventRecord[] = [];
  for (let step = 0; step < 4; step++) for (const life of lives) if (life[step]) stream.push(life[step]!);
  return [...stream, stream[7]!, ...stream.slice(-5)];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const projections: Projection<any>[] = [sharedActsProjection, sharedAlertsProjection];

describe.each(projections.map((p) => [p.name, p] as const))('%s in batches', (_name, projection) => {
  let database: TestDatabase;
  const stream = recordedStream().filter((record) => projection.handles(record.eventType));
  let expected: unknown[];

  beforeAll(async () => {
    database = await createTestDatabase(`shared_batch_${projection.readModel}`);
    const reference = database.db.collection('reference');
    for (const record of stream) await projection.apply(record, reference);
    expected = await reference.find({}).sort({ _id: 1 }).toArray();
  });
  afterAll(async () => database.drop());

  it("the reference holds every act or alert of both counties (and the acts' alert lists)", () => {
    expect(expected.length).toBeGreaterThanOrEqual(40);
  });

  it.each([2, 11, 1_000])('batches of %i leave what one by one leaves; the stream again changes nothing', async (size) => {
    const target = database.db.collection(`batched_${size}`);
    for (let start = 0; start < stream.length; start += size) await projection.applyBatch!(stream.slice(start, start + size), target);
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual(expected);
    await projection.applyBatch!(stream, target);
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual(expected);
  });
});
