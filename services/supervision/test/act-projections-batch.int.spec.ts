import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actEventCodec } from '@lesp/contracts';
import type { EventRecord } from '@lesp/core';
import type { Projection } from '@lesp/projection-runner';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { reviewableActsProjection } from '../src/application/case-file-review/reviewable-acts.js';
import { actSummariesProjection } from '../src/application/statistics/act-summaries-projection.js';
import { recordOf, sample } from './bench/rule-engine-bench.js';

/**
 * Supervision's other projections of case intake's act events leave the same read model
 * whether the consumer hands them a batch (`applyBatch`: each act read once, folded in
 * memory, written once; closed files added per month in one write) or one event at a time.
 */
function recordedStream(): EventRecord[] {
  const stream = sample(36).acts.flatMap((act) =>
    act.events.map((event, index) => recordOf('EnforcementAct', act.actId, index + 1, actEventCodec.encode(event), new Date(0))),
  );
  // Redelivered events, one inside the stream and a closing at its end.
  return [...stream, stream[10]!, ...stream.slice(-3)];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const projections: Projection<any>[] = [actSummariesProjection, reviewableActsProjection];

describe.each(projections.map((p) => [p.name, p] as const))('%s in batches', (_name, projection) => {
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

  it('the reference holds every act (and, for files, every month they closed in)', () => {
    expect(expected.length).toBeGreaterThanOrEqual(36);
  });

  it.each([2, 9, 50, 1_000])('batches of %i leave what one by one leaves; the stream again changes nothing', async (size) => {
    const target = database.db.collection(`batched_${size}`);
    for (let start = 0; start < handled.length; start += size) await projection.applyBatch!(handled.slice(start, start + size), target);
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual(expected);
    await projection.applyBatch!(handled, target);
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual(expected);
  });
});
