import type { Collection, Db } from 'mongodb';
import { chinaDayOf } from '../../domain/calendar/china-day.js';
import { DeadlineTimerRunner, DeadlineTimerStore, type TimerDocument, type TimerRunnerOptions } from '../timers/deadline-timers.js';

/** The rule id the review-round timers carry (they are period timers of the shared mechanism). */
export const REVIEW_ROUND_TIMER = 'case-file-review-round';

/**
 * The durable timers of the shared mechanism (claims keyed by timer and stage, so a round
 * fires once across replicas and late-but-once after downtime), kept in collections of their
 * own (review_round_timers, review_round_timer_claims): the rule engine's runner fires only
 * its own timers, this runner only review rounds.
 */
class ReviewRoundTimerStore extends DeadlineTimerStore {
  override readonly timers: Collection<TimerDocument>;
  override readonly claims: DeadlineTimerStore['claims'];

  constructor(db: Db) {
    super(db);
    this.timers = db.collection<TimerDocument>('review_round_timers');
    this.claims = db.collection('review_round_timer_claims') as DeadlineTimerStore['claims'];
  }
}

const timerKey = (definitionId: string, roundNumber: number) => `${definitionId}#${roundNumber}`;

export class ReviewRoundTimers {
  readonly store: DeadlineTimerStore;

  constructor(db: Db) {
    this.store = new ReviewRoundTimerStore(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.store.ensureIndexes();
  }

  /** Starts the timer of a round, due when its period has ended (insert-once: a second start changes nothing). */
  async schedule(countyCode: string, definitionId: string, roundNumber: number, dueAt: Date, now: Date): Promise<boolean> {
    const day = chinaDayOf(dueAt);
    return this.store.schedulePeriod(
      countyCode,
      REVIEW_ROUND_TIMER,
      { key: timerKey(definitionId, roundNumber), start: day, endExclusive: day },
      dueAt,
      now,
    );
  }

  /** A retired definition's pending round timer goes. */
  async cancelDefinition(countyCode: string, definitionId: string): Promise<void> {
    const pending = await this.store.timers.find({ countyCode, ruleId: REVIEW_ROUND_TIMER, status: 'pending' }).toArray();
    for (const timer of pending) {
      if (timer.type === 'period' && timer.window.key.startsWith(`${definitionId}#`)) await this.store.cancel(timer._id);
    }
  }

  runner(
    options: Omit<TimerRunnerOptions, 'fire'>,
    fire: (countyCode: string, definitionId: string, roundNumber: number) => Promise<void>,
  ) {
    return new DeadlineTimerRunner(this.store, {
      ...options,
      fire: async (timer) => {
        if (timer.type !== 'period' || timer.ruleId !== REVIEW_ROUND_TIMER) return;
        const at = timer.window.key.lastIndexOf('#');
        await fire(timer.countyCode, timer.window.key.slice(0, at), Number(timer.window.key.slice(at + 1)));
      },
    });
  }
}
