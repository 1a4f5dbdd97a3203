import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  devTokens,
  eventually,
  integrationEnv,
  REPO_ROOT,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
  buildWebConsoleApp,
  startWebConsole,
  type WebConsoleProcess,
} from '@lesp/test-infra';
import { stopConsoleStack } from './support/stack.js';
import { launchBrowser, screenshots } from '@lesp/test-infra/browser';
import { pick } from './support/browser.js';

/**
 * The console's acceptance (issue 8), in headless Chromium against the real stack: a clerk
 * records a penalty whose officer has no valid certificate; the supervisor sees the alert on the
 * dashboard, opens the act's timeline and issues a notice; the clerk answers; the supervisor
 * accepts; the report shows the act. A screenshot of each screen under test-results/screenshots.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const env = (name: string) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_console_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-console-${suffix}`,
  KAFKA_PARTITIONS: '2',
  TIMER_POLL_MS: '200',
});
const services: Record<string, ServiceProcess> = {};
let web: WebConsoleProcess;
let browser: Browser;
const shot = screenshots('console-acceptance');

async function caseIntake(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${services['case-intake']!.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

beforeAll(async () => {
  const staticDir = `${REPO_ROOT}test-results/web-console-${suffix}`;
  const [intake, supervision] = await Promise.all([
    startServiceProcess('case-intake', env('case-intake')),
    startServiceProcess('supervision', env('supervision')),
    buildWebConsoleApp(staticDir),
  ]);
  services['case-intake'] = intake;
  services['supervision'] = supervision;
  web = await startWebConsole({ caseIntake: intake.grpcAddress, supervision: supervision.grpcAddress }, { staticDir });

  // The county's registry, as the supervisor keeps it: one agency, two officers with valid certificates, one suspended.
  const supervisorToken = await (await devTokens()).issue({ subject: 'seed-sup', role: 'county_supervisor', countyCode: COUNTY });
  await caseIntake('POST', `/api/v1/counties/${COUNTY}/agencies`, supervisorToken, {
    agencyId: 'scjgj',
    name: '冷水滩区市场监督管理局',
    creditCode: '11431103MB1A23456Q',
    kind: '行政机关',
  });
  for (const [officerId, name, serial] of [
    ['o-1', '李明', '01'],
    ['o-2', '王芳', '02'],
    ['o-3', '赵强', '03'],
  ] as const) {
    await caseIntake('POST', `/api/v1/counties/${COUNTY}/officers`, supervisorToken, {
      officerId,
      agencyId: 'scjgj',
      name,
      idNumber: '431103198512310021',
      certificateNumber: `湘执法-4311-${serial}`,
      certificateValidUntil: '2030-12-31T00:00:00+08:00',
      enforcementAreas: ['市场监管'],
    });
  }
  await caseIntake('POST', `/api/v1/counties/${COUNTY}/officers/o-3/certificate/suspension`, supervisorToken, {
    reason: '违规执法，暂扣执法证',
  });
  // Supervision judges an act by the officers it has heard of: wait until its rule engine knows o-3's suspension.
  const mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
  await eventually(
    'supervision to know officer o-3 with the suspended certificate',
    async () => {
      // The read model's physical collection is rm_supervision_facts__<generation>.
      const db = mongo.db(env('supervision').MONGO_DB);
      const names = (await db.listCollections().toArray()).map((c) => c.name).filter((n) => n.startsWith('rm_supervision_facts__'));
      const docs = await Promise.all(
        names.map((n) => db.collection<{ _v?: number; officer?: { officerId?: string } }>(n).find({ kind: 'officer' }).toArray()),
      );
      return docs.flat();
    },
    (docs) => docs.some((d) => d.officer?.officerId === 'o-3' && (d._v ?? 0) >= 2),
    { timeoutMs: 60_000, intervalMs: 300 },
  );
  await mongo.close();
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

/** What the pages said on their consoles: printed when a step fails. */
const pageErrors: string[] = [];
function watch(page: Page): Page {
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') pageErrors.push(`${message.type()}: ${message.text()}`);
  });
  return page;
}

