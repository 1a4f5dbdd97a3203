import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { actEventCodec } from '@lesp/contracts';
import { assertNever, maskPersonName, type EventRecord } from '@lesp/core';
import { WRITES_PER_COMMAND, type Projection } from '@lesp/projection-runner';
import { DUPLICATE_KEY, writeErrorsOf } from '@lesp/event-store';

/** One document per act: what act search filters on and lists. No unmasked personal data. */
export interface ActSearchDocument {
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  agencyId: string;
  category: string;
  caseNumber: string;
  title: string;
  itemCode: string;
  status: 'open' | 'rejected' | 'decided' | 'closed' | 'archived';
  targetKind: string;
  /** Natural persons masked (张*三); organisations by name. */
  targetName: string;
  targetCreditCode: string;
  enterprise: boolean;
  major: boolean;
  delegationId: string;
  /** Why the delegation did not cover the act when it happened; empty when covered or not delegated. */
  delegationGap: string;
  /** Every officer named in any step. */
  officerIds: string[];
  openedAt: Date;
  decidedAt?: Date;
  closedAt?: Date;
  decisionOutcome?: string;
  fineFen?: number;
  lastRecordedAt: Date;
}

/**
 * The act's search document after one more event of its stream: pure, so that a batch of
 * events folds into one write per act (an imported act arrives as its whole history at once).
 * An event the document has seen (its version is not newer) changes nothing.
 */
export function evolveActSearch(current: ActSearchDocument | null, record: EventRecord): ActSearchDocument | null {
  if (current && current._v >= record.version) return current;
  const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  const base = current ?? emptyActSearch(record);
  const next = (changes: Partial<ActSearchDocument>, officerIds: readonly string[] = []): ActSearchDocument => ({
    ...base,
    ...changes,
    _v: record.version,
    countyCode: record.countyCode,
    lastRecordedAt: record.recordedAt,
    officerIds: [...new Set([...base.officerIds, ...officerIds])],
  });
  switch (event.type) {
    case 'ApplicationReceived':
    case 'CaseFiled': {
      const opening = event.data.opening;
      if (!opening) return current;
      const person = opening.target?.kind === 'natural_person';
      return next(
        {
          actId: opening.actId,
          agencyId: opening.agencyId,
          category: opening.category,
          caseNumber: opening.caseNumber,
          title: opening.title,
          itemCode: opening.itemCode,
          status: 'open',
          targetKind: opening.target?.kind ?? '',
          targetName: person ? maskPersonName(opening.target?.name ?? '') : (opening.target?.name ?? ''),
          targetCreditCode: person ? '' : (opening.target?.creditCode ?? ''),
          enterprise: opening.target?.enterprise ?? false,
          major: opening.major,
          delegationId: opening.delegationId,
          delegationGap: opening.delegationGap,
          openedAt: opening.occurredAt ?? record.occurredAt,
        },
        opening.officerIds,
      );
    }
    case 'ApplicationDecidedOnAcceptance':
      return next(event.data.accepted ? {} : { status: 'rejected' });
    case 'DecisionMade':
      return next(
        {
          status: 'decided',
          decidedAt: record.occurredAt,
          decisionOutcome: event.data.outcome,
          ...(event.data.fineFen === undefined ? {} : { fineFen: event.data.fineFen }),
        },
        event.data.officerIds,
      );
    case 'ActClosed':
      return next({ status: 'closed', closedAt: record.occurredAt }, event.data.officerIds);
    case 'ActArchived':
      return next({ status: 'archived' });
    case 'EvidenceCollected':
    case 'HearingNoticed':
    case 'HearingHeld':
    case 'DecisionServed':
    case 'ExecutionRecorded':
    case 'CourtEnforcementApplied':
      return next({}, event.data.officerIds);
    case 'LegalReviewCompleted':
    case 'MajorPenaltyFiled':
    case 'CriminalReferralMade':
    case 'ReconsiderationDecided':
    case 'LitigationJudged':
      return next({});
    default:
      return assertNever(event, 'act event');
  }
}

/** What a stream's first event starts from (only the opening event fills it in). */
function emptyActSearch(record: EventRecord): ActSearchDocument {
  return {
    _id: record.streamId,
    _v: 0,
    countyCode: record.countyCode,
    actId: '',
    agencyId: '',
    category: '',
    caseNumber: '',
    title: '',
    itemCode: '',
    status: 'open',
    targetKind: '',
    targetName: '',
    targetCreditCode: '',
    enterprise: false,
    major: false,
    delegationId: '',
    delegationGap: '',
    officerIds: [],
    openedAt: record.occurredAt,
    lastRecordedAt: record.recordedAt,
  };
}

