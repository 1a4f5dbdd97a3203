import { ConflictError, NotFoundError, ValidationError, assertNever, isCountyCode, type Decider, type Violation } from '@lesp/core';
import { DRAW_ALGORITHM, seedViolations } from '../shared/seeded-draw.js';
import { SUPERVISION_FORMS, isSupervisionForm } from '../shared/supervision-forms.js';
import { MAX_SHORT_TEXT, idViolations, optionalText, requiredText } from '../shared/text-rules.js';
import type { RectificationGround } from '../rectification/rectification-commands.js';
import type { CaseFileReviewCommand, ProblemInput } from './case-file-review-commands.js';
import type { CaseFileReviewEvent, RecordedProblem } from './case-file-review-events.js';
import { checklistViolations, scoreFile, type Checklist } from './checklist.js';
import { summarizeReview, type ScoredFile } from './review-summary.js';
import {
  candidateViolations,
  caseFileDrawAudit,
  criteriaViolations,
  drawCaseFiles,
  type SampleCriteria,
  type SampledFile,
} from './sample.js';

/** opened: no sample yet; sampled: files being scored; published: summary out, problems being referred. */
export type CaseFileReviewStatus = 'opened' | 'sampled' | 'published';

export type CaseFileReviewState =
  | { readonly status: 'none' }
  | {
      readonly status: CaseFileReviewStatus;
      readonly reviewId: string;
      readonly countyCode: string;
      readonly title: string;
      readonly criteria: SampleCriteria;
      readonly checklist: Checklist;
      readonly openedAt: Date;
      readonly draws: number;
      readonly lastDrawnAt?: Date;
      readonly sample: readonly SampledFile[];
      readonly scored: Readonly<Record<string, ScoredFile & { readonly agencyId: string }>>;
      readonly referredAgencies: readonly string[];
    };

type Opened = Exclude<CaseFileReviewState, { status: 'none' }>;

export const MAX_PROBLEMS_PER_FILE = 50;

