/**
 * Lag, computed from what Kafka and the projections report. Pure: the runtime feeds it the
 * offsets it fetched and the times it noted.
 */

/** A partition's offsets as kafkajs' admin.fetchTopicOffsets gives them. */
export interface PartitionOffsets {
  readonly partition: number;
  /** High watermark: the offset the next message will get. */
  readonly high: string;
  /** Earliest offset still on the broker (retention may have removed older ones). */
  readonly low: string;
}

/** A group's committed offset on a partition (admin.fetchOffsets); '-1' when it never committed. */
export interface CommittedOffset {
  readonly partition: number;
  readonly offset: string;
}

export interface ConsumerLagSample {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/**
 * Messages per partition the group has not committed yet: high watermark minus the committed
 * offset (the next one the group will read). A partition the group never committed is behind
 * by everything still on the broker (our consumers start from the beginning). Never negative:
 * a committed offset past the watermark (a truncated partition) counts as caught up.
 */
export function partitionLag(
  group: string,
  topic: string,
  offsets: readonly PartitionOffsets[],
  committed: readonly CommittedOffset[],
): ConsumerLagSample[] {
  const committedBy = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  return offsets
    .map((p) => {
      const high = Number(p.high);
      const at = committedBy.get(p.partition);
      const from = at === undefined || !Number.isFinite(at) || at < 0 ? Number(p.low) : at;
      return { group, topic, partition: p.partition, lag: Math.max(0, high - from) };
    })
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Seconds from an event's recording (by the service that owns it) to its application by a
 * projection. Hosts' clocks disagree a little: a recording that seems to come after its
 * application counts as no lag.
 */
export function projectionLagSeconds(recordedAtMs: number, appliedAtMs: number): number {
  return Math.max(0, appliedAtMs - recordedAtMs) / 1000;
}
