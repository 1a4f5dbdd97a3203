import type { actEventsV1 } from '@lesp/contracts';
import { ENFORCEMENT_CATEGORIES, idFromIdempotencyKey, type EnforcementCategory } from '@lesp/core';
import type { ActCommand, ActStep, OpenedBy } from '../../domain/act/act-commands.js';
import { PROCEDURES } from '../../domain/act/act-procedure.js';
import { HEADER_OF, OUTCOME_LABELS, type ActColumn, type ActImportRow, type Cell } from './act-columns.js';

/**
 * One row of the act import template → the act's opening and its ordered steps, as the
 * commands a clerk would have sent one by one; or what is wrong with the row, each naming
 * its column in Chinese with a stable code. Pure: no registry, no store, no clock.
 * The domain decider then judges the commands exactly as it judges the API's (act-row-history.ts).
 */

export interface RowViolation {
  /** The column's Chinese header (案件编号, 决定日期, ...). */
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

/** A command of the row, with the column it came from (for the decider's refusals). */
export interface RowCommand {
  readonly command: ActCommand;
  readonly column: string;
}

export interface ParsedActRow {
  readonly actId: string;
  readonly agencyId: string;
  readonly caseNumber: string;
  readonly category: EnforcementCategory;
  readonly officerIds: readonly string[];
  /** `import:<agencyId>:<caseNumber>`: the same case imported twice is one act. */
  readonly idempotencyKey: string;
  readonly commands: readonly RowCommand[];
}

export type ActRowResult =
  { readonly ok: true; readonly act: ParsedActRow } | { readonly ok: false; readonly violations: readonly RowViolation[] };

/** Acts opened on this date are dated at midnight China time (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600_000;
const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;
const OFFICER_SEPARATORS = /[;；,，、]/;

/** The key that makes an imported case one act, whichever file brings it. */
export function importIdempotencyKey(agencyId: string, caseNumber: string): string {
  return `import:${agencyId}:${caseNumber}`;
}

class Row {
  readonly violations: RowViolation[] = [];

  constructor(private readonly row: ActImportRow) {}

  fail(column: ActColumn, code: string, message: string): void {
    this.violations.push({ column: HEADER_OF[column], code, message });
  }

  text(column: ActColumn): string {
    const value: Cell = this.row[column];
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
    return String(value).trim();
  }

  required(column: ActColumn): string {
    const value = this.text(column);
    if (!value) this.fail(column, 'FIELD_REQUIRED', '必填');
    return value;
  }

  /** 是/否 (also Y/N, true/false, 1/0); undefined when empty. */
  yesNo(column: ActColumn): boolean | undefined {
    const value: Cell = this.row[column];
    if (typeof value === 'boolean') return value;
    const text = this.text(column).toLowerCase();
    if (!text) return undefined;
    if (['是', 'y', 'yes', 'true', '1'].includes(text)) return true;
    if (['否', 'n', 'no', 'false', '0'].includes(text)) return false;
    this.fail(column, 'BOOLEAN_INVALID', '应填“是”或“否”');
    return undefined;
  }

