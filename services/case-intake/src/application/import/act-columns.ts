import type { EnforcementCategory } from '@lesp/core';

/**
 * The act import template (执法行为导入模板): one row per act, the way counties' old systems
 * export them, with a Chinese header row. Columns may come in any order; the required ones
 * must be there, unknown ones are ignored (and reported).
 */
export const ACT_COLUMNS = [
  { key: 'caseNumber', header: '案件编号', required: true },
  { key: 'agencyId', header: '执法主体编码', required: true },
  { key: 'category', header: '执法类别', required: true },
  { key: 'openedBy', header: '开始方式' },
  { key: 'title', header: '案件名称', required: true },
  { key: 'itemCode', header: '事项编码' },
  { key: 'delegationId', header: '委托编号' },
  { key: 'targetKind', header: '相对人类型', required: true },
  { key: 'targetName', header: '相对人名称', required: true },
  { key: 'idNumber', header: '身份证号' },
  { key: 'creditCode', header: '统一社会信用代码' },
  { key: 'phone', header: '联系电话' },
  { key: 'enterprise', header: '涉企' },
  { key: 'major', header: '重大' },
  { key: 'officerIds', header: '执法人员', required: true },
  { key: 'openedOn', header: '立案或申请日期', required: true },
  { key: 'accepted', header: '是否受理' },
  { key: 'acceptedOn', header: '受理日期' },
  { key: 'legalReviewOn', header: '法制审核日期' },
  { key: 'legalReviewResult', header: '法制审核结果' },
  { key: 'hearingOn', header: '听证日期' },
  { key: 'decidedOn', header: '决定日期' },
  { key: 'decisionNumber', header: '决定文书号' },
  { key: 'outcome', header: '决定结果' },
  { key: 'legalBasis', header: '法律依据' },
  { key: 'discretionBenchmark', header: '裁量基准' },
  { key: 'fineYuan', header: '罚款金额（元）' },
  { key: 'confiscationYuan', header: '没收金额（元）' },
  { key: 'firstOffenceExempt', header: '首违不罚' },
  { key: 'lighterPenalty', header: '从轻减轻' },
  { key: 'servedOn', header: '送达日期' },
  { key: 'executedOn', header: '执行日期' },
  { key: 'courtAppliedOn', header: '申请法院强制执行日期' },
  { key: 'closedOn', header: '结案日期' },
  { key: 'archivedOn', header: '归档日期' },
  { key: 'archiveNumber', header: '归档号' },
] as const satisfies readonly { key: string; header: string; required?: true }[];

export type ActColumn = (typeof ACT_COLUMNS)[number]['key'];
/** A cell as a reader gives it: text from CSV; text, numbers, dates or booleans from XLSX. */
export type Cell = string | number | boolean | Date | null | undefined;
export type ActImportRow = Partial<Record<ActColumn, Cell>>;

export const ACT_HEADERS: readonly string[] = ACT_COLUMNS.map((c) => c.header);
export const HEADER_OF = Object.fromEntries(ACT_COLUMNS.map((c) => [c.key, c.header])) as Record<ActColumn, string>;

/** Headers compared without spaces, with half-width brackets and without a BOM: `罚款金额(元)` is `罚款金额（元）`. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

const BY_HEADER = new Map<string, ActColumn>(ACT_COLUMNS.map((c) => [normalizeHeader(c.header), c.key]));

export interface HeaderLayout {
  /** Column index of each known column present in the file. */
  readonly positions: ReadonlyMap<ActColumn, number>;
  /** Required columns the file lacks (Chinese headers): the file cannot be imported. */
  readonly missing: readonly string[];
  /** Headers of the file that are not in the template: ignored. */
  readonly ignored: readonly string[];
}

export function headerLayout(headers: readonly Cell[]): HeaderLayout {
  const positions = new Map<ActColumn, number>();
  const ignored: string[] = [];
  headers.forEach((raw, index) => {
    const text = raw === null || raw === undefined ? '' : String(raw);
    const key = BY_HEADER.get(normalizeHeader(text));
    if (key && !positions.has(key)) positions.set(key, index);
    else if (text.trim()) ignored.push(text.trim());
  });
  const missing = ACT_COLUMNS.filter((c) => 'required' in c && c.required && !positions.has(c.key)).map((c) => c.header);
  return { positions, missing, ignored };
}

