import { assertAllowed, type Principal } from '@lesp/auth';
import { ForbiddenError, NotFoundError, ValidationError, assertCountyCode, assertIdentifier, type PlatformError } from '@lesp/core';
import type { ProjectionRunner } from '@lesp/projection-runner';
import type { AuditLog } from '@lesp/service-bootstrap';
import type { Collection } from 'mongodb';
import {
  currentMembers,
  isCurrentMember,
  leadAndHostOn,
  meetingYears,
  sharesData,
  type ExistingAgreement,
  type LeadAndHost,
  type MeetingYear,
} from '../domain/agreement/agreement-decider.js';
import { ruleFlags, type RuleFlag } from '../domain/jurisdiction/penalty-rules.js';
import { fromStored } from './projections/stored.js';
import type { RecordKind, RecordReader } from './record-reader.js';
import {
  adviceProjection,
  agreementsProjection,
  incidentsProjection,
  meetingAgendasProjection,
  meetingsProjection,
  type AdviceDocument,
  type AdviceView,
  type AgreementDocument,
  type IncidentDocument,
  type IncidentView,
  type MeetingAgendaDocument,
  type MeetingDocument,
  type MeetingView,
} from './projections/coordination-projections.js';
import {
  actAlertsId,
  sharedActId,
  sharedActsProjection,
  type ActAlertsDocument,
  sharedAlertsProjection,
  type SharedActDocument,
  type SharedAlertDocument,
} from './projections/shared-acts.js';

/** Where a read came from, for the data owner's access log. */
export interface ReadContext {
  readonly resource: string;
  readonly source: string;
  readonly correlationId: string;
}

export interface AgreementView {
  readonly agreementId: string;
  readonly countyCode: string;
  readonly name: string;
  readonly status: string;
  readonly members: readonly {
    countyCode: string;
    signedAt?: Date;
    joinedAt?: Date;
    leftAt?: Date;
    dataKinds: readonly string[];
    current: boolean;
  }[];
  readonly leadOrder: readonly string[];
  readonly hostOrder: readonly string[];
  readonly fields: readonly string[];
  readonly rulePacks: readonly string[];
  readonly effectiveFrom: Date;
  readonly inForceAt?: Date;
  readonly endedAt?: Date;
  readonly version: number;
}

export interface SharedActView {
  readonly actId: string;
  readonly countyCode: string;
  readonly agencyId: string;
  readonly category: string;
  readonly caseNumber: string;
  readonly status: string;
  readonly openedAt: Date;
  readonly decidedAt?: Date;
  readonly fineFen: number;
  readonly steps: readonly string[];
  readonly alerts: readonly { alertId: string; ruleId: string; level: string; status: string; title: string; message: string }[];
  /** The act judged by the rules of the county where it was done. */
  readonly ruleFlags: readonly RuleFlag[];
}

const MAX_LIST = 500;

/**
 * Reads of cross-region coordination. A county reads what it takes part in; another county's
 * data (a handling county's linked acts and their alerts) only while it is a current member
 * supervising the incident and the owner shares that kind of data under the agreement. Every
 * such read, allowed or denied, is written to the audit log under the owner's county.
 */
