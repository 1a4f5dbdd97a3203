import { describe, expect, it } from 'vitest';
import { normativeDocumentDecider } from '../../../src/domain/normative-document/normative-document-decider.js';
import type { NormativeDocumentEvent } from '../../../src/domain/normative-document/normative-document-events.js';
import { cleanUpFigures, filingFigures } from '../../../src/domain/normative-document/normative-document-figures.js';

const cst = (year: number, month: number, day: number, hour = 10) => new Date(Date.UTC(year, month - 1, day, hour - 8));

function document(
  n: number,
  options: {
    countyCode?: string;
    issuedAt?: Date;
    filed?: Date | null;
    lateCommittee?: boolean;
    returned?: boolean;
    cleanUp?: 'kept' | 'amended' | 'repealed';
  },
) {
  const documentId = `doc-${n}`;
  const issuedAt = options.issuedAt ?? cst(2014, 3, 1);
  const events: NormativeDocumentEvent[] = [
    {
      type: 'NormativeDocumentRegistered',
      data: {
        documentId,
        countyCode: options.countyCode ?? '610113',
        issuer: '区人民政府',
        documentNumber: `区政发〔2014〕${n}号`,
        title: `文件${n}`,
        issuedAt,
        effectiveFrom: issuedAt,
        validUntil: cst(2019, 2, 1),
        registeredBy: '法制办',
      },
    },
  ];
  if (options.filed !== null) {
    const filedAt = options.filed ?? cst(2014, 3, 20);
    for (const filedWith of ['government', 'standing_committee'] as const) {
      const late = filedWith === 'standing_committee' && !!options.lateCommittee;
      events.push({
        type: 'NormativeDocumentFiled',
        data: { documentId, filedWith, recipient: filedWith, filingNumber: `${n}`, filedAt: late ? cst(2014, 5, 1) : filedAt, late },
      });
      const outcome =
        filedWith === 'standing_committee' && options.returned ? 'NormativeDocumentReturnedForCorrection' : 'NormativeDocumentReviewPassed';
      events.push({ type: outcome, data: { documentId, reviewedBy: filedWith, opinion: '审查意见', reviewedAt: cst(2014, 6, 1) } });
    }
  }
  if (options.cleanUp) {
    events.push({
      type: 'NormativeDocumentCleanedUp',
      data: {
        documentId,
        cleanUp: '2014年全面清理',
        outcome: options.cleanUp,
        reason: '清理',
        validUntil: options.cleanUp === 'repealed' ? undefined : cst(2019, 6, 1),
        decidedAt: cst(2014, 11, 1),
      },
    });
  }
  return events.reduce(normativeDocumentDecider.evolve, normativeDocumentDecider.initialState());
}

describe('normative documents: a county’s filing and clean-up figures', () => {
  it('seed 001: 15 documents filed, all on time, all passed (报备率、报备及时率 100%)', () => {
    const states = [
      ...Array.from({ length: 15 }, (_, i) => document(i, {})),
      document(99, { issuedAt: cst(2013, 12, 1) }), // issued the year before
      document(98, { countyCode: '431103' }), // another county
    ];
    expect(filingFigures(states, '610113', { from: cst(2014, 1, 1, 0), to: cst(2015, 1, 1, 0) }, cst(2015, 1, 10))).toEqual({
      issued: 15,
      filed: 15,
      filedOnTime: 15,
      passed: 15,
      returned: 0,
    });
  });

  it('not filed, filed late, returned: each counted apart; a filing after the date asked about is not there yet', () => {
    const states = [document(1, {}), document(2, { filed: null }), document(3, { lateCommittee: true }), document(4, { returned: true })];
    const year = { from: cst(2014, 1, 1, 0), to: cst(2015, 1, 1, 0) };
    expect(filingFigures(states, '610113', year, cst(2015, 1, 10))).toEqual({
      issued: 4,
      filed: 3,
      filedOnTime: 2,
      passed: 2,
      returned: 1,
    });
    expect(filingFigures(states, '610113', year, cst(2014, 4, 1))).toMatchObject({ filed: 2 });
  });

  it('seed 001’s clean-up: 18 repealed, 18 amended, the rest kept', () => {
    const states = [
      ...Array.from({ length: 18 }, (_, i) => document(i, { cleanUp: 'repealed' })),
      ...Array.from({ length: 18 }, (_, i) => document(100 + i, { cleanUp: 'amended' })),
      ...Array.from({ length: 40 }, (_, i) => document(200 + i, { cleanUp: 'kept' })),
      document(300, {}),
    ];
    expect(cleanUpFigures(states, '610113', '2014年全面清理')).toEqual({ kept: 40, amended: 18, repealed: 18 });
    expect(cleanUpFigures(states, '610113', '2020年清理')).toEqual({ kept: 0, amended: 0, repealed: 0 });
  });
});
