import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, Metadata } from '@grpc/grpc-js';
import ExcelJS from 'exceljs';
import { importsV1 } from '@lesp/contracts';
import { fromGrpcError, idFromIdempotencyKey } from '@lesp/core';
import { callUnary } from '@lesp/service-bootstrap';
import { devTokens, eventually, integrationEnv, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';
import { MongoClient } from 'mongodb';
import { ACT_COLUMNS, ACT_HEADERS, EXAMPLE_ROW, type ActColumn } from '../src/application/import/act-columns.js';
import { csvLine } from '../src/application/import/act-template.js';

/**
 * Bulk import against the running case-intake process: a CSV with good and bad rows (good
 * rows become searchable acts with a timeline, bad ones are reported with row, column and
 * reason), the same file again (nothing new), XLSX by multipart, a clerk's own-agency rule,
 * the templates, the gRPC client stream, the size cap.
 */
const suffix = uniqueSuffix();
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `imp_${suffix}_case_intake`,
  TOPIC_PREFIX: `imp-${suffix}`,
  KAFKA_PARTITIONS: '2',
  // Small batches and cap: several appendMany calls per file, and a cap a test can pass.
  IMPORT_BATCH_SIZE: '4',
  IMPORT_MAX_BYTES: String(256 * 1024),
};
const COUNTY = '431103';
const PERSON_ID = '11010519491231002X';
const PERSON_PHONE = '13912345678';
let service: ServiceProcess;
let mongo: MongoClient;
const tokens = { supervisor: '', clerk: '', otherClerk: '' };

type Row = Partial<Record<ActColumn, string>>;
const penalty = (n: number, overrides: Row = {}): Row => ({
  ...EXAMPLE_ROW,
  caseNumber: `冷市监罚〔2023〕${n}号`,
  archiveNumber: `GD-${n}`,
  ...overrides,
});
const licence = (n: number, overrides: Row = {}): Row => ({
  caseNumber: `XK-2023-${n}`,
  agencyId: 'demo-2',
  category: '许可',
  title: '食品经营许可申请',
  targetKind: '自然人',
  targetName: '王晓明',
  idNumber: PERSON_ID,
  phone: PERSON_PHONE,
  officerIds: 'demo-2-o1；demo-2-o2',
  openedOn: '2023-05-04',
  accepted: '是',
  acceptedOn: '2023-05-05',
  decidedOn: '2023-05-10',
  decisionNumber: `冷许决〔2023〕${n}号`,
  outcome: '准予',
  legalBasis: '《中华人民共和国行政许可法》第三十八条',
  servedOn: '2023-05-11',
  closedOn: '2023-05-11',
  ...overrides,
});
const inspection = (n: number): Row => ({
  caseNumber: `JC-2023-${n}`,
  agencyId: 'demo-1',
  category: 'inspection',
  title: '食品安全日常检查',
  targetKind: '法人',
  targetName: '冷水滩区某超市',
  creditCode: '91350100M000100Y43',
  officerIds: 'demo-1-o1;demo-1-o2',
  openedOn: '2023-06-01',
  decidedOn: '2023-06-01',
  decisionNumber: `检〔2023〕${n}号`,
  outcome: '合格',
  legalBasis: '《中华人民共和国食品安全法》',
  closedOn: '2023-06-02',
});

const csv = (rows: Row[], headers: readonly string[] = ACT_HEADERS) =>
  `\uFEFF${csvLine(headers)}${rows.map((r) => csvLine(ACT_COLUMNS.map((c) => r[c.key] ?? ''))).join('')}`;

