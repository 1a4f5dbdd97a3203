import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metadata, credentials } from '@grpc/grpc-js';
import type { Browser, Page } from 'playwright-core';
import { statisticsV1 } from '@lesp/contracts';
import {
  devTokens,
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
import { stopConsoleStack } from './support/stack.js';
import { launchBrowser, screenshots } from '@lesp/test-infra/browser';

/**
 * Long work shows its progress, and a supervisor records accountability: a county's report is
 * computed as a job whose stages supervision streams (the screen shows the bar, the stage and the
 * acts read); an operator rebuilds one of supervision's read models on the rebuild screen and
 * follows it to the end; a supervisor records accountability (责任追究) on a closed notice, the
 * form refusing a missing field on that field first. Each screen at 1366×768 and on a tablet.
 */
const COUNTY = '431103';
const AGENCY = 'lt-scjgj';
const suffix = uniqueSuffix();
const env = (name: string) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_console_lw_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-console-lw-${suffix}`,
  KAFKA_PARTITIONS: '2',
});
const services: Record<string, ServiceProcess> = {};
let web: WebConsoleProcess;
let browser: Browser;
let supervisorToken = '';
const shot = screenshots('console-long-work');
const VIEWPORTS = { desktop: { width: 1366, height: 768 }, tablet: { width: 820, height: 1180 } } as const;

async function call(base: string, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as Record<string, unknown>;
}

async function signedIn(viewport: { width: number; height: number }, user: Parameters<typeof consoleSession>[1]) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const cookie = await consoleSession(web.httpUrl, user);
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: web.httpUrl }]);
  return { context, page: await context.newPage(), cookie };
}

/** Usable at this size: nothing wider than the window (no sideways scrolling of the page itself). */
async function fitsWidth(page: Page): Promise<void> {
  // Evaluated in the page (a string: this file is compiled without the DOM's types).
  const { scroll, width } = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })')) as {
    scroll: number;
    width: number;
  };
  expect(scroll, `page ${page.url()} is ${scroll}px wide in a ${width}px window`).toBeLessThanOrEqual(width);
}

beforeAll(async () => {
  const staticDir = `${REPO_ROOT}test-results/web-console-lw-${suffix}`;
  const [intake, supervision] = await Promise.all([
    startServiceProcess('case-intake', env('case-intake')),
    startServiceProcess('supervision', env('supervision')),
    buildWebConsoleApp(staticDir),
  ]);
  services['case-intake'] = intake;
  services['supervision'] = supervision;
  web = await startWebConsole({ caseIntake: intake.grpcAddress, supervision: supervision.grpcAddress }, { staticDir });
  const tokens = await devTokens();
  supervisorToken = await tokens.issue({ subject: `lw-sup-${suffix}`, role: 'county_supervisor', countyCode: COUNTY });
  const clerk = await tokens.issue({ subject: `lw-clerk-${suffix}`, role: 'agency_clerk', countyCode: COUNTY, agencyId: AGENCY });
  await call(intake.httpUrl, 'POST', `/api/v1/counties/${COUNTY}/agencies`, supervisorToken, {
    agencyId: AGENCY,
    name: '冷水滩区市场监督管理局',
    creditCode: '11431103MB1A23456Q',
    kind: '行政机关',
  });
  await call(intake.httpUrl, 'POST', `/api/v1/counties/${COUNTY}/officers`, supervisorToken, {
    officerId: `${AGENCY}-o1`,
    agencyId: AGENCY,
    name: '执法员甲',
    idNumber: '431103198512310021',
    certificateNumber: '执法-431103-91',
    certificateValidUntil: '2030-12-31T00:00:00+08:00',
    enforcementAreas: ['市场监管'],
  });
  for (const n of [1, 2, 3]) {
    await call(intake.httpUrl, 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
      actId: `lw-act-${n}`,
      openedBy: 'filing',
      agencyId: AGENCY,
      category: 'penalty',
      caseNumber: `冷市监罚〔2026〕9${n}号`,
      title: `长耗时测试案${n}`,
      target: { kind: 'legal_person', name: '某商行', creditCode: '91350100M000100Y43', enterprise: true },
      officerIds: [`${AGENCY}-o1`],
      occurredAt: '2026-11-02T09:00:00+08:00',
    });
  }
  // Supervision has the agency (a notice needs it) and the three acts (the report reads them).
  await eventually(
    'the agency and acts in supervision',
    async () => {
      const agencies = (await call(supervision.httpUrl, 'GET', `/api/v1/counties/${COUNTY}/supervised-agencies`, supervisorToken))[
        'agencies'
      ] as unknown[];
      const report = await call(supervision.httpUrl, 'GET', `/api/v1/counties/${COUNTY}/statistics?period=year&year=2026`, supervisorToken);
      return { agencies: agencies.length, text: JSON.stringify(report) };
    },
    (seen) => seen.agencies === 1 && /"penalty\.filed".{0,200}"value":3/.test(seen.text),
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  // A notice answered, accepted and closed: accountability comes after closing.
  const base = `/api/v1/counties/${COUNTY}/rectifications`;
  await call(supervision.httpUrl, 'POST', base, supervisorToken, {
    rectificationId: 'lw-rf-1',
    documentKind: 'notice',
    documentNumber: '冷司监通〔2026〕91号',
    supervisionForm: 'routine',
    agencyId: AGENCY,
    grounds: [{ kind: 'finding', description: '立案仅一名执法人员' }],
    findings: '立案仅一名执法人员',
    requirements: '严格执行两人以上执法制度',
    deadlineWorkingDays: 5,
  });
  await eventually(
    'the notice listed',
    () => call(supervision.httpUrl, 'GET', `${base}/lw-rf-1`, supervisorToken).catch(() => undefined),
    (r) => r !== undefined,
  );
  const status = (wanted: string) =>
    eventually(
      `the notice ${wanted}`,
      () => call(supervision.httpUrl, 'GET', `${base}/lw-rf-1`, supervisorToken),
      (r) => r['status'] === wanted,
    );
  await call(supervision.httpUrl, 'POST', `${base}/lw-rf-1/reply`, clerk, { agencyId: AGENCY, measures: ['两人以上执法'] });
  await status('replied');
  await call(supervision.httpUrl, 'POST', `${base}/lw-rf-1/acceptance`, supervisorToken, { opinion: '整改到位' });
  await status('accepted');
  await call(supervision.httpUrl, 'POST', `${base}/lw-rf-1/closure`, supervisorToken, {
    outcome: 'rectified',
    publicSummary: '已按要求整改',
  });
  await status('closed');
  browser = await launchBrowser();
}, 400_000);

afterAll(() =>
  stopConsoleStack({
    browser,
    web,
    services: Object.values(services),
    databases: ['case-intake', 'supervision'].map((name) => env(name).MONGO_DB),
  }),
);

describe('web console: long work and accountability', () => {
  it('supervision streams a report’s progress stage by stage, then the view', async () => {
    const client = new statisticsV1.StatisticsServiceClient(services['supervision']!.grpcAddress, credentials.createInsecure());
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${supervisorToken}`);
    const messages = await new Promise<statisticsV1.StatisticsProgress[]>((resolve, reject) => {
      const seen: statisticsV1.StatisticsProgress[] = [];
      const stream = client.watchCountyStatistics(
        statisticsV1.WatchCountyStatisticsRequest.fromPartial({ countyCode: COUNTY, period: { kind: 'year', year: 2026 } }),
        metadata,
      );
      stream.on('data', (m: statisticsV1.StatisticsProgress) => seen.push(m));
      stream.on('error', reject);
      stream.on('end', () => resolve(seen));
    });
    client.close();
    const stages = messages.map((m) => m.stage).filter((stage, i, all) => all.indexOf(stage) === i);
    expect(stages).toEqual(['act_summaries', 'case_file_reviews', 'random_inspections', 'published_decisions', 'computing', 'done']);
    // The stage numbers only grow; the acts stage ends with every act of the county read, of no more than the read model holds.
    expect(messages.map((m) => m.stageNumber)).toEqual([...messages.map((m) => m.stageNumber)].sort((a, b) => a - b));
    const acts = messages.filter((m) => m.stage === 'act_summaries').at(-1)!;
    expect(acts.recordsRead).toBe(3);
    expect(acts.recordsEstimate).toBeGreaterThanOrEqual(3);
    const last = messages.at(-1)!;
    expect(last.view?.sections.flatMap((s) => s.figures).find((f) => f.key === 'penalty.filed')?.value).toBe(3);
    expect(messages.slice(0, -1).every((m) => m.view === undefined)).toBe(true);
  });

  it('the report screen computes the report as a job and shows its progress to the end, at 1366×768 and on a tablet', async () => {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const { context, page } = await signedIn(viewport, { role: 'county_supervisor', name: '冷水滩监督员', countyCode: COUNTY });
      const [started] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/report-jobs') && r.request().method() === 'POST'),
        page.goto(`${web.httpUrl}/#/reports`),
      ]);
      expect(started.status(), await started.text()).toBe(202);
      const job = (await started.json()) as { jobId: string; status: string; percent: number };
      expect(job.percent).toBeLessThan(100);
      await page.locator('[data-testid="report-progress"][data-status="completed"]').waitFor({ timeout: 60_000 });
      const progress = await page.getByTestId('report-progress-text').innerText();
      expect(progress).toContain('计算完成');
      expect(progress).toContain('已读取 3 件执法行为汇总');
      await page.getByTestId('figure-penalty.filed').waitFor();
      expect(await page.getByTestId('figure-penalty.filed').innerText()).toBe('3');
      await fitsWidth(page);
      await shot(page, `report-progress-${size}`);
      // The finished job exports its view (no second computation).
      const exported = await fetch(`${web.httpUrl}/api/report-jobs/${job.jobId}/export.xlsx`, {
        headers: { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
      });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-type')).toContain('spreadsheetml');
      await context.close();
    }
    // Another user's job is not there for them.
    const other = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '另一监督员', countyCode: COUNTY });
    const mine = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '本人', countyCode: COUNTY });
    const started = await fetch(`${web.httpUrl}/api/report-jobs`, {
      method: 'POST',
      headers: { cookie: mine, 'x-lesp-console': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ period: 'month', year: 2026, month: 11 }),
    });
    const { jobId } = (await started.json()) as { jobId: string };
    expect((await fetch(`${web.httpUrl}/api/report-jobs/${jobId}`, { headers: { cookie: other } })).status).toBe(404);
    // A month without its number is refused when the job starts, as supervision refuses it.
    const refused = await fetch(`${web.httpUrl}/api/report-jobs`, {
      method: 'POST',
      headers: { cookie: mine, 'x-lesp-console': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ period: 'month', year: 2026 }),
    });
    expect(refused.status).toBe(400);
  }, 300_000);

  it('an operator rebuilds a read model on the rebuild screen and follows it to the end; queries read the new generation', async () => {
    const { context, page } = await signedIn(VIEWPORTS.desktop, { role: 'operator', name: '运维值班' });
    await page.goto(`${web.httpUrl}/#/operations`);
    const row = page.locator('.ant-table-row', { hasText: 'supervision.rectifications' });
    await row.waitFor({ timeout: 60_000 });
    await fitsWidth(page);
    await shot(page, 'operations-before');
    await page.getByTestId('rebuild-start-supervision-supervision.rectifications').click();
    const [started] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/operations/rebuilds') && r.request().method() === 'POST'),
      page.locator('.ant-popconfirm .ant-btn-primary').click(),
    ]);
    expect(started.status(), await started.text()).toBe(202);
    const job = (await started.json()) as { jobId: string; status: string; stage: string; recordsEstimate: number };
    expect(job).toMatchObject({ status: 'running', stage: 'waiting' });
    expect(job.recordsEstimate).toBeGreaterThan(0);
    const progress = page.getByTestId('rebuild-supervision-supervision.rectifications');
    await page
      .locator('[data-testid="rebuild-supervision-supervision.rectifications"][data-status="completed"]')
      .waitFor({ timeout: 120_000 });
    const text = await progress.innerText();
    expect(text).toContain('已完成');
    await fitsWidth(page);
    await shot(page, 'operations-rebuilt');
    // The job as the service keeps it: every event read, the notice's applied, the new generation active.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const done = (await (
      await fetch(`${web.httpUrl}/api/operations/rebuilds/supervision/${job.jobId}`, { headers: { cookie } })
    ).json()) as { status: string; eventsRead: number; applied: number; collection: string; percent: number };
    expect(done).toMatchObject({ status: 'completed', percent: 100 });
    expect(done.applied).toBeGreaterThanOrEqual(2); // issued and closed
    expect(done.eventsRead).toBeGreaterThanOrEqual(done.applied);
    const listed = (await (await fetch(`${web.httpUrl}/api/operations/projections`, { headers: { cookie } })).json()) as {
      services: { service: string; projections: { name: string; activeCollection: string }[] }[];
    };
    const active = listed.services
      .find((s) => s.service === 'supervision')!
      .projections.find((p) => p.name === 'supervision.rectifications')!;
    expect(active.activeCollection).toBe(done.collection);
    // The notice reads the same from the rebuilt read model.
    const notice = await call(
      services['supervision']!.httpUrl,
      'GET',
      `/api/v1/counties/${COUNTY}/rectifications/lw-rf-1`,
      supervisorToken,
    );
    expect(notice['status']).toBe('closed');
    // A second rebuild of a read model while one runs is refused (the first waits for the replicas a moment before it reads).
    const again = async () =>
      fetch(`${web.httpUrl}/api/operations/rebuilds`, {
        method: 'POST',
        headers: { cookie, 'x-lesp-console': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ service: 'supervision', projection: 'supervision.act-summaries' }),
      });
    const first = await again();
    expect(first.status).toBe(202);
    const second = await again();
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('REBUILD_RUNNING');
    const firstJob = (await first.json()) as { jobId: string };
    await eventually(
      'the act summaries rebuilt',
      async () =>
        (await (await fetch(`${web.httpUrl}/api/operations/rebuilds/supervision/${firstJob.jobId}`, { headers: { cookie } })).json()) as {
          status: string;
        },
      (j) => j.status !== 'running',
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    // A supervisor has no rebuild screen.
    const supervisor = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '监督员', countyCode: COUNTY });
    expect((await fetch(`${web.httpUrl}/api/operations/projections`, { headers: { cookie: supervisor } })).status).toBe(403);
    await context.close();
  }, 300_000);

  it('a supervisor records accountability on a closed notice, each field checked on the field', async () => {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const { context, page, cookie } = await signedIn(viewport, { role: 'county_supervisor', name: '冷水滩监督员', countyCode: COUNTY });
      await page.goto(`${web.httpUrl}/#/rectification/lw-rf-1`);
      await page.getByTestId('accountability-card').waitFor({ timeout: 60_000 });
      // Nothing filled in: each required field says what it needs, on the field, before anything is sent.
      await page.locator('#accountability-submit').click();
      await page.getByText('追责决定机关不能为空').waitFor();
      await page.getByText('被追责人员应为 1 到 50 名').waitFor();
      await page.getByText('追责依据不能为空').waitFor();
      await fitsWidth(page);
      await shot(page, `accountability-errors-${size}`);
      if (size === 'tablet') {
        await context.close();
        continue;
      }
      // The BFF answers what the form would: its violations come back on the same fields.
      const refused = await fetch(`${web.httpUrl}/api/rectifications/lw-rf-1/accountability`, {
        method: 'POST',
        headers: { cookie, 'x-lesp-console': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ decidedBy: ' ', measure: '诫勉谈话', persons: [], basis: '依据', decidedAt: 'not-a-date' }),
      });
      expect(refused.status).toBe(400);
      const fields = ((await refused.json()) as { error: { violations: { field: string }[] } }).error.violations.map((v) => v.field);
      expect(fields.sort()).toEqual(['decidedAt', 'decidedBy', 'persons']);

      await page.locator('#accountability-decided-by').fill('冷水滩区纪委监委');
      await page.locator('#accountability-measure').fill('诫勉谈话');
      await page.locator('#accountability-persons').fill('执法员甲\n执法员乙');
      await page.locator('#accountability-basis').fill('《湖南省行政执法责任追究办法》第十条');
      const [recorded] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/accountability') && r.request().method() === 'POST'),
        page.locator('#accountability-submit').click(),
      ]);
      expect(recorded.status(), await recorded.text()).toBe(200);
      // The screen reads the notice again until supervision shows it recorded.
      await page.locator('[data-testid="accountability-recorded"]', { hasText: '已记录' }).waitFor({ timeout: 30_000 });
      await shot(page, `accountability-recorded-${size}`);
      await context.close();
    }
    const notice = await call(
      services['supervision']!.httpUrl,
      'GET',
      `/api/v1/counties/${COUNTY}/rectifications/lw-rf-1`,
      supervisorToken,
    );
    expect(notice['accountabilityRecorded']).toBe(true);
  }, 300_000);
});