/** How many acts' documents are read at once while a batch is applied. */
const PARALLEL_READS = 16;

/** Replacements per bulk write: see `WRITES_PER_COMMAND` (FerretDB v1 hangs on an update command of about 100). */
const REPLACEMENTS_PER_WRITE = WRITES_PER_COMMAND;

/**
 * Applies a batch: each act's events are folded into its document and written once.
 *
 * An act whose batch begins with its first event (an imported act arrives as its whole
 * history at once, a new act as its opening event) has no document yet: those documents are
 * inserted in one unordered `insertMany`, with no read. A redelivery finds its document there
 * already; its insert is refused (duplicate key) and that act goes the way of the others.
 * The others are read by _id (the one filter FerretDB's SQLite backend serves from its index)
 * and written back with one unordered bulk write of replacements by _id. Safe as
 * read-then-write for the same reason as `applyVersioned`: one act's events reach one consumer
 * at a time, in order.
 *
 * Why the insert: on FerretDB a replacement with upsert is a lookup and then a write of its
 * own per document, where an insert of many is one statement; with the read before it, that
 * was three round trips of work per act where one will do (bench/results, import-acts).
 */
async function applyToActs(records: readonly EventRecord[], target: Collection<ActSearchDocument>): Promise<void> {
  const byAct = new Map<string, EventRecord[]>();
  for (const record of records) {
    const events = byAct.get(record.streamId);
    if (events) events.push(record);
    else byAct.set(record.streamId, [record]);
  }
  const existing = await insertNewActs(byAct, target);
  const writes: AnyBulkWriteOperation<ActSearchDocument>[] = [];
  for (let i = 0; i < existing.length; i += PARALLEL_READS) {
    const slice = existing.slice(i, i + PARALLEL_READS);
    const found = await Promise.all(slice.map((id) => target.findOne({ _id: id })));
    slice.forEach((id, k) => {
      const before = found[k] ?? null;
      const after = byAct.get(id)!.reduce<ActSearchDocument | null>(evolveActSearch, before);
      if (after && after !== before) writes.push({ replaceOne: { filter: { _id: id }, replacement: after, upsert: true } });
    });
  }
  for (let i = 0; i < writes.length; i += REPLACEMENTS_PER_WRITE) {
    try {
      await target.bulkWrite(writes.slice(i, i + REPLACEMENTS_PER_WRITE), { ordered: false });
    } catch (error) {
      // Two first inserts of one act raced (a redelivery during a rebalance): the first one counts.
      if (!onlyDuplicates(error)) throw error;
    }
  }
}

/**
 * Inserts the documents of the acts whose events here begin with the first; returns the ids
 * of every other act, and of those whose document turned out to exist (to be read and folded).
 */
async function insertNewActs(byAct: ReadonlyMap<string, readonly EventRecord[]>, target: Collection<ActSearchDocument>): Promise<string[]> {
  const others: string[] = [];
  const fresh: ActSearchDocument[] = [];
  for (const [id, events] of byAct) {
    const document = events[0]!.version === 1 ? events.reduce<ActSearchDocument | null>(evolveActSearch, null) : null;
    if (document) fresh.push(document);
    else others.push(id);
  }
  if (fresh.length === 0) return others;
  try {
    await target.insertMany(fresh, { ordered: false });
  } catch (error) {
    if (!onlyDuplicates(error)) throw error;
    // Already there: this is a redelivery; fold it into what is stored.
    for (const writeError of writeErrorsOf(error)) others.push(fresh[writeError.index]!._id);
  }
  return others;
}

function onlyDuplicates(error: unknown): boolean {
  const writeErrors = writeErrorsOf(error);
  return writeErrors.length > 0 && writeErrors.every((e) => e.code === DUPLICATE_KEY);
}

export const actSearchProjection: Projection<ActSearchDocument> = {
  name: 'case-intake.act-search',
  readModel: 'rm_acts',
  indexes: [
    { key: { countyCode: 1, openedAt: -1 }, name: 'county_opened' },
    { key: { countyCode: 1, agencyId: 1, openedAt: -1 }, name: 'county_agency_opened' },
    { key: { countyCode: 1, category: 1, openedAt: -1 }, name: 'county_category_opened' },
    { key: { countyCode: 1, status: 1 }, name: 'county_status' },
    { key: { countyCode: 1, officerIds: 1 }, name: 'county_officer' },
    { key: { countyCode: 1, targetCreditCode: 1 }, name: 'county_target' },
  ],
  handles: (eventType) => actEventCodec.handles(eventType),
  apply: (record, target) => applyToActs([record], target),
  applyBatch: (records, target) => applyToActs(records, target),
};
