import { ConflictError, NotFoundError, ValidationError, assertNever, isCountyCode, type Decider, type Violation } from '@lesp/core';
import { idViolations, requiredText, MAX_SHORT_TEXT } from '../shared/text-rules.js';
import { FILING_BODIES, type CleanUpOutcome, type FilingBody, type NormativeDocumentCommand } from './normative-document-commands.js';
import type { NormativeDocumentEvent } from './normative-document-events.js';
import { chinaDayIndex, filingDueAt } from './filing-deadline.js';

/** 有效期: a normative document is valid for at most five years (then it is cleaned up: kept, amended or repealed). */
export const MAX_VALIDITY_YEARS = 5;

export type FilingReview = 'pending' | 'passed' | 'returned' | 'corrected';

export interface FilingState {
  readonly recipient: string;
  readonly filingNumber: string;
  readonly filedAt: Date;
  readonly late: boolean;
  /** `corrected`: returned, corrected by the issuer, to be filed again. */
  readonly review: FilingReview;
}

export type NormativeDocumentState =
  | { readonly status: 'none' }
  | {
      readonly status: 'in_force' | 'repealed';
      readonly documentId: string;
      readonly countyCode: string;
      readonly issuer: string;
      readonly documentNumber: string;
      readonly title: string;
      readonly issuedAt: Date;
      readonly effectiveFrom: Date;
      readonly validUntil: Date;
      /** The 30 days of filing run from here: the issue, or the last amendment. */
      readonly filingFrom: Date;
      readonly filings: Readonly<Partial<Record<FilingBody, FilingState>>>;
      readonly cleanUps: readonly { readonly cleanUp: string; readonly outcome: CleanUpOutcome; readonly decidedAt: Date }[];
      readonly repealedAt?: Date;
    };

export type RegisteredDocument = Exclude<NormativeDocumentState, { status: 'none' }>;

const addYears = (date: Date, years: number) => {
  const next = new Date(date.getTime());
  next.setUTCFullYear(next.getUTCFullYear() + years);
  return next;
};
const validDate = (date: Date | undefined) => date instanceof Date && !Number.isNaN(date.getTime());

function dateViolations(fields: Record<string, Date | undefined>): Violation[] {
  return Object.entries(fields)
    .filter(([, date]) => !validDate(date))
    .map(([field]) => ({ field, code: 'DATE_INVALID', message: '日期无效' }));
}

function validityViolations(field: string, from: Date, until: Date): Violation[] {
  if (until.getTime() <= from.getTime()) return [{ field, code: 'VALIDITY_ENDS_BEFORE_START', message: '有效期截止日应晚于施行日' }];
  if (until.getTime() > addYears(from, MAX_VALIDITY_YEARS).getTime()) {
    return [{ field, code: 'VALIDITY_TOO_LONG', message: `规范性文件有效期不得超过 ${MAX_VALIDITY_YEARS} 年` }];
  }
  return [];
}

function registered(state: NormativeDocumentState, documentId: string): RegisteredDocument {
  if (state.status === 'none') throw new NotFoundError('NORMATIVE_DOCUMENT_NOT_FOUND', `规范性文件 ${documentId} 未登记`);
  return state;
}

function notRepealed(state: RegisteredDocument): void {
  if (state.status === 'repealed') throw new ConflictError('NORMATIVE_DOCUMENT_REPEALED', `《${state.title}》已废止`);
}

