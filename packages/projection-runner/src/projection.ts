import type { Collection, Document, IndexDescription } from 'mongodb';
import type { EventRecord } from '@lesp/core';

/**
 * A read model fed by events. `apply` must be idempotent and tolerate redelivery and
 * replays (the runner calls it at least once per event, and again during a rebuild):
 * write with `applyVersioned` or key contributions by event id.
 */
export interface Projection<Doc extends Document = Document> {
  /** Stable name; also the checkpoint id. */
  readonly name: string;
  /** Logical read-model name; physical collections are `${readModel}__${generation}`. */
  readonly readModel: string;
  readonly indexes?: readonly IndexDescription[];
  handles(eventType: string): boolean;
  apply(event: EventRecord, target: Collection<Doc>): Promise<void>;
  /**
   * Optional: applies several events (all handled by this projection, in delivery order) at
   * once, e.g. reading and writing each document once however many of its events came. Same
   * effect as `apply` on each in turn, and as idempotent.
   */
  applyBatch?(events: readonly EventRecord[], target: Collection<Doc>): Promise<void>;
  /**
   * Optional: brings documents a release stored in an older layout into this one, in place, at
   * start-up (`ProjectionRunner.init`, before any event is applied), on the active generation.
   * Idempotent and safe to run by two replicas at once; cheap once done (it should leave a mark
   * and look for that first). A rebuild needs none: it writes the current layout.
   */
  migrate?(target: Collection<Doc>): Promise<void>;
}

/** A projection of any document type, as the runner holds them side by side. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any>;
