import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import { DRAW_ALGORITHM, MAX_INLINE_CANDIDATES, candidatesDigest } from '../../../src/domain/shared/seeded-draw.js';
import {
  DEFAULT_CASE_FILE_CHECKLIST,
  caseFileReviewDecider,
  drawCaseFiles,
  rectificationGroundsOf,
  verifyCaseFileDraw,
  type CandidateFile,
  type CaseFileReviewCommand,
  type CaseFileReviewEvent,
  type CaseFileReviewState,
  type ItemAssessment,
} from '../../../src/domain/case-file-review/index.js';
import { candidates, criteria, fullMarks } from './fixtures.js';

const spec = deciderSpec(caseFileReviewDecider);
const ID = 'rv-2023-h1';
const OPENED_AT = new Date('2023-07-03T01:00:00Z');
const DRAWN_AT = new Date('2023-07-04T01:00:00Z');
const SCORED_AT = new Date('2023-07-10T01:00:00Z');
const SEED = 3141592653;
const pool = candidates(6, ['cgj', 'jtj']);
const reviewCriteria = criteria({ agencyIds: ['cgj', 'jtj'], size: { kind: 'per_agency', count: 2 } });

const open: CaseFileReviewCommand = {
  type: 'OpenCaseFileReview',
  data: {
    reviewId: ID,
    countyCode: '431103',
    title: ' 2023 年上半年行政执法案卷集中评查 ',
    supervisionForm: 'focused',
    criteria: reviewCriteria,
    checklist: DEFAULT_CASE_FILE_CHECKLIST,
    openedBy: 'sup-1',
    openedAt: OPENED_AT,
  },
};
const opened: CaseFileReviewEvent = {
  type: 'CaseFileReviewOpened',
  data: { ...open.data, title: '2023 年上半年行政执法案卷集中评查' } as Extract<
    CaseFileReviewEvent,
    { type: 'CaseFileReviewOpened' }
  >['data'],
};
const draw = (seed = SEED, redrawReason?: string, from: readonly CandidateFile[] = pool): CaseFileReviewCommand => ({
  type: 'DrawCaseFileSample',
  data: { reviewId: ID, seed, candidates: from, drawnBy: 'sup-1', drawnAt: DRAWN_AT, ...(redrawReason ? { redrawReason } : {}) },
});
const sample = drawCaseFiles(reviewCriteria, pool, SEED);
const drawn: CaseFileReviewEvent = {
  type: 'CaseFileSampleDrawn',
  data: {
    reviewId: ID,
    drawNumber: 1,
    seed: SEED,
    algorithm: DRAW_ALGORITHM,
    candidateCount: 12,
    candidatesDigest: candidatesDigest(pool.map((f) => `${f.fileId}\t${f.agencyId}\t${f.category}\t${f.enterprise ? 1 : 0}`)),
    candidates: pool
      .map(({ fileId, agencyId, category, enterprise }) => ({ fileId, agencyId, category, enterprise }))
      .sort((x, y) => (x.fileId < y.fileId ? -1 : 1)),
    sample,
    drawnBy: 'sup-1',
    drawnAt: DRAWN_AT,
  },
};
const [f1, f2, f3, f4] = sample.map((f) => f.fileId) as [string, string, string, string];
const agencyOf = (fileId: string) => sample.find((f) => f.fileId === fileId)!.agencyId;

