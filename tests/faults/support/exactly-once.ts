/**
 * Counts, from the databases themselves, whether every accepted command is in case intake's
 * event store once and reflected once in every read model downstream: case intake's act
 * search, supervision's inbox, act summaries, alerts (one `fewer-than-two-officers` alert per
 * event, each raised once) and published decisions, public disclosure's inbox, act process
 * and disclosure entries (one recorded and one published per decision).
 */
import type { Db } from 'mongodb';
import type { Accepted } from './command-burst.js';
import { COUNTY, type FaultStack } from './fault-stack.js';

export interface ReadModelCount {
  readonly service: string;
  readonly readModel: string;
  readonly expected: number;
  readonly projected: number;
  readonly lost: number;
  readonly duplicates: number;
}

export interface ExactlyOnceReport {
  readonly accepted: { readonly commands: number; readonly events: number; readonly answeredFromAnEarlierAttempt: number };
  readonly eventStore: { readonly stored: number; readonly lost: number; readonly duplicates: number; readonly unacknowledged: number };
  readonly readModels: readonly ReadModelCount[];
  readonly lost: number;
  readonly duplicates: number;
}

interface StoredCommit {
  _id: string;
  aggregateId: string;
  streamId: string;
  idempotencyKey?: string;
  events: { eventId: string; eventType: string; version: number }[];
}

const ALERT_RULE = 'fewer-than-two-officers';

async function activeCollection(db: Db, projection: string) {
  const checkpoint = await db.collection<{ _id: string; active: string }>('projection_checkpoints').findOne({ _id: projection });
  if (!checkpoint) throw new Error(`${db.databaseName}: projection ${projection} has no checkpoint`);
  return db.collection<Record<string, unknown> & { _id: string }>(checkpoint.active);
}

async function commitsOf(db: Db, aggregateType: string, aggregateIds: readonly string[]): Promise<StoredCommit[]> {
  return db
    .collection<StoredCommit>('event_commits')
    .find({ aggregateType, aggregateId: { $in: [...aggregateIds] } } as never)
    .toArray();
}

/** Per act: one document whose version is the act's last stored version. */
async function perActReadModel(
  db: Db,
  service: string,
  projection: string,
  versions: ReadonlyMap<string, number>,
  label: string,
): Promise<ReadModelCount> {
  const docs = await (await activeCollection(db, projection)).find({ actId: { $in: [...versions.keys()] } }).toArray();
  const byAct = new Map<string, number[]>();
  for (const doc of docs) byAct.set(String(doc['actId']), [...(byAct.get(String(doc['actId'])) ?? []), Number(doc['_v'])]);
  let projected = 0;
  let lost = 0;
  let duplicates = 0;
  for (const [actId, version] of versions) {
    const seen = byAct.get(actId) ?? [];
    // A version past the last stored one would be an event applied that the store does not have.
    duplicates += Math.max(0, seen.length - 1) + seen.filter((v) => v > version).length;
    if (seen.length === 1 && seen[0] === version) projected++;
    if (!seen.some((v) => v >= version)) lost++;
  }
  return { service, readModel: label, expected: versions.size, projected, lost, duplicates };
}

/** The consumer's inbox holds each stored event once, and no event of these acts it should not. */
async function inboxCount(db: Db, service: string, stored: ReadonlySet<string>, actIds: readonly string[]): Promise<ReadModelCount> {
  const docs = await db
    .collection<{ _id: string }>('inbox_events')
    .find({ aggregateType: 'EnforcementAct', aggregateId: { $in: [...actIds] } } as never, { projection: { _id: 1 } })
    .toArray();
  const ids = docs.map((d) => d._id);
  const projected = ids.filter((id) => stored.has(id)).length;
  return {
    service,
    readModel: 'inbox_events',
    expected: stored.size,
    projected,
    lost: stored.size - projected,
    duplicates: ids.length - new Set(ids).size + ids.filter((id) => !stored.has(id)).length,
  };
}

