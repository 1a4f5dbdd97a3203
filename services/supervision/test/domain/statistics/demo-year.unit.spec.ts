import { describe, expect, it } from 'vitest';
import { REPORT_2023, demoYearCounts, demoYearRows } from '../../../../../scripts/demo-year.js';
import { parseActRow } from '../../../../case-intake/src/application/import/act-row.js';
import { actRowHistory } from '../../../../case-intake/src/application/import/act-row-history.js';
import { foldActEvents, type ActEventEnvelope } from '../../../src/domain/statistics/act-facts.js';
import { computeStatistics } from '../../../src/domain/statistics/compute-report.js';
import { addFigures, coercionTotal } from '../../../src/domain/statistics/figures.js';

/**
 * The demo year the end-to-end test and the benchmark import (scripts/demo-year.ts), turned into
 * act events by case intake's own import path: the statistics count what the generator meant.
 * Late acts of 2023 spill into 2024, so the two years together hold every act.
 */
describe('statistics over the demo year as case intake records it', () => {
  it('counts each figure the generator put in, at 2% of 冷水滩区 2023', () => {
    const scale = 0.02;
    const envelopes: ActEventEnvelope[] = [];
    for (const row of demoYearRows({ countyCode: '431103', year: 2023, scale, seed: 'statistics' })) {
      const parsed = parseActRow('431103', row);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.violations));
      const history = actRowHistory(parsed.act);
      if (!history.ok) throw new Error(JSON.stringify(history.violations));
      const first = history.events[0]!.event;
      const actId = first.type === 'ApplicationReceived' || first.type === 'CaseFiled' ? first.data.opening!.actId : '';
      history.events.forEach(({ event, occurredAt }, i) =>
        envelopes.push({ countyCode: '431103', actId, version: i + 1, occurredAt, recordedAt: occurredAt, event }),
      );
    }
    const summaries = [...foldActEvents(envelopes).values()];
    const year = (y: number) =>
      computeStatistics(summaries, {
        scope: { level: 'county', countyCode: '431103', name: '冷水滩区' },
        period: { kind: 'year', year: y },
        asOf: new Date('2025-01-01T00:00:00Z'),
      }).figures;
    const both = addFigures(year(2023), year(2024)).acts;

    const n = demoYearCounts(scale);
    const share = (part: number, whole: number, of: number) => Math.round((part / whole) * of);
    const r = REPORT_2023;
    const notAccepted = share(r.licensing.applications - r.licensing.accepted, r.licensing.applications, n.licensing);
    const denied = share(r.licensing.accepted - r.licensing.granted, r.licensing.applications, n.licensing);
    expect(both.licensing).toEqual({
      applied: n.licensing,
      accepted: n.licensing - notAccepted,
      granted: n.licensing - notAccepted - denied,
      hearings: share(r.licensing.hearings, r.licensing.applications, n.licensing),
    });
    const closed = share(r.penalty.closed, r.penalty.filed, n.penalty);
    expect(both.penalty).toEqual({
      filed: n.penalty,
      decided: closed,
      closed,
      finesFen: Math.round(r.penalty.fineYuan * (n.penalty / r.penalty.filed)) * 100,
      firstOffenceExempt: share(r.penalty.firstOffenceExempt, r.penalty.filed, n.penalty),
      lighter: share(r.penalty.lighter, r.penalty.filed, n.penalty),
      hearings: share(r.penalty.hearings, r.penalty.filed, n.penalty),
    });
    expect(both.coercion).toEqual({
      measures:
        n.coercion -
        share(r.coercion.executions, r.coercion.total, n.coercion) -
        share(r.coercion.courtApplications, r.coercion.total, n.coercion),
      executions: share(r.coercion.executions, r.coercion.total, n.coercion),
      courtApplications: share(r.coercion.courtApplications, r.coercion.total, n.coercion),
    });
    expect(coercionTotal(both)).toBe(n.coercion);
    expect(both.archived).toEqual({ licensing: both.licensing.granted, penalty: closed });
    expect([both.inspections, both.benefits, both.confirmations, both.awards]).toEqual([n.inspection, n.benefit, n.confirmation, n.award]);
    expect(both.legalReview.passed).toBe(
      Math.min(n.penalty, share(r.legalReview.total - r.legalReview.rejected, r.penalty.filed, n.penalty)),
    );
    // The generator keeps its one rejected review for scales of at least a half.
    expect(both.legalReview.rejected).toBe(Math.min(n.penalty - closed, share(r.legalReview.rejected, r.penalty.filed, n.penalty)));
  });
});
