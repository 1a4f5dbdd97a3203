import { coercionTotal, legalReviewTotal, type ReportFigures } from '../domain/statistics/figures.js';
import type { StatisticsReport } from '../domain/statistics/compute-report.js';
import { REPORT_KIND_NAMES, periodLabel } from '../domain/statistics/report-period.js';
import { count, displayCell, money, rate, score, share, type ReportCell } from './report-cells.js';

/**
 * The layout of the annual statistical report of 冷水滩区 for 2023 (seed 002), shared by the
 * spreadsheet and the printable page: the same sections, rows, units and decimals, and the
 * report's own sentences with the figures put in.
 */
export interface LayoutRow {
  /** Stable key, for tests and for the breakdown columns. */
  readonly key: string;
  readonly label: string;
  readonly cell: ReportCell;
  readonly unit: string;
}

export interface LayoutSection {
  readonly title: string;
  readonly rows: readonly LayoutRow[];
}

const row = (key: string, label: string, cell: ReportCell, unit: string): LayoutRow => ({ key, label, cell, unit });

export function statisticsSections(figures: ReportFigures): LayoutSection[] {
  const { acts, randomInspection: ri, caseFileReview: cf, disclosure, inspectionTrace: trace } = figures;
  const { licensing, penalty, coercion } = acts;
  // Not in the seed's report: shown only where an inspection was traced or a visit confirmed.
  const traces =
    trace.traced + trace.confirmed > 0
      ? [
          {
            title: '九、涉企检查扫码留痕',
            rows: [
              row('inspectionTrace.traced', '涉企检查赋码', count(trace.traced), '次'),
              row('inspectionTrace.confirmed', '企业扫码确认', count(trace.confirmed), '次'),
              row('inspectionTrace.confirmationRate', '扫码确认率', rate(trace.confirmed, trace.traced, 2), ''),
              row('inspectionTrace.ratings', '企业匿名评价', count(trace.ratingCount), '次'),
              row('inspectionTrace.averageRating', '评价平均分（满分 5 分）', score(trace.ratingSum * 100, trace.ratingCount), '分'),
            ],
          },
        ]
      : [];
  const others = [
    row('levies', '行政征收', count(acts.levies), '件次'),
    row('adjudications', '行政裁决', count(acts.adjudications), '件次'),
    row('compensations', '行政补偿', count(acts.compensations), '件次'),
  ].filter((r) => r.cell.kind === 'count' && r.cell.value > 0);
  return [
    {
      title: '一、行政执法总体情况',
      rows: [
        row('licensing.total', '实施行政许可', count(licensing.accepted), '件次'),
        row('penalty.total', '行政处罚', count(penalty.decided), '件次'),
        row('coercion.total', '行政强制', count(coercionTotal(acts)), '件次'),
        row('inspections', '行政检查', count(acts.inspections), '件次'),
        row('benefits', '行政给付', count(acts.benefits), '件次'),
        row('awards', '行政奖励', count(acts.awards), '件次'),
        row('confirmations', '行政确认', count(acts.confirmations), '件次'),
        ...others,
      ],
    },
    {
      title: '二、行政许可',
      rows: [
        row('licensing.applied', '行政许可（含行政许可初审）申请', count(licensing.applied), '件次'),
        row('licensing.accepted', '受理', count(licensing.accepted), '件次'),
        row('licensing.granted', '准许许可', count(licensing.granted), '件次'),
        row('licensing.hearings', '经过听证程序', count(licensing.hearings), '件次'),
      ],
    },
    {
      title: '三、行政处罚',
      rows: [
        row('penalty.filed', '立案', count(penalty.filed), '件'),
        row('penalty.closed', '结案', count(penalty.closed), '件'),
        row('penalty.closingRate', '结案率', rate(penalty.closed, penalty.filed, 2), ''),
        row('penalty.fines', '罚没金额', money(penalty.finesFen), '万元'),
        row('penalty.firstOffenceExempt', '首违不罚', count(penalty.firstOffenceExempt), '件'),
        row('penalty.firstOffenceShare', '首违不罚占结案总数', share(penalty.firstOffenceExempt, penalty.closed, 1), ''),
        row('penalty.lighter', '轻罚（从轻、减轻处罚）', count(penalty.lighter), '件'),
        row('penalty.lighterShare', '轻罚占结案总数', share(penalty.lighter, penalty.closed, 1), ''),
        row('penalty.hearings', '经过听证程序', count(penalty.hearings), '件'),
      ],
    },
    {
      title: '四、行政强制',
      rows: [
        row('coercion.total', '实施行政强制', count(coercionTotal(acts)), '件次'),
        row('coercion.measures', '其中：行政机关实施行政强制措施', count(coercion.measures), '件次'),
        row('coercion.executions', '行政机关强制执行措施', count(coercion.executions), '件次'),
        row('coercion.courtApplications', '申请法院强制执行', count(coercion.courtApplications), '件'),
      ],
    },
    {
      title: '五、重大执法决定法制审核',
      rows: [
        row('legalReview.total', '经法制审核', count(legalReviewTotal(acts)), '件'),
        row('legalReview.passed', '通过', count(acts.legalReview.passed), '件'),
        row('legalReview.rejected', '不予通过', count(acts.legalReview.rejected), '件'),
      ],
    },
    {
      title: '六、“双随机、一公开”抽查',
      rows: [
        row('randomInspection.tasks', '抽查任务', count(ri.tasks), '个'),
        row('randomInspection.crossAgencyTasks', '其中：跨部门联合抽查任务', count(ri.crossAgencyTasks), '个'),
        row('randomInspection.crossAgencyRate', '跨部门联合抽查率', share(ri.crossAgencyTasks, ri.tasks, 2), ''),
        row('randomInspection.completedTasks', '已完成抽查任务', count(ri.completedTasks), '个'),
        row('randomInspection.inspectorDraws', '抽取执法人员', count(ri.inspectorDraws), '人次'),
        row('randomInspection.targetsDrawn', '抽取检查对象', count(ri.targetsDrawn), '个'),
        row('randomInspection.completionRate', '任务完成率', rate(ri.completedTasks, ri.tasks, 2), ''),
        row('randomInspection.publicationRate', '抽查结果公示率', rate(ri.publishedTasks, ri.completedTasks, 2), ''),
      ],
    },
    {
      title: '七、行政执法案卷评查',
      rows: [
        row('caseFileReview.files', '抽取评查案卷', count(cf.files), '件'),
        row('caseFileReview.licensingFiles', '其中：行政许可', count(cf.licensingFiles), '件'),
        row('caseFileReview.penaltyFiles', '行政处罚', count(cf.penaltyFiles), '件'),
        row('caseFileReview.enterpriseFiles', '涉企案卷', count(cf.enterpriseFiles), '件'),
        row('caseFileReview.enterpriseShare', '涉企案卷占抽评案卷总数', share(cf.enterpriseFiles, cf.files, 0), ''),
        row('caseFileReview.passed', '评查合格', count(cf.passed), '件'),
        row('caseFileReview.failed', '评查不合格', count(cf.failed), '件'),
        row('caseFileReview.problems', '发现问题', count(cf.problems), '个'),
        row('caseFileReview.averageScore', '平均得分', score(cf.scoreCentipointsSum, cf.files), '分'),
      ],
    },
    {
      title: '八、行政执法公示和全过程记录',
      rows: [
        row('disclosure.licensing', '公示行政许可', count(disclosure.licensing), '件'),
        row('disclosure.penalty', '公示行政处罚', count(disclosure.penalty), '件'),
        row('archived.licensing', '装卷归档行政许可', count(acts.archived.licensing), '件'),
        row('archived.penalty', '装卷归档行政处罚', count(acts.archived.penalty), '件'),
      ],
    },
    ...traces,
  ];
}

