import type { Collection, Document } from 'mongodb';
import { ENFORCEMENT_CATEGORY_CODES, ValidationError, assertCountyCode } from '@lesp/core';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { actDisclosureProcessName, chinaYear, type DisclosureActDocument } from './projections/act-disclosure-process.js';
import { publicAgenciesProjection, type PublicAgencyDocument } from './projections/public-agencies.js';

export interface CategoryFigures {
  readonly category: string;
  readonly opened: number;
  readonly decided: number;
  readonly closed: number;
  /** Fines and confiscations decided in the year, in fen. */
  readonly amountFen: number;
}

export interface AgencyFigures {
  readonly agencyId: string;
  readonly agencyName: string;
  readonly categories: readonly CategoryFigures[];
}

export interface AnnualStatistics {
  readonly countyCode: string;
  readonly year: number;
  readonly agencies: readonly AgencyFigures[];
  readonly totals: readonly CategoryFigures[];
}

type Metric = 'opened' | 'decided' | 'closed' | 'amountFen';

/**
 * Annual statistics per agency (执法统计年报), published once the year is over (by law by
 * 31 January): acts opened, decided and closed and the amounts decided, per agency and
 * category, counted from case intake's act events (counts only; no act is shown). One
 * `$group` with one `$sum` per figure (FerretDB honours only one accumulator per stage).
 */
export class PublicStatisticsQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async annual(countyCode: string, year: number): Promise<AnnualStatistics> {
    assertCountyCode(countyCode);
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw ValidationError.of('year', 'YEAR_INVALID', '年度应为 2000 到 2100 之间的整数');
    if (year >= chinaYear(this.clock())) {
      throw ValidationError.of('year', 'YEAR_NOT_COMPLETE', `${year} 年度尚未结束，年度统计在次年 1 月 31 日前公布`);
    }
    const acts = await this.projections.collection<DisclosureActDocument>(actDisclosureProcessName);
    const figures = new Map<string, Map<string, Record<Metric, number>>>();
    const add = (agencyId: string, category: string, metric: Metric, value: number) => {
      const perAgency = figures.get(agencyId) ?? new Map<string, Record<Metric, number>>();
      figures.set(agencyId, perAgency);
      const cell = perAgency.get(category) ?? { opened: 0, decided: 0, closed: 0, amountFen: 0 };
      perAgency.set(category, cell);
      cell[metric] += value;
    };
    const sums: [Metric, keyof DisclosureActDocument, string | 1][] = [
      ['opened', 'openedYear', 1],
      ['decided', 'decidedYear', 1],
      ['closed', 'closedYear', 1],
      ['amountFen', 'decidedYear', '$fineFen'],
    ];
    for (const [metric, yearField, value] of sums) {
      for (const row of await grouped(acts, { countyCode, [yearField]: year }, value)) add(row.agencyId, row.category, metric, row.total);
    }
    const agencies = await this.projections.collection<PublicAgencyDocument>(publicAgenciesProjection.name);
    const order = (a: string, b: string) => ENFORCEMENT_CATEGORY_CODES.indexOf(a as never) - ENFORCEMENT_CATEGORY_CODES.indexOf(b as never);
    const totals = new Map<string, Record<Metric, number>>();
    const result: AgencyFigures[] = [];
    for (const [agencyId, perCategory] of [...figures].sort(([a], [b]) => a.localeCompare(b))) {
      const agency = await agencies.findOne({ _id: `${countyCode}/Agency/${agencyId}` });
      const categories = [...perCategory].sort(([a], [b]) => order(a, b)).map(([category, cell]) => ({ category, ...cell }));
      for (const c of categories) {
        const t = totals.get(c.category) ?? { opened: 0, decided: 0, closed: 0, amountFen: 0 };
        totals.set(c.category, {
          opened: t.opened + c.opened,
          decided: t.decided + c.decided,
          closed: t.closed + c.closed,
          amountFen: t.amountFen + c.amountFen,
        });
      }
      result.push({ agencyId, agencyName: agency?.countyCode === countyCode ? (agency.name ?? '') : '', categories });
    }
    return {
      countyCode,
      year,
      agencies: result,
      totals: [...totals].sort(([a], [b]) => order(a, b)).map(([category, cell]) => ({ category, ...cell })),
    };
  }
}

async function grouped(
  acts: Collection<DisclosureActDocument>,
  match: Document,
  value: string | 1,
): Promise<{ agencyId: string; category: string; total: number }[]> {
  const rows = await acts
    .aggregate<{ _id: { a?: string; c?: string }; total: number }>([
      { $match: match },
      { $group: { _id: { a: '$agencyId', c: '$category' }, total: { $sum: value } } },
    ])
    .toArray();
  return rows.map((r) => ({ agencyId: r._id.a ?? '', category: r._id.c ?? '', total: Number(r.total) || 0 }));
}
