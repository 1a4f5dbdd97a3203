import { ConflictError, ForbiddenError, NotFoundError, ValidationError, assertNever, type Decider } from '@lesp/core';
import type { DecisionDisclosureEvent, publicDisclosureEventsV1 } from '@lesp/contracts';
import type { MaskedTarget } from '../masking.js';

export type { DecisionDisclosureEvent };

/**
 * One decision's disclosure (执法决定公示), aggregate id = the act id. Pure: time, reviewer and
 * retention come with the command. Who enforces, publishes (谁执法谁公示): the owning agency's
 * reviewer approves (保密审查) or refuses, unless the entry publishes itself at the configured
 * point (the decision, or its service 送达); the legal deadline runs either way (supervision).
 */

/** Where an entry publishes itself without a reviewer: at the decision, at its service, or never. */
export type AutoPublishPoint = 'decision' | 'service' | '';
export const AUTO_PUBLISH_POINTS: readonly AutoPublishPoint[] = ['decision', 'service', ''];

/** Entries come down after this many years from publication (one district's rule: 5, 2 for natural persons). */
export interface RetentionPolicy {
  readonly years: number;
  readonly naturalPersonYears: number;
}

/** What case intake's decision becomes, already masked. */
export interface DecisionForDisclosure {
  readonly actId: string;
  readonly agencyId: string;
  readonly category: string;
  readonly caseNumber: string;
  readonly title: string;
  readonly itemCode: string;
  readonly target: MaskedTarget;
  readonly decisionNumber: string;
  readonly outcome: string;
  readonly legalBasis: string;
  readonly content: string;
  readonly fineFen: number;
  readonly confiscationFen: number;
  readonly decidedAt: Date;
}

export type ReviewVia = 'reconsideration' | 'litigation';

export type DisclosureCommand =
  | {
      readonly type: 'RecordDecision';
      readonly decision: DecisionForDisclosure;
      readonly autoPublishPoint: AutoPublishPoint;
      readonly at: Date;
      readonly retention: RetentionPolicy;
    }
  /** A step of the act happened that may be the configured point (the decision's service). */
  | {
      readonly type: 'ReachPublicationPoint';
      readonly point: Exclude<AutoPublishPoint, ''>;
      readonly at: Date;
      readonly retention: RetentionPolicy;
    }
  | {
      readonly type: 'ApproveDisclosure';
      readonly agencyId: string;
      readonly reviewer: string;
      readonly at: Date;
      readonly retention: RetentionPolicy;
    }
  | { readonly type: 'RefuseDisclosure'; readonly agencyId: string; readonly reviewer: string; readonly reason: string; readonly at: Date }
  | { readonly type: 'WithdrawDecision'; readonly agencyId: string; readonly by: string; readonly reason: string; readonly at: Date }
  /** 典型案例: the owning agency marks a published decision as a typical case, with its lesson. */
  | { readonly type: 'MarkTypicalCase'; readonly agencyId: string; readonly by: string; readonly note: string; readonly at: Date }
  /** 行政复议 / 行政诉讼 outcome of case intake: upheld, revoked, changed, confirmed_illegal, dismissed. */
  | { readonly type: 'RecordReviewOutcome'; readonly via: ReviewVia; readonly body: string; readonly outcome: string; readonly at: Date };

export type DisclosureStatus = 'pending' | 'published' | 'refused' | 'withdrawn';

export type DisclosureState =
  | { readonly status: 'none' }
  | {
      readonly status: DisclosureStatus;
      readonly actId: string;
      readonly agencyId: string;
      readonly category: string;
      readonly decidedAt: Date;
      readonly naturalPerson: boolean;
      readonly autoPublishPoint: AutoPublishPoint;
      /** The entry as recorded: what a publication shows. */
      readonly entry: publicDisclosureEventsV1.DecisionRecordedForDisclosure;
      readonly correction?: { readonly note: string; readonly at: Date };
    };

type Existing = Exclude<DisclosureState, { status: 'none' }>;

export const MAX_REASON = 500;
export const MAX_NOTE = 1000;
const REVOKED = new Set(['revoked']);
const CORRECTED = new Set(['changed', 'confirmed_illegal']);

/** 行政处罚、行政许可 7 working days; other decisions 20. */
export function disclosureDeadlineWorkingDays(category: string): number {
  return category === 'penalty' || category === 'licensing' ? 7 : 20;
}

