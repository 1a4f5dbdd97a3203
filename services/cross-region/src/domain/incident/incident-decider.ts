import type { CrossBorderIncidentEventV1 } from '@lesp/contracts';
import { ConflictError, ForbiddenError, NotFoundError, assertNever, type Decider, type Violation } from '@lesp/core';
import { currentMembers, requireInForceMember, type AgreementState } from '../agreement/agreement-decider.js';
import {
  MAX_SHORT_TEXT,
  check,
  countyListViolations,
  countyViolations,
  dateViolations,
  notAMember,
  notBefore,
  requiredText,
  optionalText,
} from '../shared/rules.js';

export type IncidentEvent = CrossBorderIncidentEventV1;

export const JURISDICTION_BASES = { meeting: '联席会议决定', consent: '成员协商一致' } as const;
export type JurisdictionBasis = keyof typeof JURISDICTION_BASES;

/**
 * Commands on one cross-border incident (跨界事件). The agreement comes with the command as
 * it stands (its state folded by the application), so the decider judges membership purely.
 */
export type IncidentCommand =
  | {
      readonly type: 'ReportIncident';
      readonly data: {
        readonly incidentId: string;
        readonly agreement: AgreementState;
        /** The reporting county, which the incident's stream belongs to. */
        readonly countyCode: string;
        readonly locationCounty: string;
        readonly title: string;
        readonly description: string;
        readonly occurredAt: Date;
        readonly reportedBy: string;
        readonly reportedAt: Date;
      };
    }
  | {
      readonly type: 'DecideJurisdiction';
      readonly data: {
        readonly agreement: AgreementState;
        /** The county recording the decision: a member. */
        readonly countyCode: string;
        readonly handlingCounty: string;
        readonly supervisingCounties: readonly string[];
        readonly basis: JurisdictionBasis;
        /** With basis "meeting": the joint meeting that decided, held, of this agreement. */
        readonly meeting?: { readonly meetingId: string; readonly agreementId: string; readonly held: boolean };
        /** With basis "consent": every current member. */
        readonly consentingCounties: readonly string[];
        readonly decidedAt: Date;
      };
    }
  | {
      readonly type: 'LinkAct';
      readonly data: {
        readonly countyCode: string;
        readonly actId: string;
        /** The county whose act it is, as this service's read model of case intake knows it. */
        readonly actCounty: string;
        readonly linkedBy: string;
        readonly linkedAt: Date;
      };
    }
  | {
      readonly type: 'AddSupervisionOpinion';
      readonly data: {
        readonly agreement: AgreementState;
        readonly countyCode: string;
        readonly opinionId: string;
        /** A linked act the opinion is about, or "" for the incident as a whole. */
        readonly actId: string;
        readonly opinion: string;
        readonly addedBy: string;
        readonly addedAt: Date;
      };
    }
  | {
      readonly type: 'ConsentToClose';
      readonly data: {
        readonly agreement: AgreementState;
        readonly countyCode: string;
        readonly note: string;
        readonly consentedBy: string;
        readonly consentedAt: Date;
      };
    };

export type IncidentStatus = 'reported' | 'assigned' | 'closed';

export type IncidentState =
  | { readonly status: 'none' }
  | {
      readonly status: IncidentStatus;
      readonly incidentId: string;
      readonly agreementId: string;
      readonly agreementCounty: string;
      readonly countyCode: string;
      readonly locationCounty: string;
      readonly title: string;
      readonly reportedAt: Date;
      readonly handlingCounty?: string;
      readonly supervisingCounties: readonly string[];
      readonly decidedAt?: Date;
      readonly linkedActIds: readonly string[];
      readonly opinionIds: readonly string[];
      readonly closureConsents: readonly string[];
      readonly closedAt?: Date;
    };

export type ExistingIncident = Exclude<IncidentState, { status: 'none' }>;

function existing(state: IncidentState): ExistingIncident {
  if (state.status === 'none') throw new NotFoundError('INCIDENT_NOT_FOUND', '跨界事件不存在');
  return state;
}

function open(state: ExistingIncident): void {
  if (state.status === 'closed') throw new ConflictError('INCIDENT_CLOSED', `跨界事件“${state.title}”已办结`);
}

function assigned(state: ExistingIncident): asserts state is ExistingIncident & { handlingCounty: string } {
  if (state.handlingCounty === undefined) throw new ConflictError('JURISDICTION_NOT_DECIDED', `跨界事件“${state.title}”尚未确定管辖`);
}

function sameAgreement(incident: ExistingIncident, agreement: AgreementState): void {
  if (agreement.status === 'none' || agreement.agreementId !== incident.agreementId) {
    throw new Error(`incident ${incident.incidentId} judged against another agreement`);
  }
}

