import { createWriteStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { assertAllowed, type Principal } from '@lesp/auth';
import { actEventCodec } from '@lesp/contracts';
import { ConcurrencyError, NotFoundError, PayloadTooLargeError, ValidationError, assertCountyCode, newId, type Actor } from '@lesp/core';
import type { AppendOutcome, AppendRequest, EventStore } from '@lesp/event-store';
import type { Logger } from '@lesp/service-bootstrap';
import { CommandHandler } from '@lesp/event-store';
import { delegationGapOf, type AgencyState } from '../../domain/agency/agency-decider.js';
import { ACT_AGGREGATE } from '../acts/act-aggregate.js';
import { agencyAggregate } from '../agency-aggregate.js';
import type { RegistryLookup } from '../acts/registry-lookup.js';
import { HEADER_OF, headerLayout, isBlankRow, rowOf, type HeaderLayout } from './act-columns.js';
import { actRowHistory, type RowEvent } from './act-row-history.js';
import { parseActRow, type ParsedActRow, type RowViolation } from './act-row.js';
import type { ImportJobDocument, ImportJobs, ImportProgress, RejectedRowEntry } from './import-jobs.js';
import { readTable, type TableFormat } from './table-reader.js';

export interface ActImporterOptions {
  /** Acts per `appendMany` (one commit each). */
  readonly batchSize: number;
  /** Largest file accepted, in bytes. */
  readonly maxBytes: number;
  /** Rejection reasons kept in the job document; the rest are only counted. */
  readonly rejectedCap: number;
  /** Where uploads are spooled before they are parsed. */
  readonly tmpDir: string;
  /** A running job not updated for this long (its process died) reads as interrupted. */
  readonly staleAfterMs: number;
  /**
   * Back-pressure: before each batch, wait while more than this many commits wait in the
   * outbox (0: never wait), so that an import never buries the service's other events.
   */
  readonly maxOutboxBacklog: number;
  /** How long the outbox backlog may stop shrinking before the job fails (the relay is stuck). */
  readonly outboxWaitMs: number;
}

export const DEFAULT_IMPORT_OPTIONS: Omit<ActImporterOptions, 'tmpDir'> = {
  batchSize: 500,
  maxBytes: 200 * 1024 * 1024,
  rejectedCap: 10_000,
  staleAfterMs: 5 * 60_000,
  maxOutboxBacklog: 2_000,
  outboxWaitMs: 15 * 60_000,
};

export interface ImportUpload {
  readonly principal: Principal;
  readonly actor: Actor;
  readonly countyCode: string;
  /** Absent: told from the file's first bytes (XLSX is a ZIP archive). */
  readonly format?: TableFormat;
  readonly fileName?: string;
  readonly correlationId: string;
  /** The file's bytes, in order. */
  readonly body: AsyncIterable<Uint8Array>;
}

interface ValidRow {
  readonly rowNumber: number;
  readonly act: ParsedActRow;
  readonly events: readonly RowEvent[];
}

class JobStopped extends Error {}

/** Writes of a batch or of the job document are tried this often when the database is busy. */
const WRITE_ATTEMPTS = 5;
const RETRY_BASE_MS = 200;
/**
 * How often a job held back by the outbox looks again: the relay drains a batch in well under a
 * second, and every second the job sleeps past that is a second it does not store.
 */
const OUTBOX_POLL_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A write of the job document, tried again when the database is busy: progress must not stop the job. */
async function retried<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= WRITE_ATTEMPTS) throw error;
      await sleep(RETRY_BASE_MS * 4 ** (attempt - 1));
    }
  }
}

/**
 * Bulk import of acts (one row per act): the upload is spooled to a temp file with a size cap,
 * then read as a stream, each row validated by the template rules and the act decider, its
 * agency and officers checked against the registry (batched), and appended in batches of
 * `batchSize` acts with `appendMany`: each act ONE commit holding the row's whole history,
 * its id derived from the case key `import:<agencyId>:<caseNumber>`.
 * Importing the same case again collides on the stream's first version: "already imported",
 * nothing new recorded, whichever file brings it.
 */