function decide(command: CaseFileReviewCommand, state: CaseFileReviewState): readonly CaseFileReviewEvent[] {
  switch (command.type) {
    case 'OpenCaseFileReview': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('CASE_FILE_REVIEW_ALREADY_OPENED', `案卷评查 ${d.reviewId} 已创建`);
      const violations = [
        ...idViolations('reviewId', d.reviewId, '评查'),
        ...(isCountyCode(d.countyCode)
          ? []
          : [{ field: 'countyCode', code: 'COUNTY_CODE_INVALID', message: '行政区划代码应为 6 位数字（GB/T 2260）' }]),
        ...requiredText('title', d.title, '评查名称', 'TITLE', MAX_SHORT_TEXT),
        ...(isSupervisionForm(d.supervisionForm)
          ? []
          : [
              {
                field: 'supervisionForm',
                code: 'SUPERVISION_FORM_UNKNOWN',
                message: `监督方式应为：${Object.values(SUPERVISION_FORMS).join('、')}`,
              },
            ]),
        ...criteriaViolations('criteria', d.criteria),
        ...checklistViolations('checklist', d.checklist),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        {
          type: 'CaseFileReviewOpened',
          data: {
            reviewId: d.reviewId,
            countyCode: d.countyCode,
            title: d.title.trim(),
            supervisionForm: d.supervisionForm,
            criteria: d.criteria,
            checklist: d.checklist,
            ...(d.definitionId !== undefined ? { definitionId: d.definitionId, roundNumber: d.roundNumber ?? 1 } : {}),
            openedBy: d.openedBy,
            openedAt: d.openedAt,
          },
        },
      ];
    }
    case 'DrawCaseFileSample': {
      const { reviewId, seed, candidates, redrawReason, drawnBy, drawnAt } = command.data;
      const current = existing(state, reviewId);
      if (current.status === 'published') throw published();
      if (Object.keys(current.scored).length > 0) throw new ConflictError('SCORING_STARTED', '已开始评分，不能重新抽取样本');
      const violations: Violation[] = [
        ...seedViolations(seed),
        ...candidateViolations(current.criteria, candidates),
        ...requiredText('drawnBy', drawnBy, '抽取人', 'DRAWN_BY', MAX_SHORT_TEXT),
        ...(drawnAt.getTime() < current.openedAt.getTime()
          ? [{ field: 'drawnAt', code: 'TIME_BEFORE_PREVIOUS_STEP', message: '抽取时间不能早于评查创建时间' }]
          : []),
      ];
      if (current.draws > 0) violations.push(...requiredText('redrawReason', redrawReason ?? '', '重新抽取的理由', 'REDRAW_REASON'));
      else violations.push(...optionalText('redrawReason', redrawReason, '重新抽取的理由', 'REDRAW_REASON'));
      if (violations.length > 0) throw new ValidationError(violations);
      const sample = drawCaseFiles(current.criteria, candidates, seed);
      if (sample.length === 0) throw new ConflictError('NO_CANDIDATE_FILES', '评查期间内没有符合条件的已结案案卷');
      return [
        {
          type: 'CaseFileSampleDrawn',
          data: {
            reviewId,
            drawNumber: current.draws + 1,
            seed,
            algorithm: DRAW_ALGORITHM,
            ...caseFileDrawAudit(candidates),
            sample,
            ...(current.draws > 0 ? { redrawReason: (redrawReason ?? '').trim() } : {}),
            drawnBy: drawnBy.trim(),
            drawnAt,
          },
        },
      ];
    }
    case 'ScoreCaseFile': {
      const { reviewId, fileId, assessments, problems, reviewerId, scoredAt } = command.data;
      const current = existing(state, reviewId);
      if (current.status === 'opened') throw new ConflictError('SAMPLE_NOT_DRAWN', '尚未抽取样本，不能评分');
      if (current.status === 'published') throw published();
      const file = current.sample.find((f) => f.fileId === fileId);
      if (!file) throw new ConflictError('FILE_NOT_IN_SAMPLE', `案卷 ${fileId} 不在本次抽取的样本中`);
      const result = scoreFile(current.checklist, assessments);
      const violations: Violation[] = [
        ...result.violations,
        ...requiredText('reviewerId', reviewerId, '评查人', 'REVIEWER', MAX_SHORT_TEXT),
        ...(current.lastDrawnAt && scoredAt.getTime() < current.lastDrawnAt.getTime()
          ? [{ field: 'scoredAt', code: 'TIME_BEFORE_PREVIOUS_STEP', message: '评分时间不能早于抽样时间' }]
          : []),
      ];
      if (result.score) violations.push(...problemViolations(current.checklist, problems, result.score.deficientItems));
      if (violations.length > 0 || !result.score) throw new ValidationError(violations);
      const { score, vetoedBy, grade } = result.score;
      return [
        {
          type: 'CaseFileScored',
          data: {
            reviewId,
            fileId,
            agencyId: file.agencyId,
            checklistVersion: current.checklist.version,
            assessments,
            score,
            vetoedBy,
            grade,
            problems: problems.map((p, index) => ({
              problemId: `${fileId}#${index + 1}`,
              fileId,
              agencyId: file.agencyId,
              itemCode: p.itemCode,
              description: p.description.trim(),
            })),
            reviewerId: reviewerId.trim(),
            scoredAt,
          },
        },
      ];
    }
    case 'PublishCaseFileReviewSummary': {
      const { reviewId, conclusion, publishedBy, publishedAt } = command.data;
      const current = existing(state, reviewId);
      if (current.status === 'opened') throw new ConflictError('SAMPLE_NOT_DRAWN', '尚未抽取样本，不能发布评查结果');
      if (current.status === 'published') throw published();
      const unscored = current.sample.filter((f) => current.scored[f.fileId] === undefined);
      if (unscored.length > 0) throw new ConflictError('FILES_NOT_SCORED', `尚有 ${unscored.length} 件案卷未评分`);
      const violations = [
        ...requiredText('conclusion', conclusion, '评查结论', 'CONCLUSION'),
        ...requiredText('publishedBy', publishedBy, '发布人', 'PUBLISHED_BY', MAX_SHORT_TEXT),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        {
          type: 'CaseFileReviewSummaryPublished',
          data: {
            reviewId,
            countyCode: current.countyCode,
            title: current.title,
            summary: summarizeReview(current.checklist, current.sample, current.scored),
            conclusion: conclusion.trim(),
            publishedBy: publishedBy.trim(),
            publishedAt,
          },
        },
      ];
    }
    case 'ReferReviewProblemsForRectification': {
      const { reviewId, agencyId, rectificationId, referredAt } = command.data;
      const current = existing(state, reviewId);
      if (current.status !== 'published') throw new ConflictError('SUMMARY_NOT_PUBLISHED', '评查结果通报后方可督促整改');
      if (current.referredAgencies.includes(agencyId))
        throw new ConflictError('PROBLEMS_ALREADY_REFERRED', '该执法主体的评查问题已转为整改');
      const violations = idViolations('rectificationId', rectificationId, '整改');
      if (violations.length > 0) throw new ValidationError(violations);
      const problems = Object.values(current.scored)
        .filter((f) => f.agencyId === agencyId)
        .flatMap((f) => f.problems);
      if (problems.length === 0) throw new ConflictError('NO_PROBLEMS_FOR_AGENCY', '该执法主体的案卷未发现问题，无需整改');
      return [{ type: 'CaseFileReviewProblemsReferred', data: { reviewId, agencyId, rectificationId, problems, referredAt } }];
    }
    default:
      return assertNever(command, 'case-file review command');
  }
}

