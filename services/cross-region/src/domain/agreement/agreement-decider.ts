import type { AgreementEventV1, crossRegionEventsV1 } from '@lesp/contracts';
import { ConflictError, NotFoundError, assertNever, type Decider, type Violation } from '@lesp/core';
import {
  MAX_SHORT_TEXT,
  check,
  countyListViolations,
  countyViolations,
  dataKindViolations,
  dateViolations,
  notAMember,
  notBefore,
  requiredText,
  textListViolations,
  type DataKind,
} from '../shared/rules.js';
import { agreementYearOn, type AgreementYear } from './agreement-calendar.js';

export type AgreementEvent = AgreementEventV1;
type SharedData = crossRegionEventsV1.SharedData;

export interface AgreementScope {
  readonly name: string;
  /** Enforcement fields covered, e.g. 生态环境. */
  readonly fields: readonly string[];
  /** What each member shares with the others. */
  readonly sharedData: readonly { readonly countyCode: string; readonly dataKinds: readonly DataKind[] }[];
  readonly rulePacks: readonly string[];
}

/** Commands on one agreement (合作框架协议). Time and ids come with the command. */
export type AgreementCommand =
  | {
      readonly type: 'ProposeAgreement';
      readonly data: AgreementScope & {
        readonly agreementId: string;
        /** The proposing county, which the agreement's stream belongs to; a member. */
        readonly countyCode: string;
        /** Members in the order the joint supervision group's lead rotates. */
        readonly members: readonly string[];
        /** The order the yearly joint meeting is hosted in (a permutation of the members). */
        readonly hostOrder: readonly string[];
        readonly effectiveFrom: Date;
        readonly proposedBy: string;
        readonly proposedAt: Date;
      };
    }
  | { readonly type: 'SignAgreement'; readonly data: { readonly countyCode: string; readonly signedBy: string; readonly signedAt: Date } }
  | {
      readonly type: 'AdmitMember';
      readonly data: {
        /** The member county admitting the new one. */
        readonly admittedBy: string;
        readonly countyCode: string;
        readonly dataKinds: readonly DataKind[];
        readonly joinedAt: Date;
      };
    }
  | { readonly type: 'LeaveAgreement'; readonly data: { readonly countyCode: string; readonly reason: string; readonly leftAt: Date } }
  | {
      readonly type: 'AmendAgreement';
      readonly data: AgreementScope & {
        readonly amendedBy: string;
        readonly summary: string;
        readonly leadOrder: readonly string[];
        readonly hostOrder: readonly string[];
        readonly amendedAt: Date;
      };
    }
  | { readonly type: 'EndAgreement'; readonly data: { readonly endedBy: string; readonly reason: string; readonly endedAt: Date } };

export interface Member {
  readonly countyCode: string;
  readonly dataKinds: readonly string[];
  readonly signedAt?: Date;
  readonly joinedAt?: Date;
  readonly leftAt?: Date;
}

/** The rotation orders from an instant on (membership changes and amendments start a new one). */
export interface Rotation {
  readonly from: Date;
  readonly leadOrder: readonly string[];
  readonly hostOrder: readonly string[];
}

export type AgreementStatus = 'proposed' | 'in_force' | 'ended';

export type AgreementState =
  | { readonly status: 'none' }
  | {
      readonly status: AgreementStatus;
      readonly agreementId: string;
      readonly countyCode: string;
      readonly name: string;
      readonly members: readonly Member[];
      readonly fields: readonly string[];
      readonly rulePacks: readonly string[];
      readonly effectiveFrom: Date;
      readonly inForceAt?: Date;
      readonly endedAt?: Date;
      readonly rotations: readonly Rotation[];
    };

export type ExistingAgreement = Exclude<AgreementState, { status: 'none' }>;

export const isCurrentMember = (member: Member): boolean => (member.signedAt ?? member.joinedAt) !== undefined && !member.leftAt;

/** Counties that are members now (signed or admitted, not left). */
export function currentMembers(state: AgreementState): readonly string[] {
  return state.status === 'none' ? [] : state.members.filter(isCurrentMember).map((m) => m.countyCode);
}

/** Does `countyCode` share `kind` with the other members, now? */
export function sharesData(state: AgreementState, countyCode: string, kind: DataKind): boolean {
  if (state.status !== 'in_force') return false;
  const member = state.members.find((m) => m.countyCode === countyCode);
  return member !== undefined && isCurrentMember(member) && member.dataKinds.includes(kind);
}

function existing(state: AgreementState): ExistingAgreement {
  if (state.status === 'none') throw new NotFoundError('AGREEMENT_NOT_FOUND', '合作协议不存在');
  return state;
}

function notEnded(state: ExistingAgreement): void {
  if (state.status === 'ended') throw new ConflictError('AGREEMENT_ENDED', `合作协议“${state.name}”已终止`);
}

