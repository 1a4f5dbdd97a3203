import { readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, NotFoundError, streamIdOf, ValidationError } from '@lesp/core';
import { findInCounty, type ProjectionRunner } from '@lesp/projection-runner';
import { FIGURES, rankEvaluations, type Figure, type FigureKey } from '../../domain/evaluation/index.js';
import { supervisedAgenciesProjection, type SupervisedAgencyDocument } from '../projections/supervised-agencies.js';
import { AGENCY_EVALUATION_AGGREGATE } from './evaluation-commands.js';
import { agencyEvaluationsProjection, type EvaluationDocument } from './evaluation-projection.js';

/** Points out of 100 in hundredths, as printed: 8759 → "87.59". */
export const pointsText = (centipoints: number) => `${Math.floor(centipoints / 100)}.${String(centipoints % 100).padStart(2, '0')}`;

export interface EvaluationFigureView {
  readonly key: string;
  readonly name: string;
  readonly kind: 'ratio' | 'points';
  readonly numerator: number;
  readonly denominator: number;
  readonly centipoints: number;
  /** As printed: "94.06%", "85.50", "—" (nothing to measure). */
  readonly text: string;
}

export interface EvaluationView {
  readonly evaluationId: string;
  readonly countyCode: string;
  readonly agencyId: string;
  readonly agencyName: string;
  readonly year: number;
  readonly status: 'recorded' | 'published';
  readonly centipoints: number;
  readonly score: string;
  readonly grade: string;
  readonly gradeName: string;
  /** Among the county's evaluations of the year, best first; equal scores share a rank. */
  readonly rank: number;
  readonly indicators: readonly { code: string; name: string; weight: number; centipoints: number | null; score: string | null }[];
  readonly reasons: readonly string[];
  readonly figures: readonly EvaluationFigureView[];
  readonly supervisorScores: readonly { supervisorId: string; indicatorCode: string; centipoints: number }[];
  readonly lostLawsuits: number;
  readonly headAbsentFromCourt: number;
  readonly vetoes: readonly { code: string; reason: string }[];
  readonly revisions: number;
  readonly evaluatedBy: string;
  readonly evaluatedAt: Date;
  readonly publishedAt?: Date;
  readonly version: number;
}

function figureView(key: string, figure: Figure): EvaluationFigureView {
  const name = (FIGURES as Record<string, string>)[key] ?? key;
  if (figure.kind === 'points') {
    return {
      key,
      name,
      kind: 'points',
      numerator: 0,
      denominator: 0,
      centipoints: figure.centipoints,
      text: pointsText(figure.centipoints),
    };
  }
  const text =
    figure.denominator === 0
      ? '—'
      : `${pointsText(Math.floor((2 * 10_000 * figure.numerator + figure.denominator) / (2 * figure.denominator)))}%`;
  return { key, name, kind: 'ratio', numerator: figure.numerator, denominator: figure.denominator, centipoints: 0, text };
}

function viewOf(doc: EvaluationDocument, rank: number, agencyName: string): EvaluationView {
  const { result, input } = doc;
  return {
    evaluationId: doc.evaluationId,
    countyCode: doc.countyCode,
    agencyId: doc.agencyId,
    agencyName,
    year: doc.year,
    status: doc.status,
    centipoints: result.centipoints,
    score: pointsText(result.centipoints),
    grade: result.grade,
    gradeName: result.gradeName,
    rank,
    indicators: result.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      weight: i.weight,
      centipoints: i.centipoints,
      score: i.centipoints === null ? null : pointsText(i.centipoints),
    })),
    reasons: [...result.reasons],
    figures: (Object.entries(input.figures) as [FigureKey, Figure | undefined][])
      .filter((e): e is [FigureKey, Figure] => e[1] !== undefined && e[1] !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, f]) => figureView(key, f)),
    supervisorScores: input.supervisorScores.map((s) => ({ ...s })),
    lostLawsuits: input.lostLawsuits,
    headAbsentFromCourt: input.headAbsentFromCourt,
    vetoes: input.vetoes.map((v) => ({ ...v })),
    revisions: doc.revisions?.length ?? 0,
    evaluatedBy: doc.evaluatedBy,
    evaluatedAt: doc.evaluatedAt,
    ...(doc.publishedAt ? { publishedAt: doc.publishedAt } : {}),
    version: doc._v,
  };
}

/** Evaluations (评议考核) of a county's agencies, ranked per year; supervisors and regional viewers read them. */
export class EvaluationQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Every evaluation of the county's year (tens of agencies), best first. */
  async list(principal: Principal, countyCode: string, year: number): Promise<EvaluationView[]> {
    assertCountyCode(countyCode);
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw ValidationError.of('year', 'YEAR_RANGE', '考核年度应为 2000 到 2100 之间的整数');
    const county = readableCounty(principal, 'supervision.evaluation.read', countyCode, this.clock());
    return this.ranked(county, year);
  }

  async get(principal: Principal, countyCode: string, evaluationId: string): Promise<EvaluationView> {
    assertCountyCode(countyCode);
    assertIdentifier(evaluationId, 'evaluationId');
    const county = readableCounty(principal, 'supervision.evaluation.read', countyCode, this.clock());
    const collection = await this.projections.collection<EvaluationDocument>(agencyEvaluationsProjection.name);
    const doc = await findInCounty(collection, streamIdOf(county, AGENCY_EVALUATION_AGGREGATE, evaluationId), county);
    if (!doc) throw new NotFoundError('EVALUATION_NOT_FOUND', `评议考核 ${evaluationId} 不存在`);
    const view = (await this.ranked(county, doc.year)).find((v) => v.evaluationId === evaluationId);
    return view ?? viewOf(doc, 0, doc.agencyId);
  }

  private async ranked(county: string, year: number): Promise<EvaluationView[]> {
    const collection = await this.projections.collection<EvaluationDocument>(agencyEvaluationsProjection.name);
    const docs = (await collection.find({ countyCode: county, year }).limit(10_000).toArray()).filter(
      (d) => d.countyCode === county && d.year === year && d.result,
    );
    const names = await this.agencyNames(county);
    const byAgency = new Map(docs.map((d) => [d.agencyId, d]));
    return rankEvaluations(docs.map((d) => d.result)).map((r) => {
      const doc = byAgency.get(r.agencyId)!;
      return viewOf(doc, r.rank, names[doc.agencyId] ?? doc.agencyId);
    });
  }

  private async agencyNames(countyCode: string): Promise<Record<string, string>> {
    const agencies = await this.projections.collection<SupervisedAgencyDocument>(supervisedAgenciesProjection.name);
    const names: Record<string, string> = {};
    for await (const doc of agencies.find({ countyCode })) if (doc.countyCode === countyCode) names[doc.agencyId] = doc.name;
    return names;
  }
}
