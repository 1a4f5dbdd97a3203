import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import type { NormativeDocumentCommand } from '../../../src/domain/normative-document/normative-document-commands.js';
import { normativeDocumentDecider } from '../../../src/domain/normative-document/normative-document-decider.js';
import type { NormativeDocumentEvent } from '../../../src/domain/normative-document/normative-document-events.js';
import { dueForCleanUp, notFiledWithin30Days, validityAt } from '../../../src/domain/normative-document/normative-document-checks.js';

const spec = deciderSpec(normativeDocumentDecider);
/** Beijing time. */
const cst = (year: number, month: number, day: number, hour = 10) => new Date(Date.UTC(year, month - 1, day, hour - 8));

const registration = {
  documentId: 'gfxwj-2023-5',
  countyCode: '431103',
  issuer: '冷水滩区人民政府办公室',
  documentNumber: '冷政办发〔2023〕5号',
  title: '冷水滩区城乡居民临时救助实施办法',
  issuedAt: cst(2023, 3, 1),
  effectiveFrom: cst(2023, 4, 1, 0),
  validUntil: cst(2028, 3, 31, 0),
  registeredBy: '区司法局 张某',
};
const registered: NormativeDocumentEvent = { type: 'NormativeDocumentRegistered', data: registration };
const file = (filedWith: 'government' | 'standing_committee', filedAt: Date): NormativeDocumentCommand => ({
  type: 'FileNormativeDocument',
  data: {
    documentId: registration.documentId,
    filedWith,
    recipient: filedWith === 'government' ? '永州市人民政府' : '冷水滩区人大常委会',
    filingNumber: `BA-${filedWith}-1`,
    filedAt,
  },
});
const filed = (filedWith: 'government' | 'standing_committee', filedAt: Date, late = false): NormativeDocumentEvent => ({
  type: 'NormativeDocumentFiled',
  data: { ...(file(filedWith, filedAt).data as Extract<NormativeDocumentCommand, { type: 'FileNormativeDocument' }>['data']), late },
});
const review = (
  reviewedBy: 'government' | 'standing_committee',
  outcome: 'passed' | 'returned',
  opinion = '',
): NormativeDocumentCommand => ({
  type: 'ReviewNormativeDocument',
  data: { documentId: registration.documentId, reviewedBy, outcome, opinion, reviewedAt: cst(2023, 4, 20) },
});
const stateOf = (events: NormativeDocumentEvent[]) =>
  events.reduce(normativeDocumentDecider.evolve, normativeDocumentDecider.initialState());

describe('normative document: registered with a validity period', () => {
  it('is registered once', () => {
    spec.given([]).when({ type: 'RegisterNormativeDocument', data: registration }).then([registered]);
    spec
      .given([registered])
      .when({ type: 'RegisterNormativeDocument', data: registration })
      .thenThrows('NORMATIVE_DOCUMENT_ALREADY_REGISTERED');
  });

  it('refuses a validity of more than five years, one ending before it starts, an effect before issue, a missing title', () => {
    const register = (overrides: Partial<typeof registration>): NormativeDocumentCommand => ({
      type: 'RegisterNormativeDocument',
      data: { ...registration, ...overrides },
    });
    spec
      .given([])
      .when(register({ validUntil: cst(2028, 4, 2) }))
      .thenThrows('VALIDITY_TOO_LONG', ['validUntil']);
    spec
      .given([])
      .when(register({ validUntil: cst(2023, 3, 31) }))
      .thenThrows('VALIDITY_ENDS_BEFORE_START', ['validUntil']);
    spec
      .given([])
      .when(register({ effectiveFrom: cst(2023, 2, 28), validUntil: cst(2027, 1, 1) }))
      .thenThrows('EFFECTIVE_BEFORE_ISSUE', ['effectiveFrom']);
    const error = spec
      .given([])
      .when(register({ title: ' ', countyCode: '4311' }))
      .thenThrows('VALIDATION_FAILED', ['countyCode', 'title']);
    expect(error.message).toContain('title：文件名称不能为空');
  });
});

