import type { Collection, Db } from 'mongodb';
import { DeadlineTimerRunner, DeadlineTimerStore, type TimerDocument } from '../timers/deadline-timers.js';

/**
 * The rectification deadline timer: the supervision timer mechanism (DeadlineTimerStore and
 * DeadlineTimerRunner: durable documents, a claim by unique insert so that one replica fires
 * each step, late-but-once after downtime) over collections of its own
 * (rectification_timers, rectification_timer_claims), so the rule engine's runner never sees
 * these timers and this runner never fires the engine's.
 *
 * One timer per rectification (`${county}/${rectificationId}`), one stage: just after the
 * deadline in force. It is (re)set on issue, return and an escalation with a new deadline, and
 * deleted on reply and closing (`deadlineTimerAfter`). When it fires, the application sends
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

  static idOf(countyCode: string, rectificationId: string): string {
    return `${countyCode}/${rectificationId}`;
  }

  /** Runs from just after the deadline; replaces the timer of an earlier deadline. */
  async schedule(countyCode: string, rectificationId: string, deadline: Date, now: Date): Promise<void> {
    const at = new Date(deadline.getTime() + 1);
    const doc: RectificationTimer = {
      _id: RectificationTimers.idOf(countyCode, rectificationId),
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

  async cancel(countyCode: string, rectificationId: string): Promise<void> {
    await this.timers.deleteOne({ _id: RectificationTimers.idOf(countyCode, rectificationId) });
  }

  async get(countyCode: string, rectificationId: string): Promise<RectificationTimer | null> {
    return this.timers.findOne({ _id: RectificationTimers.idOf(countyCode, rectificationId) });
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