function requireMember(state: ExistingAgreement, countyCode: string): void {
  if (!currentMembers(state).includes(countyCode)) throw notAMember(countyCode, `合作协议“${state.name}”`);
}

const samePermutation = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

function orderViolations(field: string, order: readonly string[], members: readonly string[], what: string): Violation[] {
  const listed = countyListViolations(field, order, what, 2);
  if (listed.length > 0) return listed;
  return samePermutation(order, members) ? [] : [{ field, code: 'ORDER_NOT_MEMBERS', message: `${what}应恰好列出全部成员区县各一次` }];
}

function scopeViolations(scope: AgreementScope, members: readonly string[]): Violation[] {
  const violations = [
    ...requiredText('name', scope.name, '协议名称', MAX_SHORT_TEXT),
    ...textListViolations('fields', scope.fields, '合作领域'),
    ...textListViolations('rulePacks', scope.rulePacks, '适用规则包'),
  ];
  if (scope.fields.length === 0) violations.push({ field: 'fields', code: 'FIELDS_REQUIRED', message: '至少列出一个合作领域' });
  scope.sharedData.forEach((shared, i) => {
    if (!members.includes(shared.countyCode)) {
      violations.push({
        field: `sharedData[${i}].countyCode`,
        code: 'NOT_A_MEMBER',
        message: `共享数据的区县须是协议成员`,
      });
    }
    violations.push(...dataKindViolations(`sharedData[${i}].dataKinds`, shared.dataKinds));
  });
  if (new Set(scope.sharedData.map((s) => s.countyCode)).size !== scope.sharedData.length) {
    violations.push({ field: 'sharedData', code: 'COUNTY_DUPLICATE', message: '每个区县只能列出一次' });
  }
  return violations;
}

const sharedOf = (scope: AgreementScope): SharedData[] =>
  scope.sharedData.map((s) => ({ countyCode: s.countyCode, dataKinds: [...s.dataKinds] }));
const kindsOf = (shared: readonly SharedData[], countyCode: string) => shared.find((s) => s.countyCode === countyCode)?.dataKinds ?? [];

function lastRotation(state: ExistingAgreement): Rotation {
  return state.rotations[state.rotations.length - 1]!;
}