describe('normative document: filed with the government and the standing committee within 30 days', () => {
  it('on the 30th day after issue is on time, on the 31st late', () => {
    spec
      .given([registered])
      .when(file('government', cst(2023, 3, 31, 23)))
      .then([filed('government', cst(2023, 3, 31, 23), false)]);
    spec
      .given([registered])
      .when(file('standing_committee', cst(2023, 4, 1, 0)))
      .then([filed('standing_committee', cst(2023, 4, 1, 0), true)]);
  });

  it('is filed with each body once, not before issue, and not with an unknown body', () => {
    spec
      .given([registered, filed('government', cst(2023, 3, 10))])
      .when(file('government', cst(2023, 3, 11)))
      .thenThrows('ALREADY_FILED');
    spec
      .given([registered])
      .when(file('government', cst(2023, 2, 28)))
      .thenThrows('FILED_BEFORE_ISSUE', ['filedAt']);
    spec
      .given([registered])
      .when({
        ...file('government', cst(2023, 3, 10)),
        data: { ...file('government', cst(2023, 3, 10)).data, filedWith: 'court' },
      } as never)
      .thenThrows('FILING_BODY_UNKNOWN', ['filedWith']);
    spec
      .given([])
      .when(file('government', cst(2023, 3, 10)))
      .thenThrows('NORMATIVE_DOCUMENT_NOT_FOUND');
  });
});

describe('normative document: reviewed, returned for correction, corrected, filed again', () => {
  const onFile = [registered, filed('government', cst(2023, 3, 10)), filed('standing_committee', cst(2023, 3, 12))];

  it('passes review, once per body', () => {
    spec
      .given(onFile)
      .when(review('government', 'passed'))
      .then([
        {
          type: 'NormativeDocumentReviewPassed',
          data: { documentId: registration.documentId, reviewedBy: 'government', opinion: '', reviewedAt: cst(2023, 4, 20) },
        },
      ]);
    const passed: NormativeDocumentEvent = {
      type: 'NormativeDocumentReviewPassed',
      data: { documentId: registration.documentId, reviewedBy: 'government', opinion: '', reviewedAt: cst(2023, 4, 20) },
    };
    spec
      .given([...onFile, passed])
      .when(review('government', 'returned', '违法设定罚款'))
      .thenThrows('ALREADY_REVIEWED');
    spec.given([registered]).when(review('government', 'passed')).thenThrows('NOT_FILED');
  });

  it('a return needs its opinion; after correction the document is filed again and reviewed again', () => {
    spec.given(onFile).when(review('standing_committee', 'returned')).thenThrows('OPINION_REQUIRED', ['opinion']);
    const returned: NormativeDocumentEvent = {
      type: 'NormativeDocumentReturnedForCorrection',
      data: {
        documentId: registration.documentId,
        reviewedBy: 'standing_committee',
        opinion: '第八条增设行政许可条件，超越权限',
        reviewedAt: cst(2023, 4, 20),
      },
    };
    spec
      .given(onFile)
      .when(review('standing_committee', 'returned', '第八条增设行政许可条件，超越权限'))
      .then([returned]);
    spec
      .given(onFile)
      .when({
        type: 'CorrectNormativeDocument',
        data: { documentId: registration.documentId, summary: '删除第八条', correctedAt: cst(2023, 5, 1) },
      })
      .thenThrows('NOTHING_TO_CORRECT');
    const corrected: NormativeDocumentEvent = {
      type: 'NormativeDocumentCorrected',
      data: { documentId: registration.documentId, summary: '删除第八条', correctedAt: cst(2023, 5, 1) },
    };
    spec
      .given([...onFile, returned])
      .when({ type: 'CorrectNormativeDocument', data: corrected.data })
      .then([corrected]);
    // Not reviewable again until filed again; then filed again (late by then) and reviewable.
    spec
      .given([...onFile, returned, corrected])
      .when(review('standing_committee', 'passed'))
      .thenThrows('NOT_FILED');
    spec
      .given([...onFile, returned, corrected])
      .when(file('standing_committee', cst(2023, 5, 3)))
      .then([filed('standing_committee', cst(2023, 5, 3), true)]);
    const state = stateOf([...onFile, returned, corrected, filed('standing_committee', cst(2023, 5, 3), true)]);
    expect(state.status === 'in_force' && state.filings.standing_committee?.review).toBe('pending');
  });
});