const score = (
  fileId: string,
  assessments: readonly ItemAssessment[] = fullMarks(),
  problems: { itemCode: string; description: string }[] = [],
): CaseFileReviewCommand => ({
  type: 'ScoreCaseFile',
  data: { reviewId: ID, fileId, assessments, problems, reviewerId: 'rev-1', scoredAt: SCORED_AT },
});
const noAudioRecorder = fullMarks().map((a) => (a.itemCode === 'audio_video' ? { itemCode: 'audio_video', points: 4 } : a));
const scoredWell = (fileId: string): CaseFileReviewEvent => ({
  type: 'CaseFileScored',
  data: {
    reviewId: ID,
    fileId,
    agencyId: agencyOf(fileId),
    checklistVersion: DEFAULT_CASE_FILE_CHECKLIST.version,
    assessments: fullMarks(),
    score: 100,
    vetoedBy: [],
    grade: 'excellent',
    problems: [],
    reviewerId: 'rev-1',
    scoredAt: SCORED_AT,
  },
});
const scoredWithProblem = (fileId: string): CaseFileReviewEvent => ({
  type: 'CaseFileScored',
  data: {
    ...(scoredWell(fileId).data as Extract<CaseFileReviewEvent, { type: 'CaseFileScored' }>['data']),
    assessments: noAudioRecorder,
    score: 94,
    problems: [
      {
        problemId: `${fileId}#1`,
        fileId,
        agencyId: agencyOf(fileId),
        itemCode: 'audio_video',
        description: '现场照片未记载记录人和证明内容',
      },
    ],
  },
});
const allScored = [opened, drawn, scoredWithProblem(f1), scoredWell(f2), scoredWell(f3), scoredWell(f4)];
const publish: CaseFileReviewCommand = {
  type: 'PublishCaseFileReviewSummary',
  data: {
    reviewId: ID,
    conclusion: ' 总体规范，音像记录要素不全问题仍然存在。 ',
    publishedBy: 'sup-1',
    publishedAt: new Date('2023-07-20T01:00:00Z'),
  },
};
const stateOf = (events: readonly CaseFileReviewEvent[]): CaseFileReviewState =>
  events.reduce(caseFileReviewDecider.evolve, caseFileReviewDecider.initialState());