export async function countExactlyOnce(stack: FaultStack, accepted: readonly Accepted[]): Promise<ExactlyOnceReport> {
  const actIds = [...new Set(accepted.map((a) => a.actId))];
  const acceptedIds = new Set(accepted.flatMap((a) => a.eventIds));
  const decidedActs = [...new Set(accepted.filter((a) => a.key.startsWith('decide-')).map((a) => a.actId))];

  // Case intake's event store: each accepted event once, nothing stored twice.
  const commits = await commitsOf(stack.db('case-intake'), 'EnforcementAct', actIds);
  const storedIds = new Set<string>();
  const keys = new Map<string, number>();
  const versions = new Map<string, number>();
  let storedEvents = 0;
  for (const commit of commits) {
    if (commit.idempotencyKey) keys.set(commit.idempotencyKey, (keys.get(commit.idempotencyKey) ?? 0) + 1);
    for (const event of commit.events) {
      storedEvents++;
      storedIds.add(event.eventId);
      versions.set(commit.aggregateId, Math.max(versions.get(commit.aggregateId) ?? 0, event.version));
    }
  }
  const eventStore = {
    stored: storedIds.size,
    lost: [...acceptedIds].filter((id) => !storedIds.has(id)).length,
    duplicates: storedEvents - storedIds.size + [...keys.values()].reduce((sum, n) => sum + n - 1, 0),
    unacknowledged: [...storedIds].filter((id) => !acceptedIds.has(id)).length,
  };
  for (const actId of actIds) if (!versions.has(actId)) versions.set(actId, accepted.filter((a) => a.actId === actId).length);

  const supervision = stack.db('supervision');
  const disclosure = stack.db('public-disclosure');
  const readModels: ReadModelCount[] = [
    await perActReadModel(stack.db('case-intake'), 'case-intake', 'case-intake.act-search', versions, 'rm_acts'),
    await inboxCount(supervision, 'supervision', storedIds, actIds),
    await perActReadModel(supervision, 'supervision', 'supervision.act-summaries', versions, 'rm_act_summaries'),
    await alertCount(supervision, storedIds),
    await publishedDecisionCount(supervision, decidedActs),
    await inboxCount(disclosure, 'public-disclosure', storedIds, actIds),
    await perActReadModel(disclosure, 'public-disclosure', 'public-disclosure.act-disclosure-process', versions, 'rm_disclosure_acts'),
    await disclosureCount(disclosure, decidedActs),
  ];
  return {
    accepted: {
      commands: accepted.length,
      events: acceptedIds.size,
      answeredFromAnEarlierAttempt: accepted.filter((a) => a.replayed).length,
    },
    eventStore,
    readModels,
    lost: eventStore.lost + readModels.reduce((sum, r) => sum + r.lost, 0),
    duplicates: eventStore.duplicates + eventStore.unacknowledged + readModels.reduce((sum, r) => sum + r.duplicates, 0),
  };
}

/** One alert per stored event (its evidence), and each alert stream raised once in supervision's store. */
async function alertCount(db: Db, stored: ReadonlySet<string>): Promise<ReadModelCount> {
  const docs = await (await activeCollection(db, 'supervision.alerts')).find({ countyCode: COUNTY, ruleId: ALERT_RULE }).toArray();
  const streamsOf = new Map<string, string[]>();
  for (const doc of docs) {
    const evidence = (doc['evidenceEventIds'] as string[] | undefined)?.[0] ?? '';
    if (stored.has(evidence)) streamsOf.set(evidence, [...(streamsOf.get(evidence) ?? []), doc._id]);
  }
  const streams = [...streamsOf.values()].flat();
  const raised = new Map<string, number>();
  const commits = await db
    .collection<StoredCommit>('event_commits')
    .find({ aggregateType: 'Alert', streamId: { $in: streams } } as never)
    .toArray();
  for (const commit of commits)
    for (const event of commit.events)
      if (event.eventType === 'AlertRaised') raised.set(commit.streamId, (raised.get(commit.streamId) ?? 0) + 1);
  let projected = 0;
  let lost = 0;
  let duplicates = 0;
  for (const eventId of stored) {
    const alerts = streamsOf.get(eventId) ?? [];
    duplicates += Math.max(0, alerts.length - 1) + alerts.reduce((sum, stream) => sum + Math.max(0, (raised.get(stream) ?? 0) - 1), 0);
    if (alerts.length === 1 && raised.get(alerts[0]!) === 1) projected++;
    if (!alerts.some((stream) => (raised.get(stream) ?? 0) > 0)) lost++;
  }
  return {
    service: 'supervision',
    readModel: `rm_alerts (${ALERT_RULE}, raised once each)`,
    expected: stored.size,
    projected,
    lost,
    duplicates,
  };
}

