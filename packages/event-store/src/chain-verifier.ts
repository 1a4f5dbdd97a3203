import { streamIdOf, type EventRecord } from '@lesp/core';
import { countyDigestOf, digestDayOf, type CountyDigest } from './county-digest.js';
import { GENESIS_HASH, computeEventHash } from './event-hash.js';
import { readAllEvents, type EventStore } from './event-store.js';

export type ChainProblemKind = 'altered' | 'removed' | 'inserted' | 'reordered' | 'digest-mismatch';

export interface ChainProblem {
  /** The stream; '' for a county-wide problem (digest-mismatch). */
  readonly streamId: string;
  /** The event's version; for 'removed' the first missing version; 0 for digest-mismatch. */
  readonly version: number;
  readonly kind: ChainProblemKind;
  readonly detail: string;
}

export interface DigestCheck {
  /** The day of the digest, when it is a daily one. */
  readonly day?: string;
  readonly asOf: Date;
  readonly recorded: CountyDigest;
  readonly recomputed: CountyDigest;
  readonly matches: boolean;
}

export interface ChainVerificationReport {
  readonly countyCode: string;
  readonly streams: number;
  readonly events: number;
  /** A digest mismatch first, then by stream id and version. Empty: every chain is intact (and the digest matches). */
  readonly problems: readonly ChainProblem[];
  /** Present when verified against a digest. */
  readonly digest?: DigestCheck;
}

export interface VerifyOptions {
  /** A digest recorded earlier (e.g. MongoDigestLog.get): the log as of its asOf must still digest to it. */
  readonly againstDigest?: CountyDigest;
}

/**
 * Recomputes every hash chain of a county from the store (any adapter, through readAll)
 * and reports each event altered, removed, inserted or out of order. A removed stream tail
 * leaves no gap: only a digest recorded before the removal shows it (`againstDigest`).
 */
export async function verifyCounty(store: EventStore, countyCode: string, options: VerifyOptions = {}): Promise<ChainVerificationReport> {
  const records: EventRecord[] = [];
  for await (const record of readAllEvents(store, { countyCode })) records.push(record);
  return verifyRecords(countyCode, records, options);
}

/** The same over records in the store's global order (per stream: the order stored). Pure. */
export function verifyRecords(countyCode: string, records: readonly EventRecord[], options: VerifyOptions = {}): ChainVerificationReport {
  const streams = new Map<string, EventRecord[]>();
  for (const record of records) {
    const stream = streams.get(record.streamId);
    if (stream) stream.push(record);
    else streams.set(record.streamId, [record]);
  }
  const problems = [...streams.entries()].flatMap(([streamId, stored]) => verifyStream(streamId, stored));
  problems.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.version - b.version));

  let digest: DigestCheck | undefined;
  const recorded = options.againstDigest;
  if (recorded) {
    const recomputed = countyDigestOf(countyCode, recorded.asOf, records);
    const matches = recomputed.digest === recorded.digest;
    const day = dayOf(recorded.asOf);
    digest = { ...(day ? { day } : {}), asOf: recorded.asOf, recorded, recomputed, matches };
    if (!matches) {
      problems.unshift({
        streamId: '',
        version: 0,
        kind: 'digest-mismatch',
        detail:
          `the log as of ${recorded.asOf.toISOString()}${day ? ` (day ${day})` : ''} was rewritten: recorded digest ${short(recorded.digest)} ` +
          `(${recorded.streams} streams, ${recorded.events} events), recomputed ${short(recomputed.digest)} ` +
          `(${recomputed.streams} streams, ${recomputed.events} events)`,
      });
    }
  }
  return { countyCode, streams: streams.size, events: records.length, problems, ...(digest ? { digest } : {}) };
}

