import type { coordinationV1 } from '@lesp/contracts';
import { callUnary } from '@lesp/service-bootstrap';
import { ensureValid } from '../domain/form-rules.js';
import {
  decisionViolations,
  holdViolations,
  scheduleViolations,
  taskReportViolations,
  type HoldMeetingForm,
  type MeetingDecisionForm,
  type ScheduleMeetingForm,
} from '../domain/meeting-form.js';
import { coordinationCounties, homeCounty, requireRole } from '../domain/scope.js';
import type { Backends } from '../adapters/backends.js';
import { callOptions, commandMeta, type CallContext } from './calls.js';

/** An agreement as the meetings screen shows it, with its meetings (newest first). */
export interface AgreementMeetings {
  readonly agreementId: string;
  readonly name: string;
  readonly status: string;
  /** The agreement's current member counties. */
  readonly members: readonly string[];
  readonly meetings: readonly coordinationV1.Meeting[];
}

const currentMembers = (agreement: coordinationV1.Agreement) => agreement.members.filter((m) => m.current).map((m) => m.countyCode);

/**
 * Joint meetings (联席会议) of the user's agreements over cross-region's CoordinationService:
 * task-force members read those of their agreement counties; a member county's supervisors
 * schedule them, record them held and their decisions (tasks for member counties with a due
 * date), and report their county's tasks done. Cross-region decides who is the host.
 */
export class Meetings {
  constructor(
    private readonly backends: Backends,
    private readonly deadlineMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(ctx: CallContext): Promise<{ agreements: AgreementMeetings[] }> {
    const counties = coordinationCounties(ctx.user);
    const c = this.backends.coordination;
    const options = callOptions(ctx, this.deadlineMs);
    // Each agreement once, read through the first of the user's counties that belongs to it.
    const through = new Map<string, { countyCode: string; agreement: coordinationV1.Agreement }>();
    for (const countyCode of counties) {
      const { agreements } = await callUnary(c, c.listAgreements, { countyCode }, options);
      for (const agreement of agreements)
        if (!through.has(agreement.agreementId)) through.set(agreement.agreementId, { countyCode, agreement });
    }
    const agreements = await Promise.all(
      [...through.values()].map(async ({ countyCode, agreement }) => {
        const { meetings } = await callUnary(c, c.listMeetings, { countyCode, agreementId: agreement.agreementId }, options);
        return {
          agreementId: agreement.agreementId,
          name: agreement.name,
          status: agreement.status,
          members: currentMembers(agreement),
          meetings,
        };
      }),
    );
    return { agreements };
  }

  async schedule(ctx: CallContext, form: ScheduleMeetingForm) {
    requireRole(ctx.user, 'county_supervisor');
    const agenda = (form.agenda ?? []).map((a) => a.trim()).filter(Boolean);
    ensureValid(scheduleViolations({ ...form, agenda }));
    const c = this.backends.coordination;
    return callUnary(
      c,
      c.scheduleMeeting,
      {
        countyCode: homeCounty(ctx.user),
        agreementId: form.agreementId,
        scheduledFor: new Date(form.scheduledFor),
        agenda,
        meta: commandMeta(ctx),
      },
      callOptions(ctx, this.deadlineMs),
    );
  }

  async hold(ctx: CallContext, meetingId: string, form: HoldMeetingForm) {
    requireRole(ctx.user, 'county_supervisor');
    const { members } = await this.meetingAndMembers(ctx, meetingId);
    const attendees = (form.attendees ?? []).map((a) => ({
      countyCode: a.countyCode,
      names: (a.names ?? []).map((n) => n.trim()).filter(Boolean),
    }));
    ensureValid(holdViolations({ ...form, attendees }, members, this.clock()));
    const c = this.backends.coordination;
    return callUnary(
      c,
      c.holdMeeting,
      {
        countyCode: homeCounty(ctx.user),
        meetingId,
        heldAt: new Date(form.heldAt),
        attendees,
        minutes: form.minutes.trim(),
        meta: commandMeta(ctx),
      },
      callOptions(ctx, this.deadlineMs),
    );
  }

  async decide(ctx: CallContext, meetingId: string, form: MeetingDecisionForm) {
    requireRole(ctx.user, 'county_supervisor');
    const { meeting, members } = await this.meetingAndMembers(ctx, meetingId);
    ensureValid(decisionViolations(form, members, meeting.heldAt));
    const c = this.backends.coordination;
    return callUnary(
      c,
      c.recordMeetingDecision,
      {
        countyCode: homeCounty(ctx.user),
        meetingId,
        decision: form.decision.trim(),
        assigneeCounty: form.assigneeCounty ?? '',
        dueAt: form.assigneeCounty && form.dueAt ? new Date(form.dueAt) : undefined,
        meta: commandMeta(ctx),
      },
      callOptions(ctx, this.deadlineMs),
    );
  }

  async completeTask(ctx: CallContext, meetingId: string, decisionId: string, report: string) {
    requireRole(ctx.user, 'county_supervisor');
    ensureValid(taskReportViolations(report));
    const c = this.backends.coordination;
    return callUnary(
      c,
      c.completeMeetingTask,
      { countyCode: homeCounty(ctx.user), meetingId, decisionId, report: report.trim(), meta: commandMeta(ctx) },
      callOptions(ctx, this.deadlineMs),
    );
  }

  /** The meeting (read as the supervisor's county) and its agreement's current members, for the forms' checks. */
  private async meetingAndMembers(ctx: CallContext, meetingId: string) {
    const c = this.backends.coordination;
    const countyCode = homeCounty(ctx.user);
    const options = callOptions(ctx, this.deadlineMs);
    const meeting = await callUnary(c, c.getMeeting, { countyCode, meetingId }, options);
    const agreement = await callUnary(c, c.getAgreement, { countyCode, agreementId: meeting.agreementId }, options);
    return { meeting, members: currentMembers(agreement) };
  }
}
