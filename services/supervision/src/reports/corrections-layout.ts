import { END_REASONS, PERSON_CATEGORIES, type EndReason, type PersonCategory } from '../domain/corrections/correction-categories.js';
import type {
  FindingLine,
  HalfYearCorrectionsReport,
  MonthlyCorrectionsReport,
  Population,
} from '../domain/corrections/corrections-report.js';
import { count, share, type ReportCell } from './report-cells.js';

/** The community-corrections reports (seed 000) as sections of rows, shared by the spreadsheet and the page. */
export interface CorrectionsRow {
  readonly label: string;
  readonly cell: ReportCell;
  readonly unit: string;
}
export interface CorrectionsSection {
  readonly title: string;
  readonly rows: readonly CorrectionsRow[];
}

const row = (label: string, cell: ReportCell, unit: string): CorrectionsRow => ({ label, cell, unit });

function populationSection(population: Population, received: number, ended: Readonly<Record<EndReason, number>>): CorrectionsSection {
  return {
    title: '一、社区矫正对象情况',
    rows: [
      row('在册社区矫正对象', count(population.total), '人'),
      ...(Object.keys(PERSON_CATEGORIES) as PersonCategory[]).map((c) =>
        row(`其中：${PERSON_CATEGORIES[c]}`, count(population.byCategory[c]), '人'),
      ),
      row('分布的社区矫正机构（司法所）', count(population.offices), '个'),
      row('本期新接收', count(received), '人'),
      ...(Object.keys(END_REASONS) as EndReason[]).map((r) => row(`本期${END_REASONS[r]}`, count(ended[r]), '人')),
      row('脱管失控', count(population.absconded), '人'),
      row('其中：职务犯罪', count(population.abscondedDutyCrime), '人'),
      row('职务犯罪占脱管失控人数', share(population.abscondedDutyCrime, population.absconded, 0), ''),
    ],
  };
}

const findingRows = (lines: readonly FindingLine[]) => lines.map((f) => row(f.name, count(f.count), '件'));

/** Findings of the monthly table, under the seed's two headings. */
function monthlyFindingSections(title: string, lines: readonly FindingLine[]): CorrectionsSection[] {
  const sections = [...new Set(lines.map((l) => l.section ?? ''))];
  return sections.map((section, i) => ({
    title: i === 0 ? `${title}${section}` : section,
    rows: findingRows(lines.filter((l) => (l.section ?? '') === section)),
  }));
}

export function monthlyCorrectionsSections(report: MonthlyCorrectionsReport): CorrectionsSection[] {
  const { hours } = report;
  return [
    populationSection(report.population, report.received, report.ended),
    {
      title: '二、每月教育学习和社区服务',
      rows: [
        row('应参加的社区矫正对象（整月在矫）', count(hours.required), '人'),
        row('教育学习、社区服务均达到规定时间', count(hours.met), '人'),
        row('教育学习达不到规定时间', count(hours.educationShort), '人'),
        row('社区服务达不到规定时间', count(hours.communityServiceShort), '人'),
        row('达标率', share(hours.met, hours.required, 2), ''),
      ],
    },
    ...monthlyFindingSections('三、监外执行监管活动纠正违法情况（月报表）', report.findings),
  ];
}

export function halfYearCorrectionsSections(report: HalfYearCorrectionsReport): CorrectionsSection[] {
  return [
    populationSection(report.population, report.received, report.ended),
    { title: '二、减刑建议和收监建议纠正违法情况（半年报表）', rows: findingRows(report.findings) },
    ...monthlyFindingSections('三、本半年监外执行监管活动纠正违法情况（月报表合计）', report.monthlyFindings),
  ];
}
