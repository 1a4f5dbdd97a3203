/**
 * Whether the services of a BenchStack have projected everything: each consumer group's
 * committed offsets at the end of every topic it is assigned, and each service's outbox
 * (as its relay counts it: batch markers and numbered markers) empty, so that events the consumers append themselves (supervision's
 * alerts, public disclosure's publications) count as work still to do.
 */
import { loadavg } from 'node:os';
import { AssignerProtocol, type Admin } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import { topicNaming } from '@lesp/kafka-bus';
// The package by path, as bench/event-store.ts does: the root lists only the packages its tools import by name.
import { MongoEventStore } from '../../packages/event-store/src/index.js';
import type { BenchService, BenchStack } from './services.js';

export interface ServiceLook {
  /** Messages of its topics the service's group has not committed. */
  readonly lag: number;
  /** The group's committed offsets summed over its topics' partitions: it moves when the service gets on. */
  readonly committed: number;
  /** Commits in the service's outbox not yet published; undefined when its database did not answer in time. */
  readonly outbox: number | undefined;
  /** Its lag is 0 and no service whose topic it reads has anything left in its outbox. */
  readonly caughtUp: boolean;
}

export interface Look {
  readonly at: number;
  readonly services: ReadonlyMap<BenchService, ServiceLook>;
  /** Nothing left anywhere. */
  readonly clean: boolean;
}

/** The topics a group's members are assigned (their member assignments decoded). */
export async function assignedTopics(admin: Admin, groupId: string): Promise<string[]> {
  const group = (await admin.describeGroups([groupId])).groups[0];
  const topics = new Set<string>();
  for (const member of group?.members ?? []) {
    if (member.memberAssignment.length === 0) continue;
    const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) if (partitions.length > 0) topics.add(topic);
  }
  return [...topics].sort();
}

/** How long a look waits for a database's outbox count before calling it unknown. */
const OUTBOX_ANSWER_MS = 10_000;

export class CatchUpProbe {
  private readonly topicsOf = new Map<BenchService, string[]>();
  /**
   * The outbox count asked of each database and not answered yet: a database that hangs gets no
   * second question (questions piling up would take the client's whole connection pool).
   */
  private readonly asking = new Map<BenchService, Promise<number>>();
  /** Each service's event store, read as its relay reads it (numbered markers are found by _id, not counted in a collection). */
  private readonly outboxes = new Map<BenchService, MongoEventStore>();
  /** Since when each service's database has left an outbox count unanswered. */
  readonly silentSince = new Map<BenchService, number>();

  constructor(
    private readonly stack: BenchStack,
    private readonly admin: Admin,
    private readonly mongo: MongoClient,
    readonly services: readonly BenchService[],
  ) {}

  groupId(service: BenchService): string {
    return `${this.stack.prefix}.${service}`;
  }

  topics(service: BenchService): readonly string[] {
    return this.topicsOf.get(service) ?? [];
  }