/** Every row by key, for the breakdown table and tests. */
export function layoutRows(figures: ReportFigures): ReadonlyMap<string, LayoutRow> {
  return new Map(statisticsSections(figures).flatMap((s) => s.rows.map((r) => [r.key, r] as const)));
}

export function reportTitle(report: StatisticsReport): string {
  return `${report.scope.name}${periodLabel(report.period)}行政执法统计${REPORT_KIND_NAMES[report.period.kind]}`;
}

/**
 * The report's sentences (seed 002, section 一(一) and the figures of 一(三)) with this
 * report's figures: for the 2023 figures of 冷水滩区 they are the seed's sentences word for word.
 */
export function statisticsNarrative(report: StatisticsReport): string[] {
  const { acts, randomInspection: ri, caseFileReview: cf, disclosure, inspectionTrace: trace } = report.figures;
  const rows = layoutRows(report.figures);
  const t = (key: string) => {
    const found = rows.get(key);
    if (!found) throw new Error(`no row ${key}`);
    return displayCell(found.cell);
  };
  const whole = report.period.kind === 'year' ? '全年' : '本期';
  const others = [
    ['行政征收', acts.levies],
    ['行政裁决', acts.adjudications],
    ['行政补偿', acts.compensations],
  ]
    .filter(([, n]) => (n as number) > 0)
    .map(([name, n]) => `,${name}${n}件次`)
    .join('');
  const paragraphs = [
    `${periodLabel(report.period)},实施行政许可${t('licensing.total')}件次,行政处罚${t('penalty.total')}件次,行政强制${t('coercion.total')}件次,行政检查${t('inspections')}件次,行政给付${t('benefits')}件次,行政奖励${t('awards')}件次,行政确认${t('confirmations')}件次${others}。`,
    `行政许可(含行政许可初审)申请${t('licensing.applied')}件次,受理${t('licensing.accepted')}件次,准许许可${t('licensing.granted')}件次。经过听证程序${t('licensing.hearings')}件次。`,
    `行政处罚立案${t('penalty.filed')}件,结案${t('penalty.closed')}件,结案率${t('penalty.closingRate')}。罚没金额${t('penalty.fines')}万元。首违不罚${t('penalty.firstOffenceExempt')}件,轻罚${t('penalty.lighter')}件,分别占结案总数的${t('penalty.firstOffenceShare')}和${t('penalty.lighterShare')}。经过听证程序${t('penalty.hearings')}件。`,
    `${whole}实施行政强制${t('coercion.total')}件次,其中,行政机关实施行政强制措施${t('coercion.measures')}件次,行政机关强制执行措施${t('coercion.executions')}件次,申请法院强制执行${t('coercion.courtApplications')}件。`,
  ];
  if (disclosure.licensing + disclosure.penalty > 0) {
    paragraphs.push(`公示行政许可${t('disclosure.licensing')}件,行政处罚${t('disclosure.penalty')}件。`);
  }
  if (ri.tasks > 0) {
    paragraphs.push(
      `双随机抽查任务共计${t('randomInspection.tasks')}个,其中包含${t('randomInspection.crossAgencyTasks')}个跨部门联合抽查任务,跨部门联合抽查率${t('randomInspection.crossAgencyRate')};已完成抽查任务${t('randomInspection.completedTasks')}个,抽取执法人员${t('randomInspection.inspectorDraws')}人次,抽取检查对象${t('randomInspection.targetsDrawn')}个,任务完成率${t('randomInspection.completionRate')};抽查结果公示率为${t('randomInspection.publicationRate')}。`,
    );
  }
  paragraphs.push(`装卷归档行政许可${t('archived.licensing')}件,行政处罚${t('archived.penalty')}件。`);
  paragraphs.push(
    `共有${t('legalReview.total')}件案件经法制审核,通过${t('legalReview.passed')}件,不予通过${t('legalReview.rejected')}件。`,
  );
  if (cf.files > 0) {
    paragraphs.push(
      `抽取行政执法案卷共${t('caseFileReview.files')}件,其中行政许可${t('caseFileReview.licensingFiles')}件,行政处罚${t('caseFileReview.penaltyFiles')}件,其中涉企案卷${t('caseFileReview.enterpriseFiles')}件,占抽评案卷总数的${t('caseFileReview.enterpriseShare')}。`,
    );
  }
  if (trace.traced + trace.confirmed > 0) {
    paragraphs.push(
      `涉企检查赋码${t('inspectionTrace.traced')}次,企业扫码确认${t('inspectionTrace.confirmed')}次,扫码确认率${t('inspectionTrace.confirmationRate')};企业匿名评价${t('inspectionTrace.ratings')}次,平均${t('inspectionTrace.averageRating')}分。`,
    );
  }
  return paragraphs;
}