/** One stream's events in the order stored. */
function verifyStream(streamId: string, stored: readonly EventRecord[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const report = (version: number, kind: ChainProblemKind, detail: string): void => void problems.push({ streamId, version, kind, detail });

  // 1. Each event against its own hash: any field changed after it was stored.
  const intact = new Set<EventRecord>();
  const versionOfHash = new Map<string, number>();
  for (const record of stored) {
    let recomputed: string;
    try {
      recomputed = computeEventHash(record);
    } catch (error) {
      report(record.version, 'altered', `event ${record.eventId} cannot be hashed: ${(error as Error).message}`);
      continue;
    }
    const ownStream = streamIdOf(record.countyCode, record.aggregateType, record.aggregateId);
    if (!record.hash) {
      report(record.version, 'altered', `event ${record.eventId} has no hash (stored before hash chaining, or the hash was removed)`);
    } else if (recomputed !== record.hash) {
      report(record.version, 'altered', `event ${record.eventId}: stored hash ${short(record.hash)}, recomputed ${short(recomputed)}`);
    } else if (ownStream !== streamId) {
      report(record.version, 'altered', `event ${record.eventId} is stored in this stream but its hashed fields name ${ownStream}`);
    } else {
      intact.add(record);
      versionOfHash.set(record.hash, record.version);
    }
  }

  const byVersion = new Map<number, EventRecord[]>();
  for (const record of stored) {
    const same = byVersion.get(record.version);
    if (same) same.push(record);
    else byVersion.set(record.version, [record]);
  }
  // 2. The store keeps a stream in version order (recordedAt never goes back within a stream);
  //    a duplicated version is reported once, below.
  let highest = 0;
  for (const record of stored) {
    if (record.version < highest && intact.has(record) && byVersion.get(record.version)!.length === 1) {
      report(
        record.version,
        'reordered',
        `event ${record.eventId} (version ${record.version}, recorded ${record.recordedAt.toISOString()}) is stored after version ${highest}`,
      );
    }
    highest = Math.max(highest, record.version);
  }

  // 3. The chain, in version order: no gap, no duplicate, each event linked to the one before.
  let previous: EventRecord | undefined;
  let expected = 1;
  for (const version of [...byVersion.keys()].sort((a, b) => a - b)) {
    const candidates = byVersion.get(version)!;
    if (version < 1) {
      for (const c of candidates)
        report(version, 'inserted', `event ${c.eventId} has version ${version}, which is no position in a stream`);
      continue;
    }
    const gap = version > expected;
    if (gap) {
      report(
        expected,
        'removed',
        version - expected === 1
          ? `version ${expected} is missing (the stream goes from ${expected - 1} to ${version})`
          : `versions ${expected}–${version - 1} are missing (the stream goes from ${expected - 1} to ${version})`,
      );
    }
    const linkTo = previous?.hash ?? GENESIS_HASH;
    const event = candidates.find((c) => intact.has(c) && c.previousHash === linkTo) ?? candidates[0]!;
    for (const other of candidates) {
      if (other !== event) {
        report(
          version,
          'reordered',
          `version ${version} is stored ${candidates.length} times: event ${other.eventId} besides ${event.eventId}`,
        );
      }
    }
    // After a gap the link cannot be checked (its predecessor is what was removed), nor after
    // an altered event (already reported; its stored hash may be what was changed).
    const checkable = !gap && (previous === undefined || intact.has(previous));
    if (checkable && intact.has(event) && event.previousHash !== linkTo) {
      const linkedVersion = versionOfHash.get(event.previousHash);
      if (linkedVersion !== undefined && linkedVersion !== version - 1) {
        report(version, 'reordered', `event ${event.eventId} is chained to version ${linkedVersion}, not to version ${version - 1}`);
      } else if (version === 1) {
        report(
          version,
          'inserted',
          `event ${event.eventId} is first in the stream but its previousHash is ${short(event.previousHash)}, not the genesis hash`,
        );
      } else {
        report(
          version,
          'inserted',
          `event ${event.eventId}: previousHash ${short(event.previousHash)} is not the hash of version ${version - 1} (${short(linkTo)}); ` +
            `it was inserted here, or version ${version - 1} was rewritten and re-hashed`,
        );
      }
    }
    previous = event;
    expected = version + 1;
  }
  return problems;
}

function dayOf(asOf: Date): string | undefined {
  try {
    return digestDayOf(asOf);
  } catch {
    return undefined;
  }
}

function short(hash: string): string {
  return hash ? `${hash.slice(0, 12)}…` : "''";
}