/** DecisionPublished from public disclosure, projected once per decided act. */
async function publishedDecisionCount(db: Db, decidedActs: readonly string[]): Promise<ReadModelCount> {
  const ids = decidedActs.map((actId) => `${COUNTY}/${actId}`);
  const docs = await (await activeCollection(db, 'supervision.published-decisions')).find({ _id: { $in: ids } }).toArray();
  const projected = new Set(docs.map((d) => d._id)).size;
  return {
    service: 'supervision',
    readModel: 'rm_published_decisions',
    expected: ids.length,
    projected,
    lost: ids.length - projected,
    duplicates: docs.length - projected,
  };
}

/** Per decided act: one entry recorded and published once in public disclosure's store, one published entry in rm_disclosures. */
async function disclosureCount(db: Db, decidedActs: readonly string[]): Promise<ReadModelCount> {
  const commits = await commitsOf(db, 'DecisionDisclosure', decidedActs);
  const recorded = new Map<string, number>();
  const published = new Map<string, number>();
  for (const commit of commits)
    for (const event of commit.events) {
      if (event.eventType === 'DecisionRecordedForDisclosure')
        recorded.set(commit.aggregateId, (recorded.get(commit.aggregateId) ?? 0) + 1);
      if (event.eventType === 'DecisionPublished') published.set(commit.aggregateId, (published.get(commit.aggregateId) ?? 0) + 1);
    }
  const entries = await (await activeCollection(db, 'public-disclosure.disclosures')).find({ actId: { $in: [...decidedActs] } }).toArray();
  const entryCount = new Map<string, number>();
  for (const entry of entries)
    if (entry['status'] === 'published') entryCount.set(String(entry['actId']), (entryCount.get(String(entry['actId'])) ?? 0) + 1);
  const once = (map: Map<string, number>, actId: string) => map.get(actId) === 1;
  const projected = decidedActs.filter((actId) => once(recorded, actId) && once(published, actId) && once(entryCount, actId)).length;
  const missing = (actId: string) => !recorded.has(actId) || !published.has(actId) || !entryCount.has(actId);
  const over = (map: Map<string, number>) => [...map.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  return {
    service: 'public-disclosure',
    readModel: 'DecisionDisclosure events + rm_disclosures (recorded and published once)',
    expected: decidedActs.length,
    projected,
    lost: decidedActs.filter(missing).length,
    duplicates: over(recorded) + over(published) + over(entryCount),
  };
}

const complete = (report: ExactlyOnceReport) =>
  report.eventStore.lost === 0 && report.readModels.every((r) => r.projected === r.expected && r.lost === 0);

/**
 * Counts until every read model has caught up (or the time is up), then once more after a
 * pause: a duplicate applied late must not slip past a count taken the moment things looked
 * complete. Returns the last count, complete or not: the caller asserts on it.
 */
export async function settleAndCount(
  stack: FaultStack,
  accepted: readonly Accepted[],
  { timeoutMs = 150_000, settleMs = 2_000 } = {},
): Promise<ExactlyOnceReport & { readonly settledAfterSeconds: number }> {
  const started = Date.now();
  let report = await countExactlyOnce(stack, accepted);
  while (!complete(report) && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    report = await countExactlyOnce(stack, accepted).catch(() => report);
  }
  const settledAfterSeconds = Math.round((Date.now() - started) / 100) / 10;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return { ...(await countExactlyOnce(stack, accepted)), settledAfterSeconds };
}