function decide(command: AgreementCommand, state: AgreementState): readonly AgreementEvent[] {
  switch (command.type) {
    case 'ProposeAgreement': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('AGREEMENT_EXISTS', '合作协议已存在');
      const membersOk = countyListViolations('members', d.members, '成员区县', 2);
      check([
        ...countyViolations('countyCode', d.countyCode),
        ...membersOk,
        ...(membersOk.length === 0 ? orderViolations('hostOrder', d.hostOrder, d.members, '联席会议轮值顺序') : []),
        ...(membersOk.length === 0 && !d.members.includes(d.countyCode)
          ? [{ field: 'members', code: 'PROPOSER_NOT_MEMBER', message: '提出协议的区县须是成员' }]
          : []),
        ...scopeViolations(d, d.members),
        ...dateViolations('effectiveFrom', d.effectiveFrom, '生效日期'),
        ...dateViolations('proposedAt', d.proposedAt, '提出时间'),
      ]);
      return [
        {
          type: 'AgreementProposed',
          data: {
            agreementId: d.agreementId,
            countyCode: d.countyCode,
            name: d.name.trim(),
            members: [...d.members],
            hostOrder: [...d.hostOrder],
            fields: [...d.fields],
            sharedData: sharedOf(d),
            rulePacks: [...d.rulePacks],
            effectiveFrom: d.effectiveFrom,
            proposedBy: d.proposedBy,
            proposedAt: d.proposedAt,
          },
        },
      ];
    }
    case 'SignAgreement': {
      const d = command.data;
      const agreement = existing(state);
      notEnded(agreement);
      const member = agreement.members.find((m) => m.countyCode === d.countyCode);
      if (!member) throw notAMember(d.countyCode, `合作协议“${agreement.name}”`);
      if (member.signedAt || member.joinedAt) throw new ConflictError('AGREEMENT_ALREADY_SIGNED', `区县 ${d.countyCode} 已签署该协议`);
      check(dateViolations('signedAt', d.signedAt, '签署时间'));
      const signed: AgreementEvent = { type: 'AgreementSigned', data: { agreementId: agreement.agreementId, ...d } };
      const unsigned = agreement.members.filter((m) => !m.signedAt && !m.joinedAt && m.countyCode !== d.countyCode);
      return unsigned.length === 0 && agreement.status === 'proposed'
        ? [signed, { type: 'AgreementInForce', data: { agreementId: agreement.agreementId, inForceAt: d.signedAt } }]
        : [signed];
    }
    case 'AdmitMember': {
      const d = command.data;
      const agreement = existing(state);
      notEnded(agreement);
      if (agreement.status !== 'in_force') throw new ConflictError('AGREEMENT_NOT_IN_FORCE', '协议生效后才能接纳新成员');
      requireMember(agreement, d.admittedBy);
      check([
        ...countyViolations('countyCode', d.countyCode),
        ...dataKindViolations('dataKinds', d.dataKinds),
        ...dateViolations('joinedAt', d.joinedAt, '加入时间'),
      ]);
      if (currentMembers(agreement).includes(d.countyCode))
        throw new ConflictError('ALREADY_A_MEMBER', `区县 ${d.countyCode} 已是协议成员`);
      return [
        {
          type: 'MemberJoined',
          data: {
            agreementId: agreement.agreementId,
            countyCode: d.countyCode,
            dataKinds: [...d.dataKinds],
            admittedBy: d.admittedBy,
            joinedAt: d.joinedAt,
          },
        },
      ];
    }
    case 'LeaveAgreement': {
      const d = command.data;
      const agreement = existing(state);
      notEnded(agreement);
      requireMember(agreement, d.countyCode);
      check([...requiredText('reason', d.reason, '退出理由'), ...dateViolations('leftAt', d.leftAt, '退出时间')]);
      const left: AgreementEvent = { type: 'MemberLeft', data: { agreementId: agreement.agreementId, ...d } };
      // An agreement needs two members: the last but one leaving ends it.
      return currentMembers(agreement).length <= 2
        ? [
            left,
            {
              type: 'AgreementEnded',
              data: { agreementId: agreement.agreementId, endedBy: d.countyCode, reason: '成员不足两个，协议终止', endedAt: d.leftAt },
            },
          ]
        : [left];
    }
    case 'AmendAgreement': {
      const d = command.data;
      const agreement = existing(state);
      notEnded(agreement);
      requireMember(agreement, d.amendedBy);
      const members = currentMembers(agreement);
      check([
        ...requiredText('summary', d.summary, '修订说明'),
        ...scopeViolations(d, members),
        ...orderViolations('leadOrder', d.leadOrder, members, '牵头轮值顺序'),
        ...orderViolations('hostOrder', d.hostOrder, members, '联席会议轮值顺序'),
        ...dateViolations('amendedAt', d.amendedAt, '修订时间'),
      ]);
      return [
        {
          type: 'AgreementAmended',
          data: {
            agreementId: agreement.agreementId,
            amendedBy: d.amendedBy,
            summary: d.summary,
            name: d.name.trim(),
            fields: [...d.fields],
            sharedData: sharedOf(d),
            rulePacks: [...d.rulePacks],
            leadOrder: [...d.leadOrder],
            hostOrder: [...d.hostOrder],
            amendedAt: d.amendedAt,
          },
        },
      ];
    }
    case 'EndAgreement': {
      const d = command.data;
      const agreement = existing(state);
      notEnded(agreement);
      requireMember(agreement, d.endedBy);
      check([
        ...requiredText('reason', d.reason, '终止理由'),
        ...dateViolations('endedAt', d.endedAt, '终止时间'),
        ...notBefore('endedAt', d.endedAt, agreement.inForceAt, '生效时间'),
      ]);
      return [{ type: 'AgreementEnded', data: { agreementId: agreement.agreementId, ...d } }];
    }
    default:
      return assertNever(command, 'agreement command');
  }
}

function withRotation(
  state: ExistingAgreement,
  from: Date,
  leadOrder: readonly string[],
  hostOrder: readonly string[],
): readonly Rotation[] {
  return [...state.rotations, { from, leadOrder, hostOrder }];
}

