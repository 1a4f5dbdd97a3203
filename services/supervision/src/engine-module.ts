import { hostname } from 'node:os';
import type { Collection } from 'mongodb';
import { newId } from '@lesp/core';
import { baseConfigSchema, type ServiceParts } from '@lesp/service-bootstrap';
import { chineseDaysVersion, chineseDaysYears } from './adapters/calendar/chinese-days-seed.js';
import { AlertCommands } from './application/alerts/alert-commands.js';
import { AlertQueries } from './application/alerts/alert-queries.js';
import { WorkingCalendarService } from './application/calendar/working-calendar.js';
import type { FactDocument } from './application/engine/facts-store.js';
import { type RuleEngine } from './application/engine/rule-engine.js';
import { RegistryCommands } from './application/registry/registry-commands.js';
import { RuleSettingsService } from './application/rules/rule-settings-service.js';
import { DeadlineTimerRunner, DeadlineTimerStore } from './application/timers/deadline-timers.js';
import { NATIONAL_SCOPE } from './domain/calendar/calendar-decider.js';

/** Supervision's own settings, validated with the base ones at start-up. */
export const supervisionConfigSchema = baseConfigSchema.extend({
  /** How often each replica looks for due deadline timers (it is also woken when a deadline starts). */
  TIMER_POLL_MS: baseConfigSchema.shape.SHUTDOWN_TIMEOUT_MS.removeDefault().default(1_000),
  /** How often each replica reloads the working-day calendar (amendments made through another replica). */
  CALENDAR_REFRESH_MS: baseConfigSchema.shape.SHUTDOWN_TIMEOUT_MS.removeDefault().default(30_000),
});
export type SupervisionConfig = ReturnType<typeof supervisionConfigSchema.parse>;

export type EngineParts = ReturnType<typeof engineAdapters>;

/**
 * The rule engine and everything around it, wired from the service's parts: alerts,
 * rule settings, the working-day calendar, registries, durable timers. `start()` does the
 * asynchronous part (seeding the calendar, timer indexes, the timer loop) before the
 * consumer starts delivering events.
 */
export function engineAdapters(engine: RuleEngine, parts: ServiceParts<SupervisionConfig>, clock: () => Date) {
  const wake = () => parts.relay.wake();
  const alerts = new AlertCommands(parts.eventStore, wake, clock);
  const alertQueries = new AlertQueries(parts.projections, clock);
  const settings = new RuleSettingsService(parts.eventStore, wake);
  const calendar = new WorkingCalendarService(parts.eventStore, wake);
  const registry = new RegistryCommands(parts.eventStore, wake, clock);
  const timers = new DeadlineTimerStore(parts.db);
  const owner = `supervision@${hostname()}:${process.pid}:${newId().slice(-6)}`;
  const runner = new DeadlineTimerRunner(timers, {
    owner,
    clock,
    pollMs: parts.config.TIMER_POLL_MS,
    fire: (timer, stage) => engine.fire(timer, stage),
    onError: (error, timer) =>
      parts.logger.error({ err: error, timerId: timer?._id }, 'deadline timer failed; retried after its claim expires'),
  });
  engine.bind({
    alerts,
    timers,
    settings,
    calendar: () => calendar.calendar,
    clock,
    facts: () => parts.projections.collection<FactDocument>(engine.projection.name) as Promise<Collection<FactDocument>>,
    wakeTimers: () => runner.wake(),
  });
  calendar.onChange(async (next) => {
    const moved = await timers.recompute(next);
    if (moved > 0) parts.logger.info({ moved, calendar: next.stamp }, 'working-day calendar changed: running deadlines recomputed');
    runner.wake();
  });

  return {
    alerts,
    alertQueries,
    settings,
    calendar,
    registry,
    timers,
    runner,
    async start(): Promise<void> {
      await timers.ensureIndexes();
      const seeded = await calendar.seed(chineseDaysYears(), chineseDaysVersion(), {
        actor: { userId: 'supervision-calendar-seed', role: 'service', countyCode: NATIONAL_SCOPE },
        correlationId: newId(),
        causationId: 'calendar-seed',
        occurredAt: clock(),
      });
      if (seeded > 0) parts.logger.info({ seeded, source: chineseDaysVersion() }, 'working-day calendar seeded');
      await timers.recompute(calendar.calendar);
      calendar.start(parts.config.CALENDAR_REFRESH_MS, (error) => parts.logger.warn({ err: error }, 'working-day calendar reload failed'));
      parts.lifecycle.add('calendar-refresh', async () => calendar.stop());
      runner.start();
      parts.lifecycle.add('deadline-timers', () => runner.stop());
    },
  };
}
