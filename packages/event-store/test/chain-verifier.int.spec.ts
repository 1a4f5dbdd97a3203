import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Binary } from 'mongodb';
import { newId } from '@lesp/core';
import { REPO_ROOT, createTestDatabase, integrationEnv, type TestDatabase } from '@lesp/test-infra';
import {
  DigestAlreadyRecordedError,
  MongoDigestLog,
  MongoEventStore,
  digestCutoff,
  recordMissingDigests,
  verifyCounty,
  withEventHash,
  type CommitDocument,
  type NewEvent,
} from '../src/index.js';

const run = promisify(execFile);
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

function event(body: string): NewEvent {
  return {
    eventId: newId(),
    eventType: 'AgencyRenamed',
    schemaVersion: 1,
    payload: new TextEncoder().encode(body),
    occurredAt: new Date('2026-11-24T01:00:00Z'),
    actor: { userId: 'u-1', role: 'agency_clerk', countyCode: '431103' },
    correlationId: 'corr',
    causationId: 'cause',
  };
}

/** A Mongo event store on a fresh database whose clock the test moves. */
async function fixture(start: string) {
  const database = await createTestDatabase('chain_verifier');
  databases.push(database);
  let now = Date.parse(start);
  const clock = () => new Date((now += 1000));
  const store = new MongoEventStore(database.db, clock);
  await store.ensureIndexes();
  /** Appends `bodies` one commit each (or all in one commit), chained as the command handler does. */
  const append = async (countyCode: string, aggregateId: string, bodies: string[], oneCommit = false) => {
    const stream = await store.readStream(countyCode, 'Agency', aggregateId);
    let version = stream.length;
    let previousHash = stream.at(-1)?.hash;
    for (const group of oneCommit ? [bodies] : bodies.map((b) => [b])) {
      const result = await store.append({
        source: 'case-intake',
        countyCode,
        aggregateType: 'Agency',
        aggregateId,
        expectedVersion: version,
        ...(previousHash ? { previousHash } : {}),
        events: group.map(event),
      });
      version = result.nextVersion;
      previousHash = result.records.at(-1)!.hash;
    }
  };
  const setClock = (iso: string) => (now = Date.parse(iso));
  /** The commit document holding `version` of a stream. */
  const commitOf = async (streamId: string, version: number): Promise<CommitDocument> =>
    (await store.commits.findOne({ streamId, firstVersion: { $lte: version }, lastVersion: { $gte: version } }))!;
  return { database, store, append, setClock, commitOf };
}

const short = (problems: readonly { streamId: string; version: number; kind: string }[]) =>
  problems.map((p) => `${p.kind} ${p.streamId}@${p.version}`);