  /** Waits until every service's group has members holding partitions, and notes the topics each is assigned. */
  async waitForAssignments(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const service of this.services) {
      for (;;) {
        const topics = await assignedTopics(this.admin, this.groupId(service));
        if (topics.length > 0) {
          this.topicsOf.set(service, topics);
          break;
        }
        if (Date.now() > deadline) throw new Error(`${this.groupId(service)}: no partitions assigned within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Which service publishes a topic (`<prefix>.<service>.events`). */
  private producerOf(topic: string): BenchService | undefined {
    const naming = topicNaming(this.stack.prefix);
    return this.services.find((s) => naming.eventsTopic(s) === topic);
  }

  /** The service's outbox count, or undefined when its database has not answered within OUTBOX_ANSWER_MS. */
  private async outbox(service: BenchService): Promise<number | undefined> {
    let asked = this.asking.get(service);
    if (!asked) {
      let store = this.outboxes.get(service);
      if (!store) this.outboxes.set(service, (store = new MongoEventStore(this.mongo.db(this.stack.database(service)))));
      asked = store.countUnpublished();
      this.asking.set(service, asked);
      const answered = () => {
        this.asking.delete(service);
        this.silentSince.delete(service);
      };
      asked.then(answered, answered);
    }
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      asked.catch(() => undefined),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), OUTBOX_ANSWER_MS))),
    ]);
    clearTimeout(timer);
    if (answer === undefined && this.asking.has(service) && !this.silentSince.has(service)) this.silentSince.set(service, Date.now());
    return answer;
  }

  async look(): Promise<Look> {
    const at = Date.now();
    const topics = [...new Set(this.services.flatMap((s) => this.topics(s)))];
    const ends = new Map(await Promise.all(topics.map(async (t) => [t, await this.admin.fetchTopicOffsets(t)] as const)));
    const outboxes = new Map(await Promise.all(this.services.map(async (s) => [s, await this.outbox(s)] as const)));
    const services = new Map<BenchService, ServiceLook>();
    for (const service of this.services) {
      const mine = this.topics(service);
      const committed = await this.admin.fetchOffsets({ groupId: this.groupId(service), topics: [...mine] });
      let lag = 0;
      let done = 0;
      for (const topic of mine) {
        const at = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        for (const p of ends.get(topic) ?? []) {
          const offset = at.get(p.partition);
          // Never committed (-1): behind by everything on the broker (the consumers start from the beginning).
          const from = offset === undefined || offset < 0 ? Number(p.low) : offset;
          lag += Math.max(0, Number(p.high) - from);
          done += from;
        }
      }
      // An outbox that did not answer counts as not empty.
      const upstreamEmpty = mine.every((t) => {
        const producer = this.producerOf(t);
        return producer === undefined || outboxes.get(producer) === 0;
      });
      services.set(service, { lag, committed: done, outbox: outboxes.get(service), caughtUp: lag === 0 && upstreamEmpty });
    }
    const clean = [...services.values()].every((s) => s.lag === 0 && s.outbox === 0);
    return { at, services, clean };
  }

  /** Each group's state and members now (a consumer stuck in a batch past its session leaves the group: "Empty", 0). */
  async groups(): Promise<Map<BenchService, string>> {
    const described = await this.admin.describeGroups(this.services.map((s) => this.groupId(s)));
    return new Map(
      this.services.map((s) => {
        const group = described.groups.find((g) => g.groupId === this.groupId(s));
        return [s, group ? `${group.state}, ${group.members.length}` : '?'] as const;
      }),
    );
  }

  /** Messages in each service's dead-letter topic (events its consumer gave up on). */
  async deadLetters(): Promise<Map<BenchService, number>> {
    const naming = topicNaming(this.stack.prefix);
    const existing = new Set(await this.admin.listTopics());
    const counts = new Map<BenchService, number>();
    for (const service of this.services) {
      const topic = naming.deadLetterTopic(this.groupId(service));
      const offsets = existing.has(topic) ? await this.admin.fetchTopicOffsets(topic) : [];
      counts.set(
        service,
        offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0),
      );
    }
    return counts;
  }
}

/** How often the watch looks (also the precision of its times). */
export const LOOK_EVERY_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load1 = () => Number(loadavg()[0]!.toFixed(2));

export interface Watched {
  /** Per service, the first look after the import was stored that found its group at the end of its topics (outboxes aside). */
  readonly firstAtEnd: Map<BenchService, number>;
  /** Per service, the first look after the import was stored that found it caught up. */
  readonly firstCaughtUp: Map<BenchService, number>;
  /** Per service, the start of its last run of caught-up looks (one caught up falls behind again when more events come). */
  readonly lastCaughtUp: Map<BenchService, number>;
  readonly everywhereAt?: number;
  readonly last?: Look;
  /** Given up because the services behind had committed nothing for the stall limit: since when, per service. */
  readonly stalled?: Map<BenchService, number>;
}

/**
 * Looks every LOOK_EVERY_MS from `started` until the import has ended and two looks in a row find
 * nothing left; or until every service still behind has committed nothing for `stallMs` (a
 * consumer that stopped would otherwise hold the run to the deadline); or the deadline.
 */
export async function watch(
  probe: CatchUpProbe,
  { started, deadline, stallMs, stored }: { started: number; deadline: number; stallMs: number; stored: () => number | undefined },
): Promise<Watched> {
  const firstAtEnd = new Map<BenchService, number>();
  const firstCaughtUp = new Map<BenchService, number>();
  const lastCaughtUp = new Map<BenchService, number>();
  const movedAt = new Map<BenchService, { committed: number; at: number }>();
  let cleanSince: number | undefined;
  let cleanLooks = 0;
  let last: Look | undefined;
  let lastLog = started;
  for (;;) {
    const storedAt = stored();
    const look = await probe.look().catch(() => undefined);
    if (look) {
      last = look;
      for (const [service, seen] of look.services) {
        if (!seen.caughtUp) lastCaughtUp.delete(service);
        else if (!lastCaughtUp.has(service)) lastCaughtUp.set(service, look.at);
        if (seen.lag === 0 && storedAt !== undefined && !firstAtEnd.has(service)) firstAtEnd.set(service, look.at);
        if (seen.caughtUp && storedAt !== undefined && !firstCaughtUp.has(service)) firstCaughtUp.set(service, look.at);
        if (movedAt.get(service)?.committed !== seen.committed) movedAt.set(service, { committed: seen.committed, at: look.at });
      }
      // Only looks taken after the import ended count: before, more rows may still come.
      if (storedAt !== undefined && look.clean) {
        cleanSince ??= look.at;
        cleanLooks++;
      } else {
        cleanSince = undefined;
        cleanLooks = 0;
      }
      if (cleanLooks >= 2) return { firstAtEnd, firstCaughtUp, lastCaughtUp, everywhereAt: cleanSince!, last };
      if (look.at - lastLog >= 30_000) {
        lastLog = look.at;
        const state = [...look.services].map(([s, v]) => `${s} lag ${v.lag} outbox ${v.outbox ?? 'no answer'}`).join(' · ');
        console.error(`  ${Math.round((look.at - started) / 1000)} s: ${state} · load ${load1()}`);
      }
      const behind = [...look.services].filter(([, v]) => !v.caughtUp).map(([s]) => s);
      const stuck = behind.filter((s) => look.at - (movedAt.get(s)?.at ?? look.at) >= stallMs);
      if (storedAt !== undefined && behind.length > 0 && stuck.length === behind.length)
        return { firstAtEnd, firstCaughtUp, lastCaughtUp, last, stalled: new Map(stuck.map((s) => [s, movedAt.get(s)!.at])) };
    }
    if (Date.now() > deadline) return { firstAtEnd, firstCaughtUp, lastCaughtUp, ...(last ? { last } : {}) };
    await sleep(LOOK_EVERY_MS);
  }
}

/** Waits until nothing is left anywhere (two looks in a row), e.g. after seeding. */
export async function settle(probe: CatchUpProbe, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let clean = 0;
  while (clean < 2) {
    if (Date.now() > deadline) throw new Error(`the stack did not settle within ${timeoutMs / 1000} s`);
    clean = (await probe.look()).clean ? clean + 1 : 0;
    await sleep(LOOK_EVERY_MS);
  }
}