  /** YYYY-MM-DD (also / or . between), a calendar date in China time; an XLSX date cell as shown. */
  date(column: ActColumn): Date | undefined {
    const value: Cell = this.row[column];
    if (value instanceof Date) {
      if (isNaN(value.getTime())) return this.badDate(column);
      // A spreadsheet date is the day it shows, stored as midnight UTC.
      return chinaMidnight(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()) ?? this.badDate(column);
    }
    const text = this.text(column);
    if (!text) return undefined;
    const match = DATE.exec(text);
    const date = match ? chinaMidnight(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
    return date ?? this.badDate(column);
  }

  private badDate(column: ActColumn): undefined {
    this.fail(column, 'DATE_INVALID', '日期应为 YYYY-MM-DD 格式的有效日期，如 2023-03-01');
    return undefined;
  }

  /** Yuan with at most two decimals → fen; empty is 0. */
  fen(column: ActColumn): number {
    const value: Cell = this.row[column];
    if (typeof value === 'number') {
      const fen = Math.round(value * 100);
      if (Number.isFinite(value) && value >= 0 && Math.abs(fen - value * 100) < 1e-6 && Number.isSafeInteger(fen)) return fen;
      this.fail(column, 'AMOUNT_INVALID', '金额应为不小于 0 的数，单位元，最多两位小数');
      return 0;
    }
    const text = this.text(column).replace(/[,，]/g, '');
    if (!text) return 0;
    if (!AMOUNT.test(text)) {
      this.fail(column, 'AMOUNT_INVALID', '金额应为不小于 0 的数，单位元，最多两位小数');
      return 0;
    }
    const [whole, decimals = ''] = text.split('.');
    return Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  }
}

function chinaMidnight(year: number, month: number, day: number): Date | undefined {
  if (year < 1949 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const utc = Date.UTC(year, month - 1, day);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return new Date(utc - CHINA_OFFSET_MS);
}

const CATEGORY_BY_NAME = new Map<string, EnforcementCategory>(
  Object.entries(ENFORCEMENT_CATEGORIES).flatMap(([code, name]) => [
    [code, code as EnforcementCategory],
    [name, code as EnforcementCategory],
    [name.replace(/^行政/, ''), code as EnforcementCategory],
  ]),
);

const OPENED_BY: Record<string, OpenedBy> = { 申请: 'application', application: 'application', 立案: 'filing', filing: 'filing' };
const TARGET_KINDS: Record<string, string> = {
  自然人: 'natural_person',
  natural_person: 'natural_person',
  法人: 'legal_person',
  legal_person: 'legal_person',
  其他组织: 'other_organization',
  other_organization: 'other_organization',
};
const LIGHTER: Record<string, string> = { 从轻: 'lighter', lighter: 'lighter', 减轻: 'mitigated', mitigated: 'mitigated' };
const REVIEW: Record<string, boolean> = { 通过: true, 同意: true, 不通过: false, 不同意: false, 未通过: false };

/** The outcome code for 决定结果 in a category: the code itself or one of its Chinese labels. */
export function outcomeCode(category: EnforcementCategory, text: string): string | undefined {
  const labels = OUTCOME_LABELS[category];
  if (Object.hasOwn(labels, text)) return text;
  return Object.entries(labels).find(([, names]) => names.includes(text))?.[0];
}

/** Service (送达) method when the export does not say: in person. */
export const DEFAULT_SERVICE_METHOD = 'in_person';
/** The court of a court enforcement application when the export does not name it. */
export const UNNAMED_COURT = '管辖人民法院（原系统未载明）';
/** The reviewer of a legal review when the export does not name one. */
export const UNNAMED_REVIEWER = '法制审核机构（原系统未载明）';

export function parseActRow(countyCode: string, input: ActImportRow): ActRowResult {
  const row = new Row(input);
  const caseNumber = row.required('caseNumber');
  const agencyId = row.required('agencyId');
  const categoryText = row.required('category');
  const category = categoryText ? CATEGORY_BY_NAME.get(categoryText) : undefined;
  if (categoryText && !category) {
    row.fail('category', 'CATEGORY_UNKNOWN', `执法类别应为：${Object.values(ENFORCEMENT_CATEGORIES).join('、')}（或其英文代码）`);
  }
  const openedByText = row.text('openedBy');
  let openedBy: OpenedBy | undefined = openedByText ? OPENED_BY[openedByText] : undefined;
  if (openedByText && !openedBy) row.fail('openedBy', 'OPENED_BY_UNKNOWN', '开始方式应为“申请”或“立案”');
  // Left empty, it is the category's only way to start (申请 for licences, 立案 for penalties).
  if (!openedByText && category && PROCEDURES[category].openedBy.length === 1) openedBy = PROCEDURES[category].openedBy[0];
  if (!openedByText && category && !openedBy) row.fail('openedBy', 'FIELD_REQUIRED', '本类别可依申请或依职权开始，须写明“申请”或“立案”');

  const targetKindText = row.required('targetKind');
  const targetKind = targetKindText ? TARGET_KINDS[targetKindText] : undefined;
  if (targetKindText && !targetKind) row.fail('targetKind', 'TARGET_KIND_UNKNOWN', '相对人类型应为自然人、法人或其他组织');
  const person = targetKind === 'natural_person';
  const idNumber = row.text('idNumber').toUpperCase();
  const creditCode = row.text('creditCode').toUpperCase();
  if (person && creditCode) row.fail('creditCode', 'CREDIT_CODE_FOR_PERSON', '自然人不填统一社会信用代码');
  if (!person && targetKind && idNumber) row.fail('idNumber', 'ID_NUMBER_FOR_ORGANIZATION', '法人和其他组织不填身份证号');

  const officerIds = row
    .text('officerIds')
    .split(OFFICER_SEPARATORS)
    .map((id) => id.trim())
    .filter(Boolean);
  const openedOn = row.date('openedOn');
  if (!row.text('openedOn') && !(input.openedOn instanceof Date)) row.fail('openedOn', 'FIELD_REQUIRED', '必填');

  const opening: actEventsV1.ActOpening = {
    actId: '',
    delegationGap: '',
    agencyId,
    category: category ?? categoryText,
    caseNumber,
    title: row.text('title'),
    itemCode: row.text('itemCode'),
    target: {
      kind: targetKind ?? targetKindText,
      name: row.text('targetName'),
      idNumber: person ? idNumber : '',
      creditCode: person ? '' : creditCode,
      phone: row.text('phone').replace(/\s+/g, ''),
      address: '',
      enterprise: row.yesNo('enterprise') ?? false,
    },
    major: row.yesNo('major') ?? false,
    delegationId: row.text('delegationId'),
    officerIds,
    occurredAt: openedOn,
    summary: '',
  };

  const steps: { step: ActStep; column: ActColumn }[] = [];
  const add = (column: ActColumn, step: ActStep) => steps.push({ step, column });

  // 受理: 是否受理 and 受理日期 go together; a date alone means accepted.
  const accepted = row.yesNo('accepted');
  const acceptedOn = row.date('acceptedOn');
  if (accepted !== undefined && !row.text('acceptedOn') && !(input.acceptedOn instanceof Date)) {
    row.fail('acceptedOn', 'FIELD_REQUIRED', '填写了是否受理，须写明受理（或不予受理）日期');
  }
  if (acceptedOn) {
    const yes = accepted ?? true;
    add('accepted', {
      type: 'ApplicationDecidedOnAcceptance',
      data: {
        accepted: yes,
        reason: yes ? '' : `不予受理${row.text('legalBasis') ? `：${row.text('legalBasis')}` : '（原系统未载明理由）'}`,
        officerIds,
        occurredAt: acceptedOn,
      },
    });
  }

  const hearingOn = row.date('hearingOn');
  if (hearingOn) add('hearingOn', { type: 'HearingHeld', data: { officerIds, occurredAt: hearingOn, presidingOfficer: '', summary: '' } });

  const reviewOn = row.date('legalReviewOn');
  const reviewText = row.text('legalReviewResult');
  const passed = reviewText ? REVIEW[reviewText] : undefined;
  if (reviewText && passed === undefined) row.fail('legalReviewResult', 'LEGAL_REVIEW_RESULT_UNKNOWN', '法制审核结果应为“通过”或“不通过”');
  if (reviewText && !row.text('legalReviewOn')) row.fail('legalReviewOn', 'FIELD_REQUIRED', '填写了法制审核结果，须写明法制审核日期');
  if (row.text('legalReviewOn') && !reviewText) row.fail('legalReviewResult', 'FIELD_REQUIRED', '填写了法制审核日期，须写明审核结果');
  if (reviewOn && passed !== undefined) {
    add('legalReviewOn', {
      type: 'LegalReviewCompleted',
      data: { reviewer: UNNAMED_REVIEWER, opinion: passed ? '法制审核通过' : '法制审核不通过', passed, occurredAt: reviewOn },
    });
  }

  // 决定: the date carries the decision; its other columns without a date are an error.
  const decidedOn = row.date('decidedOn');
  const fineFen = row.fen('fineYuan');
  const confiscationFen = row.fen('confiscationYuan');
  const firstOffenceExempt = row.yesNo('firstOffenceExempt') ?? false;
  const lighterText = row.text('lighterPenalty');
  const lighterPenalty = lighterText ? LIGHTER[lighterText] : '';
  if (lighterText && lighterPenalty === undefined) row.fail('lighterPenalty', 'LIGHTER_PENALTY_UNKNOWN', '从轻减轻应为“从轻”“减轻”或不填');
  const decisionColumns: ActColumn[] = [
    'decisionNumber',
    'outcome',
    'legalBasis',
    'discretionBenchmark',
    'fineYuan',
    'confiscationYuan',
    'lighterPenalty',
  ];
  if (!row.text('decidedOn') && !(input.decidedOn instanceof Date)) {
    // Not accepted: 法律依据 is the ground of the refusal, not of a decision.
    const given = decisionColumns.filter(
      (c) => row.text(c) && !(c.endsWith('Yuan') && Number(row.text(c)) === 0) && !(c === 'legalBasis' && accepted === false),
    );
    if (given.length > 0 || firstOffenceExempt)
      row.fail('decidedOn', 'FIELD_REQUIRED', `填写了${given.map((c) => HEADER_OF[c]).join('、') || '首违不罚'}，须写明决定日期`);
  }
  if (decidedOn) {
    const outcomeText = row.text('outcome');
    let outcome = '';
    if (!outcomeText) row.fail('outcome', 'FIELD_REQUIRED', '作出决定的，须写明决定结果');
    else if (category) {
      outcome = outcomeCode(category, outcomeText) ?? '';
      if (!outcome) {
        const allowed = Object.entries(OUTCOME_LABELS[category]).map(([code, names]) => `${names[0]}（${code}）`);
        row.fail('outcome', 'OUTCOME_UNKNOWN', `${ENFORCEMENT_CATEGORIES[category]}的决定结果应为：${allowed.join('、')}`);
      }
    }
    add('decidedOn', {
      type: 'DecisionMade',
      data: {
        decisionNumber: row.text('decisionNumber'),
        outcome,
        legalBasis: row.text('legalBasis'),
        discretionBenchmark: row.text('discretionBenchmark'),
        fineFen,
        confiscationFen,
        firstOffenceExempt,
        lighterPenalty: lighterPenalty ?? '',
        content: '',
        officerIds,
        occurredAt: decidedOn,
      },
    });
  }

  const servedOn = row.date('servedOn');
  if (servedOn) add('servedOn', { type: 'DecisionServed', data: { method: DEFAULT_SERVICE_METHOD, officerIds, occurredAt: servedOn } });
  const courtAppliedOn = row.date('courtAppliedOn');
  if (courtAppliedOn)
    add('courtAppliedOn', { type: 'CourtEnforcementApplied', data: { court: UNNAMED_COURT, officerIds, occurredAt: courtAppliedOn } });
  const executedOn = row.date('executedOn');
  if (executedOn) {
    add('executedOn', {
      type: 'ExecutionRecorded',
      data: {
        how: courtAppliedOn ? 'enforced' : 'voluntary',
        amountPaidFen: fineFen + confiscationFen,
        officerIds,
        occurredAt: executedOn,
      },
    });
  }
  const closedOn = row.date('closedOn');
  if (closedOn) add('closedOn', { type: 'ActClosed', data: { result: '', officerIds, occurredAt: closedOn } });
  const archivedOn = row.date('archivedOn');
  const archiveNumber = row.text('archiveNumber');
  if (archiveNumber && !row.text('archivedOn')) row.fail('archivedOn', 'FIELD_REQUIRED', '填写了归档号，须写明归档日期');
  if (archivedOn) add('archivedOn', { type: 'ActArchived', data: { archiveNumber, occurredAt: archivedOn } });

  if (row.violations.length > 0 || !category || !openedBy) {
    return {
      ok: false,
      violations:
        row.violations.length > 0
          ? row.violations
          : [{ column: HEADER_OF.category, code: 'CATEGORY_UNKNOWN', message: '执法类别无法识别' }],
    };
  }
  const idempotencyKey = importIdempotencyKey(agencyId, caseNumber);
  const actId = idFromIdempotencyKey(countyCode, idempotencyKey);
  const commands: RowCommand[] = [
    { command: { type: 'OpenAct', data: { openedBy, opening: { ...opening, actId } } }, column: HEADER_OF.openedOn },
    ...steps.map(({ step, column }) => ({ command: { type: 'RecordActStep' as const, data: { step } }, column: HEADER_OF[column] })),
  ];
  return { ok: true, act: { actId, agencyId, caseNumber, category, officerIds, idempotencyKey, commands } };
}