/** The file of the first import: rows 2..N, good and bad ones mixed. */
const GOOD: Row[] = [
  penalty(1),
  penalty(2, { lighterPenalty: '', fineYuan: '1234.5' }),
  licence(1),
  licence(2),
  inspection(1),
  inspection(2),
  penalty(3, { firstOffenceExempt: '是', outcome: '不予处罚', fineYuan: '0', lighterPenalty: '', executedOn: '' }),
];
const BAD: { row: Row; column: string; code: string }[] = [
  { row: penalty(10, { decidedOn: '2023-02-30' }), column: '决定日期', code: 'DATE_INVALID' },
  { row: penalty(11, { officerIds: 'demo-1-o1;ghost-officer' }), column: '执法人员', code: 'OFFICER_UNKNOWN' },
  { row: penalty(12, { agencyId: 'ghost-agency', officerIds: 'demo-1-o1' }), column: '执法主体编码', code: 'AGENCY_UNKNOWN' },
  { row: penalty(13, { category: '行政执法' }), column: '执法类别', code: 'CATEGORY_UNKNOWN' },
  { row: penalty(14, { outcome: '准予' }), column: '决定结果', code: 'OUTCOME_UNKNOWN' },
  { row: penalty(15, { closedOn: '' }), column: '归档日期', code: 'ACT_NOT_CLOSED' },
  { row: licence(16, { idNumber: '110105194912310021' }), column: '身份证号', code: 'ID_NUMBER_INVALID' },
  { row: penalty(17, { fineYuan: '12.345' }), column: '罚款金额（元）', code: 'AMOUNT_INVALID' },
  // The same case twice in one file: the second is refused.
  { row: penalty(1), column: '案件编号', code: 'CASE_REPEATED_IN_FILE' },
];
const FIRST_FILE = (() => {
  const rows: Row[] = [];
  const expected: { row: number; column: string; code: string }[] = [];
  // Interleave: good, bad, good, bad, …; the header is row 1.
  const max = Math.max(GOOD.length, BAD.length);
  for (let i = 0; i < max; i++) {
    if (GOOD[i]) rows.push(GOOD[i]!);
    if (BAD[i]) {
      rows.push(BAD[i]!.row);
      expected.push({ row: rows.length + 1, column: BAD[i]!.column, code: BAD[i]!.code });
    }
  }
  return { text: csv(rows), expected };
})();