async function signIn(context: BrowserContext, user: { name: string; role: string; county: string; agency?: string }): Promise<Page> {
  const page = watch(await context.newPage());
  await page.goto(web.httpUrl);
  await page.locator('#signin-name').fill(user.name);
  await pick(page, 'signin-role', user.role);
  await page.locator('#signin-county').fill(user.county);
  if (user.agency) await page.locator('#signin-agency').fill(user.agency);
  await page.locator('#signin-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

/** Reloads a screen until it shows what is awaited (the read models follow the events). */
async function reloadUntil(page: Page, what: string, visible: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  await eventually(
    what,
    async () => {
      await page.reload();
      await page.waitForLoadState('networkidle');
      return visible();
    },
    (ok) => ok,
    { timeoutMs, intervalMs: 500 },
  );
}

describe('web console acceptance', () => {
  it('clerk records a penalty by an officer without a valid certificate → alert → timeline → notice → reply → acceptance → report', async () => {
    // Tablet-ish and the smallest laptop screen the console is made for.
    const clerkContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const supervisorContext = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });

    // ---- the clerk records the act, step by step ----
    const clerkPage = await clerkContext.newPage();
    await clerkPage.goto(web.httpUrl);
    await clerkPage.locator('#signin-name').waitFor();
    await shot(clerkPage, 'sign-in');
    await clerkPage.close();
    const clerk = await signIn(clerkContext, { name: '张法制', role: '执法单位法制员', county: COUNTY, agency: 'scjgj' });
    await shot(clerk, 'clerk-acts');
    await clerk.getByTestId('nav-act-new').click();
    await pick(clerk, 'act-category', '行政处罚');
    await clerk.locator('#act-case-number').fill('冷市监罚〔2026〕101号');
    await clerk.locator('#act-title').fill('销售过期食品案');
    await clerk.locator('#act-next').click();
    await clerk.locator('#act-target-name').fill('冷水滩区某商行');
    // A credit code with a wrong check character: refused on its field, as case intake refuses it.
    await clerk.locator('#act-target-credit-code').fill('91350100M000100Y44');
    await clerk.locator('#act-next').click();
    await pick(clerk, 'act-officers', '李明');
    await pick(clerk, 'act-officers', '赵强');
    await clerk.keyboard.press('Escape');
    await clerk.locator('#act-submit').click();
    const fieldError = clerk.locator('.ant-form-item-explain-error', { hasText: '统一社会信用代码应为 18 位且校验位正确' });
    await fieldError.waitFor();
    await shot(clerk, 'clerk-act-field-error');
    await clerk.locator('#act-target-credit-code').fill('91350100M000100Y43');
    await clerk.locator('#act-next').click();
    await clerk.locator('#act-submit').click();
    await clerk.getByTestId('act-timeline').waitFor();
    await clerk.getByText('立案').first().waitFor();
    const actId = decodeURIComponent(new URL(clerk.url()).hash.split('/')[2]!);
    expect(actId).toBeTruthy();
    await shot(clerk, 'clerk-act-recorded');

    // ---- the supervisor sees the alert on the dashboard ----
    const supervisor = await signIn(supervisorContext, { name: '刘监督', role: '县级执法监督员', county: COUNTY });
    await supervisor.getByTestId('dashboard').waitFor();
    const certificateRule = supervisor.getByTestId('alerts-by-rule').getByText('执法人员无有效执法证');
    await reloadUntil(supervisor, 'the certificate alert on the dashboard', () => certificateRule.isVisible());
    await shot(supervisor, 'supervisor-dashboard');
    await certificateRule.click();
    const row = supervisor.locator('.ant-table-row', { hasText: '赵强' });
    await row.waitFor();
    await shot(supervisor, 'supervisor-alerts');
    await row.click();
    await supervisor.getByTestId('alert-evidence').getByText('立案', { exact: true }).waitFor();
    await shot(supervisor, 'supervisor-alert-detail');
    const alertUrl = supervisor.url();

    // ---- the act's full timeline ----
    await supervisor.locator('#alert-open-act').click();
    await supervisor.getByTestId('act-timeline').getByText('立案', { exact: true }).waitFor();
    await expect(supervisor.getByTestId('act-detail').textContent()).resolves.toContain('冷市监罚〔2026〕101号');
    await shot(supervisor, 'supervisor-act-timeline');

    // ---- a notice from the alert ----
    await supervisor.goto(alertUrl);
    await supervisor.locator('#alert-issue-notice').click();
    await supervisor.locator('#notice-number').fill('冷司监通〔2026〕21号');
    await supervisor.locator('#notice-findings').fill('执法人员赵强执法证被暂扣期间参与立案');
    await supervisor.locator('#notice-requirements').fill('立即停止其执法活动，重新指派持证人员');
    await shot(supervisor, 'supervisor-issue-notice');
    await supervisor.locator('#notice-submit').click();
    await supervisor.waitForURL(/#\/rectifications$/);
    const noticeRow = supervisor.locator('.ant-table-row', { hasText: '冷司监通〔2026〕21号' });
    await reloadUntil(supervisor, 'the notice in the supervisor’s list', () => noticeRow.isVisible());
    await shot(supervisor, 'supervisor-rectifications');

    // ---- the clerk answers ----
    await clerk.getByTestId('nav-rectifications').click();
    const clerkRow = clerk.locator('.ant-table-row', { hasText: '冷司监通〔2026〕21号' });
    await reloadUntil(clerk, 'the notice in the clerk’s list', () => clerkRow.isVisible());
    await shot(clerk, 'clerk-rectifications');
    await clerkRow.click();
    await clerk.locator('#reply-measures').fill('已收回赵强执法任务\n重新指派李明、王芳办理');
    await clerk.locator('#reply-explanation').fill('已整改');
    await clerk.locator('#reply-submit').click();
    await clerk.getByTestId('rectification-status').getByText('已回复待验收').waitFor({ timeout: 30_000 });
    await shot(clerk, 'clerk-replied');

    // ---- the supervisor accepts ----
    await noticeRow.click();
    const accept = supervisor.locator('#accept-opinion');
    await reloadUntil(supervisor, 'the reply on the supervisor’s screen', () => accept.isVisible());
    await accept.fill('整改到位');
    await supervisor.locator('#accept-submit').click();
    await supervisor.getByTestId('rectification-status').getByText('已验收').waitFor({ timeout: 30_000 });
    await shot(supervisor, 'supervisor-accepted');
    await supervisor.locator('#close-summary').fill('已收回无证人员执法任务，整改到位');
    await supervisor.locator('#close-submit').click();
    await supervisor.getByTestId('rectification-status').getByText('已办结').waitFor({ timeout: 30_000 });
    await shot(supervisor, 'supervisor-closed');

    // ---- the report shows the act ----
    await supervisor.getByTestId('nav-reports').click();
    const filed = supervisor.getByTestId('figure-penalty.filed');
    await reloadUntil(supervisor, 'the report to count the penalty case', async () => (await filed.textContent().catch(() => '')) === '1');
    await shot(supervisor, 'supervisor-report');
    const xlsx = await supervisorContext.request.get(`${web.httpUrl}/api/reports/export.xlsx?period=year&year=${new Date().getFullYear()}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');

    // No screen threw.
    expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await clerkContext.close();
    await supervisorContext.close();
  }, 600_000);

  it('clerk imports a file with progress and the rejected-row report, then records a decision step whose fields are checked as case intake checks them', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 1366 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const clerk = await signIn(context, { name: '张法制', role: '执法单位法制员', county: COUNTY, agency: 'scjgj' });
    await clerk.getByTestId('nav-imports').click();
    const header = '案件编号,执法主体编码,执法类别,开始方式,案件名称,相对人类型,相对人名称,统一社会信用代码,执法人员,立案或申请日期';
    const csv = [
      header,
      '冷市监罚〔2026〕201号,scjgj,行政处罚,立案,无证经营案,法人,冷水滩区某超市,91350100M000100Y43,o-1;o-2,2026-11-02',
      '冷市监罚〔2026〕202号,scjgj,行政处罚,立案,虚假宣传案,法人,冷水滩区某药店,91350100M000100Y44,o-1;o-2,2026-11-03',
    ].join('\n');
    await clerk
      .locator('input[type=file]')
      .setInputFiles({ name: 'acts.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}\n`) });
    const job = clerk.getByTestId('import-job');
    await job.getByText('已完成').waitFor({ timeout: 60_000 });
    const rejected = job.locator('.ant-table-row');
    await expect(rejected.count()).resolves.toBe(1);
    await expect(rejected.first().textContent()).resolves.toContain('3');
    await shot(clerk, 'clerk-import-report');

    // The imported act, found on the server by its target; a decision step recorded on it.
    await clerk.getByTestId('nav-acts').click();
    await clerk.getByPlaceholder('相对人').fill('冷水滩区某超市');
    await clerk.getByPlaceholder('相对人').press('Enter');
    const imported = clerk.locator('.ant-table-row', { hasText: '冷市监罚〔2026〕201号' });
    await reloadUntil(clerk, 'the imported act in the list', () => imported.isVisible());
    await imported.click();
    await clerk.getByTestId('act-timeline').waitFor();
    await pick(clerk, 'step-type', '作出决定');
    await pick(clerk, 'step-officers', '李明');
    await pick(clerk, 'step-officers', '王芳');
    await clerk.keyboard.press('Escape');
    await clerk.locator('#step-decision-number').fill('冷市监罚决〔2026〕201号');
    await pick(clerk, 'step-outcome', '给予处罚');
    await clerk.locator('#step-legal-basis').fill('《无证无照经营查处办法》第十三条');
    await clerk.locator('#step-fine').fill('2000');
    await clerk.getByText('首违不罚', { exact: true }).click();
    await clerk.locator('#step-submit').click();
    await clerk.locator('.ant-form-item-explain-error', { hasText: '首违不罚的决定不能同时处以罚款' }).waitFor();
    await shot(clerk, 'clerk-step-field-error');
    await clerk.getByText('首违不罚', { exact: true }).click();
    await clerk.locator('#step-submit').click();
    await clerk.getByTestId('act-timeline').getByText('作出决定', { exact: true }).waitFor({ timeout: 30_000 });
    await shot(clerk, 'clerk-step-recorded');
    expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await context.close();
  }, 300_000);
});