describe('normative document: periodic clean-up keeps, amends or repeals', () => {
  const cleanUp = (outcome: 'kept' | 'amended' | 'repealed', validUntil?: Date): NormativeDocumentCommand => ({
    type: 'CleanUpNormativeDocument',
    data: {
      documentId: registration.documentId,
      cleanUp: '2027年规范性文件集中清理',
      outcome,
      reason: '上位法修改',
      validUntil,
      decidedAt: cst(2027, 6, 1),
    },
  });
  const cleaned = (outcome: 'kept' | 'amended' | 'repealed', validUntil?: Date): NormativeDocumentEvent => ({
    type: 'NormativeDocumentCleanedUp',
    data: (cleanUp(outcome, validUntil) as Extract<NormativeDocumentCommand, { type: 'CleanUpNormativeDocument' }>).data,
  });

  it('kept: still in force, with a new end of validity when one is given', () => {
    spec
      .given([registered])
      .when(cleanUp('kept', cst(2030, 6, 1)))
      .then([cleaned('kept', cst(2030, 6, 1))]);
    const state = stateOf([registered, cleaned('kept', cst(2030, 6, 1))]);
    expect(validityAt(state, cst(2029, 1, 1))).toBe('in_force');
    spec
      .given([registered])
      .when(cleanUp('kept', cst(2033, 6, 2)))
      .thenThrows('VALIDITY_TOO_LONG', ['validUntil']);
  });

  it('amended: needs its new validity, and must be filed again within 30 days of the amendment', () => {
    spec.given([registered]).when(cleanUp('amended')).thenThrows('FIELD_REQUIRED', ['validUntil']);
    const state = stateOf([
      registered,
      filed('government', cst(2023, 3, 5)),
      filed('standing_committee', cst(2023, 3, 5)),
      cleaned('amended', cst(2032, 6, 1)),
    ]);
    expect(notFiledWithin30Days(state, cst(2027, 7, 1))).toBeUndefined();
    expect(notFiledWithin30Days(state, cst(2027, 7, 2))).toMatchObject({ missing: ['government', 'standing_committee'], daysOverdue: 0 });
  });

  it('repealed: no longer in force, and nothing more can happen to it', () => {
    spec
      .given([registered])
      .when(cleanUp('repealed', cst(2030, 1, 1)))
      .thenThrows('REPEALED_WITH_VALIDITY', ['validUntil']);
    spec
      .given([registered])
      .when(cleanUp('repealed'))
      .then([cleaned('repealed')]);
    const events = [registered, cleaned('repealed')];
    expect(validityAt(stateOf(events), cst(2027, 6, 2))).toBe('repealed');
    spec
      .given(events)
      .when(file('government', cst(2027, 6, 2)))
      .thenThrows('NORMATIVE_DOCUMENT_REPEALED');
    spec.given(events).when(cleanUp('kept')).thenThrows('NORMATIVE_DOCUMENT_REPEALED');
  });
});

describe('normative document: the rule-engine check "not filed within 30 days of issue"', () => {
  it('nothing within the 30 days; after them, the bodies not filed with, by the date asked about', () => {
    const state = stateOf([registered, filed('government', cst(2023, 3, 20))]);
    expect(notFiledWithin30Days(state, cst(2023, 3, 31, 23))).toBeUndefined();
    const finding = notFiledWithin30Days(state, cst(2023, 4, 3));
    expect(finding).toEqual({
      rule: 'NORMATIVE_DOCUMENT_NOT_FILED_WITHIN_30_DAYS',
      documentId: 'gfxwj-2023-5',
      countyCode: '431103',
      documentNumber: '冷政办发〔2023〕5号',
      title: '冷水滩区城乡居民临时救助实施办法',
      filingFrom: cst(2023, 3, 1),
      dueAt: new Date('2023-03-31T16:00:00Z'),
      missing: ['standing_committee'],
      late: [],
      daysOverdue: 2,
      message: '《冷水滩区城乡居民临时救助实施办法》（冷政办发〔2023〕5号）自印发之日起30日内未向人大常委会备案',
    });
  });

  it('a late filing is still a finding (filed late); a filing dated after the date asked about does not count yet', () => {
    const state = stateOf([registered, filed('government', cst(2023, 3, 20)), filed('standing_committee', cst(2023, 4, 10), true)]);
    expect(notFiledWithin30Days(state, cst(2023, 4, 5))).toMatchObject({ missing: ['standing_committee'], late: [] });
    expect(notFiledWithin30Days(state, cst(2023, 4, 11))).toMatchObject({
      missing: [],
      late: ['standing_committee'],
      message: expect.stringContaining('向人大常委会备案超过30日'),
    });
    const onTime = stateOf([registered, filed('government', cst(2023, 3, 20)), filed('standing_committee', cst(2023, 3, 21))]);
    expect(notFiledWithin30Days(onTime, cst(2024, 1, 1))).toBeUndefined();
  });

  it('validity and clean-up listing', () => {
    const state = stateOf([registered]);
    expect(validityAt(state, cst(2023, 3, 20))).toBe('not_yet_in_force');
    expect(validityAt(state, cst(2025, 1, 1))).toBe('in_force');
    expect(validityAt(state, cst(2028, 4, 1))).toBe('expired');
    expect(dueForCleanUp(state, cst(2027, 12, 1))).toBe(false);
    expect(dueForCleanUp(state, cst(2028, 1, 15))).toBe(true);
  });
});
