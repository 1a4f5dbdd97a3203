import type { Violation } from '@lesp/core';
import { MAX_SHORT_TEXT, requiredText } from '../shared/text-rules.js';

/**
 * A case-file checklist (案卷评查标准). Weighted items add up to 100 points; veto items
 * (否决项, e.g. fewer than two officers) carry no points and fail the file whatever its score.
 * Checklists are versioned: a review keeps the version it was opened with.
 */
export interface ChecklistItem {
  readonly code: string;
  readonly name: string;
  /** Points for a weighted item; 0 for a veto item. */
  readonly weight: number;
  readonly veto: boolean;
}

export interface Checklist {
  readonly version: string;
  readonly items: readonly ChecklistItem[];
  /** At or above: 合格. */
  readonly passScore: number;
  /** At or above: 优秀. */
  readonly excellentScore: number;
}

export type FileGrade = 'excellent' | 'qualified' | 'unqualified';
export const FILE_GRADES: Record<FileGrade, string> = { excellent: '优秀', qualified: '合格', unqualified: '不合格' };

/**
 * The default checklist, from the points the 冷水滩区 2023 report found wanting (seed 002) and
 * the items DOMAIN.md lists; counties adapt weights and items in their own version.
 */
export const DEFAULT_CASE_FILE_CHECKLIST: Checklist = {
  version: 'lesp-2026.1',
  items: [
    { code: 'documents', name: '执法文书齐全、填写规范', weight: 15, veto: false },
    { code: 'evidence', name: '证据确凿充分、调查取证合法', weight: 20, veto: false },
    { code: 'procedure', name: '执法程序合法', weight: 15, veto: false },
    { code: 'legal_basis', name: '适用法律依据正确', weight: 15, veto: false },
    { code: 'discretion', name: '裁量基准适用明确、裁量适当', weight: 10, veto: false },
    { code: 'legal_review', name: '重大执法决定有法制审核意见', weight: 10, veto: false },
    { code: 'audio_video', name: '音像记录要素齐全（记录人、时间、证明内容）', weight: 10, veto: false },
    { code: 'one_case_one_file', name: '一案一卷、装订规范、顺序合理', weight: 5, veto: false },
    { code: 'two_officers', name: '执法人员不少于两人且持证', weight: 0, veto: true },
    { code: 'competence', name: '执法主体适格、未超越职权', weight: 0, veto: true },
  ],
  passScore: 70,
  excellentScore: 90,
};

export const MAX_CHECKLIST_ITEMS = 50;
const CODE = /^[a-z][a-z0-9_]{0,39}$/;

export function checklistViolations(field: string, checklist: Checklist): Violation[] {
  const violations: Violation[] = [
    ...requiredText(`${field}.version`, checklist.version, '评查标准版本', 'CHECKLIST_VERSION', MAX_SHORT_TEXT),
  ];
  const { items } = checklist;
  if (items.length === 0 || items.length > MAX_CHECKLIST_ITEMS) {
    return [
      ...violations,
      { field: `${field}.items`, code: 'CHECKLIST_ITEMS_RANGE', message: `评查项目应为 1 到 ${MAX_CHECKLIST_ITEMS} 项` },
    ];
  }
  items.forEach((item, index) => {
    const at = `${field}.items[${index}]`;
    if (!CODE.test(item.code))
      violations.push({
        field: `${at}.code`,
        code: 'CHECKLIST_ITEM_CODE',
        message: '项目代码应为小写字母开头的字母、数字或“_”，不超过 40 位',
      });
    violations.push(...requiredText(`${at}.name`, item.name, '项目名称', 'CHECKLIST_ITEM_NAME', MAX_SHORT_TEXT));
    if (item.veto ? item.weight !== 0 : !(item.weight > 0 && Number.isFinite(item.weight))) {
      violations.push({ field: `${at}.weight`, code: 'CHECKLIST_ITEM_WEIGHT', message: '计分项目分值应大于 0，否决项目分值应为 0' });
    }
  });
  if (new Set(items.map((i) => i.code)).size !== items.length) {
    violations.push({ field: `${field}.items`, code: 'CHECKLIST_ITEM_DUPLICATE', message: '评查项目代码不能重复' });
  }
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  if (Math.abs(total - 100) > 1e-9) {
    violations.push({ field: `${field}.items`, code: 'CHECKLIST_TOTAL_NOT_100', message: `计分项目分值合计应为 100 分，现为 ${total} 分` });
  }
  if (!(checklist.passScore > 0 && checklist.passScore <= checklist.excellentScore && checklist.excellentScore <= 100)) {
    violations.push({
      field: `${field}.passScore`,
      code: 'CHECKLIST_THRESHOLDS',
      message: '合格分应大于 0 且不高于优秀分，优秀分不超过 100',
    });
  }
  return violations;
}