function evolve(state: AgreementState, event: AgreementEvent): AgreementState {
  if (event.type === 'AgreementProposed') {
    const d = event.data;
    return {
      status: 'proposed',
      agreementId: d.agreementId,
      countyCode: d.countyCode,
      name: d.name,
      members: d.members.map((countyCode) => ({ countyCode, dataKinds: kindsOf(d.sharedData, countyCode) })),
      fields: d.fields,
      rulePacks: d.rulePacks,
      effectiveFrom: d.effectiveFrom ?? new Date(0),
      rotations: [{ from: new Date(0), leadOrder: d.members, hostOrder: d.hostOrder }],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AgreementSigned':
      return {
        ...state,
        members: state.members.map((m) => (m.countyCode === event.data.countyCode ? { ...m, signedAt: event.data.signedAt! } : m)),
      };
    case 'AgreementInForce':
      return { ...state, status: 'in_force', inForceAt: event.data.inForceAt! };
    case 'MemberJoined': {
      const d = event.data;
      const joined: Member = { countyCode: d.countyCode, dataKinds: d.dataKinds, joinedAt: d.joinedAt! };
      const rotation = lastRotation(state);
      return {
        ...state,
        members: [...state.members.filter((m) => m.countyCode !== d.countyCode), joined],
        rotations: withRotation(state, d.joinedAt!, [...rotation.leadOrder, d.countyCode], [...rotation.hostOrder, d.countyCode]),
      };
    }
    case 'MemberLeft': {
      const d = event.data;
      const rotation = lastRotation(state);
      return {
        ...state,
        members: state.members.map((m) => (m.countyCode === d.countyCode ? { ...m, leftAt: d.leftAt! } : m)),
        rotations: withRotation(
          state,
          d.leftAt!,
          rotation.leadOrder.filter((c) => c !== d.countyCode),
          rotation.hostOrder.filter((c) => c !== d.countyCode),
        ),
      };
    }
    case 'AgreementAmended': {
      const d = event.data;
      return {
        ...state,
        name: d.name,
        fields: d.fields,
        rulePacks: d.rulePacks,
        members: state.members.map((m) => (isCurrentMember(m) ? { ...m, dataKinds: kindsOf(d.sharedData, m.countyCode) } : m)),
        rotations: withRotation(state, d.amendedAt!, d.leadOrder, d.hostOrder),
      };
    }
    case 'AgreementEnded':
      return { ...state, status: 'ended', endedAt: event.data.endedAt! };
    default:
      return assertNever(event, 'agreement event');
  }
}

export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};

export interface LeadAndHost extends AgreementYear {
  readonly leadCounty: string;
  readonly hostCounty: string;
}

/**
 * The lead of the joint supervision group and the joint meeting's host on a date: the
 * rotation orders in force then, the agreement year's place in them (year 1: the first of
 * each order). Undefined before the effective date, before the agreement is in force, or
 * once it ended.
 */
export function leadAndHostOn(state: AgreementState, on: Date): LeadAndHost | undefined {
  if (state.status === 'none' || state.inForceAt === undefined) return undefined;
  if (state.endedAt && on.getTime() >= state.endedAt.getTime()) return undefined;
  const year = agreementYearOn(state.effectiveFrom, on);
  if (!year) return undefined;
  const rotation = [...state.rotations].reverse().find((r) => r.from.getTime() <= on.getTime()) ?? state.rotations[0]!;
  const lead = rotation.leadOrder[(year.year - 1) % rotation.leadOrder.length];
  const host = rotation.hostOrder[(year.year - 1) % rotation.hostOrder.length];
  return lead && host ? { ...year, leadCounty: lead, hostCounty: host } : undefined;
}

/** A held meeting as the yearly check sees it. */
export interface HeldMeeting {
  readonly meetingId: string;
  readonly hostCounty: string;
  readonly heldAt: Date;
}

export interface MeetingYear extends AgreementYear {
  readonly hostCounty: string;
  readonly meetingsHeld: readonly string[];
  /** The year is over at `asOf` and its host held no joint meeting in it (每年至少一次). */
  readonly flagged: boolean;
}

/** Each agreement year up to `asOf`: its host, the meetings held in it, and whether the host missed its meeting. */
export function meetingYears(state: AgreementState, meetings: readonly HeldMeeting[], asOf: Date): readonly MeetingYear[] {
  if (state.status === 'none' || state.inForceAt === undefined) return [];
  const last = state.endedAt && state.endedAt.getTime() < asOf.getTime() ? new Date(state.endedAt.getTime() - 1) : asOf;
  const years: MeetingYear[] = [];
  for (let year = agreementYearOn(state.effectiveFrom, state.effectiveFrom); year && year.starts.getTime() <= last.getTime();) {
    const turn = leadAndHostOn(state, year.starts);
    if (!turn) break;
    const inYear = meetings.filter((m) => m.heldAt.getTime() >= year!.starts.getTime() && m.heldAt.getTime() < year!.ends.getTime());
    years.push({
      ...year,
      hostCounty: turn.hostCounty,
      meetingsHeld: inYear.map((m) => m.meetingId),
      flagged: year.ends.getTime() <= asOf.getTime() && !inYear.some((m) => m.hostCounty === turn.hostCounty),
    });
    year = agreementYearOn(state.effectiveFrom, year.ends);
  }
  return years;
}

/** For commands on other aggregates: the agreement must be in force and the county a current member. */
export function requireInForceMember(state: AgreementState, countyCode: string): ExistingAgreement {
  const agreement = existing(state);
  if (agreement.status !== 'in_force') {
    throw new ConflictError('AGREEMENT_NOT_IN_FORCE', `合作协议“${agreement.name}”${agreement.status === 'ended' ? '已终止' : '尚未生效'}`);
  }
  if (!currentMembers(agreement).includes(countyCode)) throw notAMember(countyCode, `合作协议“${agreement.name}”`);
  return agreement;
}
