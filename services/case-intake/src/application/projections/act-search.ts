import { actEventCodec } from '@lesp/contracts';
import { assertNever, maskPersonName, type EventRecord } from '@lesp/core';
import { applyFoldedBatch, type Projection, type StreamFold } from '@lesp/projection-runner';

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

/**
 * Each act's events folded into its document and written once per batch (`applyFoldedBatch`):
 * an act whose batch begins with its first event (an imported act arrives as its whole history
 * at once, a new act as its opening event) is inserted without a read; the others are read by
 * `_id` and replaced. On FerretDB a replacement with upsert is a lookup and a write of its own
 * per document where an insert of many is one statement; with the read before it, that was three
 * round trips of work per act where one will do (bench/results, import-acts).
 */
const actSearchFold: StreamFold<ActSearchDocument> = {
  idOf: (record) => record.streamId,
  evolve: (doc, record) => evolveActSearch(doc, record),
};

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
  apply: (record, target) => applyFoldedBatch([record], target, actSearchFold),
  applyBatch: (records, target) => applyFoldedBatch(records, target, actSearchFold),
};
