import { workingCalendarEventCodec } from '@lesp/contracts';
import { ConcurrencyError, NotFoundError, type CommandContext } from '@lesp/core';
import { CommandHandler, readAllEvents, type EventStore } from '@lesp/event-store';
import { NATIONAL_SCOPE, type ReplaceWorkingCalendar } from '../../domain/calendar/calendar-decider.js';
import { WorkingDayCalendar, type CalendarYear } from '../../domain/calendar/working-days.js';
import { calendarAggregate, handleOptions, type CommandOptions, type CommandOutcome } from '../aggregates.js';

export interface CalendarYearView extends CalendarYear {
  readonly source: string;
}

/**
 * The working-day calendar as data: one event stream per year in the national scope
 * (county code 100000) of supervision's event store. Replacing a year is a command (audited
 * as an event); every replica reloads the years periodically and after its own changes, and
 * tells its listeners (the deadline timers) when the calendar changed.
 */
export class WorkingCalendarService {
  private readonly handler: CommandHandler<
    Parameters<typeof calendarAggregate.decider.decide>[0],
    Parameters<typeof calendarAggregate.decider.evolve>[1],
    ReturnType<typeof calendarAggregate.decider.initialState>
  >;
  private current = new WorkingDayCalendar([]);
  private views = new Map<number, CalendarYearView>();
  private readonly listeners: ((calendar: WorkingDayCalendar) => Promise<void>)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly afterAppend: () => void = () => {},
  ) {
    this.handler = new CommandHandler(store, calendarAggregate);
  }

  get calendar(): WorkingDayCalendar {
    return this.current;
  }

  year(year: number): CalendarYearView {
    const view = this.views.get(year);
    if (!view) throw new NotFoundError('CALENDAR_YEAR_NOT_FOUND', `没有 ${year} 年的工作日历`);
    return view;
  }

  onChange(listener: (calendar: WorkingDayCalendar) => Promise<void>): void {
    this.listeners.push(listener);
  }

  async replace(data: ReplaceWorkingCalendar['data'], context: CommandContext, options: CommandOptions = {}): Promise<CommandOutcome> {
    const handled = await this.handler.handle(
      NATIONAL_SCOPE,
      String(data.year),
      { type: 'ReplaceWorkingCalendar', data },
      context,
      handleOptions(options),
    );
    if (handled.records.length > 0) this.afterAppend();
    await this.reload();
    return {
      aggregateId: String(data.year),
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }

  /** Seeds every year the store does not know yet (replicas racing to seed collide harmlessly). */
  async seed(
    years: readonly { year: number; holidays: readonly string[]; workdays: readonly string[] }[],
    source: string,
    context: CommandContext,
  ): Promise<number> {
    await this.reload();
    let seeded = 0;
    for (const year of years) {
      if (this.views.has(year.year)) continue;
      try {
        const handled = await this.handler.handle(
          NATIONAL_SCOPE,
          String(year.year),
          { type: 'ReplaceWorkingCalendar', data: { ...year, source, reason: '初始导入' } },
          context,
          { expectedVersion: 0 },
        );
        if (handled.records.length > 0) seeded++;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
    if (seeded > 0) this.afterAppend();
    await this.reload();
    return seeded;
  }

  /** Reads every year from the store; tells the listeners when anything changed. */
  async reload(): Promise<void> {
    const views = new Map<number, CalendarYearView>();
    for await (const record of readAllEvents(this.store, { countyCode: NATIONAL_SCOPE })) {
      if (record.aggregateType !== calendarAggregate.aggregateType || !workingCalendarEventCodec.handles(record.eventType)) continue;
      const event = workingCalendarEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
      views.set(event.data.year, { ...event.data, version: record.version });
    }
    const next = new WorkingDayCalendar([...views.values()]);
    const changed = next.stamp !== this.current.stamp;
    this.views = views;
    this.current = next;
    if (changed) for (const listener of this.listeners) await listener(next);
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.timer = setInterval(() => void this.reload().catch(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
