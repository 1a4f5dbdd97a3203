import { assertAllowed, type Principal } from '@lesp/auth';
import {
  assertCountyCode,
  assertIdentifier,
  idFromIdempotencyKey,
  newId,
  ValidationError,
  type CommandContext,
  type Violation,
} from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore } from '@lesp/event-store';
import { addCalendarDays, chinaDayOf, startOfChinaDay } from '../../domain/calendar/china-day.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import {
  RECTIFICATION_AGGREGATE,
  rectificationDecider,
  type Accountability,
  type CopyRecipient,
  type RectificationCommand,
  type RectificationDocumentKind,
  type RectificationEvent,
  type RectificationGround,
  type RectificationOutcome,
  type RectificationState,
} from '../../domain/rectification/index.js';
import type { SupervisionForm } from '../../domain/shared/supervision-forms.js';
import { alertAggregate, handleOptions, type CommandOptions, type CommandOutcome } from '../aggregates.js';
import { rectificationDomainCodec } from './rectification-codec.js';

export const rectificationAggregate: AggregateType<RectificationCommand, RectificationEvent, RectificationState> = {
  source: 'supervision',
  aggregateType: RECTIFICATION_AGGREGATE,
  decider: rectificationDecider,
  codec: rectificationDomainCodec,
};

/** Up to this many working days for a reply (a year of working days is about 250). */
export const MAX_DEADLINE_WORKING_DAYS = 250;

/** A ground as a supervisor names it over the API: an alert by its id, or their own finding. */
export interface GroundInput {
  readonly kind: string;
  readonly alertId?: string;
  readonly description?: string;
}

/** A deadline as the API takes it: an instant, or working days of the official calendar from today. */
export interface DeadlineInput {
  readonly deadline?: Date;
  readonly workingDays?: number;
}

export interface IssueInput {
  readonly rectificationId?: string;
  readonly documentKind: string;
  readonly documentNumber: string;
  readonly supervisionForm: string;
  readonly agencyId: string;
  readonly grounds: readonly GroundInput[];
  readonly findings: string;
  readonly requirements: string;
  readonly deadline: DeadlineInput;
  readonly copiedTo: readonly CopyRecipient[];
}

export interface ReplyInput {
  readonly agencyId: string;
  readonly measures: readonly string[];
  readonly explanation: string;
}

export interface CloseInput {
  readonly outcome: string;
  readonly publicSummary: string;
  readonly accountability?: Accountability;
}

/** Who is told when an overdue notice escalates and it was copied to nobody. */
export const DEFAULT_ESCALATION_RECIPIENT: CopyRecipient = { name: '本级人民政府', relation: '本级人民政府' };

/**
 * Rectification (整改) commands. Supervisors of the county issue, accept, return and close and
 * record accountability; the clerk of the addressed agency replies; the deadline timer
 * escalates. Alert grounds are looked up in the Alert streams (whose agency, dismissed or not)
 * before the decider judges them; deadlines given in working days follow the county calendar.
 */
export class RectificationCommands {
  private readonly handler: CommandHandler<RectificationCommand, RectificationEvent, RectificationState>;
  private readonly alerts: CommandHandler<
    Parameters<typeof alertAggregate.decider.decide>[0],
    Parameters<typeof alertAggregate.decider.evolve>[1],
    ReturnType<typeof alertAggregate.decider.initialState>
  >;

  constructor(
    store: EventStore,
    private readonly calendar: () => WorkingDayCalendar,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.handler = new CommandHandler(store, rectificationAggregate);
    this.alerts = new CommandHandler(store, alertAggregate);
  }

