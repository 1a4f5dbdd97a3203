import type { ActEventEnvelope } from '../../src/domain/statistics/act-facts.js';
import type {
  PublishedDecisionFact,
  RandomInspectionTaskFact,
  ReviewedCaseFileFact,
} from '../../src/domain/statistics/supervision-inputs.js';
import { actHistory, cst } from '../domain/statistics/act-history.js';

/**
 * The acts of 冷水滩区 in 2023 that give exactly the figures of its annual report (seed 002),
 * spread over the year and over two agencies, plus the random-inspection tasks and the
 * reviewed case files the report quotes.
 */
export const SEED_2023 = {
  licensing: { applied: 49481, accepted: 49458, granted: 48936, hearings: 3 },
  penalty: { filed: 1281, decided: 1242, closed: 1205, finesFen: 639_960_000, firstOffenceExempt: 45, lighter: 353, hearings: 10 },
  coercion: { measures: 111, executions: 1, courtApplications: 13 },
  inspections: 31787,
  benefits: 286547,
  awards: 9,
  confirmations: 4289,
  legalReview: { passed: 321, rejected: 1 },
  /** 装卷归档: every licence granted, every penalty closed. */
  archived: { licensing: 48936, penalty: 1205 },
} as const;

const day = (i: number) => {
  const start = cst(2023, 1, 2);
  return new Date(start.getTime() + (i % 330) * 86_400_000);
};
const later = (at: Date, days: number) => new Date(at.getTime() + days * 86_400_000);

export function* seedYearEvents(): Generator<ActEventEnvelope> {
  const s = SEED_2023;
  for (let i = 0; i < s.licensing.applied; i++) {
    const at = day(i);
    const act = actHistory({ actId: `xk-${i}`, agencyId: i % 2 ? 'scjgj' : 'zjj', category: 'licensing', at });
    if (i < s.licensing.accepted) {
      act.accept(later(at, 1));
      if (i < s.licensing.hearings) act.hearing(later(at, 3));
      act.decide(later(at, 10), { outcome: i < s.licensing.granted ? 'granted' : 'denied' }).close(later(at, 11));
      if (i < s.licensing.granted) act.archive(later(at, 12));
    } else act.accept(later(at, 1), false);
    yield* act.envelopes;
  }
  const penalized = s.penalty.decided - s.penalty.firstOffenceExempt;
  const fine = Math.floor(s.penalty.finesFen / penalized);
  for (let i = 0; i < s.penalty.filed; i++) {
    const at = day(i);
    const act = actHistory({ actId: `cf-${i}`, agencyId: i % 3 ? 'scjgj' : 'cgj', category: 'penalty', at });
    if (i >= 1000 && i < 1000 + s.penalty.hearings) act.hearing(later(at, 5));
    if (i >= 900 && i < 900 + s.legalReview.passed) act.review(later(at, 8), true);
    if (i === 1250) act.review(later(at, 8), false);
    if (i < s.penalty.decided) {
      const exempt = i < s.penalty.firstOffenceExempt;
      const last = i === s.penalty.decided - 1;
      act.decide(later(at, 10), {
        outcome: exempt ? 'no_penalty' : 'penalized',
        firstOffenceExempt: exempt,
        fineFen: exempt ? 0 : last ? s.penalty.finesFen - fine * (penalized - 1) - 1000 : fine,
        confiscationFen: last ? 1000 : 0,
        lighterPenalty: !exempt && i < s.penalty.firstOffenceExempt + s.penalty.lighter ? 'lighter' : '',
      });
    }
    if (i < s.penalty.closed) act.close(later(at, 20)).archive(later(at, 25));
    yield* act.envelopes;
  }
  const coercions = s.coercion.measures + s.coercion.executions + s.coercion.courtApplications;
  for (let i = 0; i < coercions; i++) {
    const at = day(i);
    const act = actHistory({ actId: `qz-${i}`, agencyId: 'cgj', category: 'coercion', at });
    if (i < s.coercion.measures) act.decide(later(at, 1), { outcome: 'measure' });
    else {
      act.decide(later(at, 1), { outcome: 'execution' });
      if (i >= s.coercion.measures + s.coercion.executions) act.court(later(at, 20));
      else act.execute(later(at, 5), 'enforced');
    }
    yield* act.envelopes;
  }
  for (const [category, n, outcome, prefix] of [
    ['inspection', s.inspections, 'compliant', 'jc'],
    ['benefit', s.benefits, 'granted', 'jf'],
    ['award', s.awards, 'granted', 'jl'],
    ['confirmation', s.confirmations, 'granted', 'qr'],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const at = day(i);
      yield* actHistory({ actId: `${prefix}-${i}`, agencyId: 'mzj', category, at }).decide(later(at, 2), { outcome }).envelopes;
    }
  }
}

/** 153 tasks, 103 of them cross-agency, 852 inspector draws, 1309 targets, all done and published. */
export function seedYearTasks(): RandomInspectionTaskFact[] {
  return Array.from({ length: 153 }, (_, i) => ({
    countyCode: '431103',
    taskId: `rw-${i}`,
    agencyIds: i < 103 ? ['scjgj', 'cgj'] : ['scjgj'],
    plannedAt: day(i),
    recordedAt: day(i),
    inspectorDraws: i < 86 ? 6 : 5, // 86 × 6 + 67 × 5 = 851 … plus one below
    targetsDrawn: i < 85 ? 9 : 8, // 85 × 9 + 68 × 8 = 1309
    completedAt: later(day(i), 30),
    resultsPublishedAt: later(day(i), 35),
  })).map((task, i) => (i === 0 ? { ...task, inspectorDraws: task.inspectorDraws + 1 } : task));
}

/** Published on the portal: 48936 licences and 1205 penalties. */
export function seedYearPublishedDecisions(): PublishedDecisionFact[] {
  const published = (category: 'licensing' | 'penalty', n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      countyCode: '431103',
      actId: `${prefix}-${i}`,
      agencyId: 'scjgj',
      category,
      publishedAt: later(day(i), 15),
      recordedAt: later(day(i), 15),
    }));
  return [...published('licensing', 48936, 'xk'), ...published('penalty', 1205, 'cf')];
}

/** 44 files: 11 licences, 33 penalties, 23 of them concerning enterprises. */
export function seedYearReviewedFiles(): ReviewedCaseFileFact[] {
  return Array.from({ length: 44 }, (_, i) => ({
    countyCode: '431103',
    reviewId: 'pc-2023',
    actId: `file-${i}`,
    agencyId: i % 2 ? 'scjgj' : 'cgj',
    category: i < 11 ? 'licensing' : 'penalty',
    enterprise: i < 23,
    reviewedAt: cst(2023, 7, 20),
    recordedAt: cst(2023, 7, 20),
    scoreCentipoints: i < 40 ? 9000 : 5000,
    passed: i < 40,
    problems: i < 40 ? 1 : 3,
  }));
}