/** The counties that handle or supervise the incident. */
export function involvedCounties(state: IncidentState): readonly string[] {
  if (state.status === 'none' || state.handlingCounty === undefined) return [];
  return [state.handlingCounty, ...state.supervisingCounties];
}

function decide(command: IncidentCommand, state: IncidentState): readonly IncidentEvent[] {
  switch (command.type) {
    case 'ReportIncident': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('INCIDENT_EXISTS', '跨界事件已报告');
      const agreement = requireInForceMember(d.agreement, d.countyCode);
      check([
        ...countyViolations('locationCounty', d.locationCounty),
        ...requiredText('title', d.title, '事件名称', MAX_SHORT_TEXT),
        ...requiredText('description', d.description, '事件情况'),
        ...dateViolations('occurredAt', d.occurredAt, '发生时间'),
        ...dateViolations('reportedAt', d.reportedAt, '报告时间'),
      ]);
      if (!currentMembers(agreement).includes(d.locationCounty)) throw notAMember(d.locationCounty, `合作协议“${agreement.name}”`);
      return [
        {
          type: 'IncidentReported',
          data: {
            incidentId: d.incidentId,
            agreementId: agreement.agreementId,
            agreementCounty: agreement.countyCode,
            countyCode: d.countyCode,
            locationCounty: d.locationCounty,
            title: d.title.trim(),
            description: d.description,
            occurredAt: d.occurredAt,
            reportedBy: d.reportedBy,
            reportedAt: d.reportedAt,
          },
        },
      ];
    }
    case 'DecideJurisdiction': {
      const d = command.data;
      const incident = existing(state);
      open(incident);
      sameAgreement(incident, d.agreement);
      if (incident.handlingCounty !== undefined)
        throw new ConflictError('JURISDICTION_ALREADY_DECIDED', `跨界事件“${incident.title}”已确定管辖`);
      const agreement = requireInForceMember(d.agreement, d.countyCode);
      const members = currentMembers(agreement);
      const violations: Violation[] = [
        ...countyViolations('handlingCounty', d.handlingCounty),
        ...countyListViolations('supervisingCounties', d.supervisingCounties, '联合监督区县', 1),
        ...dateViolations('decidedAt', d.decidedAt, '决定时间'),
        ...notBefore('decidedAt', d.decidedAt, incident.reportedAt, '报告时间'),
      ];
      if (d.supervisingCounties.includes(d.handlingCounty)) {
        violations.push({
          field: 'supervisingCounties',
          code: 'HANDLING_ALSO_SUPERVISING',
          message: '管辖区县不能同时是联合监督区县',
        });
      }
      [d.handlingCounty, ...d.supervisingCounties].forEach((county, i) => {
        if (violations.length === 0 && !members.includes(county)) {
          violations.push({
            field: i === 0 ? 'handlingCounty' : `supervisingCounties[${i - 1}]`,
            code: 'NOT_AGREEMENT_MEMBER',
            message: `区县 ${county} 不是协议成员`,
          });
        }
      });
      if (d.basis === 'consent') {
        const missing = members.filter((m) => !d.consentingCounties.includes(m));
        if (missing.length > 0) {
          violations.push({
            field: 'consentingCounties',
            code: 'CONSENT_INCOMPLETE',
            message: `协商确定管辖须全体成员同意，缺少 ${missing.join('、')}`,
          });
        }
      } else if (d.basis === 'meeting') {
        if (!d.meeting) violations.push({ field: 'meetingId', code: 'MEETING_REQUIRED', message: '由联席会议决定时须指明会议' });
        else if (d.meeting.agreementId !== incident.agreementId || !d.meeting.held) {
          violations.push({ field: 'meetingId', code: 'MEETING_NOT_HELD', message: '须是本协议已召开的联席会议' });
        }
      } else {
        violations.push({
          field: 'basis',
          code: 'BASIS_UNKNOWN',
          message: '应为 meeting（联席会议决定）或 consent（成员协商一致）',
        });
      }
      check(violations);
      return [
        {
          type: 'JurisdictionDecided',
          data: {
            incidentId: incident.incidentId,
            handlingCounty: d.handlingCounty,
            supervisingCounties: [...d.supervisingCounties],
            basis: d.basis,
            meetingId: d.basis === 'meeting' ? (d.meeting?.meetingId ?? '') : '',
            consentingCounties: d.basis === 'consent' ? [...d.consentingCounties] : [],
            decidedByCounty: d.countyCode,
            decidedAt: d.decidedAt,
          },
        },
      ];
    }
    case 'LinkAct': {
      const d = command.data;
      const incident = existing(state);
      open(incident);
      assigned(incident);
      if (d.countyCode !== incident.handlingCounty) {
        throw new ForbiddenError('NOT_HANDLING_COUNTY', `只有管辖区县 ${incident.handlingCounty} 可以关联本事件的执法行为`);
      }
      if (d.actCounty !== incident.handlingCounty) throw new ForbiddenError('ACT_OF_OTHER_COUNTY', '只能关联管辖区县自己的执法行为');
      check(dateViolations('linkedAt', d.linkedAt, '关联时间'));
      if (incident.linkedActIds.includes(d.actId)) return [];
      return [
        {
          type: 'IncidentActLinked',
          data: { incidentId: incident.incidentId, actId: d.actId, countyCode: d.countyCode, linkedBy: d.linkedBy, linkedAt: d.linkedAt },
        },
      ];
    }
    case 'AddSupervisionOpinion': {
      const d = command.data;
      const incident = existing(state);
      open(incident);
      assigned(incident);
      sameAgreement(incident, d.agreement);
      requireInForceMember(d.agreement, d.countyCode);
      if (!incident.supervisingCounties.includes(d.countyCode)) {
        throw new ForbiddenError('NOT_SUPERVISING_COUNTY', `区县 ${d.countyCode} 不是本事件的联合监督区县`);
      }
      check([
        ...requiredText('opinion', d.opinion, '监督意见'),
        ...(d.actId !== '' && !incident.linkedActIds.includes(d.actId)
          ? [{ field: 'actId', code: 'ACT_NOT_LINKED', message: '该执法行为未关联到本事件' }]
          : []),
        ...dateViolations('addedAt', d.addedAt, '提出时间'),
      ]);
      if (incident.opinionIds.includes(d.opinionId)) return [];
      return [
        {
          type: 'SupervisionOpinionAdded',
          data: {
            incidentId: incident.incidentId,
            opinionId: d.opinionId,
            countyCode: d.countyCode,
            actId: d.actId,
            opinion: d.opinion,
            addedBy: d.addedBy,
            addedAt: d.addedAt,
          },
        },
      ];
    }
    case 'ConsentToClose': {
      const d = command.data;
      const incident = existing(state);
      open(incident);
      assigned(incident);
      sameAgreement(incident, d.agreement);
      requireInForceMember(d.agreement, d.countyCode);
      const involved = involvedCounties(incident);
      if (!involved.includes(d.countyCode))
        throw new ForbiddenError('NOT_INVOLVED_COUNTY', `区县 ${d.countyCode} 不是本事件的管辖或联合监督区县`);
      check([...optionalText('note', d.note, '说明'), ...dateViolations('consentedAt', d.consentedAt, '同意时间')]);
      if (incident.closureConsents.includes(d.countyCode)) return [];
      const consented: IncidentEvent = {
        type: 'IncidentClosureConsented',
        data: {
          incidentId: incident.incidentId,
          countyCode: d.countyCode,
          note: d.note,
          consentedBy: d.consentedBy,
          consentedAt: d.consentedAt,
        },
      };
      // Counties that left the agreement no longer have a say.
      const members = currentMembers(d.agreement);
      const outstanding = involved.filter((c) => members.includes(c) && c !== d.countyCode && !incident.closureConsents.includes(c));
      return outstanding.length === 0
        ? [consented, { type: 'IncidentClosed', data: { incidentId: incident.incidentId, closedAt: d.consentedAt } }]
        : [consented];
    }
    default:
      return assertNever(command, 'incident command');
  }
}

function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  if (event.type === 'IncidentReported') {
    const d = event.data;
    return {
      status: 'reported',
      incidentId: d.incidentId,
      agreementId: d.agreementId,
      agreementCounty: d.agreementCounty,
      countyCode: d.countyCode,
      locationCounty: d.locationCounty,
      title: d.title,
      reportedAt: d.reportedAt ?? new Date(0),
      supervisingCounties: [],
      linkedActIds: [],
      opinionIds: [],
      closureConsents: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'JurisdictionDecided':
      return {
        ...state,
        status: 'assigned',
        handlingCounty: event.data.handlingCounty,
        supervisingCounties: event.data.supervisingCounties,
        decidedAt: event.data.decidedAt!,
      };
    case 'IncidentActLinked':
      return { ...state, linkedActIds: [...state.linkedActIds, event.data.actId] };
    case 'SupervisionOpinionAdded':
      return { ...state, opinionIds: [...state.opinionIds, event.data.opinionId] };
    case 'IncidentClosureConsented':
      return { ...state, closureConsents: [...state.closureConsents, event.data.countyCode] };
    case 'IncidentClosed':
      return { ...state, status: 'closed', closedAt: event.data.closedAt! };
    default:
      return assertNever(event, 'incident event');
  }
}

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
