import { describe, expect, it } from 'vitest';
import { DEFAULT_CASE_FILE_CHECKLIST, checklistViolations, scoreFile, type Checklist } from '../../../src/domain/case-file-review/index.js';
import { fullMarks } from './fixtures.js';

const withPoints = (code: string, points: number) => fullMarks().map((a) => (a.itemCode === code ? { itemCode: code, points } : a));

describe('case-file checklist', () => {
  it('the default checklist is valid: weighted items add up to 100, veto items carry none', () => {
    expect(checklistViolations('checklist', DEFAULT_CASE_FILE_CHECKLIST)).toEqual([]);
  });

  it('refuses weights that do not add up to 100, duplicate codes, a veto item with points, bad thresholds', () => {
    const broken: Checklist = {
      version: 'x',
      items: [
        { code: 'documents', name: '文书', weight: 50, veto: false },
        { code: 'documents', name: '文书', weight: 30, veto: false },
        { code: 'two_officers', name: '两人', weight: 5, veto: true },
      ],
      passScore: 95,
      excellentScore: 90,
    };
    expect(checklistViolations('checklist', broken).map((v) => v.code)).toEqual([
      'CHECKLIST_ITEM_WEIGHT',
      'CHECKLIST_ITEM_DUPLICATE',
      'CHECKLIST_TOTAL_NOT_100',
      'CHECKLIST_THRESHOLDS',
    ]);
  });

  it('scores a file: full marks is excellent, 85 qualified, 65 unqualified (pass 70, excellent 90)', () => {
    expect(scoreFile(DEFAULT_CASE_FILE_CHECKLIST, fullMarks()).score).toEqual({
      score: 100,
      vetoedBy: [],
      grade: 'excellent',
      deficientItems: [],
    });
    expect(scoreFile(DEFAULT_CASE_FILE_CHECKLIST, withPoints('evidence', 5)).score).toMatchObject({
      score: 85,
      grade: 'qualified',
      deficientItems: ['evidence'],
    });
    expect(
      scoreFile(
        DEFAULT_CASE_FILE_CHECKLIST,
        withPoints('evidence', 0).map((a) => (a.itemCode === 'procedure' ? { itemCode: 'procedure', points: 0 } : a)),
      ).score,
    ).toMatchObject({
      score: 65,
      grade: 'unqualified',
    });
  });

  it('a breached veto item fails the file whatever its score', () => {
    const vetoed = fullMarks().map((a) => (a.itemCode === 'two_officers' ? { itemCode: 'two_officers', breached: true } : a));
    expect(scoreFile(DEFAULT_CASE_FILE_CHECKLIST, vetoed).score).toEqual({
      score: 100,
      vetoedBy: ['two_officers'],
      grade: 'unqualified',
      deficientItems: ['two_officers'],
    });
  });

  it('accepts half points, refuses points beyond the weight, unknown or repeated items, missing items, points on a veto item', () => {
    expect(scoreFile(DEFAULT_CASE_FILE_CHECKLIST, withPoints('discretion', 7.5)).score?.score).toBe(97.5);
    const result = scoreFile(DEFAULT_CASE_FILE_CHECKLIST, [
      { itemCode: 'documents', points: 16 },
      { itemCode: 'evidence', points: 0.3 },
      { itemCode: 'nonsense', points: 1 },
      { itemCode: 'procedure', points: 15 },
      { itemCode: 'procedure', points: 15 },
      { itemCode: 'two_officers', points: 0 },
    ]);
    expect(result.score).toBeUndefined();
    expect(result.violations.map((v) => [v.field, v.code])).toEqual([
      ['assessments[0].points', 'POINTS_RANGE'],
      ['assessments[1].points', 'POINTS_RANGE'],
      ['assessments[2].itemCode', 'CHECKLIST_ITEM_UNKNOWN'],
      ['assessments[4].itemCode', 'ASSESSMENT_DUPLICATE'],
      ['assessments[5].breached', 'VETO_ITEM_NEEDS_VERDICT'],
      ['assessments', 'ASSESSMENT_INCOMPLETE'],
    ]);
  });
});
