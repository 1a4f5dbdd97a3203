import { assertAllowed, type Principal } from '@lesp/auth';
import type { supervisionEventsV1 } from '@lesp/contracts';
import { assertCountyCode, assertIdentifier, NotFoundError, type CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore } from '@lesp/event-store';
import type { AlertCommand, AlertState } from '../../domain/alert/alert-decider.js';
import type { AlertLevel } from '../../domain/calendar/working-days.js';
import { alertAggregate, handleOptions, type CommandOptions, type CommandOutcome } from '../aggregates.js';

/**
 * Alerts: raised, escalated and resolved by the rule engine and the deadline timers (as the
 * system), acknowledged by the responsible agency or a supervisor, dismissed by a supervisor.
 */
export class AlertCommands {
  private readonly handler: CommandHandler<AlertCommand, Parameters<typeof alertAggregate.decider.evolve>[1], AlertState>;

  constructor(
    store: EventStore,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.handler = new CommandHandler(store, alertAggregate);
  }

  /**
   * Raises the alert, or escalates it when it is already raised at a lower level; raising it
   * again at its level records nothing (the decider), so a key is needed only where two
   * replicas may fire the same timer stage (it makes the second one a replay).
   */
  async raise(
    countyCode: string,
    data: supervisionEventsV1.AlertRaised,
    context: CommandContext,
    idempotencyKey?: string,
  ): Promise<number> {
    const handled = await this.handler.handle(
      countyCode,
      data.alertId,
      { type: 'RaiseAlert', data },
      context,
      idempotencyKey ? { idempotencyKey } : {},
    );
    if (handled.records.length > 0 && !handled.replayed) this.afterAppend();
    return handled.replayed ? 0 : handled.records.length;
  }

  async escalate(countyCode: string, alertId: string, level: AlertLevel, reason: string, context: CommandContext): Promise<number> {
    const handled = await this.handler.handle(countyCode, alertId, { type: 'EscalateAlert', data: { level, reason } }, context);
    if (handled.records.length > 0) this.afterAppend();
    return handled.records.length;
  }

  async resolve(countyCode: string, alertId: string, curingEventId: string, reason: string, context: CommandContext): Promise<number> {
    const handled = await this.handler.handle(countyCode, alertId, { type: 'ResolveAlert', data: { curingEventId, reason } }, context);
    if (handled.records.length > 0) this.afterAppend();
    return handled.records.length;
  }

  async acknowledge(
    principal: Principal,
    countyCode: string,
    alertId: string,
    note: string,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    await this.checkAgency(principal, 'supervision.alert.acknowledge', countyCode, alertId);
    return this.run(countyCode, alertId, { type: 'AcknowledgeAlert', data: { note } }, context, options);
  }

  async dismiss(
    principal: Principal,
    countyCode: string,
    alertId: string,
    reason: string,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    await this.checkAgency(principal, 'supervision.alert.dismiss', countyCode, alertId);
    return this.run(countyCode, alertId, { type: 'DismissAlert', data: { reason } }, context, options);
  }

  /** A clerk may act only on their own agency's alerts: the agency is known once the alert is loaded. */
  private async checkAgency(
    principal: Principal,
    permission: 'supervision.alert.acknowledge' | 'supervision.alert.dismiss',
    countyCode: string,
    alertId: string,
  ): Promise<void> {
    assertCountyCode(countyCode);
    assertIdentifier(alertId, 'alertId');
    const { state } = await this.handler.load(countyCode, alertId);
    if (state.status === 'none') throw new NotFoundError('ALERT_NOT_FOUND', '预警不存在');
    assertAllowed(principal, permission, { countyCodes: [countyCode], agencyId: state.agencyId }, this.clock());
  }

  private async run(
    countyCode: string,
    alertId: string,
    command: AlertCommand,
    context: CommandContext,
    options: CommandOptions,
  ): Promise<CommandOutcome> {
    const handled = await this.handler.handle(countyCode, alertId, command, context, handleOptions(options));
    if (handled.records.length > 0) this.afterAppend();
    return {
      aggregateId: alertId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }
}