describe('case-file review: opening and drawing the sample', () => {
  it('opens a review with its criteria and checklist version', () => {
    spec.given([]).when(open).then([opened]);
  });

  it('refuses bad criteria and checklists, naming the fields', () => {
    spec
      .given([])
      .when({
        ...open,
        data: {
          ...open.data,
          criteria: { ...reviewCriteria, categories: ['theft' as never], size: { kind: 'share', share: 1.5 }, minEnterpriseShare: -1 },
          checklist: { ...DEFAULT_CASE_FILE_CHECKLIST, items: DEFAULT_CASE_FILE_CHECKLIST.items.slice(1) },
        },
      })
      .thenThrows('VALIDATION_FAILED', ['criteria.categories', 'criteria.size.share', 'criteria.minEnterpriseShare', 'checklist.items']);
  });

  it('draws the sample and records seed, algorithm, canonical candidates and their digest', () => {
    spec.given([opened]).when(draw()).then([drawn]);
    expect(sample).toHaveLength(4);
  });

  it('an auditor re-runs the recorded draw; a tampered list or sample fails', () => {
    const data = drawn.data as Extract<CaseFileReviewEvent, { type: 'CaseFileSampleDrawn' }>['data'];
    expect(verifyCaseFileDraw(reviewCriteria, data)).toEqual({ ok: true });
    const flipped = data.candidates!.map((c, i) => (i === 0 ? { ...c, enterprise: !c.enterprise } : c));
    expect(verifyCaseFileDraw(reviewCriteria, data, flipped)).toEqual({ ok: false, reason: 'digest' });
    expect(verifyCaseFileDraw(reviewCriteria, { ...data, sample: [...data.sample].reverse() })).toEqual({ ok: false, reason: 'result' });
    expect(verifyCaseFileDraw(reviewCriteria, { ...data, algorithm: 'Math.random' })).toEqual({ ok: false, reason: 'algorithm' });
    const { candidates: _archived, ...large } = data;
    expect(verifyCaseFileDraw(reviewCriteria, large)).toEqual({ ok: false, reason: 'candidates_not_inline' });
    expect(verifyCaseFileDraw(reviewCriteria, large, data.candidates)).toEqual({ ok: true });
  });

  it('the digest commits to what the draw depends on: a flipped enterprise flag changes it', () => {
    const flipped = pool.map((f, i) => (i === 0 ? { ...f, enterprise: !f.enterprise } : f));
    const [event] = caseFileReviewDecider.decide(draw(SEED, undefined, flipped), stateOf([opened]));
    expect(event?.type === 'CaseFileSampleDrawn' && event.data.candidatesDigest).not.toBe(
      (drawn.data as { candidatesDigest: string }).candidatesDigest,
    );
  });

  it('a pool too large for one message keeps only its count and digest in the event', () => {
    const big = candidates(Math.ceil((MAX_INLINE_CANDIDATES + 1) / 2), ['cgj', 'jtj']).map((f) => ({ ...f, closedAt: pool[0]!.closedAt }));
    const [event] = caseFileReviewDecider.decide(draw(SEED, undefined, big), stateOf([opened]));
    expect(event?.type === 'CaseFileSampleDrawn' && [event.data.candidateCount, event.data.candidates, event.data.sample.length]).toEqual([
      big.length,
      undefined,
      4,
    ]);
  });

  it('same seed, same sample; a different seed, a different sample; both recorded on the review', () => {
    const again = caseFileReviewDecider.decide(draw(), stateOf([opened]));
    expect(again).toEqual([drawn]);
    const other = caseFileReviewDecider.decide(draw(SEED + 1), stateOf([opened]))[0];
    expect(other?.type === 'CaseFileSampleDrawn' && other.data.seed).toBe(SEED + 1);
    expect(other?.type === 'CaseFileSampleDrawn' && other.data.sample).not.toEqual(sample);
  });

  it('a redraw before scoring needs a reason and is numbered; after scoring there is none', () => {
    spec.given([opened, drawn]).when(draw(7)).thenThrows('REDRAW_REASON_REQUIRED', ['redrawReason']);
    const [redrawn] = caseFileReviewDecider.decide(draw(7, '候选案卷清单漏报了交通运输局的 3 件'), stateOf([opened, drawn]));
    expect(redrawn?.type === 'CaseFileSampleDrawn' && [redrawn.data.drawNumber, redrawn.data.redrawReason]).toEqual([
      2,
      '候选案卷清单漏报了交通运输局的 3 件',
    ]);
    spec
      .given([opened, drawn, scoredWell(f1)])
      .when(draw(7, '重抽'))
      .thenThrows('SCORING_STARTED');
  });

  it('refuses a bad seed, candidates outside the criteria, an empty pool', () => {
    spec.given([opened]).when(draw(-1)).thenThrows('SEED_INVALID', ['seed']);
    spec
      .given([opened])
      .when(draw(2 ** 32))
      .thenThrows('SEED_INVALID', ['seed']);
    spec
      .given([opened])
      .when({
        type: 'DrawCaseFileSample',
        data: { reviewId: ID, seed: 1, candidates: [{ ...pool[0]!, agencyId: 'gaj' }], drawnBy: 'sup-1', drawnAt: DRAWN_AT },
      })
      .thenThrows('CANDIDATE_OUTSIDE_CRITERIA', ['candidates[0].agencyId']);
    spec
      .given([opened])
      .when({ type: 'DrawCaseFileSample', data: { reviewId: ID, seed: 1, candidates: [], drawnBy: 'sup-1', drawnAt: DRAWN_AT } })
      .thenThrows('NO_CANDIDATE_FILES');
  });
});

describe('case-file review: scoring', () => {
  it('scores a sampled file against the checklist', () => {
    spec
      .given([opened, drawn])
      .when(score(f2))
      .then([scoredWell(f2)]);
  });

  it('records the problems behind a deduction, each with a stable id', () => {
    spec
      .given([opened, drawn])
      .when(score(f1, noAudioRecorder, [{ itemCode: 'audio_video', description: ' 现场照片未记载记录人和证明内容 ' }]))
      .then([scoredWithProblem(f1)]);
  });

  it('refuses a deduction without a problem, a problem on an unknown item, a file not drawn, scoring before the draw', () => {
    spec.given([opened, drawn]).when(score(f1, noAudioRecorder)).thenThrows('DEDUCTION_WITHOUT_PROBLEM', ['problems']);
    spec
      .given([opened, drawn])
      .when(score(f1, fullMarks(), [{ itemCode: 'colour', description: '封面颜色' }]))
      .thenThrows('CHECKLIST_ITEM_UNKNOWN', ['problems[0].itemCode']);
    const notDrawn = pool.map((f) => f.fileId).find((id) => !sample.some((s) => s.fileId === id))!;
    spec.given([opened, drawn]).when(score(notDrawn)).thenThrows('FILE_NOT_IN_SAMPLE');
    spec.given([opened]).when(score(f1)).thenThrows('SAMPLE_NOT_DRAWN');
  });

  it('a veto item breached fails the file and needs its problem', () => {
    const vetoed = fullMarks().map((a) => (a.itemCode === 'two_officers' ? { itemCode: 'two_officers', breached: true } : a));
    const [event] = caseFileReviewDecider.decide(
      score(f3, vetoed, [{ itemCode: 'two_officers', description: '调查笔录仅一名执法人员签名' }]),
      stateOf([opened, drawn]),
    );
    expect(event?.type === 'CaseFileScored' && [event.data.score, event.data.grade, event.data.vetoedBy]).toEqual([
      100,
      'unqualified',
      ['two_officers'],
    ]);
  });
});

