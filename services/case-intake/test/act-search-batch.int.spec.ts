import { afterAll, describe, expect, it } from 'vitest';
import { actEventCodec, type ActEvent } from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { actSearchProjection, type ActSearchDocument } from '../src/application/projections/act-search.js';
import { at, opening, step } from './act-fixtures.js';

const databases: TestDatabase[] = [];
afterAll(async () => Promise.all(databases.map((d) => d.drop())));

function recordsOf(actId: string, events: readonly ActEvent[]): EventRecord[] {
  return events.map((event, index) => ({
    ...actEventCodec.encode(event),
    eventId: newId(),
    source: 'case-intake',
    countyCode: '431103',
    aggregateType: 'EnforcementAct',
    aggregateId: actId,
    streamId: `431103/EnforcementAct/${actId}`,
    version: index + 1,
    occurredAt: at(1 + index),
    recordedAt: at(20 + index),
    actor: { userId: 'u', role: 'agency_clerk', countyCode: '431103', agencyId: 'scjgj' },
    correlationId: 'c',
    causationId: 'c',
    previousHash: '',
    hash: '',
  }));
}

/** Three acts as an import brings them: each its whole history, the acts interleaved. */
function histories(): EventRecord[][] {
  const person = {
    kind: 'natural_person',
    name: '张小三',
    idNumber: '431103199001011234',
    creditCode: '',
    phone: '13800000000',
    address: '',
    enterprise: false,
  };
  const penalty = recordsOf('act-p', [
    { type: 'CaseFiled', data: { opening: opening('penalty', { actId: 'act-p', target: person, officerIds: ['o-1', 'o-2'] }) } },
    step('EvidenceCollected', 2, { officerIds: ['o-2', 'o-3'] }) as ActEvent,
    step('DecisionMade', 3, { outcome: 'penalized', fineFen: 500000 }) as ActEvent,
    step('DecisionServed', 4) as ActEvent,
    step('ActClosed', 5) as ActEvent,
  ]);
  const licence = recordsOf('act-l', [
    { type: 'ApplicationReceived', data: { opening: opening('licensing', { actId: 'act-l', caseNumber: '冷许〔2023〕3号' }) } },
    step('ApplicationDecidedOnAcceptance', 2, { accepted: false, reason: '材料不全' }) as ActEvent,
  ]);
  const inspection = recordsOf('act-i', [
    { type: 'CaseFiled', data: { opening: opening('inspection', { actId: 'act-i', caseNumber: '冷检〔2023〕9号' }) } },
  ]);
  return [penalty, licence, inspection];
}

async function collections() {
  const database = await createTestDatabase('act_search_batch');
  databases.push(database);
  return {
    oneByOne: database.db.collection<ActSearchDocument>('one_by_one'),
    batched: database.db.collection<ActSearchDocument>('batched'),
  };
}

describe('act search: a batch folds into one write per act, with the same documents as one event at a time', () => {
  it('gives the same documents applied one by one or as one interleaved batch, redelivered or not', async () => {
    const { oneByOne, batched } = await collections();
    const [penalty, licence, inspection] = histories();
    for (const record of [...penalty!, ...licence!, ...inspection!]) await actSearchProjection.apply(record, oneByOne);
    const interleaved = [penalty![0]!, licence![0]!, penalty![1]!, inspection![0]!, licence![1]!, ...penalty!.slice(2)];
    await actSearchProjection.applyBatch!(interleaved, batched);
    // A redelivery of part of the batch, and a batch that repeats what the documents have seen.
    await actSearchProjection.applyBatch!(penalty!.slice(1, 3), batched);
    await actSearchProjection.apply(licence![0]!, batched);

    const plain = await oneByOne.find({}).sort({ _id: 1 }).toArray();
    expect(await batched.find({}).sort({ _id: 1 }).toArray()).toEqual(plain);
    const byAct = new Map(plain.map((d) => [d.actId, d]));
    expect(byAct.get('act-p')).toMatchObject({
      _v: 5,
      countyCode: '431103',
      status: 'closed',
      targetName: '张*三',
      targetCreditCode: '',
      decisionOutcome: 'penalized',
      fineFen: 500000,
      closedAt: at(5),
      lastRecordedAt: at(24),
    });
    expect([...byAct.get('act-p')!.officerIds].sort()).toEqual(['o-1', 'o-2', 'o-3']);
    expect(byAct.get('act-l')).toMatchObject({ _v: 2, status: 'rejected', category: 'licensing' });
    expect(byAct.get('act-i')).toMatchObject({ _v: 1, status: 'open', category: 'inspection' });
    // Nothing unmasked about the person is stored.
    expect(JSON.stringify(plain)).not.toMatch(/张小三|431103199001011234|13800000000/);
  });

  it('inserts new acts without reading them, and folds a redelivered history into the document already there', async () => {
    const { oneByOne, batched } = await collections();
    const [penalty, licence, inspection] = histories();
    for (const record of [...penalty!, ...licence!, ...inspection!]) await actSearchProjection.apply(record, oneByOne);
    // The penalty act is stored up to its decision; then a batch brings its whole history again
    // (a redelivery from version 1) together with two acts never seen: one insert refused, two made.
    await actSearchProjection.applyBatch!(penalty!.slice(0, 3), batched);
    await actSearchProjection.applyBatch!([...penalty!, ...licence!, ...inspection!], batched);
    // The whole batch again: every insert refused, nothing changes.
    await actSearchProjection.applyBatch!([...penalty!, ...licence!, ...inspection!], batched);
    expect(await batched.find({}).sort({ _id: 1 }).toArray()).toEqual(await oneByOne.find({}).sort({ _id: 1 }).toArray());
    expect(await batched.findOne({ _id: penalty![0]!.streamId })).toMatchObject({ _v: 5, status: 'closed' });
  });

  it('continues a document written before from the version it has seen', async () => {
    const { oneByOne, batched } = await collections();
    const [penalty] = histories();
    for (const record of penalty!) await actSearchProjection.apply(record, oneByOne);
    await actSearchProjection.applyBatch!(penalty!.slice(0, 2), batched);
    await actSearchProjection.applyBatch!(penalty!.slice(1), batched);
    expect(await batched.findOne({ _id: penalty![0]!.streamId })).toEqual(await oneByOne.findOne({ _id: penalty![0]!.streamId }));
  });

  it('updates the documents of 150 existing acts in one batch (FerretDB hung on a bulk write replacing about 100)', async () => {
    const { batched } = await collections();
    const acts = Array.from({ length: 150 }, (_, i) =>
      recordsOf(`act-${i}`, [
        { type: 'CaseFiled', data: { opening: opening('inspection', { actId: `act-${i}`, caseNumber: `冷检〔2023〕${i}号` }) } },
        step('ActClosed', 2) as ActEvent,
      ]),
    );
    await actSearchProjection.applyBatch!(
      acts.map((events) => events[0]!),
      batched,
    );
    // Every act's second event: 150 replacements of documents that exist.
    await actSearchProjection.applyBatch!(
      acts.map((events) => events[1]!),
      batched,
    );
    const documents = await batched.find({}).toArray();
    expect(documents).toHaveLength(150);
    expect(documents.every((d) => d._v === 2 && d.status === 'closed')).toBe(true);
  });
});