/** `contentType` null: the body sets it (multipart form data). */
async function http(
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  contentType: string | null = 'application/json',
) {
  const response = await fetch(`${service.httpUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined || contentType === null ? {} : { 'content-type': contentType }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: contentType === 'application/json' ? JSON.stringify(body) : (body as RequestInit['body']) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: response.status, body: json as Record<string, unknown> & { error?: { code: string } }, text, headers: response.headers };
}

interface JobView {
  jobId: string;
  status: string;
  rowsRead: number;
  imported: number;
  alreadyImported: number;
  rejected: number;
  rejectedRows: { row: number; column: string; code: string; reason: string }[];
  error?: { code: string };
}

async function finished(jobId: string, token = tokens.supervisor): Promise<JobView> {
  const done = await eventually(
    `import job ${jobId} to finish`,
    () => http('GET', `/api/v1/counties/${COUNTY}/imports/${jobId}`, token),
    (r) => r.status === 200 && !['receiving', 'running'].includes(r.body['status'] as string),
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  return done.body as unknown as JobView;
}

async function importCsv(text: string, token = tokens.supervisor) {
  const started = await http('POST', `/api/v1/counties/${COUNTY}/imports/acts`, token, text, 'text/csv');
  expect(started.status, started.text).toBe(202);
  expect(started.headers.get('location')).toBe(`/api/v1/counties/${COUNTY}/imports/${started.body['jobId'] as string}`);
  return finished(started.body['jobId'] as string, token);
}

const commitCount = () => mongo.db(env.MONGO_DB).collection('event_commits').countDocuments({ aggregateType: 'EnforcementAct' });
const actIdOf = (agencyId: string, caseNumber: string) => idFromIdempotencyKey(COUNTY, `import:${agencyId}:${caseNumber}`);

beforeAll(async () => {
  service = await startServiceProcess('case-intake', env);
  mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
  const issuer = await devTokens();
  tokens.supervisor = await issuer.issue({ subject: 'sup-imp', role: 'county_supervisor', countyCode: COUNTY });
  tokens.clerk = await issuer.issue({ subject: 'clerk-imp-1', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'demo-1' });
  tokens.otherClerk = await issuer.issue({ subject: 'clerk-imp-2', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'demo-2' });
  for (const [agencyId, name] of [
    ['demo-1', '冷水滩区市场监督管理局'],
    ['demo-2', '冷水滩区城市管理和综合执法局'],
  ] as const) {
    const agency = await http('POST', `/api/v1/counties/${COUNTY}/agencies`, tokens.supervisor, {
      agencyId,
      name,
      creditCode: '11431103MB1A23456Q',
      kind: '行政机关',
    });
    expect(agency.status).toBe(201);
    for (const [k, idNumber] of [
      [1, '430103198001010012'],
      [2, '430103198502020026'],
    ] as const) {
      const officer = await http('POST', `/api/v1/counties/${COUNTY}/officers`, tokens.supervisor, {
        officerId: `${agencyId}-o${k}`,
        agencyId,
        name: `执法员${agencyId}${k}`,
        idNumber: idNumber.slice(0, 17) + checkChar(idNumber.slice(0, 17)),
        certificateNumber: `43${agencyId}${k}`,
        certificateValidUntil: '2030-12-31T00:00:00Z',
        enforcementAreas: ['行政处罚'],
      });
      expect(officer.status, officer.text).toBe(201);
    }
  }
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await mongo
    ?.db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await mongo?.close();
});

function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  return '10X98765432'.charAt(sum % 11);
}

describe('bulk import of acts in the running case-intake service', () => {
  it('imports the good rows of a CSV as acts with their whole history, and reports each bad row with row, column and reason', async () => {
    const job = await importCsv(FIRST_FILE.text);
    expect(job).toMatchObject({
      status: 'completed',
      rowsRead: GOOD.length + BAD.length,
      imported: GOOD.length,
      alreadyImported: 0,
      rejected: BAD.length,
    });
    const byRow = (a: { row: number }, b: { row: number }) => a.row - b.row;
    expect(job.rejectedRows.map(({ row, column, code }) => ({ row, column, code })).sort(byRow)).toEqual(FIRST_FILE.expected.sort(byRow));
    expect(job.rejectedRows.every((r) => r.reason.length > 0)).toBe(true);
    // Personal data never comes back in a job.
    expect(JSON.stringify(job)).not.toContain(PERSON_ID.slice(6, 14));

    // Searchable once projected, each with its timeline.
    const search = await eventually(
      'imported acts in act search',
      () => http('GET', `/api/v1/counties/${COUNTY}/acts?limit=200`, tokens.supervisor),
      (r) => r.status === 200 && (r.body['acts'] as unknown[]).length === GOOD.length,
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    const acts = search.body['acts'] as { actId: string; caseNumber: string; status: string; targetName: string; fineFen?: number }[];
    expect(acts.map((a) => a.caseNumber).sort()).toEqual(GOOD.map((r) => r.caseNumber).sort());
    const first = acts.find((a) => a.caseNumber === '冷市监罚〔2023〕1号')!;
    expect(first.actId).toBe(actIdOf('demo-1', '冷市监罚〔2023〕1号'));
    await eventually(
      'the archived penalty fully projected',
      () => http('GET', `/api/v1/counties/${COUNTY}/acts/${first.actId}`, tokens.supervisor),
      (r) => r.body['status'] === 'archived' && r.body['fineFen'] === 500000,
    );
    const person = acts.find((a) => a.caseNumber === 'XK-2023-1')!;
    expect(person.targetName).toBe('王*明');
    expect(search.text).not.toContain(PERSON_PHONE);

    const timeline = await http('GET', `/api/v1/counties/${COUNTY}/acts/${first.actId}/timeline`, tokens.supervisor);
    expect(timeline.status).toBe(200);
    const entries = timeline.body['entries'] as { eventType: string; occurredAt: string; actorUserId: string }[];
    expect(entries.map((e) => e.eventType)).toEqual([
      'CaseFiled',
      'LegalReviewCompleted',
      'DecisionMade',
      'DecisionServed',
      'ExecutionRecorded',
      'ActClosed',
      'ActArchived',
    ]);
    // When each step happened in the world (midnight China time of the row's date), by whom it was recorded.
    expect(entries[0]!.occurredAt).toBe('2023-02-28T16:00:00.000Z');
    expect(entries[2]!.occurredAt).toBe('2023-03-11T16:00:00.000Z');
    expect(entries.every((e) => e.actorUserId === 'sup-imp')).toBe(true);
    // One commit per act, holding the row's whole history.
    expect(await commitCount()).toBe(GOOD.length);
  });

  it('records nothing new when the same file is imported again: every good row is "already imported"', async () => {
    const before = await commitCount();
    const again = await importCsv(FIRST_FILE.text);
    expect(again).toMatchObject({ status: 'completed', imported: 0, alreadyImported: GOOD.length, rejected: BAD.length });
    expect(await commitCount()).toBe(before);
  });

  it('imports XLSX (multipart upload, date and number cells): new rows recorded, a case from another file never twice', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('执法行为');
    // Columns in another order than the template.
    const headers = [...ACT_HEADERS].reverse();
    sheet.addRow(headers);
    const cell = (row: Row, header: string) => {
      const key = ACT_COLUMNS.find((c) => c.header === header)!.key;
      const value = row[key] ?? '';
      if (key.endsWith('On') && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
      if (key === 'fineYuan' && value) return Number(value);
      return value;
    };
    const rows = [penalty(20), penalty(21, { fineYuan: '99.9' }), licence(2), penalty(22, { openedOn: 'not a date' })];
    for (const row of rows) sheet.addRow(headers.map((h) => cell(row, h)));
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const form = new FormData();
    form.append('file', new Blob([file]), '存量案件.xlsx');
    const before = await commitCount();
    const started = await http('POST', `/api/v1/counties/${COUNTY}/imports/acts`, tokens.supervisor, form, null);
    expect(started.status, started.text).toBe(202);
    const job = await finished(started.body['jobId'] as string);
    expect(job).toMatchObject({ status: 'completed', rowsRead: 4, imported: 2, alreadyImported: 1, rejected: 1 });
    expect(job.rejectedRows).toEqual([{ row: 5, column: '立案或申请日期', code: 'DATE_INVALID', reason: expect.any(String) }]);
    expect(await commitCount()).toBe(before + 2);
    const act = await eventually(
      'the XLSX act projected',
      () => http('GET', `/api/v1/counties/${COUNTY}/acts/${actIdOf('demo-1', '冷市监罚〔2023〕21号')}`, tokens.supervisor),
      (r) => r.status === 200 && r.body['status'] === 'archived',
    );
    expect(act.body['fineFen']).toBe(9990);

    const raw = await http(
      'POST',
      `/api/v1/counties/${COUNTY}/imports/acts?format=xlsx`,
      tokens.supervisor,
      file,
      'application/octet-stream',
    );
    expect((await finished(raw.body['jobId'] as string)).imported).toBe(0);
  });

  it('marks an imported act done outside its delegation as not covered, as the API does', async () => {
    const agency = `/api/v1/counties/${COUNTY}/agencies/demo-1`;
    const item = await http('POST', `${agency}/power-items`, tokens.supervisor, {
      itemCode: 'XZCF-001',
      name: '对销售过期食品的处罚',
      category: 'penalty',
      legalBasis: '《食品安全法》',
    });
    expect(item.status, item.text).toBeLessThan(300);
    const delegation = await http('POST', `${agency}/delegations`, tokens.supervisor, {
      delegationId: 'wt-2023',
      townshipName: '梅湾街道',
      entrustmentNumber: '冷市监委〔2023〕1号',
      itemCodes: ['XZCF-001'],
      powers: '食品安全一般程序处罚',
      start: '2023-01-01T00:00:00+08:00',
      end: '2031-01-01T00:00:00+08:00',
    });
    expect(delegation.status, delegation.text).toBeLessThan(300);
    const job = await importCsv(
      csv([
        penalty(40, { delegationId: 'wt-2023', openedOn: '2023-03-01' }),
        penalty(41, { delegationId: 'wt-2023', openedOn: '2022-12-01' }),
        penalty(42, { delegationId: 'no-such-delegation' }),
      ]),
    );
    expect(job).toMatchObject({ status: 'completed', imported: 3, rejected: 0 });
    const gaps = await eventually(
      'the three delegated acts in search',
      () =>
        Promise.all(
          [40, 41, 42].map((n) =>
            http('GET', `/api/v1/counties/${COUNTY}/acts/${actIdOf('demo-1', `冷市监罚〔2023〕${n}号`)}`, tokens.supervisor),
          ),
        ),
      (answers) => answers.every((a) => a.status === 200),
    );
    expect(gaps.map((a) => a.body['delegationGap'])).toEqual(['', 'DELEGATION_NOT_STARTED', 'DELEGATION_UNKNOWN']);
  });

  it("takes only a clerk's own agency's rows, and shows a clerk only their own jobs", async () => {
    const job = await importCsv(csv([penalty(30), licence(30)]), tokens.clerk);
    expect(job).toMatchObject({ imported: 1, rejected: 1 });
    expect(job.rejectedRows).toEqual([{ row: 3, column: '执法主体编码', code: 'AGENCY_NOT_OWN', reason: expect.any(String) }]);
    const ownJob = await http('GET', `/api/v1/counties/${COUNTY}/imports/${job.jobId}`, tokens.otherClerk);
    expect(ownJob.status).toBe(403);
    const supervisorJob = (await importCsv(csv([inspection(30)]))).jobId;
    expect((await http('GET', `/api/v1/counties/${COUNTY}/imports/${supervisorJob}`, tokens.clerk)).status).toBe(403);
    expect((await http('POST', `/api/v1/counties/433124/imports/acts`, tokens.supervisor, csv([]), 'text/csv')).status).toBe(403);
  });

  it('fails a file without the required columns, refuses one over the size cap, and answers 404 for an unknown job', async () => {
    const missing = await importCsv(
      csv(
        [penalty(40)],
        ACT_HEADERS.filter((h) => h !== '执法人员'),
      ),
    );
    expect(missing).toMatchObject({ status: 'failed', rowsRead: 0, error: { code: 'IMPORT_COLUMNS_MISSING' } });
    const big = await http('POST', `/api/v1/counties/${COUNTY}/imports/acts`, tokens.supervisor, 'x'.repeat(300 * 1024), 'text/csv');
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'IMPORT_FILE_TOO_LARGE' } } });
    expect((await http('GET', `/api/v1/counties/${COUNTY}/imports/00000000-0000-0000-0000-000000000000`, tokens.supervisor)).status).toBe(
      404,
    );
  });

  it('serves the templates to who may import, and they import as they are', async () => {
    const template = await http('GET', '/api/v1/import-templates/acts.csv', tokens.clerk);
    expect(template.status).toBe(200);
    expect(template.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(ACT_HEADERS.join(','));
    const xlsx = await fetch(`${service.httpUrl}/api/v1/import-templates/acts.xlsx`, {
      headers: { authorization: `Bearer ${tokens.supervisor}` },
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, ...ACT_HEADERS]);
    expect((await http('GET', '/api/v1/import-templates/acts.csv', undefined)).status).toBe(401);

    const job = await importCsv(template.text);
    expect(job).toMatchObject({ status: 'completed', rowsRead: 1, imported: 1, rejected: 0 });
  });

  it('takes the file as a gRPC client stream and reports the job over gRPC', async () => {
    const client = new importsV1.ImportServiceClient(service.grpcAddress, credentials.createInsecure());
    try {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${tokens.supervisor}`);
      const bytes = Buffer.from(csv([penalty(50), penalty(51), penalty(52, { servedOn: '2020-01-01' })]));
      const job = await new Promise<importsV1.ImportJob>((resolve, reject) => {
        const call = client.startActImport(metadata, (error, response) => (error ? reject(fromGrpcError(error)) : resolve(response)));
        call.write({ start: { countyCode: COUNTY, format: 'csv', fileName: 'grpc.csv' } });
        for (let offset = 0; offset < bytes.length; offset += 1000) call.write({ chunk: bytes.subarray(offset, offset + 1000) });
        call.end();
      });
      expect(job.jobId).toMatch(/^[0-9a-f-]{36}$/);
      const done = await eventually(
        'the gRPC import job to finish',
        () =>
          callUnary(
            client,
            client.getImportJob,
            { countyCode: COUNTY, jobId: job.jobId },
            { deadlineMs: 5000, bearerToken: tokens.supervisor },
          ),
        (j) => j.status === 'completed',
      );
      expect(done).toMatchObject({ rowsRead: 3, imported: 2, rejected: 1, fileName: 'grpc.csv' });
      expect(done.rejectedRows).toEqual([{ row: 4, column: '送达日期', code: 'STEP_BEFORE_OPENING', reason: expect.any(String) }]);

      const denied = await new Promise<unknown>((resolve) => {
        const call = client.startActImport(metadata, (error) => resolve(error ? fromGrpcError(error) : undefined));
        call.write({ start: { countyCode: '433124', format: 'csv', fileName: '' } });
        call.end();
      });
      expect(denied).toMatchObject({ code: 'OUTSIDE_COUNTY' });
    } finally {
      client.close();
    }
  });
});
