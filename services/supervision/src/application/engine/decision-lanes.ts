/** A decision with the event that caused it. */
export interface Decided<Decision, Cause> {
  readonly decision: Decision;
  readonly cause: Cause;
}

/**
 * A batch's decisions, carried out together: one lane per key (the rule engine's: the alert,
 * which names its deadline too), each lane in the order its decisions were made. Decisions on
 * different alerts touch different streams and timers, so only a lane's order matters (a
 * deadline started and cured in one batch is started first). They go in rounds: every lane's
 * first decision, then every lane's second, …; a round can then be written in bulk (all its
 * deadlines in one insert) where one by one each was a write of its own.
 */
export class DecisionLanes<Decision, Cause> {
  private readonly lanes = new Map<string, Decided<Decision, Cause>[]>();

  constructor(private readonly keyOf: (decision: Decision) => string) {}

  add(decisions: readonly Decision[], cause: Cause): void {
    for (const decision of decisions) {
      const key = this.keyOf(decision);
      const lane = this.lanes.get(key);
      if (lane) lane.push({ decision, cause });
      else this.lanes.set(key, [{ decision, cause }]);
    }
  }

  /** Runs the rounds one after the other; a round that fails stops the rest. */
  async run(executeRound: (round: readonly Decided<Decision, Cause>[]) => Promise<void>): Promise<void> {
    const lanes = [...this.lanes.values()];
    this.lanes.clear();
    for (let step = 0; ; step++) {
      const round = lanes.flatMap((lane) => (step < lane.length ? [lane[step]!] : []));
      if (round.length === 0) return;
      await executeRound(round);
    }
  }
}