export class ActImporter {
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly store: EventStore,
    private readonly registry: RegistryLookup,
    private readonly jobs: ImportJobs,
    private readonly options: ActImporterOptions,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
    private readonly logger?: Logger,
    /** Commits not yet published (the outbox backlog); absent: no back-pressure. */
    private readonly outboxBacklog?: () => Promise<number>,
  ) {
    this.agencies = new CommandHandler(store, agencyAggregate);
  }

  private readonly agencies: CommandHandler<
    Parameters<typeof agencyAggregate.decider.decide>[0],
    Parameters<typeof agencyAggregate.decider.evolve>[1],
    AgencyState
  >;

  /** Receives the file and starts the job; resolves once the file is stored, with the job as it then is. */
  async start(upload: ImportUpload): Promise<ImportJobDocument> {
    assertCountyCode(upload.countyCode);
    assertAllowed(upload.principal, 'import.run', { countyCodes: [upload.countyCode] }, this.clock());
    if (this.stopping) throw new ValidationError([{ field: 'service', code: 'SERVICE_STOPPING', message: '服务正在停止，请稍后再试' }]);
    const now = this.clock();
    const job: ImportJobDocument = {
      _id: newId(),
      countyCode: upload.countyCode,
      kind: 'acts',
      format: upload.format ?? 'csv',
      fileName: (upload.fileName ?? '').slice(0, 200),
      status: 'receiving',
      startedBy: {
        userId: upload.principal.subject,
        role: upload.principal.role,
        ...(upload.principal.role === 'agency_clerk' && upload.principal.agencyId ? { agencyId: upload.principal.agencyId } : {}),
      },
      startedAt: now,
      updatedAt: now,
      bytesReceived: 0,
      rowsRead: 0,
      imported: 0,
      alreadyImported: 0,
      rejected: 0,
      rejectedRows: [],
      rejectedReasonsNotListed: 0,
      ignoredColumns: [],
    };
    await this.jobs.create(job);
    const path = join(this.options.tmpDir, `lesp-import-${job._id}`);
    let bytes = 0;
    const max = this.options.maxBytes;
    try {
      await pipeline(
        upload.body,
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            bytes += chunk.length;
            if (bytes > max)
              throw new PayloadTooLargeError('IMPORT_FILE_TOO_LARGE', `导入文件不能超过 ${Math.floor(max / 1024 / 1024)} MB`);
            yield chunk;
          }
        },
        createWriteStream(path),
      );
      if (bytes === 0) throw ValidationError.of('file', 'IMPORT_FILE_EMPTY', '导入文件为空');
      const sniffed = await sniffFormat(path);
      if (upload.format && upload.format !== sniffed) {
        throw ValidationError.of(
          'format',
          'IMPORT_FORMAT_MISMATCH',
          upload.format === 'xlsx' ? '文件不是 XLSX 工作簿' : '文件是 XLSX 工作簿，请以 xlsx 格式导入',
        );
      }
      job.format = sniffed;
    } catch (error) {
      await unlink(path).catch(() => undefined);
      const failed = error instanceof ValidationError || error instanceof PayloadTooLargeError ? error : undefined;
      await this.jobs.update(job._id, {
        status: 'failed',
        bytesReceived: bytes,
        finishedAt: this.clock(),
        updatedAt: this.clock(),
        error: failed ? { code: failed.code, message: failed.message } : { code: 'IMPORT_UPLOAD_FAILED', message: '文件上传中断' },
      });
      throw error;
    }
    Object.assign(job, { status: 'running', bytesReceived: bytes, updatedAt: this.clock() });
    await this.jobs.update(job._id, { status: 'running', format: job.format, bytesReceived: bytes, updatedAt: job.updatedAt });
    const run = this.process(job, upload, path).finally(() => this.running.delete(run));
    this.running.add(run);
    return job;
  }

  /** A job's progress and rejected rows; a clerk reads only the jobs they started for their agency. */
  async get(principal: Principal, countyCode: string, jobId: string): Promise<ImportJobDocument> {
    assertCountyCode(countyCode);
    const job = await this.jobs.get(countyCode, jobId);
    // A county-wide job (started by a supervisor) belongs to no one agency: '' is nobody's.
    if (job) assertAllowed(principal, 'import.read', { countyCodes: [countyCode], agencyId: job.startedBy.agencyId ?? '' }, this.clock());
    else assertAllowed(principal, 'import.read', { countyCodes: [countyCode] }, this.clock());
    if (!job) throw new NotFoundError('IMPORT_JOB_NOT_FOUND', `导入任务 ${jobId} 不存在`);
    const running = job.status === 'running' || job.status === 'receiving';
    if (running && this.clock().getTime() - job.updatedAt.getTime() > this.options.staleAfterMs) {
      return { ...job, status: 'interrupted' };
    }
    return job;
  }

  /** Lets running jobs finish the batch at hand, then marks them interrupted (import the file again to go on). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  /** Resolves when every job started so far has ended (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async process(job: ImportJobDocument, upload: ImportUpload, path: string): Promise<void> {
    const log = this.logger?.child({ importJobId: job._id, countyCode: job.countyCode });
    const counters: { -readonly [K in keyof ImportProgress]: ImportProgress[K] } = {
      rowsRead: 0,
      imported: 0,
      alreadyImported: 0,
      rejected: 0,
      rejectedReasonsNotListed: 0,
    };
    let listed = 0;
    let newRejections: RejectedRowEntry[] = [];
    const reject = (row: number, violations: readonly RowViolation[]) => {
      counters.rejected++;
      for (const v of violations) {
        if (listed < this.options.rejectedCap) {
          newRejections.push({ row, column: v.column, code: v.code, reason: v.message });
          listed++;
        } else counters.rejectedReasonsNotListed++;
      }
    };
    const registryAnswers = new Map<string, boolean>();
    const delegations = new Map<string, AgencyState>();
    const seen = new Set<string>();
    const clerkAgency = upload.principal.role === 'agency_clerk' ? upload.principal.agencyId : undefined;
    let batch: ValidRow[] = [];
    /**
     * The batch being stored while the next one is read and checked: reading is the service's
     * CPU, storing mostly the database's, and one after the other left each idle half the time.
     * One batch at a time is stored, so acts are stored in file order.
     */
    let storing: Promise<void> | undefined;

    const store = async (rows: readonly ValidRow[]) => {
      if (rows.length > 0) {
        await this.waitForOutbox(job);
        await this.appendBatch(job, upload, rows, registryAnswers, delegations, counters, reject);
      }
      const pending = newRejections;
      newRejections = [];
      await retried(() => this.jobs.progress(job._id, counters, pending, this.clock()));
      if (this.stopping) throw new JobStopped();
    };
    /** Hands the batch read so far to `store`, once the one before it is stored (its failure ends the job here). */
    const flush = async () => {
      const rows = batch;
      batch = [];
      await storing;
      storing = store(rows);
      // Awaited at the next flush or the end; until then a failure must not count as unhandled.
      storing.catch(() => undefined);
    };

    try {
      let layout: HeaderLayout | undefined;
      for await (const { rowNumber, cells } of readTable(path, job.format)) {
        if (isBlankRow(cells)) continue;
        if (!layout) {
          layout = headerLayout(cells);
          if (layout.missing.length > 0) {
            throw ValidationError.of('file', 'IMPORT_COLUMNS_MISSING', `缺少必需的列：${layout.missing.join('、')}（请使用导入模板）`);
          }
          const ignoredColumns = [...layout.ignored].slice(0, 100);
          await retried(() => this.jobs.update(job._id, { ignoredColumns }));
          continue;
        }
        counters.rowsRead++;
        const parsed = parseActRow(job.countyCode, rowOf(layout, cells));
        if (!parsed.ok) {
          reject(rowNumber, parsed.violations);
        } else if (clerkAgency !== undefined && parsed.act.agencyId !== clerkAgency) {
          reject(rowNumber, [{ column: HEADER_OF.agencyId, code: 'AGENCY_NOT_OWN', message: '只能导入本单位的执法行为' }]);
        } else if (seen.has(parsed.act.idempotencyKey)) {
          reject(rowNumber, [
            { column: HEADER_OF.caseNumber, code: 'CASE_REPEATED_IN_FILE', message: '同一执法主体的案件编号在文件中重复出现' },
          ]);
        } else {
          const history = actRowHistory(parsed.act);
          if (!history.ok) reject(rowNumber, history.violations);
          else {
            seen.add(parsed.act.idempotencyKey);
            batch.push({ rowNumber, act: parsed.act, events: history.events });
          }
        }
        if (batch.length >= this.options.batchSize) await flush();
      }
      if (!layout) throw ValidationError.of('file', 'IMPORT_FILE_EMPTY', '导入文件没有表头行');
      await flush();
      await storing;
      await retried(() => this.jobs.update(job._id, { status: 'completed', finishedAt: this.clock(), updatedAt: this.clock() }));
      log?.info({ ...counters }, 'import completed');
    } catch (error) {
      // A batch still being stored is let finish (or fail) first: then the counts are final.
      await storing?.catch(() => undefined);
      // What was read so far is counted; the rows not reached can be imported by sending the file again.
      const code = error instanceof JobStopped ? 'interrupted' : 'failed';
      const reason =
        error instanceof JobStopped
          ? { code: 'IMPORT_INTERRUPTED', message: '服务停止，导入中断；重新导入同一文件即可继续（已导入的不会重复记录）' }
          : error instanceof ValidationError
            ? { code: error.code, message: error.message }
            : { code: 'IMPORT_FAILED', message: '导入失败：文件无法读取或系统错误' };
      if (!(error instanceof JobStopped) && !(error instanceof ValidationError)) log?.error({ err: error }, 'import failed');
      await retried(() => this.jobs.progress(job._id, counters, newRejections, this.clock()))
        .then(() =>
          retried(() => this.jobs.update(job._id, { status: code, error: reason, finishedAt: this.clock(), updatedAt: this.clock() })),
        )
        .catch((e: unknown) => log?.error({ err: e }, 'could not record the end of an import job'));
    } finally {
      await unlink(path).catch(() => undefined);
    }
  }

  private async appendBatch(
    job: ImportJobDocument,
    upload: ImportUpload,
    rows: readonly ValidRow[],
    answers: Map<string, boolean>,
    delegations: Map<string, AgencyState>,
    counters: { imported: number; alreadyImported: number },
    reject: (row: number, violations: readonly RowViolation[]) => void,
  ): Promise<void> {
    const county = job.countyCode;
    await this.lookUp(
      county,
      'Agency',
      rows.map((r) => r.act.agencyId),
      answers,
    );
    await this.lookUp(
      county,
      'Officer',
      rows.flatMap((r) => r.act.officerIds),
      answers,
    );
    const ready: ValidRow[] = [];
    for (const row of rows) {
      const violations: RowViolation[] = [];
      if (!answers.get(`Agency/${row.act.agencyId}`)) {
        violations.push({ column: HEADER_OF.agencyId, code: 'AGENCY_UNKNOWN', message: `本区县没有登记执法主体 ${row.act.agencyId}` });
      }
      const unknownOfficers = row.act.officerIds.filter((id) => !answers.get(`Officer/${id}`));
      if (unknownOfficers.length > 0) {
        violations.push({
          column: HEADER_OF.officerIds,
          code: 'OFFICER_UNKNOWN',
          message: `本区县没有登记执法人员 ${unknownOfficers.join('、')}`,
        });
      }
      if (violations.length > 0) reject(row.rowNumber, violations);
      else ready.push(row);
    }
    if (ready.length === 0) return;
    const covered = await this.withDelegationCoverage(county, ready, delegations);
    const requests = covered.map((row) => this.appendRequest(job, upload, row));
    const outcomes = await this.appendWithRetry(requests);
    let stored = 0;
    for (const [index, outcome] of outcomes.entries()) {
      const row = ready[index]!;
      if (outcome.ok) {
        counters.imported++;
        stored++;
      } else if (outcome.error instanceof ConcurrencyError) {
        // The act's stream exists: this case was imported before (its id comes from the key).
        counters.alreadyImported++;
      } else {
        reject(row.rowNumber, [{ column: HEADER_OF.caseNumber, code: outcome.error.code, message: outcome.error.message }]);
      }
    }
    if (stored > 0) this.afterAppend();
  }

  /**
   * Back-pressure: waits while the outbox holds more than `maxOutboxBacklog` commits (the job
   * stays fresh meanwhile). Fails the job only when the backlog stops shrinking for
   * `outboxWaitMs` (the relay is stuck), not because it drains slowly.
   */
  private async waitForOutbox(job: ImportJobDocument): Promise<void> {
    const { maxOutboxBacklog, outboxWaitMs } = this.options;
    if (!this.outboxBacklog || maxOutboxBacklog <= 0) return;
    let lowest = Infinity;
    let lastProgress = this.clock().getTime();
    let lastTouch = lastProgress;
    for (;;) {
      const backlog = await this.outboxBacklog().catch(() => 0);
      if (backlog <= maxOutboxBacklog) return;
      if (this.stopping) throw new JobStopped();
      const now = this.clock().getTime();
      if (backlog < lowest) {
        lowest = backlog;
        lastProgress = now;
      } else if (now - lastProgress > outboxWaitMs) {
        throw ValidationError.of(
          'outbox',
          'IMPORT_OUTBOX_STALLED',
          '事件发布积压未能消化，导入已暂停；请稍后重新导入同一文件（已导入的不会重复记录）',
        );
      }
      if (now - lastTouch > 30_000) {
        lastTouch = now;
        await retried(() => this.jobs.update(job._id, { updatedAt: new Date(now) }));
      }
      await sleep(OUTBOX_POLL_MS);
    }
  }

  /**
   * appendMany, the requests the store could not write (busy, away: `unavailable`) sent again
   * after a pause, a few times; then the job fails. A batch the store could not account for
   * (it threw) is sent again whole: what it had stored then counts as already imported.
   */
  private async appendWithRetry(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    const outcomes: AppendOutcome[] = [];
    let pending = requests.map((_, index) => index);
    for (let attempt = 1; ; attempt++) {
      try {
        const answers = await this.store.appendMany(pending.map((index) => requests[index]!));
        answers.forEach((answer, k) => (outcomes[pending[k]!] = answer));
        pending = pending.filter((index) => {
          const outcome = outcomes[index]!;
          return !outcome.ok && outcome.error.kind === 'unavailable';
        });
        if (pending.length === 0) return outcomes;
        if (attempt >= WRITE_ATTEMPTS) throw (outcomes[pending[0]!] as { error: Error }).error;
      } catch (error) {
        if (attempt >= WRITE_ATTEMPTS) throw error;
      }
      this.logger?.warn({ attempt, acts: pending.length }, 'import batch not fully stored (database busy), trying again');
      await sleep(RETRY_BASE_MS * 4 ** (attempt - 1));
    }
  }

  private appendRequest(job: ImportJobDocument, upload: ImportUpload, row: ValidRow): AppendRequest {
    return {
      source: 'case-intake',
      countyCode: job.countyCode,
      aggregateType: ACT_AGGREGATE,
      aggregateId: row.act.actId,
      expectedVersion: 0,
      // No idempotency claim: the act id is derived from the case key, so a case imported before
      // collides on its stream's first slot (ConcurrencyError: "already imported") with no
      // claim written. The claim was a third insert per act: without it a batch stores ~25 %
      // faster (bench/results).
      events: row.events.map(({ event, occurredAt }) => ({
        ...actEventCodec.encode(event),
        eventId: newId(),
        occurredAt,
        actor: upload.actor,
        correlationId: upload.correlationId,
        causationId: `import:${job._id}:${row.rowNumber}`,
      })),
    };
  }

  /**
   * An act done under a delegation (委托编号) is recorded whether or not the delegation covered
   * it, marked with the gap when it did not, exactly as an act recorded over the API is.
   * Agencies are loaded once per job.
   */
  private async withDelegationCoverage(
    countyCode: string,
    rows: readonly ValidRow[],
    agencies: Map<string, AgencyState>,
  ): Promise<ValidRow[]> {
    const result: ValidRow[] = [];
    for (const row of rows) {
      const first = row.events[0];
      const opening =
        first && (first.event.type === 'ApplicationReceived' || first.event.type === 'CaseFiled') ? first.event.data.opening : undefined;
      if (!first || !opening?.delegationId) {
        result.push(row);
        continue;
      }
      let state = agencies.get(opening.agencyId);
      if (!state) {
        state = (await this.agencies.load(countyCode, opening.agencyId)).state;
        agencies.set(opening.agencyId, state);
      }
      const delegationGap = delegationGapOf(state, opening, opening.occurredAt ?? first.occurredAt);
      if (!delegationGap) {
        result.push(row);
        continue;
      }
      const marked = {
        ...first,
        event: { ...first.event, data: { ...first.event.data, opening: { ...opening, delegationGap } } },
      } as RowEvent;
      result.push({ ...row, events: [marked, ...row.events.slice(1)] });
    }
    return result;
  }

  /** Asks the registry about each id not asked before in this job, a few at a time. */
  private async lookUp(
    countyCode: string,
    type: 'Agency' | 'Officer',
    ids: readonly string[],
    answers: Map<string, boolean>,
  ): Promise<void> {
    const unasked = [...new Set(ids)].filter((id) => !answers.has(`${type}/${id}`));
    for (let i = 0; i < unasked.length; i += 16) {
      const slice = unasked.slice(i, i + 16);
      const found = await Promise.all(slice.map((id) => this.registry.exists(countyCode, type, id)));
      slice.forEach((id, k) => answers.set(`${type}/${id}`, found[k]!));
    }
  }
}

/** XLSX files are ZIP archives ("PK\x03\x04"); anything else is read as CSV. */
async function sniffFormat(path: string): Promise<TableFormat> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? 'xlsx' : 'csv';
  } finally {
    await handle.close();
  }
}
