import { readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, NotFoundError, streamIdOf, ValidationError } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import {
  inspectionFigures,
  planFigures,
  RANDOM_INSPECTION_AGGREGATE,
  type InspectionFigures,
  type PlanFigures,
  type RandomInspectionState,
} from '../../domain/random-inspection/index.js';
import {
  inspectionTargetsProjection,
  randomInspectionsProjection,
  type PlanDocument,
  type RegisteredTarget,
  type ResultRecord,
  type TargetDocument,
} from './inspection-projections.js';

export type PlanView = Omit<PlanDocument, '_id' | '_v' | 'results' | 'updatedAt'> & {
  readonly results: (ResultRecord & { readonly published: boolean })[];
  readonly figures: Omit<PlanFigures, 'planId' | 'crossAgency'>;
  readonly version: number;
};

/** The plan's figures from its document (planFigures reads only status, agencies, targets, teams, results and publications). */
function figuresOf(doc: PlanDocument): PlanFigures {
  return planFigures({
    status: doc.status,
    planId: doc.planId,
    agencyIds: doc.agencyIds,
    targets: doc.targets,
    teams: doc.teams,
    results: doc.results ?? {},
    publishedTargetIds: doc.publishedTargetIds,
  } as unknown as Exclude<RandomInspectionState, { status: 'none' }>);
}

function planView(doc: PlanDocument): PlanView {
  const { _id, _v, results, updatedAt, ...rest } = doc;
  void _id;
  void updatedAt;
  const { planId: _p, crossAgency: _c, ...figures } = figuresOf(doc);
  void _p;
  void _c;
  return {
    ...rest,
    results: Object.values(results ?? {})
      .sort((a, b) => (a.targetId < b.targetId ? -1 : 1))
      .map((r) => ({ ...r, published: doc.publishedTargetIds.includes(r.targetId) })),
    figures,
    version: _v,
  };
}

export class RandomInspectionQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async targets(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<RegisteredTarget & { countyCode: string }>> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'supervision.random_inspection.read', countyCode, this.clock());
    const collection = await this.projections.collection<TargetDocument>(inspectionTargetsProjection.name);
    const result = await readModelPage(collection, { countyCode: county, kind: 'target' }, page);
    return { items: result.items.flatMap((d) => (d.target ? [{ ...d.target, countyCode: county }] : [])), nextCursor: result.nextCursor };
  }

  async list(principal: Principal, countyCode: string, year: number | undefined, page: PageQuery): Promise<Page<PlanView>> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'supervision.random_inspection.read', countyCode, this.clock());
    const collection = await this.projections.collection<PlanDocument>(randomInspectionsProjection.name);
    const result = await readModelPage(collection, year ? { countyCode: county, year } : { countyCode: county }, page);
    return { items: result.items.map(planView), nextCursor: result.nextCursor };
  }

  async get(principal: Principal, countyCode: string, planId: string): Promise<PlanView> {
    assertCountyCode(countyCode);
    assertIdentifier(planId, 'planId');
    const county = readableCounty(principal, 'supervision.random_inspection.read', countyCode, this.clock());
    const collection = await this.projections.collection<PlanDocument>(randomInspectionsProjection.name);
    const doc = await findInCounty(collection, streamIdOf(county, RANDOM_INSPECTION_AGGREGATE, planId), county);
    if (!doc) throw new NotFoundError('INSPECTION_PLAN_NOT_FOUND', `抽查任务 ${planId} 不存在`);
    return planView(doc);
  }

  /** A county's figures for a year: every plan of the year (a few hundred at most), folded by inspectionFigures. */
  async figures(principal: Principal, countyCode: string, year: number): Promise<InspectionFigures> {
    assertCountyCode(countyCode);
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw ValidationError.of('year', 'YEAR_RANGE', '年度应为 2000 到 2100 之间的整数');
    const county = readableCounty(principal, 'supervision.random_inspection.read', countyCode, this.clock());
    const collection = await this.projections.collection<PlanDocument>(randomInspectionsProjection.name);
    const docs = await collection.find({ countyCode: county, year }).limit(10_000).toArray();
    return inspectionFigures(docs.filter((d) => d.countyCode === county && d.year === year).map(figuresOf));
  }
}
