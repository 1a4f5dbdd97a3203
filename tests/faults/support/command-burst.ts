/**
 * A burst of enforcement-act commands against case intake that keeps going through faults:
 * each command carries its own Idempotency-Key and is retried with it until case intake
 * accepts it (a network error, a 5xx or a 429 is a fault to wait out; any other refusal is a
 * test bug and fails the burst). What counts is what the API answered: the event ids of every
 * accepted command.
 */

export interface ActScript {
  readonly actId: string;
  /** Commands in order: a path under /api/v1/counties/:county and a body. */
  readonly commands: readonly { readonly path: string; readonly body: Record<string, unknown>; readonly key: string }[];
}

export interface Accepted {
  readonly actId: string;
  readonly key: string;
  readonly eventIds: readonly string[];
  readonly version: number;
  /** 200 with `replayed`: an earlier attempt had stored it, its answer was lost. */
  readonly replayed: boolean;
}

export interface BurstOutcome {
  readonly accepted: readonly Accepted[];
  /** Attempts that met a fault and were tried again. */
  readonly retries: number;
  readonly seconds: number;
}

export interface Burst {
  /** Resolves once this many commands were accepted. */
  reached(commands: number): Promise<void>;
  readonly done: Promise<BurstOutcome>;
}

const RETRY_MS = 250;

export function runBurst(options: {
  /** Case intake's current base URL (a restarted process listens on new ports). */
  readonly baseUrl: () => string;
  readonly countyCode: string;
  readonly token: string;
  readonly acts: readonly ActScript[];
  readonly concurrency: number;
  /** How long one command may keep meeting faults before the burst fails. */
  readonly commandDeadlineMs?: number;
}): Burst {
  const accepted: Accepted[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let retries = 0;
  const started = Date.now();

  const send = async (actId: string, command: ActScript['commands'][number]): Promise<Accepted> => {
    const deadline = Date.now() + (options.commandDeadlineMs ?? 240_000);
    let lastProblem = '';
    for (;;) {
      try {
        const response = await fetch(`${options.baseUrl()}/api/v1/counties/${options.countyCode}${command.path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', 'idempotency-key': command.key },
          body: JSON.stringify(command.body),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        if (response.status === 200 || response.status === 201) {
          const body = JSON.parse(text) as { eventIds: string[]; version: number; replayed?: boolean };
          return { actId, key: command.key, eventIds: body.eventIds, version: body.version, replayed: body.replayed === true };
        }
        if (response.status < 500 && response.status !== 429) throw new RefusedError(`${command.path}: ${response.status} ${text}`);
        lastProblem = `${response.status} ${text.slice(0, 200)}`;
      } catch (error) {
        if (error instanceof RefusedError) throw error;
        lastProblem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      if (Date.now() > deadline) throw new Error(`${command.path} (key ${command.key}) not accepted in time; last: ${lastProblem}`);
      retries++;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };

  let next = 0;
  const worker = async () => {
    for (let i = next++; i < options.acts.length; i = next++) {
      const act = options.acts[i]!;
      for (const command of act.commands) {
        accepted.push(await send(act.actId, command));
        for (const waiter of waiters.filter((w) => accepted.length >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.concurrency }, worker)).then(() => ({
    accepted,
    retries,
    seconds: (Date.now() - started) / 1000,
  }));
  return {
    done,
    reached: (count) =>
      accepted.length >= count
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ count, resolve })),
            // A burst that fails or ends short must not leave the test waiting for a fault point.
            done.then(() => {
              if (accepted.length < count) throw new Error(`the burst ended with ${accepted.length} commands, before ${count}`);
            }),
          ]),
  };
}

class RefusedError extends Error {}

/** An act opened by one officer and decided by one: two commands, each a `fewer-than-two-officers` alert in supervision. */
export function decidedAct(actId: string, agencyId: string, officerId: string, day = '2026-10-12'): ActScript {
  return {
    actId,
    commands: [
      {
        path: '/acts',
        key: `open-${actId}`,
        body: {
          actId,
          openedBy: 'filing',
          agencyId,
          category: 'penalty',
          caseNumber: `冷城管罚〔2026〕${actId}号`,
          title: '占道经营案',
          itemCode: 'CG-001',
          target: { kind: 'legal_person', name: '冷水滩区某商行', creditCode: '91350100M000100Y43', enterprise: true },
          officerIds: [officerId],
          occurredAt: `${day}T09:00:00+08:00`,
        },
      },
      {
        path: `/acts/${actId}/steps`,
        key: `decide-${actId}`,
        body: {
          type: 'DecisionMade',
          decisionNumber: `冷城管罚决〔2026〕${actId}号`,
          outcome: 'penalized',
          legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
          discretionBenchmark: '冷城管裁量〔2025〕1号',
          fineFen: 20000,
          content: '责令改正，罚款二百元。',
          officerIds: [officerId],
          occurredAt: `${day}T15:00:00+08:00`,
        },
      },
    ],
  };
}
