import { ConcurrencyError, newId, streamIdOf, type EventRecord } from '@lesp/core';
import { refused, refusedUpFront } from './append-many.js';
import type {
  AppendOutcome,
  AppendRequest,
  AppendResult,
  EventStore,
  Outbox,
  PendingCommit,
  ReadAllOptions,
  ReadPage,
} from './event-store.js';
import { compareCommitKeys, decodePosition, encodePosition, recordedAtFor, type CommitKey } from './position.js';
import { assertAppendable, knownPreviousHash, recordsFor } from './records.js';

interface Commit extends CommitKey {
  readonly commitId: string;
  readonly countyCode: string;
  readonly records: readonly EventRecord[];
  readonly idempotencyKey?: string;
  published: boolean;
}

/** For unit tests of command handlers and projections: same contract as the MongoDB store. */
export class InMemoryEventStore implements EventStore, Outbox {
  private readonly commits: Commit[] = [];
  private readonly versions = new Map<string, number>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async append(request: AppendRequest): Promise<AppendResult> {
    assertAppendable(request);
    const streamId = streamIdOf(request.countyCode, request.aggregateType, request.aggregateId);
    const actual = this.versions.get(streamId) ?? 0;
    if (actual !== request.expectedVersion) {
      throw new ConcurrencyError(streamId, request.expectedVersion, actual);
    }
    // The key's command was done: refused, as the Mongo store's claim refuses it.
    if (
      request.idempotencyKey &&
      this.commits.some((c) => c.countyCode === request.countyCode && c.idempotencyKey === request.idempotencyKey)
    ) {
      throw new ConcurrencyError(streamId, request.expectedVersion, actual);
    }
    const previousHash = knownPreviousHash(request) ?? this.lastHash(streamId);
    const records = recordsFor(request, recordedAtFor(this.clock(), request.notBefore), previousHash);
    const first = records[0]!;
    this.commits.push({
      commitId: newId(),
      countyCode: request.countyCode,
      recordedAt: first.recordedAt,
      streamId,
      firstVersion: first.version,
      records,
      ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
      published: false,
    });
    this.commits.sort(compareCommitKeys);
    const nextVersion = request.expectedVersion + records.length;
    this.versions.set(streamId, nextVersion);
    return { streamId, nextVersion, records };
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    const upFront = refusedUpFront(requests);
    const outcomes: AppendOutcome[] = [];
    for (const [index, request] of requests.entries()) {
      const refusal = upFront[index];
      if (refusal) {
        outcomes.push({ ok: false, error: refusal });
        continue;
      }
      try {
        outcomes.push({ ok: true, result: await this.append(request) });
      } catch (error) {
        outcomes.push(refused(error));
      }
    }
    return outcomes;
  }

  private lastHash(streamId: string): string {
    const last = this.commits.filter((c) => c.streamId === streamId).sort((a, b) => b.firstVersion - a.firstVersion)[0];
    return last?.records.at(-1)?.hash ?? '';
  }

  async findByIdempotencyKey(countyCode: string, idempotencyKey: string): Promise<AppendResult | undefined> {
    const commit = this.commits.find((c) => c.countyCode === countyCode && c.idempotencyKey === idempotencyKey);
    if (!commit) return undefined;
    return { streamId: commit.streamId, nextVersion: commit.records.at(-1)!.version, records: commit.records };
  }

  async readStream(countyCode: string, aggregateType: string, aggregateId: string): Promise<readonly EventRecord[]> {
    const streamId = streamIdOf(countyCode, aggregateType, aggregateId);
    return this.commits.filter((c) => c.streamId === streamId).flatMap((c) => c.records);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadPage> {
    const after = options.after ? decodePosition(options.after) : undefined;
    const limit = options.limit ?? 500;
    const matching = this.commits.filter(
      (c) =>
        (options.countyCode === undefined || c.countyCode === options.countyCode) &&
        (after === undefined || compareCommitKeys(c, after) > 0),
    );
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    return {
      records: page.flatMap((c) => c.records),
      ...(last && matching.length > limit ? { next: encodePosition(last) } : {}),
    };
  }

  async fetchUnpublished(limit: number): Promise<readonly PendingCommit[]> {
    return this.commits
      .filter((c) => !c.published)
      .slice(0, limit)
      .map((c) => ({ commitId: c.commitId, records: c.records }));
  }

  async markPublished(commitIds: readonly string[]): Promise<void> {
    const ids = new Set(commitIds);
    for (const commit of this.commits) if (ids.has(commit.commitId)) commit.published = true;
  }

  async countUnpublished(): Promise<number> {
    return this.commits.filter((c) => !c.published).length;
  }
}