function decide(command: NormativeDocumentCommand, state: NormativeDocumentState): readonly NormativeDocumentEvent[] {
  switch (command.type) {
    case 'RegisterNormativeDocument': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('NORMATIVE_DOCUMENT_ALREADY_REGISTERED', `规范性文件 ${d.documentId} 已登记`);
      const violations: Violation[] = [
        ...idViolations('documentId', d.documentId, '规范性文件'),
        ...(isCountyCode(d.countyCode)
          ? []
          : [{ field: 'countyCode', code: 'COUNTY_CODE_FORMAT', message: '须为 6 位行政区划代码（GB/T 2260）' }]),
        ...requiredText('issuer', d.issuer, '制定机关', 'ISSUER', MAX_SHORT_TEXT),
        ...requiredText('documentNumber', d.documentNumber, '文号', 'DOCUMENT_NUMBER', MAX_SHORT_TEXT),
        ...requiredText('title', d.title, '文件名称', 'TITLE', MAX_SHORT_TEXT),
        ...requiredText('registeredBy', d.registeredBy, '登记人', 'REGISTERED_BY', MAX_SHORT_TEXT),
        ...dateViolations({ issuedAt: d.issuedAt, effectiveFrom: d.effectiveFrom, validUntil: d.validUntil }),
      ];
      if (violations.length === 0) {
        if (chinaDayIndex(d.effectiveFrom) < chinaDayIndex(d.issuedAt)) {
          violations.push({ field: 'effectiveFrom', code: 'EFFECTIVE_BEFORE_ISSUE', message: '施行日期不能早于印发日期' });
        }
        violations.push(...validityViolations('validUntil', d.effectiveFrom, d.validUntil));
      }
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'NormativeDocumentRegistered', data: { ...d } }];
    }
    case 'FileNormativeDocument': {
      const d = command.data;
      const document = registered(state, d.documentId);
      notRepealed(document);
      const body = FILING_BODIES[d.filedWith];
      if (!body)
        throw ValidationError.of(
          'filedWith',
          'FILING_BODY_UNKNOWN',
          '备案机关应为 government（人民政府）或 standing_committee（人大常委会）',
        );
      const previous = document.filings[d.filedWith];
      if (previous && previous.review !== 'corrected') {
        throw new ConflictError('ALREADY_FILED', `《${document.title}》已向${body}备案（${previous.filingNumber}）`);
      }
      const violations = [
        ...requiredText('recipient', d.recipient, '备案机关名称', 'RECIPIENT', MAX_SHORT_TEXT),
        ...requiredText('filingNumber', d.filingNumber, '备案号', 'FILING_NUMBER', MAX_SHORT_TEXT),
        ...dateViolations({ filedAt: d.filedAt }),
      ];
      if (violations.length === 0 && chinaDayIndex(d.filedAt) < chinaDayIndex(document.filingFrom)) {
        violations.push({ field: 'filedAt', code: 'FILED_BEFORE_ISSUE', message: '备案日期不能早于印发（修订）日期' });
      }
      if (violations.length > 0) throw new ValidationError(violations);
      const late = d.filedAt.getTime() >= filingDueAt(document.filingFrom).getTime();
      return [{ type: 'NormativeDocumentFiled', data: { ...d, late } }];
    }
    case 'ReviewNormativeDocument': {
      const d = command.data;
      const document = registered(state, d.documentId);
      notRepealed(document);
      const filing = document.filings[d.reviewedBy];
      const body = FILING_BODIES[d.reviewedBy] ?? d.reviewedBy;
      if (!filing || filing.review === 'corrected')
        throw new ConflictError('NOT_FILED', `《${document.title}》尚未向${body}备案，不能审查`);
      if (filing.review !== 'pending') throw new ConflictError('ALREADY_REVIEWED', `${body}已对《${document.title}》作出审查结论`);
      const violations = dateViolations({ reviewedAt: d.reviewedAt });
      if (d.outcome !== 'passed' && d.outcome !== 'returned') {
        violations.push({
          field: 'outcome',
          code: 'REVIEW_OUTCOME_UNKNOWN',
          message: '审查结论应为 passed（通过）或 returned（退回纠正）',
        });
      }
      if (d.outcome === 'returned') violations.push(...requiredText('opinion', d.opinion, '退回纠正的审查意见', 'OPINION'));
      if (violations.length === 0 && d.reviewedAt.getTime() < filing.filedAt.getTime()) {
        violations.push({ field: 'reviewedAt', code: 'REVIEWED_BEFORE_FILING', message: '审查时间不能早于备案时间' });
      }
      if (violations.length > 0) throw new ValidationError(violations);
      const data = { documentId: d.documentId, reviewedBy: d.reviewedBy, opinion: d.opinion, reviewedAt: d.reviewedAt };
      return [
        d.outcome === 'passed' ? { type: 'NormativeDocumentReviewPassed', data } : { type: 'NormativeDocumentReturnedForCorrection', data },
      ];
    }
    case 'CorrectNormativeDocument': {
      const d = command.data;
      const document = registered(state, d.documentId);
      notRepealed(document);
      if (!Object.values(document.filings).some((f) => f?.review === 'returned')) {
        throw new ConflictError('NOTHING_TO_CORRECT', `《${document.title}》没有被退回纠正`);
      }
      const violations = [...requiredText('summary', d.summary, '纠正情况', 'SUMMARY'), ...dateViolations({ correctedAt: d.correctedAt })];
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'NormativeDocumentCorrected', data: { ...d } }];
    }
    case 'CleanUpNormativeDocument': {
      const d = command.data;
      const document = registered(state, d.documentId);
      notRepealed(document);
      const violations = [
        ...requiredText('cleanUp', d.cleanUp, '清理批次', 'CLEAN_UP', MAX_SHORT_TEXT),
        ...requiredText('reason', d.reason, '清理理由', 'REASON'),
        ...dateViolations({ decidedAt: d.decidedAt }),
      ];
      if (d.outcome === 'repealed' && d.validUntil !== undefined) {
        violations.push({ field: 'validUntil', code: 'REPEALED_WITH_VALIDITY', message: '废止的文件不再有有效期' });
      }
      if (d.outcome === 'amended' && d.validUntil === undefined) {
        violations.push({ field: 'validUntil', code: 'FIELD_REQUIRED', message: '修订的文件须写明新的有效期' });
      }
      if (!['kept', 'amended', 'repealed'].includes(d.outcome)) {
        violations.push({
          field: 'outcome',
          code: 'CLEAN_UP_OUTCOME_UNKNOWN',
          message: '清理结论应为 kept（继续有效）、amended（修订）或 repealed（废止）',
        });
      }
      if (violations.length === 0 && d.validUntil !== undefined) {
        violations.push(
          ...(validDate(d.validUntil)
            ? validityViolations('validUntil', d.decidedAt, d.validUntil)
            : dateViolations({ validUntil: d.validUntil })),
        );
      }
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'NormativeDocumentCleanedUp', data: { ...d } }];
    }
    default:
      return assertNever(command, 'normative document command');
  }
}

