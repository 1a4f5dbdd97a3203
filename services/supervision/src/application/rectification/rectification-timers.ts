import type { Collection, Db } from 'mongodb';
import { DeadlineTimerRunner, DeadlineTimerStore, type TimerDocument } from '../timers/deadline-timers.js';

/**
 * The rectification deadline timer: the supervision timer mechanism (DeadlineTimerStore and
 * DeadlineTimerRunner: durable documents, a claim by unique insert so that one replica fires
 * each step, late-but-once after downtime) over collections of its own
 * (rectification_timers, rectification_timer_claims), so the rule engine's runner never sees
 * these timers and this runner never fires the engine's.
 *
 * One timer per deadline (`${county}/${rectificationId}@${deadline ms}`), one stage: just after
 * it. The projection starts one on issue, return and an escalation with a new deadline, deleting
 * the one of the deadline it replaces, and deletes it on reply and closing (`deadlineTimerAfter`).
 * A timer per deadline, not per rectification: the runner deletes a timer it has fired by id, and
 * must never take a newer deadline's timer with it. When it fires, the application sends
 * EscalateOverdueRectification; the decider refuses a second escalation of one deadline and
 * any escalation once the reply came, so a stale or repeated firing records nothing.
 */
export interface RectificationTimer {
  _id: string;
  type: 'rectification';
  countyCode: string;
  rectificationId: string;
  status: 'pending';
  ruleId: 'rectification-deadline';
  stages: { level: 'red'; at: Date }[];
  firedStage: number;
  nextAt: Date;
  dueAt: Date;
  createdAt: Date;
}

const COLLECTIONS: Record<string, string> = {
  deadline_timers: 'rectification_timers',
  deadline_timer_claims: 'rectification_timer_claims',
};

/** The same timer store over the rectification collections (it only ever asks the database for its two collections). */
function rectificationDb(db: Db): Db {
  return { collection: (name: string) => db.collection(COLLECTIONS[name] ?? name) } as unknown as Db;
}

export class RectificationTimers {
  readonly store: DeadlineTimerStore;

  constructor(db: Db) {
    this.store = new DeadlineTimerStore(rectificationDb(db));
  }

  private get timers(): Collection<RectificationTimer> {
    return this.store.timers as unknown as Collection<RectificationTimer>;
  }

  static idOf(countyCode: string, rectificationId: string, deadline: Date): string {
    return `${countyCode}/${rectificationId}@${deadline.getTime()}`;
  }

  /** Runs from just after the deadline; the timer of the deadline it replaces (if any) goes. */
  async schedule(countyCode: string, rectificationId: string, deadline: Date, now: Date, replaces?: Date): Promise<void> {
    if (replaces && replaces.getTime() !== deadline.getTime()) await this.cancel(countyCode, rectificationId, replaces);
    const at = new Date(deadline.getTime() + 1);
    const doc: RectificationTimer = {
      _id: RectificationTimers.idOf(countyCode, rectificationId, deadline),
      type: 'rectification',
      countyCode,
      rectificationId,
      status: 'pending',
      ruleId: 'rectification-deadline',
      stages: [{ level: 'red', at }],
      firedStage: -1,
      nextAt: at,
      dueAt: deadline,
      createdAt: now,
    };
    await this.timers.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  async cancel(countyCode: string, rectificationId: string, deadline: Date): Promise<void> {
    await this.timers.deleteOne({ _id: RectificationTimers.idOf(countyCode, rectificationId, deadline) });
  }

  async get(countyCode: string, rectificationId: string, deadline: Date): Promise<RectificationTimer | null> {
    return this.timers.findOne({ _id: RectificationTimers.idOf(countyCode, rectificationId, deadline) });
  }

  async ensureIndexes(): Promise<void> {
    await this.store.ensureIndexes();
  }

  runner(options: {
    owner: string;
    clock: () => Date;
    pollMs: number;
    fire: (timer: RectificationTimer) => Promise<void>;
    onError: (error: unknown, timer?: TimerDocument) => void;
  }): DeadlineTimerRunner {
    return new DeadlineTimerRunner(this.store, {
      owner: options.owner,
      clock: options.clock,
      pollMs: options.pollMs,
      fire: (timer) => options.fire(timer as unknown as RectificationTimer),
      onError: options.onError,
    });
  }
}