export function rowOf(layout: HeaderLayout, cells: readonly Cell[]): ActImportRow {
  const row: ActImportRow = {};
  for (const [key, index] of layout.positions) row[key] = cells[index];
  return row;
}

/** Whether a data row has anything in it (trailing empty lines of exports are skipped). */
export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
}

const GRANT = {
  granted: [
    '准予',
    '准许',
    '同意',
    '予以',
    '准予许可',
    '予以许可',
    '予以给付',
    '予以确认',
    '予以补偿',
    '予以奖励',
    '予以征收',
    '支持',
    '给付',
    '确认',
    '奖励',
    '补偿',
    '征收',
  ],
  partially_granted: ['部分准予', '部分准许', '部分同意', '部分予以', '部分支持'],
  denied: [
    '不予',
    '不准予',
    '不予许可',
    '不予准许',
    '不同意',
    '驳回',
    '不予给付',
    '不予确认',
    '不予补偿',
    '不予奖励',
    '不予征收',
    '不支持',
  ],
};

/**
 * 决定结果 in Chinese, per category, to the outcome codes the domain knows (act-procedure.ts);
 * the code itself (e.g. `penalized`) is accepted too. The first label of each is the one the
 * template and the demo generator write.
 */
export const OUTCOME_LABELS: Record<EnforcementCategory, Record<string, readonly string[]>> = {
  licensing: GRANT,
  levy: GRANT,
  benefit: GRANT,
  confirmation: GRANT,
  adjudication: GRANT,
  compensation: GRANT,
  award: GRANT,
  penalty: { penalized: ['处罚', '予以处罚', '给予处罚', '行政处罚'], no_penalty: ['不予处罚', '免予处罚', '免罚', '不予行政处罚'] },
  coercion: {
    measure: ['强制措施', '采取强制措施', '查封', '扣押', '查封扣押'],
    execution: ['强制执行', '行政强制执行'],
    released: ['解除', '解除强制措施', '解除查封', '解除扣押'],
  },
  inspection: {
    compliant: ['合格', '符合', '未发现问题', '正常'],
    non_compliant: ['不合格', '不符合', '发现问题', '责令整改', '责令改正'],
  },
};

/** The Chinese label the template writes for an outcome code. */
export function outcomeLabel(category: EnforcementCategory, outcome: string): string {
  return OUTCOME_LABELS[category][outcome]?.[0] ?? outcome;
}

/** One example row: a penalty case with its whole procedure. */
export const EXAMPLE_ROW: Record<ActColumn, string> = {
  caseNumber: '冷市监罚〔2023〕12号',
  agencyId: 'demo-1',
  category: '行政处罚',
  openedBy: '立案',
  title: '某商行销售过期食品案',
  itemCode: 'XZCF-001',
  delegationId: '',
  targetKind: '法人',
  targetName: '冷水滩区某商行',
  idNumber: '',
  creditCode: '91350100M000100Y43',
  phone: '07468888888',
  enterprise: '是',
  major: '否',
  officerIds: 'demo-1-o1;demo-1-o2',
  openedOn: '2023-03-01',
  accepted: '',
  acceptedOn: '',
  legalReviewOn: '2023-03-10',
  legalReviewResult: '通过',
  hearingOn: '',
  decidedOn: '2023-03-12',
  decisionNumber: '冷市监罚决〔2023〕12号',
  outcome: '处罚',
  legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
  discretionBenchmark: '食品安全行政处罚裁量基准第3条',
  fineYuan: '5000.00',
  confiscationYuan: '0',
  firstOffenceExempt: '否',
  lighterPenalty: '从轻',
  servedOn: '2023-03-13',
  executedOn: '2023-03-20',
  courtAppliedOn: '',
  closedOn: '2023-03-25',
  archivedOn: '2023-03-31',
  archiveNumber: 'GD-2023-012',
};