function mapFilings(filings: RegisteredDocument['filings'], change: (filing: FilingState) => FilingState): RegisteredDocument['filings'] {
  return Object.fromEntries(Object.entries(filings).map(([body, filing]) => [body, filing ? change(filing) : filing]));
}

function evolve(state: NormativeDocumentState, event: NormativeDocumentEvent): NormativeDocumentState {
  if (event.type === 'NormativeDocumentRegistered') {
    const { registeredBy: _registeredBy, ...d } = event.data;
    return { status: 'in_force', ...d, filingFrom: d.issuedAt, filings: {}, cleanUps: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'NormativeDocumentFiled': {
      const { recipient, filingNumber, filedAt, late } = event.data;
      return {
        ...state,
        filings: { ...state.filings, [event.data.filedWith]: { recipient, filingNumber, filedAt, late, review: 'pending' } },
      };
    }
    case 'NormativeDocumentReviewPassed':
    case 'NormativeDocumentReturnedForCorrection': {
      const filing = state.filings[event.data.reviewedBy];
      if (!filing) return state;
      const review = event.type === 'NormativeDocumentReviewPassed' ? 'passed' : 'returned';
      return { ...state, filings: { ...state.filings, [event.data.reviewedBy]: { ...filing, review } } };
    }
    case 'NormativeDocumentCorrected':
      return { ...state, filings: mapFilings(state.filings, (f) => (f.review === 'returned' ? { ...f, review: 'corrected' } : f)) };
    case 'NormativeDocumentCleanedUp': {
      const { cleanUp, outcome, decidedAt, validUntil } = event.data;
      const cleanUps = [...state.cleanUps, { cleanUp, outcome, decidedAt }];
      switch (outcome) {
        case 'kept':
          return { ...state, cleanUps, validUntil: validUntil ?? state.validUntil };
        case 'amended':
          // The amended text is a new text: it is filed again within 30 days of the amendment.
          return { ...state, cleanUps, validUntil: validUntil ?? state.validUntil, filingFrom: decidedAt, filings: {} };
        case 'repealed':
          return { ...state, cleanUps, status: 'repealed', repealedAt: decidedAt };
        default:
          return assertNever(outcome, 'clean-up outcome');
      }
    }
    default:
      return assertNever(event, 'normative document event');
  }
}

export const normativeDocumentDecider: Decider<NormativeDocumentCommand, NormativeDocumentEvent, NormativeDocumentState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
