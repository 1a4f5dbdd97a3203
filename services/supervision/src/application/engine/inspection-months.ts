import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '@lesp/event-store';
import { addToListDocument } from '@lesp/projection-runner';
import { addToSetUpdate, factIds, type FactDocument } from './facts-store.js';

/** Left once the inspections are kept by month: later starts look for it and do nothing more. */
const DONE = 'migration:inspections-by-month';

/** A document of the layout before: `inspections:{county}/{credit code}/{yyyy-mm-dd}`. */
const BY_DAY = /^inspections:(\d{6})\/(.+)\/(\d{4}-\d{2})-\d{2}$/;

/**
 * Moves enterprise inspections kept one document per day (releases before this one) into the
 * documents per month the rule engine now reads (`FactsReader.enterprise`). Each day's
 * inspections are added to its month (an addition already there is kept once), then the day's
 * document is deleted: a start that stops half-way, or two replicas at once, leave nothing lost
 * or counted twice, and the next start finishes. Runs at start-up (`Projection.migrate`); one
 * scan of the facts on FerretDB, then only the mark is read. Returns the day documents moved.
 *
 * A replica of the earlier release still running during a rolling update writes days the new
 * code no longer reads: 多头重复检查 (an advisory) may miss those few inspections.
 */
export async function migrateInspectionDaysToMonths(facts: Collection<FactDocument>): Promise<number> {
  if (await facts.findOne({ _id: DONE })) return 0;
  let moved = 0;
  for (const doc of await facts.find({ kind: 'inspections' }).toArray()) {
    const byDay = BY_DAY.exec(doc._id);
    if (!byDay) continue;
    const [, countyCode, creditCode, month] = byDay as unknown as [string, string, string, string];
    const monthId = factIds.inspections(countyCode, creditCode, month);
    for (const inspection of doc.inspections ?? [])
      await addToListDocument(facts, monthId, addToSetUpdate(doc.countyCode, 'inspections', { inspections: inspection }));
    await facts.deleteOne({ _id: doc._id });
    moved++;
  }
  await facts
    .updateOne({ _id: DONE }, { $setOnInsert: { countyCode: '', kind: 'migration' } }, { upsert: true })
    .catch((error: unknown) => {
      // Another replica marked it first.
      if (!isDuplicateKeyError(error)) throw error;
    });
  return moved;
}
