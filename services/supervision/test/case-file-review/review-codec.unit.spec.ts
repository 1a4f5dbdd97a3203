import { describe, expect, it } from 'vitest';
import { caseFileReviewCodec, reviewDefinitionCodec } from '../../src/application/case-file-review/review-codec.js';
import type { CaseFileReviewEvent } from '../../src/domain/case-file-review/case-file-review-events.js';
import { DEFAULT_CASE_FILE_CHECKLIST } from '../../src/domain/case-file-review/checklist.js';
import type { ReviewDefinitionEvent } from '../../src/domain/case-file-review/review-definition.js';

/** The case-file review's domain events travel as protobuf and come back exactly as they were (unions, optional fields). */
const period = { from: new Date('2026-02-28T16:00:00Z'), to: new Date('2026-03-31T15:59:59Z') };
const criteria = {
  period,
  agencyIds: ['scjgj', 'hbj'],
  categories: ['penalty', 'licensing'] as const,
  size: {
    kind: 'per_category',
    counts: [
      { category: 'penalty', count: 33 },
      { category: 'licensing', count: 11 },
    ],
  } as const,
  minEnterpriseShare: 0.5,
};
const file = { fileId: 'a-1', agencyId: 'scjgj', category: 'penalty', enterprise: true } as const;
const problem = { problemId: 'a-1#1', fileId: 'a-1', agencyId: 'scjgj', itemCode: 'evidence', description: '证据不足' };

const reviewEvents: CaseFileReviewEvent[] = [
  {
    type: 'CaseFileReviewOpened',
    data: {
      reviewId: 'r-1',
      countyCode: '431103',
      title: '评查',
      supervisionForm: 'special',
      criteria: { ...criteria, categories: [...criteria.categories], size: { ...criteria.size, counts: [...criteria.size.counts] } },
      checklist: DEFAULT_CASE_FILE_CHECKLIST,
      definitionId: 'def-1',
      roundNumber: 3,
      openedBy: 'sup',
      openedAt: new Date('2026-04-01T00:00:00Z'),
    },
  },
  {
    type: 'CaseFileReviewOpened',
    data: {
      reviewId: 'r-2',
      countyCode: '431103',
      title: '评查',
      supervisionForm: 'routine',
      criteria: { period, agencyIds: ['scjgj'], categories: ['penalty'], size: { kind: 'share', share: 0.1 }, minEnterpriseShare: 0 },
      checklist: DEFAULT_CASE_FILE_CHECKLIST,
      openedBy: 'sup',
      openedAt: new Date('2026-04-01T00:00:00Z'),
    },
  },
  {
    type: 'CaseFileSampleDrawn',
    data: {
      reviewId: 'r-1',
      drawNumber: 2,
      seed: 4294967295,
      algorithm: 'alg',
      candidateCount: 1,
      candidatesDigest: 'd',
      candidates: [file],
      sample: [file],
      redrawReason: '重抽',
      drawnBy: 'sup',
      drawnAt: new Date('2026-04-02T00:00:00Z'),
    },
  },
  {
    type: 'CaseFileSampleDrawn',
    data: {
      reviewId: 'r-1',
      drawNumber: 1,
      seed: 0,
      algorithm: 'alg',
      candidateCount: 6000,
      candidatesDigest: 'd',
      sample: [file],
      drawnBy: 'sup',
      drawnAt: new Date('2026-04-02T00:00:00Z'),
    },
  },
  {
    type: 'CaseFileScored',
    data: {
      reviewId: 'r-1',
      fileId: 'a-1',
      agencyId: 'scjgj',
      checklistVersion: 'v',
      assessments: [
        { itemCode: 'evidence', points: 12.5 },
        { itemCode: 'two_officers', breached: true },
      ],
      score: 60.5,
      vetoedBy: ['two_officers'],
      grade: 'unqualified',
      problems: [problem],
      reviewerId: 'sup',
      scoredAt: new Date('2026-04-03T00:00:00Z'),
    },
  },
  {
    type: 'CaseFileReviewProblemsReferred',
    data: {
      reviewId: 'r-1',
      agencyId: 'scjgj',
      rectificationId: 'rect-1',
      problems: [problem],
      referredAt: new Date('2026-04-05T00:00:00Z'),
    },
  },
];

const definitionEvents: ReviewDefinitionEvent[] = [
  {
    type: 'CaseFileReviewDefined',
    data: {
      definitionId: 'def-1',
      countyCode: '431103',
      title: '月度评查',
      supervisionForm: 'routine',
      recurrence: { kind: 'every', months: 3, firstMonth: '2026-01', lastMonth: '2026-12' },
      criteria: { agencyIds: ['scjgj'], categories: ['penalty'], size: { kind: 'per_agency', count: 5 }, minEnterpriseShare: 0 },
      checklist: DEFAULT_CASE_FILE_CHECKLIST,
      definedBy: 'sup',
      definedAt: new Date('2026-01-01T00:00:00Z'),
    },
  },
  {
    type: 'CaseFileReviewDefined',
    data: {
      definitionId: 'def-2',
      countyCode: '431103',
      title: '一次性评查',
      supervisionForm: 'focused',
      recurrence: { kind: 'once', period },
      criteria: { agencyIds: ['scjgj'], categories: ['penalty'], size: { kind: 'total', count: 5 }, minEnterpriseShare: 0.2 },
      checklist: DEFAULT_CASE_FILE_CHECKLIST,
      definedBy: 'sup',
      definedAt: new Date('2026-01-01T00:00:00Z'),
    },
  },
  { type: 'CaseFileReviewDefinitionRetired', data: { definitionId: 'def-1', reason: '停止', retiredAt: new Date('2026-06-01T00:00:00Z') } },
];

describe('case-file review codec', () => {
  it.each(reviewEvents.map((event) => [`${event.type} ${JSON.stringify(event.data).slice(0, 40)}`, event] as const))(
    'round-trips %s',
    (_name, event) => {
      const encoded = caseFileReviewCodec.encode(event);
      expect(caseFileReviewCodec.decode(encoded.eventType, encoded.schemaVersion, encoded.payload)).toEqual(event);
    },
  );

  it.each(definitionEvents.map((event) => [`${event.type} ${event.data.definitionId}`, event] as const))(
    'round-trips %s',
    (_name, event) => {
      const encoded = reviewDefinitionCodec.encode(event);
      expect(reviewDefinitionCodec.decode(encoded.eventType, encoded.schemaVersion, encoded.payload)).toEqual(event);
    },
  );

  it('keeps "no candidate list" (archived) apart from an inline list', () => {
    const drawn = reviewEvents[3]!;
    const encoded = caseFileReviewCodec.encode(drawn);
    const decoded = caseFileReviewCodec.decode(encoded.eventType, encoded.schemaVersion, encoded.payload);
    expect(decoded.type === 'CaseFileSampleDrawn' && decoded.data.candidates).toBeUndefined();
  });
});
