import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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
 * The joint task force's screen over cross-region's gRPC API: the 锰三角 agreement of 花垣, 松桃
 * and 秀山, the leak reported in 秀山 and 松桃's advice to 花垣, as a member of the agreement sees them.
 */
const HUAYUAN = '433124';
const SONGTAO = '522229';
const XIUSHAN = '500241';
const suffix = uniqueSuffix();
const env = (name: string) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_console_tf_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-console-tf-${suffix}`,
  KAFKA_PARTITIONS: '2',
});
const services: Record<string, ServiceProcess> = {};
const token: Record<string, string> = {};
let web: WebConsoleProcess;
let browser: Browser;
const shot = screenshots('console-task-force');

async function cr(county: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${services['cross-region']!.httpUrl}/api/v1/counties/${county}${path}`, {
    method,
    headers: { authorization: `Bearer ${token[county]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
async function created(county: string, path: string, body: unknown): Promise<string> {
  const response = await cr(county, 'POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body['aggregateId'] as string;
}
const until = (what: string, county: string, path: string, accept: (body: Record<string, unknown>) => boolean) =>
  eventually(
    what,
    () => cr(county, 'GET', path),
    (r) => r.status === 200 && accept(r.body),
  );

beforeAll(async () => {
  const staticDir = `${REPO_ROOT}test-results/web-console-${suffix}`;
  const [intake, crossRegion] = await Promise.all([
    startServiceProcess('case-intake', env('case-intake')),
    startServiceProcess('cross-region', env('cross-region')),
    buildWebConsoleApp(staticDir),
  ]);
  services['case-intake'] = intake;
  services['cross-region'] = crossRegion;
  web = await startWebConsole(
    { caseIntake: intake.grpcAddress, supervision: '127.0.0.1:9', crossRegion: crossRegion.grpcAddress },
    { staticDir },
  );
  const tokens = await devTokens();
  for (const county of [HUAYUAN, SONGTAO, XIUSHAN]) {
    token[county] = await tokens.issue({ subject: `sup-${county}`, role: 'county_supervisor', countyCode: county });
  }
  const agreementId = await created(HUAYUAN, '/agreements', {
    name: '“锰三角”区域环境联合治理合作框架协议',
    members: [HUAYUAN, SONGTAO, XIUSHAN],
    hostOrder: [XIUSHAN, HUAYUAN, SONGTAO],
    fields: ['生态环境'],
    sharedData: [HUAYUAN, SONGTAO, XIUSHAN].map((countyCode) => ({ countyCode, dataKinds: ['enforcement_acts', 'alerts'] })),
    rulePacks: ['standard'],
    effectiveFrom: '2026-01-01T00:00:00+08:00',
  });
  for (const county of [HUAYUAN, SONGTAO, XIUSHAN]) {
    await until(`agreement visible to ${county}`, county, `/agreements/${agreementId}`, () => true);
    expect((await cr(county, 'POST', `/agreements/${agreementId}/signature`, {})).status).toBe(200);
  }
  await until('agreement in force', XIUSHAN, `/agreements/${agreementId}`, (a) => a['status'] === 'in_force');
  const incidentId = await created(XIUSHAN, `/agreements/${agreementId}/cross-border-incidents`, {
    locationCounty: XIUSHAN,
    title: '电解锰企业尾矿库泄漏',
    description: '秀山某电解锰企业尾矿库泄漏，造成下游花垣水质污染',
    occurredAt: '2026-05-03T08:00:00+08:00',
  });
  await until('incident visible', XIUSHAN, `/cross-border-incidents/${incidentId}`, () => true);
  const adviceId = await created(SONGTAO, `/agreements/${agreementId}/administrative-advice`, {
    toCounty: HUAYUAN,
    subject: '汛期前排查整治尾矿库隐患',
    content: '建议督促企业排除尾矿库隐患',
    dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  await until('advice received by 花垣', HUAYUAN, `/administrative-advice/${adviceId}`, (a) => a['status'] === 'sent');
  browser = await launchBrowser();
}, 400_000);

afterAll(() =>
  stopConsoleStack({
    browser,
    web,
    services: Object.values(services),
    databases: ['case-intake', 'cross-region'].map((name) => env(name).MONGO_DB),
  }),
);

describe('web console: joint task force', () => {
  it('shows a member the agreement, the incident and the advice of their counties; others see nothing of it', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const cookie = await consoleSession(web.httpUrl, {
      role: 'task_force_member',
      name: '联合监督组',
      agreementCounties: [HUAYUAN, SONGTAO, XIUSHAN],
    });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: web.httpUrl }]);
    const page = await context.newPage();
    await page.goto(`${web.httpUrl}/#/task-force`);
    await page.getByText('汛期前排查整治尾矿库隐患').first().waitFor({ timeout: 60_000 });
    await page.getByText('电解锰企业尾矿库泄漏').first().waitFor();
    await page.getByText('“锰三角”区域环境联合治理合作框架协议').first().waitFor();
    await shot(page, 'task-force');
    await context.close();

    // A member of another agreement (冷水滩区 only) sees none of it; a county supervisor has no task-force screen.
    const outsider = await consoleSession(web.httpUrl, { role: 'task_force_member', name: '他组', agreementCounties: ['431103'] });
    const seen = await fetch(`${web.httpUrl}/api/task-force`, { headers: { cookie: outsider } });
    const text = await seen.text();
    expect(seen.status, text).toBe(200);
    for (const mark of ['锰三角', '尾矿库', HUAYUAN, SONGTAO, XIUSHAN]) expect(text).not.toContain(mark);
    const supervisor = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '花垣监督', countyCode: HUAYUAN });
    expect((await fetch(`${web.httpUrl}/api/task-force`, { headers: { cookie: supervisor } })).status).toBe(403);

    // 花垣's supervisor answers 松桃's advice on the county's cross-region screen.
    const huayuan = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const [supervisorName, supervisorValue] = supervisor.split('=') as [string, string];
    await huayuan.addCookies([{ name: supervisorName, value: supervisorValue, url: web.httpUrl }]);
    const own = await huayuan.newPage();
    await own.goto(`${web.httpUrl}/#/cross-region`);
    const advice = own.locator('.ant-table-row', { hasText: '汛期前排查整治尾矿库隐患' });
    await advice.getByRole('button', { name: '答复建议' }).click();
    // An empty answer is refused on its field before anything is sent.
    await own.getByRole('button', { name: '提交答复' }).click();
    await own.getByText('请填写答复内容').waitFor();
    await own.locator('#advice-answer').fill('已督促14家企业完成尾矿库整治，汛前复查');
    // The answer must reach the BFF: a lost click shows here, not as a minute of 待答复 below.
    const [answered] = await Promise.all([
      own.waitForResponse((r) => r.url().includes('/answer') && r.request().method() === 'POST'),
      own.getByRole('button', { name: '提交答复' }).click(),
    ]);
    expect(answered.status(), await answered.text()).toBe(200);
    // The screen reads cross-region again until the answer shows, without a reload.
    await advice.filter({ hasText: '已答复' }).waitFor({ timeout: 30_000 });
    await eventually(
      'the answer on 花垣’s screen',
      async () => {
        await own.reload();
        await own.waitForLoadState('networkidle');
        return (await advice.textContent()) ?? '';
      },
      (text) => text.includes('已答复') && text.includes('已督促14家企业'),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await shot(own, 'county-supervisor-advice-answered');
    // 松桃, the sender, cannot answer its own advice.
    const songtao = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '松桃监督', countyCode: SONGTAO });
    const list = (await (await fetch(`${web.httpUrl}/api/cross-region`, { headers: { cookie: songtao } })).json()) as {
      counties: { advice: { adviceId: string }[] }[];
    };
    const adviceId = list.counties[0]!.advice[0]!.adviceId;
    const refused = await fetch(`${web.httpUrl}/api/advice/${adviceId}/answer`, {
      method: 'POST',
      headers: { cookie: songtao, 'x-lesp-console': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ answer: '自问自答' }),
    });
    expect([403, 409]).toContain(refused.status);
    await huayuan.close();
  }, 300_000);
});