export class CoordinationQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly reader: RecordReader,
    private readonly audit: AuditLog,
    private readonly service = 'cross-region',
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async agreement(principal: Principal, countyCode: string, agreementId: string): Promise<AgreementView> {
    this.allow(principal, countyCode);
    const doc = await this.agreementDoc(agreementId);
    if (!doc.counties.includes(countyCode)) throw notFound('AGREEMENT_NOT_FOUND', '合作协议', agreementId);
    return agreementView(doc);
  }

  async agreements(principal: Principal, countyCode: string): Promise<AgreementView[]> {
    this.allow(principal, countyCode);
    const collection = await this.collection<AgreementDocument>(agreementsProjection.name);
    const docs = await collection.find({ counties: countyCode }).limit(MAX_LIST).toArray();
    return docs.map(agreementView).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  async leadAndHost(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    on: Date,
  ): Promise<{ agreementId: string; on: Date } & Partial<LeadAndHost>> {
    const view = await this.agreement(principal, countyCode, agreementId);
    const doc = await this.agreementDoc(view.agreementId);
    return { agreementId, on, ...(leadAndHostOn(fromStored(doc.state), on) ?? {}) };
  }

  async meetingYears(principal: Principal, countyCode: string, agreementId: string): Promise<readonly MeetingYear[]> {
    await this.agreement(principal, countyCode, agreementId);
    const doc = await this.agreementDoc(agreementId);
    const meetings = await (await this.collection<MeetingDocument>(meetingsProjection.name)).find({ agreementId }).toArray();
    const held = meetings
      .map((m) => fromStored(m.view))
      .filter((m): m is MeetingView & { heldAt: Date } => m.heldAt !== undefined)
      .map((m) => ({ meetingId: m.meetingId, hostCounty: m.countyCode, heldAt: m.heldAt }));
    return meetingYears(fromStored(doc.state), held, this.clock());
  }

  async meeting(
    principal: Principal,
    countyCode: string,
    meetingId: string,
  ): Promise<
    MeetingView & {
      version: number;
      decisions: (MeetingView['decisions'][number] & { overdue: boolean })[];
      agendaAdvice: { adviceId: string; countyCode: string }[];
    }
  > {
    this.allow(principal, countyCode);
    const doc = await this.byId('meeting', meetingId, 'MEETING_NOT_FOUND', '联席会议');
    const agreement = await this.agreementDoc(doc.agreementId);
    if (!agreement.counties.includes(countyCode)) throw notFound('MEETING_NOT_FOUND', '联席会议', meetingId);
    // The advice the timer put on its agenda (a lookup by _id).
    const agenda = await (await this.collection<MeetingAgendaDocument>(meetingAgendasProjection.name)).findOne({ _id: meetingId });
    return {
      ...this.meetingView(doc),
      agendaAdvice: (agenda?.advice ?? []).map((a) => ({ adviceId: a.adviceId, countyCode: a.countyCode })),
    };
  }

  /** An agreement's joint meetings, scheduled and held, newest first (a member county's or its task force's read). */
  async meetings(
    principal: Principal,
    countyCode: string,
    agreementId: string,
  ): Promise<(MeetingView & { version: number; decisions: (MeetingView['decisions'][number] & { overdue: boolean })[] })[]> {
    await this.agreement(principal, countyCode, agreementId);
    const docs = await (await this.collection<MeetingDocument>(meetingsProjection.name)).find({ agreementId }).toArray();
    return docs
      .filter((doc) => doc.agreementId === agreementId)
      .map((doc) => this.meetingView(doc))
      .sort((a, b) => b.scheduledFor.getTime() - a.scheduledFor.getTime());
  }

  /** A meeting as read: its tasks flagged overdue when due and not completed by now. */
  private meetingView(doc: MeetingDocument) {
    const view = fromStored(doc.view);
    const now = this.clock().getTime();
    return {
      ...view,
      version: doc._v,
      decisions: view.decisions.map((d) => ({
        ...d,
        overdue: d.dueAt !== undefined && d.completedAt === undefined && d.dueAt.getTime() < now,
      })),
    };
  }

  /** An incident: the reporting county's record, so another county's read of it is recorded for the reporting county. */
  async incident(
    principal: Principal,
    countyCode: string,
    incidentId: string,
    read: ReadContext,
  ): Promise<IncidentView & { version: number }> {
    this.allow(principal, countyCode);
    const doc = await this.byId('incident', incidentId, 'INCIDENT_NOT_FOUND', '跨界事件');
    try {
      await this.visibleIncident(countyCode, doc);
    } catch (error) {
      if (error instanceof ForbiddenError)
        await this.recordShared(principal, doc.countyCode, countyCode, read, 'denied', `${error.code} incident:${incidentId}`);
      throw error;
    }
    await this.recordShared(principal, doc.countyCode, countyCode, read, 'allowed', `incident:${incidentId}`);
    return { ...fromStored(doc.view), version: doc._v };
  }

  /** The incidents a county takes part in; each one another county reported is a shared read, recorded for that county. */
  async incidents(principal: Principal, countyCode: string, read: ReadContext): Promise<IncidentView[]> {
    this.allow(principal, countyCode);
    const docs = await (
      await this.collection<IncidentDocument>(incidentsProjection.name)
    )
      .find({ involved: countyCode })
      .limit(MAX_LIST)
      .toArray();
    const visible: IncidentView[] = [];
    for (const doc of docs) {
      if (doc.countyCode === countyCode) visible.push(fromStored(doc.view));
      else if (await this.isMember(doc.agreementId, countyCode)) {
        await this.recordShared(principal, doc.countyCode, countyCode, read, 'allowed', `incident:${doc._id} (list)`);
        visible.push(fromStored(doc.view));
      }
    }
    return visible.sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime());
  }

  /** The handling county's acts linked to the incident, with their alerts: a shared read, recorded for the owner. */
  async incidentActs(principal: Principal, countyCode: string, incidentId: string, read: ReadContext): Promise<SharedActView[]> {
    this.allowShared(principal, countyCode);
    const { view, owner, kinds } = await this.sharedScope(principal, countyCode, incidentId, read, 'incidentActs');
    const acts = await this.collection<SharedActDocument>(sharedActsProjection.name);
    const docs = (await Promise.all(view.linkedActIds.map((id) => acts.findOne({ _id: sharedActId(owner, id) })))).filter(
      (d): d is SharedActDocument => d !== null,
    );
    const result = await this.withAlerts(docs, kinds.alerts);
    await this.recordShared(
      principal,
      owner,
      countyCode,
      read,
      'allowed',
      `incident:${incidentId} acts:${docs.map((d) => d.actId).join(',')}`,
    );
    return result;
  }

  async incidentAct(
    principal: Principal,
    countyCode: string,
    incidentId: string,
    actId: string,
    read: ReadContext,
  ): Promise<SharedActView> {
    this.allowShared(principal, countyCode);
    assertIdentifier(actId, 'actId');
    const { view, owner, kinds } = await this.sharedScope(principal, countyCode, incidentId, read, 'incidentAct');
    if (!view.linkedActIds.includes(actId)) {
      await this.recordShared(principal, owner, countyCode, read, 'denied', `ACT_NOT_LINKED incident:${incidentId} act:${actId}`);
      throw new ForbiddenError('ACT_NOT_SHARED', `执法行为 ${actId} 未关联到本跨界事件，不在共享范围内`);
    }
    const doc = await (await this.collection<SharedActDocument>(sharedActsProjection.name)).findOne({ _id: sharedActId(owner, actId) });
    if (!doc) throw notFound('ACT_NOT_FOUND', '执法行为', actId);
    const [result] = await this.withAlerts([doc], kinds.alerts);
    await this.recordShared(principal, owner, countyCode, read, 'allowed', `incident:${incidentId} acts:${actId}`);
    return result!;
  }

  async advice(principal: Principal, countyCode: string, adviceId: string): Promise<AdviceView & { overdue: boolean; version: number }> {
    this.allow(principal, countyCode);
    const doc = await this.byId('advice', adviceId, 'ADVICE_NOT_FOUND', '行政建议');
    if (doc.countyCode !== countyCode && doc.toCounty !== countyCode) throw notFound('ADVICE_NOT_FOUND', '行政建议', adviceId);
    return this.adviceView(doc);
  }

  /** Advice a county sent or received. */
  async adviceList(principal: Principal, countyCode: string): Promise<(AdviceView & { overdue: boolean; version: number })[]> {
    this.allow(principal, countyCode);
    const collection = await this.collection<AdviceDocument>(adviceProjection.name);
    const docs = [
      ...(await collection.find({ countyCode }).limit(MAX_LIST).toArray()),
      ...(await collection.find({ toCounty: countyCode }).limit(MAX_LIST).toArray()),
    ];
    return docs.map((d) => this.adviceView(d)).sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime());
  }

  /**
   * A city's or province's roll-up: agreements with a member there (lead and host today), the
   * incidents located, handled or supervised there, and the advice sent or received there that
   * is not answered yet. Scans the read models (a region has a few hundred such records).
   */
  async regionalSummary(principal: Principal, regionCode: string, countyCodes: readonly string[] = []) {
    if (!/^[1-8][0-9]([0-9]{2})?$/.test(regionCode)) {
      throw ValidationError.of('regionCode', 'REGION_CODE_FORMAT', '须为 2 位（省）或 4 位（市）行政区划代码');
    }
    const now = this.clock();
    countyCodes.forEach((c, i) => assertCountyCode(c, `countyCodes[${i}]`));
    assertAllowed(principal, 'cross_region.rollup', { countyCodes: [regionCode.padEnd(6, '0'), ...countyCodes] }, now);
    const inRegion = (county: string) => county.startsWith(regionCode) && (countyCodes.length === 0 || countyCodes.includes(county));
    const agreements = (await (await this.collection<AgreementDocument>(agreementsProjection.name)).find({}).limit(MAX_LIST).toArray())
      .filter((doc) => doc.counties.some(inRegion))
      .map((doc) => {
        const state = fromStored(doc.state);
        const members = currentMembers(state);
        const turn = leadAndHostOn(state, now);
        return {
          agreementId: state.agreementId,
          name: state.name,
          status: state.status,
          members,
          membersInRegion: members.filter(inRegion),
          leadCounty: turn?.leadCounty ?? '',
          hostCounty: turn?.hostCounty ?? '',
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    const incidents = (await (await this.collection<IncidentDocument>(incidentsProjection.name)).find({}).limit(MAX_LIST).toArray())
      .filter((doc) => doc.involved.some(inRegion))
      .map((doc) => {
        const view = fromStored(doc.view);
        return {
          incidentId: view.incidentId,
          agreementId: view.agreementId,
          title: view.title,
          status: view.status,
          locationCounty: view.locationCounty,
          handlingCounty: view.handlingCounty,
          supervisingCounties: view.supervisingCounties,
        };
      });
    const openAdvice = (await (await this.collection<AdviceDocument>(adviceProjection.name)).find({ open: true }).limit(MAX_LIST).toArray())
      .filter((doc) => inRegion(doc.countyCode) || inRegion(doc.toCounty))
      .map((doc) => this.adviceView(doc));
    return {
      regionCode,
      agreements,
      incidents,
      openAdvice,
      openIncidents: incidents.filter((i) => i.status !== 'closed').length,
      overdueAdvice: openAdvice.filter((a) => a.overdue).length,
    };
  }

  // ---- internals ----

  private adviceView(doc: AdviceDocument) {
    const view = fromStored(doc.view);
    return {
      ...view,
      overdue: view.status !== 'answered' && view.dueAt.getTime() <= this.clock().getTime(),
      // Flagged by the timer and not yet on a meeting's agenda (nor answered).
      awaitingMeeting: view.awaitingSince !== undefined && view.status === 'sent',
      version: doc._v,
    };
  }

  /** An incident the county may see: the reporting county always; others while involved and current members. */
  private async visibleIncident(countyCode: string, doc: IncidentDocument): Promise<ExistingAgreement> {
    const agreement = fromStored((await this.agreementDoc(doc.agreementId)).state);
    if (doc.countyCode === countyCode) return agreement;
    if (!currentMembers(agreement).includes(countyCode)) {
      throw new ForbiddenError(
        'NOT_AGREEMENT_MEMBER',
        `区县 ${countyCode} 不是（或已不是）合作协议“${agreement.name}”的成员，不能查看本事件`,
      );
    }
    if (!doc.involved.includes(countyCode))
      throw new ForbiddenError('NOT_INVOLVED_COUNTY', `区县 ${countyCode} 不是本事件的管辖或联合监督区县`);
    return agreement;
  }

  /**
   * Who owns the shared data (the handling county) and whether `countyCode` may read it now:
   * the owner itself, or a supervising county that is a current member while the owner shares
   * its acts under the agreement in force. A denial is recorded for the owner before it is thrown.
   */
  private async sharedScope(principal: Principal, countyCode: string, incidentId: string, read: ReadContext, what: string) {
    const doc = await this.byId('incident', incidentId, 'INCIDENT_NOT_FOUND', '跨界事件');
    const view = fromStored(doc.view);
    const agreement = fromStored((await this.agreementDoc(doc.agreementId)).state);
    const owner = view.handlingCounty;
    if (owner === '') throw new ForbiddenError('JURISDICTION_NOT_DECIDED', '本事件尚未确定管辖，没有可共享的执法行为');
    const kinds = { acts: sharesData(agreement, owner, 'enforcement_acts'), alerts: sharesData(agreement, owner, 'alerts') };
    if (owner === countyCode) return { view, owner, kinds: { acts: true, alerts: true } };
    let denial: PlatformError | undefined;
    if (!currentMembers(agreement).includes(countyCode)) {
      denial = new ForbiddenError(
        'NOT_AGREEMENT_MEMBER',
        `区县 ${countyCode} 不是（或已不是）合作协议“${agreement.name}”的成员，不能查看共享数据`,
      );
    } else if (!view.supervisingCounties.includes(countyCode)) {
      denial = new ForbiddenError('NOT_SUPERVISING_COUNTY', `区县 ${countyCode} 不是本事件的联合监督区县，不能查看管辖区县的执法行为`);
    } else if (!kinds.acts) {
      denial = new ForbiddenError('OUTSIDE_SHARED_SCOPE', `区县 ${owner} 未在协议中共享执法行为数据`);
    }
    if (denial) {
      await this.recordShared(principal, owner, countyCode, read, 'denied', `${denial.code} ${what} incident:${incidentId}`);
      throw denial;
    }
    return { view, owner, kinds };
  }

  private async withAlerts(docs: readonly SharedActDocument[], includeAlerts: boolean): Promise<SharedActView[]> {
    const alerts: SharedAlertDocument[] = [];
    if (includeAlerts && docs.length > 0) {
      // By _id only: the act's list of alert streams, then each alert (see ActAlertsDocument).
      const collection = await this.collection<SharedAlertDocument>(sharedAlertsProjection.name);
      const lists = collection as unknown as Collection<ActAlertsDocument>;
      for (const doc of docs) {
        const list = await lists.findOne({ _id: actAlertsId(doc.countyCode, doc.actId) });
        const found = await Promise.all((list?.alertStreamIds ?? []).map((id) => collection.findOne({ _id: id })));
        alerts.push(...found.filter((a): a is SharedAlertDocument => a !== null && a.actId === doc.actId));
      }
    }
    return docs.map((d) => {
      const stored = fromStored(d);
      return {
        actId: stored.actId,
        countyCode: stored.countyCode,
        agencyId: stored.agencyId,
        category: stored.category,
        caseNumber: stored.caseNumber,
        status: stored.status,
        openedAt: stored.openedAt,
        ...(stored.decidedAt ? { decidedAt: stored.decidedAt } : {}),
        fineFen: stored.fineFen,
        steps: stored.steps,
        alerts: alerts
          .filter((a) => a.actId === d.actId && a.countyCode === d.countyCode)
          .map((a) => ({ alertId: a.alertId, ruleId: a.ruleId, level: a.level, status: a.status, title: a.title, message: a.message })),
        ruleFlags: ruleFlags(stored.countyCode, stored.rulesUsed ?? [], stored.provincesCited ?? []),
      };
    });
  }

  /** One entry in the owner's audit log (permission cross_region.shared.read) for another county's read of its data. */
  private async recordShared(
    principal: Principal,
    owner: string,
    reader: string,
    read: ReadContext,
    outcome: 'allowed' | 'denied',
    reason: string,
  ) {
    if (owner === reader) return;
    await this.audit.record([
      {
        at: this.clock(),
        service: this.service,
        subject: principal.subject,
        role: principal.role,
        actorCountyCode: reader,
        countyCode: owner,
        permission: 'cross_region.shared.read',
        action: 'read',
        resource: read.resource,
        outcome,
        reason,
        source: read.source,
        correlationId: read.correlationId,
      },
    ]);
  }

  private async isMember(agreementId: string, countyCode: string): Promise<boolean> {
    const doc = await this.reader.find('agreement', agreementId);
    return doc !== null && currentMembers(fromStored(doc.state)).includes(countyCode);
  }

  private async agreementDoc(agreementId: string): Promise<AgreementDocument> {
    return this.byId('agreement', agreementId, 'AGREEMENT_NOT_FOUND', '合作协议');
  }

  /** A record by id: its read model, or its stream when it was created a moment ago (read-your-writes). */
  private async byId<K extends RecordKind>(kind: K, id: string, code: string, what: string) {
    assertIdentifier(id, 'id');
    const doc = await this.reader.find(kind, id);
    if (!doc) throw notFound(code, what, id);
    return doc;
  }

  private collection<Doc extends { _id: string }>(projection: string): Promise<Collection<Doc>> {
    return this.projections.collection<Doc>(projection);
  }

  private allow(principal: Principal, countyCode: string): void {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'cross_region.read', { countyCodes: [countyCode] }, this.clock());
  }

  private allowShared(principal: Principal, countyCode: string): void {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'cross_region.shared.read', { countyCodes: [countyCode] }, this.clock());
  }
}

function notFound(code: string, what: string, id: string): NotFoundError {
  return new NotFoundError(code, `${what} ${id} 不存在`);
}

function agreementView(doc: AgreementDocument): AgreementView {
  const state = fromStored(doc.state);
  const rotation = state.rotations[state.rotations.length - 1]!;
  return {
    agreementId: state.agreementId,
    countyCode: state.countyCode,
    name: state.name,
    status: state.status,
    members: state.members.map((m) => ({ ...m, current: isCurrentMember(m) })),
    leadOrder: rotation.leadOrder,
    hostOrder: rotation.hostOrder,
    fields: state.fields,
    rulePacks: state.rulePacks,
    effectiveFrom: state.effectiveFrom,
    ...(state.inForceAt ? { inForceAt: state.inForceAt } : {}),
    ...(state.endedAt ? { endedAt: state.endedAt } : {}),
    version: doc._v,
  };
}