/** publishedAt + the policy's years (calendar years, UTC; 29 February falls to 1 March). */
export function retainUntil(publishedAt: Date, naturalPerson: boolean, retention: RetentionPolicy): Date {
  const until = new Date(publishedAt.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + (naturalPerson ? retention.naturalPersonYears : retention.years));
  return until;
}

function decide(command: DisclosureCommand, state: DisclosureState): readonly DecisionDisclosureEvent[] {
  switch (command.type) {
    case 'RecordDecision': {
      // A decision is recorded once; a redelivered one records nothing.
      if (state.status !== 'none') return [];
      const d = command.decision;
      const recorded: DecisionDisclosureEvent = {
        type: 'DecisionRecordedForDisclosure',
        data: {
          actId: d.actId,
          agencyId: d.agencyId,
          category: d.category,
          caseNumber: d.caseNumber,
          title: d.title,
          itemCode: d.itemCode,
          target: { ...d.target },
          decisionNumber: d.decisionNumber,
          outcome: d.outcome,
          legalBasis: d.legalBasis,
          content: d.content,
          fineFen: d.fineFen,
          confiscationFen: d.confiscationFen,
          decidedAt: d.decidedAt,
          deadlineWorkingDays: disclosureDeadlineWorkingDays(d.category),
          autoPublishPoint: command.autoPublishPoint,
        },
      };
      if (command.autoPublishPoint !== 'decision') return [recorded];
      const after = evolve(state, recorded) as Existing;
      return [recorded, published(after, command.at, 'automatic', '', command.retention)];
    }
    case 'ReachPublicationPoint': {
      if (state.status !== 'pending' || state.autoPublishPoint !== command.point) return [];
      return [published(state, command.at, 'automatic', '', command.retention)];
    }
    case 'ApproveDisclosure': {
      const current = ownEntry(state, command.agencyId);
      if (current.status === 'published') throw new ConflictError('DISCLOSURE_ALREADY_PUBLISHED', '该执法决定已公示');
      if (current.status === 'refused') throw new ConflictError('DISCLOSURE_REFUSED', '该执法决定经保密审查不予公开，不能再公示');
      if (current.status === 'withdrawn') throw new ConflictError('DISCLOSURE_WITHDRAWN', '该执法决定已撤回，不能再公示');
      return [published(current, command.at, 'reviewer', command.reviewer, command.retention)];
    }
    case 'RefuseDisclosure': {
      const current = ownEntry(state, command.agencyId);
      const reason = checkedReason(command.reason, '不予公开的理由');
      if (current.status !== 'pending') {
        throw new ConflictError('DISCLOSURE_NOT_PENDING', '只有待保密审查的执法决定可以决定不予公开');
      }
      return [{ type: 'DisclosureRefused', data: { actId: current.actId, reason, refusedBy: command.reviewer, refusedAt: command.at } }];
    }
    case 'WithdrawDecision': {
      const current = ownEntry(state, command.agencyId);
      const reason = checkedReason(command.reason, '撤回理由');
      if (current.status === 'withdrawn') throw new ConflictError('DISCLOSURE_ALREADY_WITHDRAWN', '该执法决定公示已撤回');
      if (current.status === 'refused') throw new ConflictError('DISCLOSURE_REFUSED', '该执法决定经保密审查不予公开，没有可撤回的公示');
      return [withdrawn(current, 'agency', reason, '', command.by, command.at)];
    }
    case 'MarkTypicalCase': {
      const current = ownEntry(state, command.agencyId);
      const note = command.note.trim();
      if (note === '') throw ValidationError.of('note', 'NOTE_REQUIRED', '请填写典型案例说明');
      if ([...note].length > MAX_NOTE) throw ValidationError.of('note', 'NOTE_TOO_LONG', `典型案例说明不能超过 ${MAX_NOTE} 个字`);
      if (current.status !== 'published') throw new ConflictError('DISCLOSURE_NOT_PUBLISHED', '只有已公示的执法决定可以列为典型案例');
      return [{ type: 'DecisionMarkedTypical', data: { actId: current.actId, note, markedBy: command.by, markedAt: command.at } }];
    }
    case 'RecordReviewOutcome': {
      // Outcomes of decisions never recorded here, or of entries already down, change nothing.
      if (state.status === 'none' || state.status === 'withdrawn' || state.status === 'refused') return [];
      const via = command.via === 'reconsideration' ? '行政复议' : '行政诉讼';
      const body = command.body.trim();
      if (REVOKED.has(command.outcome)) {
        return [withdrawn(state, command.via, `经${via}撤销`, body, '', command.at)];
      }
      if (CORRECTED.has(command.outcome)) {
        const what = command.outcome === 'changed' ? '变更' : '确认违法';
        const note = `该决定已于 ${chinaDay(command.at)} 经${via}${body === '' ? '' : `（${body}）`}${what}。`;
        return [
          {
            type: 'DecisionCorrected',
            data: { actId: state.actId, cause: command.via, outcome: command.outcome, body, note, correctedAt: command.at },
          },
        ];
      }
      return [];
    }
    default:
      return assertNever(command, 'disclosure command');
  }
}