/** The reviewer's finding on one item: points for a weighted item, breached or not for a veto item. */
export type ItemAssessment =
  { readonly itemCode: string; readonly points: number } | { readonly itemCode: string; readonly breached: boolean };

export interface FileScore {
  /** Sum of points, 0–100. */
  readonly score: number;
  /** Veto items breached; any one makes the file unqualified. */
  readonly vetoedBy: readonly string[];
  readonly grade: FileGrade;
  /** Items that lost points or were breached: each needs a recorded problem. */
  readonly deficientItems: readonly string[];
}

/**
 * Checks the assessments against the checklist (every item once, points within 0..weight in
 * half points, veto items answered yes/no) and scores the file.
 */
export function scoreFile(
  checklist: Checklist,
  assessments: readonly ItemAssessment[],
  field = 'assessments',
): { violations: Violation[]; score?: FileScore } {
  const violations: Violation[] = [];
  const byCode = new Map(checklist.items.map((item) => [item.code, item]));
  const seen = new Set<string>();
  let score = 0;
  const vetoedBy: string[] = [];
  const deficientItems: string[] = [];
  assessments.forEach((assessment, index) => {
    const at = `${field}[${index}]`;
    const item = byCode.get(assessment.itemCode);
    if (!item) {
      violations.push({
        field: `${at}.itemCode`,
        code: 'CHECKLIST_ITEM_UNKNOWN',
        message: `评查标准 ${checklist.version} 没有项目 ${assessment.itemCode}`,
      });
      return;
    }
    if (seen.has(item.code)) {
      violations.push({ field: `${at}.itemCode`, code: 'ASSESSMENT_DUPLICATE', message: `项目“${item.name}”重复评分` });
      return;
    }
    seen.add(item.code);
    if (item.veto) {
      if (!('breached' in assessment)) {
        violations.push({
          field: `${at}.breached`,
          code: 'VETO_ITEM_NEEDS_VERDICT',
          message: `否决项目“${item.name}”应判定是否违反，不计分`,
        });
      } else if (assessment.breached) {
        vetoedBy.push(item.code);
        deficientItems.push(item.code);
      }
      return;
    }
    const points = 'points' in assessment ? assessment.points : Number.NaN;
    if (!(points >= 0 && points <= item.weight && Number.isInteger(points * 2))) {
      violations.push({
        field: `${at}.points`,
        code: 'POINTS_RANGE',
        message: `项目“${item.name}”得分应为 0 到 ${item.weight} 分（可含半分）`,
      });
      return;
    }
    score += points;
    if (points < item.weight) deficientItems.push(item.code);
  });
  const missing = checklist.items.filter((item) => !seen.has(item.code));
  if (missing.length > 0) {
    violations.push({ field, code: 'ASSESSMENT_INCOMPLETE', message: `未评项目：${missing.map((i) => i.name).join('、')}` });
  }
  if (violations.length > 0) return { violations };
  const grade: FileGrade =
    vetoedBy.length > 0 || score < checklist.passScore ? 'unqualified' : score >= checklist.excellentScore ? 'excellent' : 'qualified';
  return { violations, score: { score, vetoedBy, grade, deficientItems } };
}