  async issue(
    principal: Principal,
    countyCode: string,
    input: IssueInput,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    const now = this.clock();
    const rectificationId =
      input.rectificationId ||
      (options.idempotencyKey ? idFromIdempotencyKey(countyCode, `rectification:${options.idempotencyKey}`) : newId());
    assertIdentifier(rectificationId, 'rectificationId');
    const grounds = await this.resolveGrounds(countyCode, input.grounds);
    const deadline = this.deadlineOf(input.deadline, 'deadline', now);
    return this.issueResolved(
      countyCode,
      {
        rectificationId,
        countyCode,
        documentKind: input.documentKind as RectificationDocumentKind,
        documentNumber: input.documentNumber,
        supervisionForm: input.supervisionForm as SupervisionForm,
        agencyId: input.agencyId,
        grounds,
        findings: input.findings,
        requirements: input.requirements,
        deadline,
        copiedTo: input.copiedTo,
        issuedBy: principal.subject,
        issuedAt: now,
      },
      context,
      options,
    );
  }

  /**
   * Issues a notice whose grounds are already resolved (e.g. case-file review problems
   * referred by a process manager, each with its agency).
   */
  async issueResolved(
    countyCode: string,
    data: Extract<RectificationCommand, { type: 'IssueRectificationNotice' }>['data'],
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    return this.run(countyCode, data.rectificationId, { type: 'IssueRectificationNotice', data }, context, options);
  }

  async reply(
    principal: Principal,
    countyCode: string,
    rectificationId: string,
    input: ReplyInput,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    checkIds(countyCode, rectificationId);
    // The route checked the clerk against the agency named in the request; the decider checks
    // that the notice is addressed to it.
    assertAllowed(principal, 'supervision.rectification.reply', { countyCodes: [countyCode], agencyId: input.agencyId }, this.clock());
    return this.run(
      countyCode,
      rectificationId,
      {
        type: 'ReplyToRectification',
        data: {
          rectificationId,
          agencyId: input.agencyId,
          measures: input.measures,
          explanation: input.explanation,
          repliedBy: principal.subject,
          repliedAt: this.clock(),
        },
      },
      context,
      options,
    );
  }

  async accept(
    principal: Principal,
    countyCode: string,
    rectificationId: string,
    opinion: string,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    checkIds(countyCode, rectificationId);
    return this.run(
      countyCode,
      rectificationId,
      { type: 'AcceptRectification', data: { rectificationId, opinion, acceptedBy: principal.subject, acceptedAt: this.clock() } },
      context,
      options,
    );
  }

  async return(
    principal: Principal,
    countyCode: string,
    rectificationId: string,
    input: { reason: string; newDeadline: DeadlineInput },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    checkIds(countyCode, rectificationId);
    const now = this.clock();
    const newDeadline = this.deadlineOf(input.newDeadline, 'newDeadline', now);
    return this.run(
      countyCode,
      rectificationId,
      {
        type: 'ReturnRectification',
        data: { rectificationId, reason: input.reason, newDeadline, returnedBy: principal.subject, returnedAt: now },
      },
      context,
      options,
    );
  }

  async close(
    principal: Principal,
    countyCode: string,
    rectificationId: string,
    input: CloseInput,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    checkIds(countyCode, rectificationId);
    if (input.outcome !== 'rectified' && input.outcome !== 'not_rectified') {
      throw ValidationError.of('outcome', 'RECTIFICATION_OUTCOME_UNKNOWN', '整改结果应为 rectified（已整改）或 not_rectified（未整改）');
    }
    return this.run(
      countyCode,
      rectificationId,
      {
        type: 'CloseRectification',
        data: {
          rectificationId,
          outcome: input.outcome as RectificationOutcome,
          publicSummary: input.publicSummary,
          ...(input.accountability ? { accountability: input.accountability } : {}),
          closedBy: principal.subject,
          closedAt: this.clock(),
        },
      },
      context,
      options,
    );
  }

  async recordAccountability(
    countyCode: string,
    rectificationId: string,
    accountability: Accountability,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    checkIds(countyCode, rectificationId);
    return this.run(
      countyCode,
      rectificationId,
      { type: 'RecordAccountability', data: { rectificationId, accountability } },
      context,
      options,
    );
  }