/**
 * Every item that lost points or was breached is explained by at least one problem (the
 * report lists problems, not bare scores); every problem names a checklist item.
 */
function problemViolations(checklist: Checklist, problems: readonly ProblemInput[], deficientItems: readonly string[]): Violation[] {
  const violations: Violation[] = [];
  if (problems.length > MAX_PROBLEMS_PER_FILE) {
    return [{ field: 'problems', code: 'PROBLEMS_TOO_MANY', message: `每件案卷最多记录 ${MAX_PROBLEMS_PER_FILE} 个问题` }];
  }
  const codes = new Set(checklist.items.map((i) => i.code));
  problems.forEach((problem, index) => {
    if (!codes.has(problem.itemCode)) {
      violations.push({
        field: `problems[${index}].itemCode`,
        code: 'CHECKLIST_ITEM_UNKNOWN',
        message: `评查标准 ${checklist.version} 没有项目 ${problem.itemCode}`,
      });
    }
    violations.push(...requiredText(`problems[${index}].description`, problem.description, '问题描述', 'PROBLEM_DESCRIPTION'));
  });
  const explained = new Set(problems.map((p) => p.itemCode));
  const unexplained = deficientItems.filter((code) => !explained.has(code));
  if (unexplained.length > 0) {
    const names = checklist.items.filter((i) => unexplained.includes(i.code)).map((i) => i.name);
    violations.push({ field: 'problems', code: 'DEDUCTION_WITHOUT_PROBLEM', message: `扣分或否决的项目应写明问题：${names.join('、')}` });
  }
  return violations;
}

function existing(state: CaseFileReviewState, reviewId: string): Opened {
  if (state.status === 'none') throw new NotFoundError('CASE_FILE_REVIEW_NOT_FOUND', `案卷评查 ${reviewId} 不存在`);
  return state;
}

function published(): ConflictError {
  return new ConflictError('CASE_FILE_REVIEW_PUBLISHED', '评查结果已发布，不能再抽样或评分');
}

function evolve(state: CaseFileReviewState, event: CaseFileReviewEvent): CaseFileReviewState {
  if (event.type === 'CaseFileReviewOpened') {
    const d = event.data;
    return {
      status: 'opened',
      reviewId: d.reviewId,
      countyCode: d.countyCode,
      title: d.title,
      criteria: d.criteria,
      checklist: d.checklist,
      openedAt: d.openedAt,
      draws: 0,
      sample: [],
      scored: {},
      referredAgencies: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CaseFileSampleDrawn':
      return { ...state, status: 'sampled', draws: event.data.drawNumber, lastDrawnAt: event.data.drawnAt, sample: event.data.sample };
    case 'CaseFileScored': {
      const { fileId, agencyId, score, grade, problems } = event.data;
      // A second scoring of the same file (a correction before publication) replaces the first.
      return { ...state, scored: { ...state.scored, [fileId]: { agencyId, score, grade, problems } } };
    }
    case 'CaseFileReviewSummaryPublished':
      return { ...state, status: 'published' };
    case 'CaseFileReviewProblemsReferred':
      return { ...state, referredAgencies: [...state.referredAgencies, event.data.agencyId] };
    default:
      return assertNever(event, 'case-file review event');
  }
}

/** Aggregate type in the stream id `${countyCode}/CaseFileReview/${reviewId}`. */
export const CASE_FILE_REVIEW_AGGREGATE = 'CaseFileReview';

export const caseFileReviewDecider: Decider<CaseFileReviewCommand, CaseFileReviewEvent, CaseFileReviewState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};

/** The problems of a referral as grounds of the rectification notice the application issues next. */
export function rectificationGroundsOf(
  referral: Extract<CaseFileReviewEvent, { type: 'CaseFileReviewProblemsReferred' }>['data'],
): Extract<RectificationGround, { kind: 'case_file_problem' }>[] {
  return referral.problems.map((p: RecordedProblem) => ({
    kind: 'case_file_problem',
    reviewId: referral.reviewId,
    problemId: p.problemId,
    agencyId: p.agencyId,
    description: p.description,
  }));
}
