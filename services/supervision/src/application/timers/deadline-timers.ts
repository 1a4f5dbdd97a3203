import type { Collection, Db } from 'mongodb';
import { DUPLICATE_KEY, ensureIndexes, isDuplicateKeyError, writeErrorsOf } from '@lesp/event-store';
import type { AlertKind } from '../../domain/alert/alert-decider.js';
import {
  deadlineStages,
  type AlertLevel,
  type DeadlineStage,
  type TimeLimit,
  type WorkingDayCalendar,
} from '../../domain/calendar/working-days.js';
import { stageReached } from '../../domain/rules/engine.js';
import type { PeriodWindow, Subject } from '../../domain/rules/rule.js';

/**
 * Durable timers (deadline_timers): one document per running deadline or rule period, in
 * MongoDB, so they survive restarts. Any replica may fire a due timer. It claims the timer's
 * next step first by inserting a claim document keyed by (timer, stage fired so far) into
 * deadline_timer_claims: the unique _id decides the winner (FerretDB v1's findAndModify is
 * not atomic across connections, a unique insert is). The claim expires, so a replica that
 * died mid-fire is taken over. The winner fires (appending with an idempotency key per timer
 * and stage, and the alert decider ignores a raise it already has, so even a second firing
 * records nothing), then advances the timer only if its fired stage is still the one it
 * read. After downtime a timer fires once, at the highest stage reached by then.
 */
export type TimerDocument = DeadlineTimer | PeriodTimer;

interface TimerBase {
  _id: string;
  countyCode: string;
  /** Running; a timer whose last stage fired, or that was cured, is deleted. */
  status: 'pending';
  ruleId: string;
  stages: DeadlineStage[];
  /** Index of the last stage fired; -1 before the first. */
  firedStage: number;
  /** When the next stage is due (the last stage's time once done). */
  nextAt: Date;
  createdAt: Date;
}

export interface DeadlineTimer extends TimerBase {
  type: 'deadline';
  ruleVersion: number;
  packId: string;
  kind: AlertKind;
  title: string;
  alertId: string;
  agencyId: string;
  subject: Subject;
  evidence: string[];
  message: string;
  anchor: Date;
  amount: number;
  unit: TimeLimit['unit'];
  lastDay: string;
  dueAt: Date;
  /** The calendar the stages were computed with. */
  calendarStamp: string;
}

export interface PeriodTimer extends TimerBase {
  type: 'period';
  window: PeriodWindow;
}

export type NewDeadline = Omit<
  DeadlineTimer,
  'status' | 'stages' | 'firedStage' | 'nextAt' | 'createdAt' | 'type' | 'lastDay' | 'dueAt' | 'calendarStamp'
>;

interface ClaimDocument {
  /** `${timer id}@${stage fired so far}`: one claim per step of a timer. */
  _id: string;
  owner: string;
  until: Date;
}

export class DeadlineTimerStore {
  readonly timers: Collection<TimerDocument>;
  readonly claims: Collection<ClaimDocument>;

  constructor(db: Db) {
    this.timers = db.collection<TimerDocument>('deadline_timers');
    this.claims = db.collection<ClaimDocument>('deadline_timer_claims');
  }