  /** Sent by the deadline timer: the reply is overdue; the superiors are told. */
  async escalate(
    countyCode: string,
    rectificationId: string,
    reportedTo: readonly CopyRecipient[],
    context: CommandContext,
    idempotencyKey: string,
  ): Promise<CommandOutcome> {
    return this.run(
      countyCode,
      rectificationId,
      {
        type: 'EscalateOverdueRectification',
        data: {
          rectificationId,
          reportedTo: reportedTo.length > 0 ? reportedTo : [DEFAULT_ESCALATION_RECIPIENT],
          escalatedAt: this.clock(),
        },
      },
      context,
      { idempotencyKey },
    );
  }

  async load(countyCode: string, rectificationId: string) {
    return this.handler.load(countyCode, rectificationId);
  }

  /** Each alert ground as its stream says: found, dismissed, and whose. */
  private async resolveGrounds(countyCode: string, inputs: readonly GroundInput[]): Promise<RectificationGround[]> {
    const violations: Violation[] = [];
    const grounds: RectificationGround[] = [];
    for (const [index, input] of inputs.entries()) {
      if (input.kind === 'alert') {
        const alertId = input.alertId ?? '';
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(alertId)) {
          violations.push({ field: `grounds[${index}].alertId`, code: 'IDENTIFIER_FORMAT', message: '预警编号格式错误' });
          continue;
        }
        const { state } = await this.alerts.load(countyCode, alertId);
        grounds.push({
          kind: 'alert',
          alertId,
          agencyId: state.agencyId,
          found: state.status !== 'none',
          ...(state.status === 'dismissed' ? { dismissed: true } : {}),
        });
      } else if (input.kind === 'finding') {
        grounds.push({ kind: 'finding', description: input.description ?? '' });
      } else {
        violations.push({
          field: `grounds[${index}].kind`,
          code: 'GROUND_KIND_UNKNOWN',
          message: '监督依据应为 alert（预警）或 finding（监督发现的问题）；案卷评查、双随机抽查的问题由其模块转办',
        });
      }
    }
    if (violations.length > 0) throw new ValidationError(violations);
    return grounds;
  }

  /** An instant, or the end (Beijing time) of the n-th working day after today. */
  deadlineOf(input: DeadlineInput, field: string, now: Date): Date {
    const { deadline, workingDays } = input;
    if ((deadline === undefined) === (workingDays === undefined || workingDays === 0)) {
      throw ValidationError.of(field, 'DEADLINE_REQUIRED', '整改期限须填写具体时间或工作日天数，二者选一');
    }
    if (deadline !== undefined) return deadline;
    if (!Number.isInteger(workingDays) || workingDays! < 1 || workingDays! > MAX_DEADLINE_WORKING_DAYS) {
      throw ValidationError.of(
        `${field}WorkingDays`,
        'DEADLINE_WORKING_DAYS_RANGE',
        `整改期限应为 1 到 ${MAX_DEADLINE_WORKING_DAYS} 个工作日`,
      );
    }
    const lastDay = this.calendar().addWorkingDays(chinaDayOf(now), workingDays!);
    return new Date(startOfChinaDay(addCalendarDays(lastDay, 1)).getTime() - 1);
  }

  private async run(
    countyCode: string,
    rectificationId: string,
    command: RectificationCommand,
    context: CommandContext,
    options: CommandOptions,
  ): Promise<CommandOutcome> {
    const handled = await this.handler.handle(countyCode, rectificationId, command, context, handleOptions(options));
    if (handled.records.length > 0 && !handled.replayed) this.afterAppend();
    return {
      aggregateId: rectificationId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }
}

/** The decider answers RECTIFICATION_NOT_FOUND for a rectification never issued. */
function checkIds(countyCode: string, rectificationId: string): void {
  assertCountyCode(countyCode);
  assertIdentifier(rectificationId, 'rectificationId');
}
