import type { ActEvent } from '@lesp/contracts';
import type { ActEventEnvelope } from '../../../src/domain/statistics/act-facts.js';

/** An instant in Beijing time (UTC+8): `cst(2023, 3, 1)` is 1 March 2023, 10:00 local. */
export const cst = (year: number, month: number, day: number, hour = 10) => new Date(Date.UTC(year, month - 1, day, hour - 8));

const officerIds = ['o-1', 'o-2'];

export interface HistoryOptions {
  readonly countyCode?: string;
  readonly actId: string;
  readonly agencyId?: string;
  readonly category: string;
  readonly at: Date;
  /** When the opening was recorded; the same instant by default. */
  readonly recordedAt?: Date;
}

/**
 * The case-intake events of one act, as statistics receives them. Each step takes when it
 * happened and, optionally, when it was recorded (late entries).
 */
export function actHistory(options: HistoryOptions) {
  const countyCode = options.countyCode ?? '431103';
  const envelopes: ActEventEnvelope[] = [];
  const push = (event: ActEvent, at: Date, recordedAt?: Date) =>
    envelopes.push({
      countyCode,
      actId: options.actId,
      version: envelopes.length + 1,
      occurredAt: at,
      recordedAt: recordedAt ?? at,
      event,
    });
  const opening = {
    actId: options.actId,
    agencyId: options.agencyId ?? 'scjgj',
    category: options.category,
    caseNumber: `冷〔2023〕${options.actId}号`,
    title: '某案',
    itemCode: '',
    target: undefined,
    major: false,
    delegationId: '',
    officerIds,
    occurredAt: options.at,
    summary: '',
    delegationGap: '',
  };
  const opensByApplication = ['licensing', 'benefit', 'confirmation', 'adjudication', 'compensation'].includes(options.category);
  push(
    opensByApplication ? { type: 'ApplicationReceived', data: { opening } } : { type: 'CaseFiled', data: { opening } },
    options.at,
    options.recordedAt,
  );

  const api = {
    envelopes,
    accept(at: Date, accepted = true, recordedAt?: Date) {
      push(
        { type: 'ApplicationDecidedOnAcceptance', data: { accepted, reason: accepted ? '' : '材料不全', officerIds, occurredAt: at } },
        at,
        recordedAt,
      );
      return api;
    },
    hearing(at: Date, recordedAt?: Date) {
      push({ type: 'HearingNoticed', data: { officerIds, occurredAt: at, requestDeadline: at } }, at, recordedAt);
      push({ type: 'HearingHeld', data: { officerIds, occurredAt: at, presidingOfficer: 'o-3', summary: '' } }, at, recordedAt);
      return api;
    },
    review(at: Date, passed = true, recordedAt?: Date) {
      push(
        { type: 'LegalReviewCompleted', data: { reviewer: '审核员', opinion: passed ? '同意' : '证据不足', passed, occurredAt: at } },
        at,
        recordedAt,
      );
      return api;
    },
    decide(
      at: Date,
      data: { outcome: string; fineFen?: number; confiscationFen?: number; firstOffenceExempt?: boolean; lighterPenalty?: string },
      recordedAt?: Date,
    ) {
      push(
        {
          type: 'DecisionMade',
          data: {
            decisionNumber: `决〔2023〕${options.actId}号`,
            outcome: data.outcome,
            legalBasis: '某法',
            discretionBenchmark: '',
            fineFen: data.fineFen ?? 0,
            confiscationFen: data.confiscationFen ?? 0,
            firstOffenceExempt: data.firstOffenceExempt ?? false,
            lighterPenalty: data.lighterPenalty ?? '',
            content: '',
            officerIds,
            occurredAt: at,
          },
        },
        at,
        recordedAt,
      );
      return api;
    },
    execute(at: Date, how: 'voluntary' | 'enforced' = 'voluntary', recordedAt?: Date) {
      push({ type: 'ExecutionRecorded', data: { how, amountPaidFen: 0, officerIds, occurredAt: at } }, at, recordedAt);
      return api;
    },
    court(at: Date, recordedAt?: Date) {
      push({ type: 'CourtEnforcementApplied', data: { court: '冷水滩区人民法院', officerIds, occurredAt: at } }, at, recordedAt);
      return api;
    },
    close(at: Date, recordedAt?: Date) {
      push({ type: 'ActClosed', data: { result: '', officerIds, occurredAt: at } }, at, recordedAt);
      return api;
    },
    archive(at: Date, recordedAt?: Date) {
      push({ type: 'ActArchived', data: { archiveNumber: `GD-${options.actId}`, occurredAt: at } }, at, recordedAt);
      return api;
    },
    /** 行政诉讼 judged (outcome as reconsideration: upheld, revoked, changed, confirmed_illegal, dismissed). */
    litigate(at: Date, outcome: string, headAppearedInCourt = true, recordedAt?: Date) {
      push({ type: 'LitigationJudged', data: { court: '冷水滩区人民法院', outcome, headAppearedInCourt, occurredAt: at } }, at, recordedAt);
      return api;
    },
  };
  return api;
}
