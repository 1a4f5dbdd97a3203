import type { ActStepType } from '../../domain/act/act-commands.js';

/** JSON schemas of the act routes: every field typed and bounded, nothing unknown let through. */
const str = (maxLength: number) => ({ type: 'string', maxLength }) as const;
/**
 * RFC 3339 with seconds 00-59 and a full offset: a leap second (23:59:60) or an hour-only
 * offset (+08) passes `format: date-time` but is no JavaScript date (Invalid Date, then a 500).
 */
const time = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;
const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const officerIds = { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 64 } } as const;
const fen = { type: 'integer' } as const;

export const targetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name'],
  properties: {
    kind: str(32),
    name: str(200),
    idNumber: str(32),
    creditCode: str(32),
    phone: str(32),
    address: str(300),
    enterprise: { type: 'boolean' },
  },
} as const;

export const openActSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['openedBy', 'agencyId', 'category', 'caseNumber', 'title', 'target', 'officerIds'],
  properties: {
    openedBy: { type: 'string', enum: ['application', 'filing'] },
    actId: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' },
    agencyId: str(64),
    category: str(32),
    caseNumber: str(64),
    title: str(200),
    itemCode: str(64),
    target: targetSchema,
    major: { type: 'boolean' },
    delegationId: str(64),
    officerIds,
    occurredAt: time,
    summary: str(4000),
  },
} as const;

const STEP_PROPERTIES: Record<ActStepType, Record<string, unknown>> = {
  ApplicationDecidedOnAcceptance: { accepted: { type: 'boolean' }, reason: str(2000), officerIds, occurredAt: time },
  EvidenceCollected: {
    evidenceId: str(64),
    kind: str(32),
    description: str(4000),
    recorder: str(100),
    recordedAt: time,
    proves: str(2000),
    officerIds,
    occurredAt: time,
  },
  HearingNoticed: { officerIds, occurredAt: time, requestDeadline: time },
  HearingHeld: { officerIds, occurredAt: time, presidingOfficer: str(100), summary: str(4000) },
  LegalReviewCompleted: { reviewer: str(100), opinion: str(4000), passed: { type: 'boolean' }, occurredAt: time },
  DecisionMade: {
    decisionNumber: str(64),
    outcome: str(32),
    legalBasis: str(4000),
    discretionBenchmark: str(4000),
    fineFen: fen,
    confiscationFen: fen,
    firstOffenceExempt: { type: 'boolean' },
    lighterPenalty: str(16),
    content: str(8000),
    officerIds,
    occurredAt: time,
  },
  DecisionServed: { method: str(32), officerIds, occurredAt: time },
  ExecutionRecorded: { how: str(16), amountPaidFen: fen, officerIds, occurredAt: time },
  CourtEnforcementApplied: { court: str(200), officerIds, occurredAt: time },
  ActClosed: { result: str(2000), officerIds, occurredAt: time },
  ActArchived: { archiveNumber: str(64), occurredAt: time },
  MajorPenaltyFiled: { filingNumber: str(64), filedWith: str(200), occurredAt: time },
  CriminalReferralMade: { referredTo: str(32), persons: { type: 'integer' }, reason: str(2000), occurredAt: time },
  ReconsiderationDecided: { body: str(200), outcome: str(32), occurredAt: time },
  LitigationJudged: { court: str(200), outcome: str(32), headAppearedInCourt: { type: 'boolean' }, occurredAt: time },
};

/** `{ "type": "<StepType>", ...that step's fields }`. */
export const recordStepSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', enum: Object.keys(STEP_PROPERTIES) } },
  allOf: Object.entries(STEP_PROPERTIES).map(([type, properties]) => ({
    if: { properties: { type: { const: type } } },
    then: { additionalProperties: false, properties: { type: { const: type }, ...properties } },
  })),
} as const;

/** Fields that arrive as ISO strings and are times in the domain. */
export const TIME_FIELDS = ['occurredAt', 'recordedAt', 'requestDeadline'] as const;

export function withTimes<T extends Record<string, unknown>>(body: T): T {
  const copy: Record<string, unknown> = { ...body };
  for (const field of TIME_FIELDS) if (typeof copy[field] === 'string') copy[field] = new Date(copy[field] as string);
  return copy as T;
}

export const searchQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    agencyId: id,
    category: str(32),
    status: str(16),
    openedFrom: time,
    openedTo: time,
    target: str(200),
    officerId: id,
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    cursor: str(400),
  },
} as const;