function evolve(state: DisclosureState, event: DecisionDisclosureEvent): DisclosureState {
  switch (event.type) {
    case 'DecisionRecordedForDisclosure':
      return {
        status: 'pending',
        actId: event.data.actId,
        agencyId: event.data.agencyId,
        category: event.data.category,
        decidedAt: event.data.decidedAt ?? new Date(0),
        naturalPerson: event.data.target?.kind === 'natural_person',
        autoPublishPoint: asPoint(event.data.autoPublishPoint),
        entry: event.data,
      };
    case 'DecisionPublished':
      return state.status === 'none' ? state : { ...state, status: 'published' };
    case 'DisclosureRefused':
      return state.status === 'none' ? state : { ...state, status: 'refused' };
    case 'DecisionWithdrawn':
      return state.status === 'none' ? state : { ...state, status: 'withdrawn' };
    case 'DecisionCorrected':
      return state.status === 'none'
        ? state
        : { ...state, correction: { note: event.data.note, at: event.data.correctedAt ?? new Date(0) } };
    case 'DecisionMarkedTypical':
      return state;
    default:
      return assertNever(event, 'disclosure event');
  }
}

function published(
  state: Existing,
  at: Date,
  mode: 'automatic' | 'reviewer',
  reviewer: string,
  retention: RetentionPolicy,
): DecisionDisclosureEvent {
  return {
    type: 'DecisionPublished',
    data: {
      actId: state.actId,
      agencyId: state.agencyId,
      category: state.category,
      decidedAt: state.decidedAt,
      publishedAt: at,
      mode,
      reviewedBy: reviewer,
      retainUntil: retainUntil(at, state.naturalPerson, retention),
      entry: state.entry,
      correctionNote: state.correction?.note ?? '',
      correctedAt: state.correction?.at,
    },
  };
}

function withdrawn(state: Existing, cause: string, reason: string, body: string, by: string, at: Date): DecisionDisclosureEvent {
  return {
    type: 'DecisionWithdrawn',
    data: { actId: state.actId, cause, reason, body, withdrawnBy: by, withdrawnAt: at, wasPublished: state.status === 'published' },
  };
}

function ownEntry(state: DisclosureState, agencyId: string): Existing {
  if (state.status === 'none') throw new NotFoundError('DISCLOSURE_NOT_FOUND', '没有该执法决定的公示条目（尚未作出决定或不存在）');
  if (state.agencyId !== agencyId)
    throw new ForbiddenError('DISCLOSURE_NOT_OWN_AGENCY', 'agencyId：该执法决定不属于本执法主体，谁执法谁公示');
  return state;
}

function checkedReason(reason: string, what: string): string {
  const text = reason.trim();
  if (text === '') throw ValidationError.of('reason', 'REASON_REQUIRED', `请填写${what}`);
  if ([...text].length > MAX_REASON) throw ValidationError.of('reason', 'REASON_TOO_LONG', `${what}不能超过 ${MAX_REASON} 个字`);
  return text;
}

function asPoint(value: string): AutoPublishPoint {
  return value === 'decision' || value === 'service' ? value : '';
}

/** YYYY-MM-DD in China Standard Time (UTC+8, no daylight saving). */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const decisionDisclosureDecider: Decider<DisclosureCommand, DecisionDisclosureEvent, DisclosureState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
