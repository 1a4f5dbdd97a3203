import { readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, ValidationError } from '@lesp/core';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { monthBounds } from '../../domain/corrections/correction-month.js';
import {
  halfYearCorrectionsReport,
  monthlyCorrectionsReport,
  type CorrectionFindingFact,
  type HalfYearCorrectionsReport,
  type MonthlyCorrectionsReport,
  type MonthlyFindingCategory,
} from '../../domain/corrections/index.js';
import { chinaDayOf } from '../../domain/calendar/china-day.js';
import type { SettingsAt } from '../../domain/rules/engine.js';
import { FactsReader, type FactDocument } from '../engine/facts-store.js';
import type { AlertDocument } from '../projections/alerts.js';
import { correctionFindingsProjection, type FindingDocument } from './corrections-projection.js';

/** Which alert of the corrections pack is counted under which category of the monthly table (纠正违法). */
const CATEGORY_OF_RULE: Readonly<Record<string, MonthlyFindingCategory>> = {
  'correction-monthly-hours-below': 'hours_below_eight',
  'correction-person-absconded': 'absconded_or_missed',
  'correction-term-end-not-processed': 'term_end_not_processed',
};

export type CorrectionsReportRequest =
  | { readonly kind: 'month'; readonly year: number; readonly month: number }
  | { readonly kind: 'half'; readonly year: number; readonly half: number };

export type CorrectionsReport =
  | { readonly kind: 'month'; readonly report: MonthlyCorrectionsReport }
  | { readonly kind: 'half'; readonly report: HalfYearCorrectionsReport };

/**
 * The community-corrections reports (社区矫正监督月报、半年报, seed 000) of a county: the persons as
 * the rule engine keeps them (`person:` facts, folded by the person decider), the corrections
 * found as the alerts the corrections pack raised (not dismissed) and those supervisors recorded
 * (`CorrectionFinding` streams), and the county's hours
 * requirement from its rule settings.
 */
export class CorrectionsReports {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly settingsAt: (countyCode: string) => Promise<SettingsAt>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async report(principal: Principal, countyCode: string, request: CorrectionsReportRequest): Promise<CorrectionsReport> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'supervision.governance.read', countyCode, this.clock());
    if (!Number.isInteger(request.year) || request.year < 2000 || request.year > 2100) {
      throw ValidationError.of('year', 'YEAR_RANGE', '报表年度应为 2000 到 2100 之间的整数');
    }
    const facts = new FactsReader(await this.projections.collection<FactDocument>('supervision.rule-engine'));
    const [persons, findings] = await Promise.all([facts.allPersons(county), this.findings(county)]);
    if (request.kind === 'month') {
      if (!Number.isInteger(request.month) || request.month < 1 || request.month > 12) {
        throw ValidationError.of('month', 'REPORT_MONTH_RANGE', '月份应为 1 到 12');
      }
      const month = `${request.year}-${String(request.month).padStart(2, '0')}`;
      const params = (await this.settingsAt(county))(chinaDayOf(new Date(monthBounds(month).to.getTime() - 1))).params;
      const requirement = {
        education: params['correctionEducationHours'] ?? 8,
        communityService: params['correctionCommunityServiceHours'] ?? 8,
      };
      return { kind: 'month', report: monthlyCorrectionsReport({ countyCode: county, month, persons, findings, requirement }) };
    }
    if (request.half !== 1 && request.half !== 2)
      throw ValidationError.of('half', 'REPORT_HALF_RANGE', '半年应为 1（上半年）或 2（下半年）');
    return {
      kind: 'half',
      report: halfYearCorrectionsReport({ countyCode: county, year: request.year, half: request.half, persons, findings }),
    };
  }

  /** The corrections pack's alerts of the county and the findings supervisors recorded (scans on FerretDB: county filter). */
  private async findings(countyCode: string): Promise<CorrectionFindingFact[]> {
    const alerts = await this.projections.collection<AlertDocument>('supervision.alerts');
    const findings: CorrectionFindingFact[] = [];
    for await (const alert of alerts.find({ countyCode, packId: 'community-corrections' })) {
      const category = CATEGORY_OF_RULE[alert.ruleId];
      if (alert.countyCode !== countyCode || !category || alert.status === 'dismissed') continue;
      findings.push({ findingId: alert.alertId, countyCode, category, personId: alert.subjectId, foundAt: alert.raisedAt });
    }
    const recorded = await this.projections.collection<FindingDocument>(correctionFindingsProjection.name);
    for await (const doc of recorded.find({ countyCode })) {
      if (doc.countyCode !== countyCode) continue;
      findings.push({
        findingId: doc.findingId,
        countyCode,
        category: doc.category,
        ...(doc.personId ? { personId: doc.personId } : {}),
        foundAt: doc.foundAt,
      });
    }
    return findings;
  }
}