describe('case-file review: summary and rectification', () => {
  it('publishes the summary once every sampled file is scored', () => {
    const [event] = caseFileReviewDecider.decide(publish, stateOf(allScored));
    expect(event?.type).toBe('CaseFileReviewSummaryPublished');
    if (event?.type !== 'CaseFileReviewSummaryPublished') return;
    expect(event.data.conclusion).toBe('总体规范，音像记录要素不全问题仍然存在。');
    expect(event.data.summary).toMatchObject({
      filesReviewed: 4,
      averageScore: 98.5,
      excellent: 4,
      qualified: 0,
      unqualified: 0,
      problemsByItem: [{ itemCode: 'audio_video', name: '音像记录要素齐全（记录人、时间、证明内容）', count: 1 }],
    });
    expect(event.data.summary.enterpriseFiles).toBe(sample.filter((f) => f.enterprise).length);
    expect(event.data.summary.byAgency.map((a) => [a.agencyId, a.files])).toEqual([
      ['cgj', 2],
      ['jtj', 2],
    ]);
  });

  it('refuses to publish with files unscored, or twice; nothing is scored after publishing', () => {
    spec
      .given([opened, drawn, scoredWell(f1)])
      .when(publish)
      .thenThrows('FILES_NOT_SCORED');
    const published = [...allScored, ...caseFileReviewDecider.decide(publish, stateOf(allScored))];
    spec.given(published).when(publish).thenThrows('CASE_FILE_REVIEW_PUBLISHED');
    spec.given(published).when(score(f2)).thenThrows('CASE_FILE_REVIEW_PUBLISHED');
  });

  it('turns an agency’s problems into a rectification, once, and only where there are problems', () => {
    const published = [...allScored, ...caseFileReviewDecider.decide(publish, stateOf(allScored))];
    const agency = agencyOf(f1);
    const refer = (agencyId: string): CaseFileReviewCommand => ({
      type: 'ReferReviewProblemsForRectification',
      data: { reviewId: ID, agencyId, rectificationId: 'rect-9', referredAt: new Date('2023-07-21T01:00:00Z') },
    });
    const problem = (scoredWithProblem(f1).data as Extract<CaseFileReviewEvent, { type: 'CaseFileScored' }>['data']).problems[0]!;
    const referred: CaseFileReviewEvent = {
      type: 'CaseFileReviewProblemsReferred',
      data: {
        reviewId: ID,
        agencyId: agency,
        rectificationId: 'rect-9',
        problems: [problem],
        referredAt: new Date('2023-07-21T01:00:00Z'),
      },
    };
    spec.given(published).when(refer(agency)).then([referred]);
    spec
      .given([...published, referred])
      .when(refer(agency))
      .thenThrows('PROBLEMS_ALREADY_REFERRED');
    spec
      .given(published)
      .when(refer(agency === 'cgj' ? 'jtj' : 'cgj'))
      .thenThrows('NO_PROBLEMS_FOR_AGENCY');
    spec.given(allScored).when(refer(agency)).thenThrows('SUMMARY_NOT_PUBLISHED');
    expect(
      rectificationGroundsOf(referred.data as Extract<CaseFileReviewEvent, { type: 'CaseFileReviewProblemsReferred' }>['data']),
    ).toEqual([
      { kind: 'case_file_problem', reviewId: ID, problemId: `${f1}#1`, agencyId: agency, description: '现场照片未记载记录人和证明内容' },
    ]);
  });
});