  /** True when this owner now holds the timer's next step (a claim expired elsewhere is taken over). */
  async claim(timer: TimerDocument, owner: string, now: Date, claimMs: number): Promise<boolean> {
    const _id = `${timer._id}@${timer.firedStage}`;
    const doc = { _id, owner, until: new Date(now.getTime() + claimMs) };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.claims.insertOne(doc);
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await this.claims.findOne({ _id });
      if (!existing || existing.until.getTime() > now.getTime()) return false;
      await this.claims.deleteOne({ _id, owner: existing.owner, until: existing.until });
    }
    return false;
  }

  async release(timer: TimerDocument, owner: string): Promise<void> {
    await this.claims.deleteOne({ _id: `${timer._id}@${timer.firedStage}`, owner });
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.timers, [
      { key: { status: 1, nextAt: 1 }, name: 'status_next' },
      { key: { status: 1, unit: 1, calendarStamp: 1 }, name: 'status_unit_calendar' },
    ]);
  }

  /** Starts a deadline unless it already runs (or ran): the first start wins, redeliveries change nothing. */
  async scheduleDeadline(deadline: NewDeadline, calendar: WorkingDayCalendar, now: Date): Promise<boolean> {
    return this.insertOnce(deadlineTimerOf(deadline, calendar, now));
  }

  /**
   * As `scheduleDeadline` for each, in one unordered insert (the rule engine's batches): which
   * were started. A deadline that runs already is left as it is; any other failure throws.
   */
  async scheduleDeadlines(deadlines: readonly NewDeadline[], calendar: WorkingDayCalendar, now: Date): Promise<boolean[]> {
    if (deadlines.length === 0) return [];
    const started = deadlines.map(() => true);
    try {
      await this.timers.insertMany(
        deadlines.map((deadline) => deadlineTimerOf(deadline, calendar, now)),
        { ordered: false },
      );
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      for (const writeError of writeErrors) started[writeError.index] = false;
    }
    return started;
  }

  async schedulePeriod(countyCode: string, ruleId: string, window: PeriodWindow, at: Date, now: Date): Promise<boolean> {
    return this.insertOnce({
      _id: `period/${countyCode}/${ruleId}/${window.key}`,
      type: 'period',
      countyCode,
      ruleId,
      window,
      status: 'pending',
      stages: [{ level: 'yellow', at }],
      firedStage: -1,
      nextAt: at,
      createdAt: now,
    });
  }

  private async insertOnce(doc: TimerDocument): Promise<boolean> {
    try {
      await this.timers.insertOne(doc);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * The deadline was cured: it stops (a stage already fired stays fired; its alert is resolved
   * separately). Finished timers are deleted, not kept: FerretDB v1 scans the collection for
   * the due-timer query, so it should hold only running timers. The alert events are the record.
   */
  async cancel(id: string): Promise<'none' | 'unfired' | 'fired'> {
    const deleted = await this.timers.findOneAndDelete({ _id: id });
    if (!deleted) return 'none';
    return deleted.firedStage < 0 ? 'unfired' : 'fired';
  }

  async get(id: string): Promise<TimerDocument | null> {
    return this.timers.findOne({ _id: id });
  }

  /**
   * The calendar changed: every running working-day deadline computed with another calendar
   * gets its stages, last day and due time again. A deadline being fired right now is left
   * for the next pass (its claim or fired stage changed under us).
   */
  async recompute(calendar: WorkingDayCalendar): Promise<number> {
    const stamp = calendar.stamp;
    const stale = await this.timers
      .find({ status: 'pending', unit: 'working_days', calendarStamp: { $ne: stamp } } as never)
      .limit(10_000)
      .toArray();
    let moved = 0;
    for (const timer of stale) {
      if (timer.type !== 'deadline') continue;
      const limit = { amount: timer.amount, unit: timer.unit };
      const stages = [...deadlineStages(calendar, timer.anchor, limit)];
      const next = stages[timer.firedStage + 1];
      const result = await this.timers.updateOne(
        { _id: timer._id, status: 'pending', firedStage: timer.firedStage, calendarStamp: timer.calendarStamp },
        {
          $set: {
            stages,
            nextAt: next?.at ?? stages.at(-1)!.at,
            lastDay: calendar.lastDayOf(timer.anchor, limit),
            dueAt: stages.at(-1)!.at,
            calendarStamp: stamp,
          },
        },
      );
      moved += result.modifiedCount;
    }
    return moved;
  }
}

export interface FiredStage {
  readonly index: number;
  readonly level: AlertLevel;
}

/** Fires one stage of a timer; must be idempotent per (timer id, stage index). */
export type FireTimer = (timer: TimerDocument, stage: FiredStage) => Promise<void>;

export interface TimerRunnerOptions {
  readonly owner: string;
  readonly clock: () => Date;
  readonly fire: FireTimer;
  /** How long a claim holds while a replica fires (a dead replica's claim expires after it). */
  readonly claimMs?: number;
  readonly pollMs?: number;
  readonly batch?: number;
  readonly onError?: (error: unknown, timer?: TimerDocument) => void;
}

export class DeadlineTimerRunner {
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly store: DeadlineTimerStore,
    private readonly options: TimerRunnerOptions,
  ) {}

  /** Claims and fires every due timer once; returns how many stages it fired. */
  async tick(): Promise<number> {
    const { owner, clock } = this.options;
    const claimMs = this.options.claimMs ?? 30_000;
    const now = clock();
    const due = await this.store.timers
      .find({ status: 'pending', nextAt: { $lte: now } })
      .sort({ nextAt: 1 })
      .limit(this.options.batch ?? 100)
      .toArray();
    let fired = 0;
    for (const candidate of due) {
      if (!(await this.store.claim(candidate, owner, now, claimMs))) continue;
      // Read again under the claim: another replica may have advanced it since the query.
      const timer = await this.store.timers.findOne({ _id: candidate._id, status: 'pending', firedStage: candidate.firedStage });
      if (!timer) {
        await this.store.release(candidate, owner);
        continue;
      }
      const reached = stageReached(timer.stages, now);
      try {
        if (reached && reached.index > timer.firedStage) {
          await this.options.fire(timer, reached);
          fired++;
        }
        const firedIndex = Math.max(timer.firedStage, reached?.index ?? -1);
        const next = timer.stages[firedIndex + 1];
        if (next) {
          await this.store.timers.updateOne(
            { _id: timer._id, firedStage: timer.firedStage, status: 'pending' },
            { $set: { firedStage: firedIndex, nextAt: next.at } },
          );
        } else {
          // Its last stage fired: the timer is done and goes (see `cancel`).
          await this.store.timers.deleteOne({ _id: timer._id, firedStage: timer.firedStage });
        }
        await this.store.release(timer, owner);
      } catch (error) {
        // The claim stays until it expires; then this or another replica tries again.
        this.options.onError?.(error, timer);
      }
    }
    return fired;
  }

  start(): void {
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          await this.tick();
        } catch (error) {
          this.options.onError?.(error);
        }
        await new Promise<void>((resolve) => {
          const timeout = setTimeout(resolve, this.options.pollMs ?? 1000);
          this.wakeUp = () => {
            clearTimeout(timeout);
            resolve();
          };
        });
      }
    })();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
  }
}

function deadlineTimerOf(deadline: NewDeadline, calendar: WorkingDayCalendar, now: Date): DeadlineTimer {
  const stages = [...deadlineStages(calendar, deadline.anchor, { amount: deadline.amount, unit: deadline.unit })];
  const last = stages.at(-1)!;
  return {
    ...deadline,
    type: 'deadline',
    status: 'pending',
    stages,
    firedStage: -1,
    nextAt: stages[0]!.at,
    createdAt: now,
    lastDay: calendar.lastDayOf(deadline.anchor, { amount: deadline.amount, unit: deadline.unit }),
    dueAt: last.at,
    calendarStamp: calendar.stamp,
  };
}
