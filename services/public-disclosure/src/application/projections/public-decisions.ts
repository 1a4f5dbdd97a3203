import { decisionDisclosureEventCodec, type publicDisclosureEventsV1 } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { DECISION_DISCLOSURE } from '../decision-disclosure-aggregate.js';

/**
 * Published decisions, the only decision data any public route reads. A document gets its
 * content only from DecisionPublished (what was published, masked at the source); a withdrawal
 * strips the content and leaves a tombstone (`visible: false`, ids and version only), so a
 * redelivered older event cannot bring it back. Queries also hide entries past `retainUntil`.
 * Searches go through the search index (decision-search-index.ts) and read these by `_id`.
 */
export interface PublicDecisionDocument {
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  visible: boolean;
  agencyId?: string;
  category?: string;
  caseNumber?: string;
  title?: string;
  target?: { kind: string; name: string; creditCode: string; enterprise: boolean };
  decisionNumber?: string;
  outcome?: string;
  legalBasis?: string;
  content?: string;
  fineFen?: number;
  confiscationFen?: number;
  decidedAt?: Date;
  publishedAt?: Date;
  retainUntil?: Date;
  correctionNote?: string;
  correctedAt?: Date;
  /** 典型案例: the agency's note; `typical` for the filter. */
  typical?: boolean;
  typicalNote?: string;
  /** Newest decision first, then act id: the keyset of stable cursors (the search index holds it too). */
  sortKey?: string;
}

const CONTENT_FIELDS = [
  'agencyId',
  'category',
  'caseNumber',
  'title',
  'target',
  'decisionNumber',
  'outcome',
  'legalBasis',
  'content',
  'fineFen',
  'confiscationFen',
  'decidedAt',
  'publishedAt',
  'retainUntil',
  'correctionNote',
  'correctedAt',
  'typical',
  'typicalNote',
  'sortKey',
] as const;

/** The texts a keyword is looked for in. */
export function searchableTexts(
  entry: Pick<PublicDecisionDocument, 'title' | 'caseNumber' | 'decisionNumber' | 'legalBasis' | 'content' | 'target'>,
): string[] {
  return [
    entry.title ?? '',
    entry.caseNumber ?? '',
    entry.decisionNumber ?? '',
    entry.legalBasis ?? '',
    entry.content ?? '',
    entry.target?.name ?? '',
  ];
}

export function sortKeyOf(decidedAt: Date, actId: string): string {
  return `${decidedAt.toISOString()}|${actId}`;
}

/** What a DecisionPublished shows: the document's content, and what the search index keeps of it. */
export function publishedDocument(data: publicDisclosureEventsV1.DecisionPublished): Partial<PublicDecisionDocument> {
  const entry = data.entry;
  const decidedAt = entry?.decidedAt ?? data.decidedAt ?? new Date(0);
  const doc: Partial<PublicDecisionDocument> = {
    actId: data.actId,
    visible: true,
    agencyId: data.agencyId,
    category: data.category,
    caseNumber: entry?.caseNumber ?? '',
    title: entry?.title ?? '',
    target: {
      kind: entry?.target?.kind ?? '',
      name: entry?.target?.name ?? '',
      creditCode: entry?.target?.creditCode ?? '',
      enterprise: entry?.target?.enterprise ?? false,
    },
    decisionNumber: entry?.decisionNumber ?? '',
    outcome: entry?.outcome ?? '',
    legalBasis: entry?.legalBasis ?? '',
    content: entry?.content ?? '',
    fineFen: entry?.fineFen ?? 0,
    confiscationFen: entry?.confiscationFen ?? 0,
    decidedAt,
    publishedAt: data.publishedAt ?? new Date(0),
    retainUntil: data.retainUntil ?? new Date(0),
    correctionNote: data.correctionNote,
    sortKey: sortKeyOf(decidedAt, data.actId),
  };
  if (data.correctedAt) doc.correctedAt = data.correctedAt;
  return doc;
}

export const publicDecisionsProjection: Projection<PublicDecisionDocument> = {
  name: 'public-disclosure.public-decisions',
  readModel: 'rm_public_decisions',
  // Read by `_id` only: searches find their decisions through the search index
  // (decision-search-index.ts), which serves both MongoDB and FerretDB v1 from `_id`.
  handles: (eventType) => decisionDisclosureEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'public-disclosure' || record.aggregateType !== DECISION_DISCLOSURE) return;
    const event = decisionDisclosureEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'DecisionPublished':
        await applyVersioned(target, record.streamId, record, { $set: publishedDocument(event.data) });
        return;
      case 'DecisionCorrected': {
        // Shown only if published; a correction before publication travels with DecisionPublished.
        const current = await target.findOne({ _id: record.streamId }, { projection: { visible: 1 } });
        if (!current?.visible) return;
        await applyVersioned(target, record.streamId, record, {
          $set: { correctionNote: event.data.note, correctedAt: event.data.correctedAt ?? record.occurredAt },
        });
        return;
      }
      case 'DecisionMarkedTypical': {
        const current = await target.findOne({ _id: record.streamId }, { projection: { visible: 1 } });
        if (!current?.visible) return;
        await applyVersioned(target, record.streamId, record, { $set: { typical: true, typicalNote: event.data.note } });
        return;
      }
      case 'DecisionWithdrawn': {
        const unset = Object.fromEntries(CONTENT_FIELDS.map((field) => [field, ''] as const));
        await applyVersioned(target, record.streamId, record, { $set: { actId: event.data.actId, visible: false }, $unset: unset });
        return;
      }
      case 'DecisionRecordedForDisclosure':
      case 'DisclosureRefused':
        // Not public: nothing here.
        return;
      default:
        assertNever(event, 'disclosure event');
    }
  },
};
