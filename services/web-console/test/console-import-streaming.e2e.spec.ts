import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import {
  eventually,
  integrationEnv,
  REPO_ROOT,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
  buildWebConsoleApp,
  consoleSession,
  startWebConsole,
  type WebConsoleProcess,
} from '@lesp/test-infra';

/**
 * An import passes through the console as a stream, not through its memory: a 192 MB file,
 * generated as it is sent, reaches case intake while the browser's upload is still going (case
 * intake has opened the job and is receiving before the last byte left the client: a console
 * that buffered the body would call case intake only at the end, and this test would wait in
 * vain), arrives whole, and the console's resident memory grows by far less than the file.
 */
const COUNTY = '431103';
const MB = 1024 * 1024;
const FILE_MB = 192;
/** Sent before the test looks for case intake's job: more than the console's socket and gRPC buffers hold. */
const FIRST_MB = 8;
const suffix = uniqueSuffix();
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_console_up_${suffix}_case_intake`,
  TOPIC_PREFIX: `e2e-console-up-${suffix}`,
  KAFKA_PARTITIONS: '2',
};
let intake: ServiceProcess;
let web: WebConsoleProcess;
let mongo: MongoClient;

/** The console process's resident memory now, in bytes (Linux). */
function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

/** One megabyte of filler rows (the file's header names no template column: case intake refuses the file after receiving it). */
function megabyte(n: number): Buffer {
  const row = `填充行${String(n).padStart(4, '0')},${'x'.repeat(100)}\n`;
  const rows = row.repeat(Math.ceil(MB / Buffer.byteLength(row)));
  return Buffer.from(rows).subarray(0, MB);
}

beforeAll(async () => {
  const staticDir = `${REPO_ROOT}test-results/web-console-up-${suffix}`;
  [intake] = await Promise.all([startServiceProcess('case-intake', env), buildWebConsoleApp(staticDir)]);
  web = await startWebConsole(
    { caseIntake: intake.grpcAddress, supervision: '127.0.0.1:9' },
    { staticDir, env: { CONSOLE_IMPORT_MAX_BYTES: String(200 * MB) } },
  );
  mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
}, 400_000);

afterAll(async () => {
  await web?.stop();
  await intake?.stop();
  await mongo
    ?.db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await mongo?.close();
});

describe('web console imports', () => {
  it('stream a file on to case intake as it arrives, without holding it in memory', async () => {
    const cookie = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '导入测试', countyCode: COUNTY });
    const fileName = `streamed-${suffix}.csv`;
    const pid = web.child.pid!;
    const before = residentBytes(pid);
    let peak = before;
    const url = new URL(`${web.httpUrl}/api/imports?fileName=${encodeURIComponent(fileName)}`);
    const upload = request(url, {
      method: 'POST',
      headers: { cookie, 'x-lesp-console': '1', 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      upload.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      upload.on('error', reject);
    });
    const send = (chunk: Buffer) => new Promise<void>((resolve) => (upload.write(chunk) ? resolve() : upload.once('drain', resolve)));
    let sent = 0;
    const header = Buffer.from('说明,备注\n');
    await send(header);
    sent += header.length;
    for (let n = 0; n < FIRST_MB; n++) {
      await send(megabyte(n));
      sent += MB;
    }
    // The upload is open; case intake must already be receiving it.
    const jobs = mongo.db(env.MONGO_DB).collection('import_jobs');
    const receiving = await eventually(
      'case intake receiving the file before the upload ended',
      () => jobs.findOne({ fileName }),
      (job) => job?.['status'] === 'receiving',
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(receiving?.['status']).toBe('receiving');
    for (let n = FIRST_MB; n < FILE_MB; n++) {
      await send(megabyte(n));
      sent += MB;
      peak = Math.max(peak, residentBytes(pid));
    }
    upload.end();
    const { status, body } = await answered;
    peak = Math.max(peak, residentBytes(pid));
    expect(status, body).toBe(202);
    // Case intake has every byte (then refuses the file: its header names no template column).
    const job = JSON.parse(body) as { jobId: string; bytesReceived: number };
    expect(job.bytesReceived).toBe(sent);
    expect(sent).toBeGreaterThan(FILE_MB * MB);
    console.log(`[import-streaming] ${sent} bytes streamed; console resident memory ${before} → peak ${peak} bytes`);
    // The console held a few chunks at a time, never the file.
    expect(peak - before, `console resident memory grew from ${before} to ${peak} bytes for a ${sent}-byte file`).toBeLessThan(sent / 2);
  }, 300_000);

  it('refuses a file over the console’s limit while it streams, and case intake keeps nothing of it', async () => {
    const limited = await startWebConsole(
      { caseIntake: intake.grpcAddress, supervision: '127.0.0.1:9' },
      { staticDir: `${REPO_ROOT}test-results/web-console-up-${suffix}`, env: { CONSOLE_IMPORT_MAX_BYTES: String(2 * MB) } },
    );
    try {
      const cookie = await consoleSession(limited.httpUrl, { role: 'county_supervisor', name: '导入测试', countyCode: COUNTY });
      const fileName = `too-large-${suffix}.csv`;
      const response = await fetch(`${limited.httpUrl}/api/imports?fileName=${encodeURIComponent(fileName)}`, {
        method: 'POST',
        headers: { cookie, 'x-lesp-console': '1', 'content-type': 'text/csv' },
        body: Buffer.concat([megabyte(0), megabyte(1), megabyte(2)]),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('IMPORT_FILE_TOO_LARGE');
      // The call was cancelled: case intake's job did not complete a file.
      const job = await eventually(
        'the cut-off job settled',
        () => mongo.db(env.MONGO_DB).collection('import_jobs').findOne({ fileName }),
        (found) => found === null || found['status'] === 'failed',
      );
      expect(job === null || job['status'] === 'failed').toBe(true);
    } finally {
      await limited.stop();
    }
  }, 120_000);
});
