import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actEventCodec, alertEventCodec, type AlertEvent } from '@lesp/contracts';
import type { EventRecord } from '@lesp/core';
import type { Projection } from '@lesp/projection-runner';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { reviewableActsProjection } from '../src/application/case-file-review/reviewable-acts.js';
import { alertsProjection } from '../src/application/projections/alerts.js';
import { actSummariesProjection } from '../src/application/statistics/act-summaries-projection.js';
import { recordOf, sample } from './bench/rule-engine-bench.js';

/**
 * Supervision's projections that fold a stream per document (case intake's acts, its own
 * alerts) leave the same read model whether the consumer hands them a batch (`applyBatch`:
 * each document read once, folded in memory, written once; closed files added per month in
 * one write) or one event at a time.
 */
function actStream(): EventRecord[] {
  const stream = sample(36).acts.flatMap((act) =>
    act.events.map((event, index) => recordOf('EnforcementAct', act.actId, index + 1, actEventCodec.encode(event), new Date(0))),
  );
  // Redelivered events, one inside the stream and a closing at its end.
  return [...stream, stream[10]!, ...stream.slice(-3)];
}

/** Alerts raised, escalated, acknowledged, resolved and dismissed, interleaved as the engine and users make them. */
function alertStream(): EventRecord[] {
  const lives = Array.from({ length: 30 }, (_, i): AlertEvent[] => {
    const alertId = `al-${i}`;
    const raised: AlertEvent = {
      type: 'AlertRaised',
      data: {
        alertId,
        ruleId: `rule-${i % 4}`,
        ruleVersion: 1,
        packId: 'pack',
        kind: 'deadline',
        level: 'yellow',
        agencyId: `agency-${i % 3}`,
        subjectType: 'act',
        subjectId: `act-${i}`,
        evidenceEventIds: [`e-${i}`],
        title: '超期未办结',
        message: '请及时办结',
        dueAt: i % 2 === 0 ? new Date(Date.UTC(2025, 5, i + 1)) : undefined,
      },
    };
    const later: AlertEvent[] = [
      { type: 'AlertEscalated', data: { alertId, level: 'red', reason: '已超期' } },
      { type: 'AlertAcknowledged', data: { alertId, note: '已收到' } },
      i % 3 === 0
        ? { type: 'AlertDismissed', data: { alertId, reason: '误报' } }
        : { type: 'AlertResolved', data: { alertId, curingEventId: `c-${i}`, reason: '已办结' } },
    ];
    return [raised, ...later.slice(0, i % 4)];
  });
  const stream: EventRecord[] = [];
  for (let step = 0; step < 4; step++)
    lives.forEach((events, i) => {
      const event = events[step];
      if (event)
        stream.push({
          ...recordOf('Alert', `al-${i}`, step + 1, alertEventCodec.encode(event), new Date(Date.UTC(2025, 6, step + 1))),
          source: 'supervision',
        });
    });
  return [...stream, stream[5]!, ...stream.slice(-4)];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cases: [string, Projection<any>, () => EventRecord[]][] = [
  [actSummariesProjection.name, actSummariesProjection, actStream],
  [reviewableActsProjection.name, reviewableActsProjection, actStream],
  [alertsProjection.name, alertsProjection, alertStream],
];

describe.each(cases)('%s in batches', (_name, projection, recordedStream) => {
  let database: TestDatabase;
  const stream = recordedStream();
  const handled = stream.filter((record) => projection.handles(record.eventType));
  let expected: unknown[];

  beforeAll(async () => {
    database = await createTestDatabase(`act_batch_${projection.readModel}`);
    const reference = database.db.collection('reference');
    for (const record of handled) await projection.apply(record, reference);
    expected = await reference.find({}).sort({ _id: 1 }).toArray();
  });
  afterAll(async () => database.drop());

  it('the reference holds a document for every act or alert (and, for files, every month they closed in)', () => {
    expect(expected.length).toBeGreaterThanOrEqual(30);
  });

  it.each([2, 9, 50, 1_000])('batches of %i leave what one by one leaves; the stream again changes nothing', async (size) => {
    const target = database.db.collection(`batched_${size}`);
    for (let start = 0; start < handled.length; start += size) await projection.applyBatch!(handled.slice(start, start + size), target);
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual(expected);
    await projection.applyBatch!(handled, target);
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual(expected);
  });
});