describe('hash-chain verification (real database)', () => {
  it('finds clean chains clean, then names each altered, removed and inserted event; the CLI says so with exit code 1', async () => {
    const { database, store, append, commitOf } = await fixture('2026-11-24T02:00:00Z');
    await append('431103', 'a-1', ['one', 'two', 'three']);
    await append('431103', 'a-2', ['x', 'y'], true);
    await append('431103', 'a-2', ['z']);
    await append('431103', 'a-3', ['1', '2', '3', '4', '5']);
    await append('431103', 'a-4', ['p', 'q']);
    await append('433124', 'b-1', ['m', 'n'], true);
    await append('433124', 'b-1', ['o']);

    expect(await verifyCounty(store, '431103')).toEqual({ countyCode: '431103', streams: 4, events: 13, problems: [] });
    expect(await verifyCounty(store, '433124')).toEqual({ countyCode: '433124', streams: 1, events: 3, problems: [] });

    // (a) A payload edited in place (FerretDB v1 accepts a numeric index in an update path).
    const a2 = await commitOf('431103/Agency/a-2', 2);
    const index = a2.events.findIndex((e) => e.version === 2);
    await store.commits.updateOne({ _id: a2._id }, { $set: { [`events.${index}.payload`]: new Binary(new TextEncoder().encode('Y')) } });
    expect(short((await verifyCounty(store, '431103')).problems)).toEqual(['altered 431103/Agency/a-2@2']);

    // (b) A commit in the middle of a stream deleted.
    await store.commits.deleteOne({ _id: (await commitOf('431103/Agency/a-3', 3))._id });
    const afterRemoval = await verifyCounty(store, '431103');
    expect(short(afterRemoval.problems)).toEqual(['altered 431103/Agency/a-2@2', 'removed 431103/Agency/a-3@3']);
    expect(afterRemoval.problems[1]!.detail).toMatch(/version 3 is missing/);

    // (c) A forged commit: its event's hash is self-consistent, its previousHash is not the stream's.
    const head = (await store.readStream('431103', 'Agency', 'a-4')).at(-1)!;
    const forged = withEventHash({
      ...head,
      eventId: newId(),
      version: 3,
      recordedAt: new Date(head.recordedAt.getTime() + 60_000),
      payload: new TextEncoder().encode('forged'),
      previousHash: 'ab'.repeat(32),
    });
    const template = await commitOf('431103/Agency/a-4', 2);
    await store.commits.insertOne({
      ...template,
      _id: newId(),
      firstVersion: 3,
      lastVersion: 3,
      recordedAt: forged.recordedAt,
      events: [
        {
          eventId: forged.eventId,
          eventType: forged.eventType,
          schemaVersion: forged.schemaVersion,
          version: forged.version,
          occurredAt: forged.occurredAt,
          actor: forged.actor,
          correlationId: forged.correlationId,
          causationId: forged.causationId,
          payload: new Binary(forged.payload),
          previousHash: forged.previousHash,
          hash: forged.hash,
        },
      ],
    });
    const report = await verifyCounty(store, '431103');
    expect(short(report.problems)).toEqual(['altered 431103/Agency/a-2@2', 'removed 431103/Agency/a-3@3', 'inserted 431103/Agency/a-4@3']);
    expect(report).toMatchObject({ streams: 4, events: 13 });
    // The other county was not touched.
    expect((await verifyCounty(store, '433124')).problems).toEqual([]);

    // The CLI, as an operator runs it.
    const cli = (...args: string[]) =>
      run(
        process.execPath,
        ['--import', 'tsx', 'scripts/verify-chain.ts', '--mongo-url', integrationEnv().mongoUrl, '--db', database.name, ...args],
        {
          cwd: REPO_ROOT,
        },
      );
    const failed = await cli('--county', '431103').then(
      () => expect.unreachable('exit code 0 despite problems'),
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/431103\/Agency\/a-2 版本 version 2: .*stored hash/);
    expect(failed.stdout).toMatch(/\[缺失 removed\] 431103\/Agency\/a-3 版本 version 3/);
    expect(failed.stdout).toMatch(/\[插入 inserted\] 431103\/Agency\/a-4 版本 version 3/);
    expect(failed.stdout).toContain('发现 3 个问题');
    const clean = await cli('--county', '433124');
    expect(clean.stdout).toMatch(/完整.*every chain is intact/);
  });

  it('records a daily digest once, which later appends keep and a rewrite of that day breaks; the CLI checks it with --digest-day', async () => {
    const { database, store, append, setClock, commitOf } = await fixture('2026-11-24T09:00:00+08:00');
    const digests = new MongoDigestLog(database.db);
    await append('431103', 'a-1', ['one', 'two']);
    await append('431103', 'a-2', ['x']);
    await append('433124', 'b-1', ['m']);

    const day = '2026-11-24';
    const justAfter = new Date('2026-11-25T00:05:00+08:00');
    await expect(recordMissingDigests(store, digests, ['431103'], day, { now: new Date('2026-11-24T23:00:00+08:00') })).rejects.toThrow(
      /once the day is over/,
    );
    const recorded = await recordMissingDigests(store, digests, ['431103', '433124'], day, { now: justAfter });
    expect(recorded.recorded.map((d) => [d.countyCode, d.streams, d.events])).toEqual([
      ['431103', 2, 3],
      ['433124', 1, 1],
    ]);
    const digest = (await digests.get('431103', day))!;
    expect(digest).toMatchObject({ countyCode: '431103', day, asOf: digestCutoff(day), streams: 2, events: 3 });
    // Insert-only: a second digest for the day is refused and the first stands.
    await expect(digests.record({ ...digest, digest: 'f'.repeat(64) })).rejects.toBeInstanceOf(DigestAlreadyRecordedError);
    expect(await recordMissingDigests(store, digests, ['431103', '433124'], day, { now: justAfter })).toMatchObject({
      recorded: [],
      alreadyRecorded: ['431103', '433124'],
    });
    expect((await digests.get('431103', day))!.digest).toBe(digest.digest);

    // The next day goes on: the digest of the 24th still matches.
    setClock('2026-11-25T10:00:00+08:00');
    await append('431103', 'a-1', ['three']);
    await append('431103', 'a-3', ['new']);
    const later = await verifyCounty(store, '431103', { againstDigest: digest });
    expect(later).toMatchObject({ streams: 3, events: 5, problems: [], digest: { day, matches: true } });

    // Someone rewrites an event of the 24th.
    const commit = await commitOf('431103/Agency/a-1', 1);
    await store.commits.updateOne({ _id: commit._id }, { $set: { 'events.0.payload': new Binary(new TextEncoder().encode('ONE')) } });
    const tampered = await verifyCounty(store, '431103', { againstDigest: digest });
    expect(short(tampered.problems)).toEqual(['digest-mismatch @0', 'altered 431103/Agency/a-1@1']);
    expect(tampered.digest).toMatchObject({ matches: false, recorded: { digest: digest.digest } });

    const failed = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/verify-chain.ts',
        '--mongo-url',
        integrationEnv().mongoUrl,
        '--db',
        database.name,
        '--county',
        '431103',
        '--digest-day',
        day,
      ],
      { cwd: REPO_ROOT },
    ).then(
      () => expect.unreachable('exit code 0 despite a digest mismatch'),
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/日摘要 daily digest 2026-11-24 .*不一致 MISMATCH/);
    expect(failed.stdout).toMatch(/\[日摘要不符 digest mismatch\] 区县 county 431103/);
  });
});
