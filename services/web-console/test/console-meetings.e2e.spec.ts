import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
 * The joint task force's meetings screen (联席会议) over cross-region's gRPC API: 秀山, this year's
 * host of the 锰三角 agreement, schedules a meeting and records it held with its attendees and
 * minutes and a decision tasking 花垣 with a due date; 花垣 reports the task done; a member of the
 * task force reads all of it. Each form refuses a missing field on that field first. A county
 * outside the agreement sees none of it. Screens at 1366×768 and on a tablet.
 */
const HUAYUAN = '433124';
const SONGTAO = '522229';
const XIUSHAN = '500241';
const OUTSIDE = '431103';
const AGREEMENT = '“锰三角”区域环境联合治理合作框架协议';
const suffix = uniqueSuffix();
const env = (name: string) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_console_mt_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-console-mt-${suffix}`,
  KAFKA_PARTITIONS: '2',
});
let crossRegion: ServiceProcess;
let web: WebConsoleProcess;
let browser: Browser;
let agreementId = '';
const token: Record<string, string> = {};
const shot = screenshots('console-meetings');
const VIEWPORTS = { desktop: { width: 1366, height: 768 }, tablet: { width: 820, height: 1180 } } as const;

async function cr(county: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${crossRegion.httpUrl}/api/v1/counties/${county}${path}`, {
    method,
    headers: { authorization: `Bearer ${token[county]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function screen(viewport: { width: number; height: number }, user: Parameters<typeof consoleSession>[1]) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const cookie = await consoleSession(web.httpUrl, user);
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: web.httpUrl }]);
  const page = await context.newPage();
  await page.goto(`${web.httpUrl}/#/meetings`);
  await page.getByTestId('meetings').waitFor({ timeout: 60_000 });
  return { context, page, cookie };
}

/** Usable at this size: nothing wider than the window. */
async function fitsWidth(page: Page): Promise<void> {
  // Evaluated in the page (a string: this file is compiled without the DOM's types).
  const { scroll, width } = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })')) as {
    scroll: number;
    width: number;
  };
  expect(scroll, `page ${page.url()} is ${scroll}px wide in a ${width}px window`).toBeLessThanOrEqual(width);
}

/** A date picker's value typed as text (China time), committed with Enter. */
async function pickTime(page: Page, selector: string, at: Date): Promise<void> {
  const text = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  await page.locator(selector).click();
  await page.locator(selector).fill(text);
  await page.locator(selector).press('Enter');
}

/** Clicks the open dialog's submit and returns the BFF's answer to it. */
async function submitDialog(page: Page, path: RegExp) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => path.test(new URL(r.url()).pathname) && r.request().method() === 'POST'),
    page.locator('#meeting-dialog-submit').click(),
  ]);
  return response;
}

beforeAll(async () => {
  const staticDir = `${REPO_ROOT}test-results/web-console-mt-${suffix}`;
  [crossRegion] = await Promise.all([startServiceProcess('cross-region', env('cross-region')), buildWebConsoleApp(staticDir)]);
  web = await startWebConsole(
    { caseIntake: '127.0.0.1:9', supervision: '127.0.0.1:9', crossRegion: crossRegion.grpcAddress },
    { staticDir },
  );
  const tokens = await devTokens();
  for (const county of [HUAYUAN, SONGTAO, XIUSHAN, OUTSIDE])
    token[county] = await tokens.issue({ subject: `mt-sup-${county}`, role: 'county_supervisor', countyCode: county });
  const proposed = await cr(HUAYUAN, 'POST', '/agreements', {
    name: AGREEMENT,
    members: [HUAYUAN, SONGTAO, XIUSHAN],
    hostOrder: [XIUSHAN, HUAYUAN, SONGTAO],
    fields: ['生态环境'],
    sharedData: [HUAYUAN, SONGTAO, XIUSHAN].map((countyCode) => ({ countyCode, dataKinds: ['enforcement_acts', 'alerts'] })),
    rulePacks: ['standard'],
    effectiveFrom: '2026-01-01T00:00:00+08:00',
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  agreementId = proposed.body['aggregateId'] as string;
  for (const county of [HUAYUAN, SONGTAO, XIUSHAN]) {
    await eventually(
      `agreement visible to ${county}`,
      () => cr(county, 'GET', `/agreements/${agreementId}`),
      (r) => r.status === 200,
    );
    expect((await cr(county, 'POST', `/agreements/${agreementId}/signature`, {})).status).toBe(200);
  }
  await eventually(
    'agreement in force',
    () => cr(XIUSHAN, 'GET', `/agreements/${agreementId}`),
    (r) => r.body['status'] === 'in_force',
  );
  browser = await launchBrowser();
}, 400_000);

afterAll(() => stopConsoleStack({ browser, web, services: [crossRegion], databases: [env('cross-region').MONGO_DB] }));

describe('web console: joint meetings', () => {
  it('the host schedules a meeting, records it held and a decision tasking a member; the member reports it done; the task force reads it', async () => {
    // ---- 秀山 (host) schedules ----
    const host = await screen(VIEWPORTS.desktop, { role: 'county_supervisor', name: '秀山监督员', countyCode: XIUSHAN });
    const panel = host.page.locator('.ant-collapse-item', { hasText: AGREEMENT });
    await panel.getByRole('button', { name: '安排联席会议', exact: true }).click();
    await host.page.locator('#meeting-agenda').waitFor();
    // No agenda: refused on its field before anything is sent.
    await host.page.locator('#meeting-dialog-submit').click();
    await host.page.getByText('请至少填写 1 项议程').waitFor();
    await shot(host.page, 'schedule-refused-on-field');
    await host.page.locator('#meeting-agenda').fill('通报2026年尾矿库联合排查情况\n研究花垣下游水质超标处置');
    const scheduled = await submitDialog(host.page, /^\/api\/meetings$/);
    expect(scheduled.status(), await scheduled.text()).toBe(201);
    // The screen reads until the meeting shows.
    const row = panel.locator('.ant-table-row', { hasText: '通报2026年尾矿库联合排查情况' });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain('已安排');

    // ---- 秀山 records it held: the attendees' names are required, county by county ----
    await row.getByRole('button', { name: '记录召开' }).click();
    await host.page.locator('#meeting-minutes').waitFor();
    await host.page.locator('#meeting-dialog-submit').click();
    await host.page.getByText('请至少填写 1 项参会人员').first().waitFor();
    await host.page.getByText('会议纪要不能为空').waitFor();
    await shot(host.page, 'hold-refused-on-fields');
    const names: Record<number, string[]> = { 0: ['张三', '李四'], 1: ['王五'], 2: ['赵六'] };
    for (const [index, list] of Object.entries(names)) {
      const input = host.page.locator(`#meeting-attendee-names-${index}`);
      for (const name of list) {
        await input.fill(name);
        await input.press('Enter');
      }
    }
    await host.page.locator('#meeting-minutes').fill('会议通报了尾矿库排查情况，议定由花垣牵头开展下游水质溯源。');
    const held = await submitDialog(host.page, /\/holding$/);
    expect(held.status(), await held.text()).toBe(200);
    await row.filter({ hasText: '已召开' }).waitFor({ timeout: 30_000 });

    // ---- a decision with a task for 花垣: a county without a due date is refused on the due date ----
    await row.getByRole('button', { name: '记录决定' }).click();
    await host.page.locator('#meeting-decision').fill('花垣县牵头开展下游水质溯源，12月底前报送结果');
    await host.page.locator('#meeting-assignee').click();
    await host.page.locator('.ant-select-item-option', { hasText: HUAYUAN }).click();
    await host.page.locator('#meeting-dialog-submit').click();
    await host.page.getByText('任务完成期限无效或未填写').waitFor();
    await pickTime(host.page, '#meeting-due-at', new Date(Date.now() + 30 * 86_400_000));
    const decided = await submitDialog(host.page, /\/decisions$/);
    expect(decided.status(), await decided.text()).toBe(201);
    const detail = host.page.locator('[data-testid^="meeting-"]', { hasText: '花垣县牵头开展下游水质溯源' });
    await detail.waitFor({ timeout: 30_000 });
    expect(await detail.innerText()).toContain('办理中');
    await fitsWidth(host.page);
    await shot(host.page, 'host-meeting-held-with-decision');
    await host.context.close();

    // ---- 花垣 reports its task done, on a tablet ----
    const assignee = await screen(VIEWPORTS.tablet, { role: 'county_supervisor', name: '花垣监督员', countyCode: HUAYUAN });
    const task = assignee.page.locator('.ant-table-row', { hasText: '花垣县牵头开展下游水质溯源' });
    await task.getByRole('button', { name: '报告完成' }).click();
    // The dialog's form is there before it is sent empty (a click during its opening could miss its validation).
    await assignee.page.locator('#meeting-task-report').waitFor();
    await assignee.page.locator('#meeting-dialog-submit').click();
    await assignee.page.getByText('完成情况不能为空').waitFor();
    await assignee.page.locator('#meeting-task-report').fill('已完成溯源，污染源为秀山某企业尾矿库渗漏，已移交秀山县处置。');
    const completed = await submitDialog(assignee.page, /\/completion$/);
    expect(completed.status(), await completed.text()).toBe(200);
    await task.filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    await fitsWidth(assignee.page);
    await shot(assignee.page, 'assignee-task-completed-tablet');
    // Only the host records the meeting: 花垣 has no such buttons.
    expect(await assignee.page.getByRole('button', { name: '记录决定' }).count()).toBe(0);
    await assignee.context.close();

    // ---- the task force reads it all, at both sizes, and may change nothing ----
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const member = await screen(viewport, {
        role: 'task_force_member',
        name: '联合监督组',
        agreementCounties: [HUAYUAN, SONGTAO, XIUSHAN],
      });
      const text = await member.page.getByTestId('meetings').innerText();
      for (const seen of [
        '通报2026年尾矿库联合排查情况',
        '已召开',
        '张三、李四',
        '议定由花垣牵头',
        '花垣县牵头开展下游水质溯源',
        '已完成',
        '已移交秀山县处置',
      ])
        expect(text, `${size}: ${seen}`).toContain(seen);
      for (const action of ['安排联席会议', '记录召开', '记录决定', '报告完成'])
        expect(await member.page.getByRole('button', { name: action }).count(), `${size}: ${action}`).toBe(0);
      await fitsWidth(member.page);
      await shot(member.page, `task-force-meetings-${size}`);
      const refused = await fetch(`${web.httpUrl}/api/meetings`, {
        method: 'POST',
        headers: { cookie: member.cookie, 'x-lesp-console': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ agreementId, scheduledFor: '2026-12-20T09:00:00+08:00', agenda: ['越权安排'] }),
      });
      expect(refused.status).toBe(403);
      await member.context.close();
    }
  }, 400_000);

  it('a county outside the agreement sees none of its meetings and cannot act on them; the BFF checks fields as cross-region does', async () => {
    const outsider = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '冷水滩监督员', countyCode: OUTSIDE });
    const listed = await fetch(`${web.httpUrl}/api/meetings`, { headers: { cookie: outsider } });
    const text = await listed.text();
    expect(listed.status, text).toBe(200);
    for (const mark of ['锰三角', '尾矿库', agreementId, HUAYUAN, SONGTAO, XIUSHAN]) expect(text).not.toContain(mark);
    const post = (cookie: string, path: string, body: unknown) =>
      fetch(`${web.httpUrl}${path}`, {
        method: 'POST',
        headers: { cookie, 'x-lesp-console': '1', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const scheduling = await post(outsider, '/api/meetings', { agreementId, scheduledFor: '2026-12-20T09:00:00+08:00', agenda: ['越界'] });
    expect([403, 404], await scheduling.text()).toContain(scheduling.status);
    const outsiderTaskForce = await consoleSession(web.httpUrl, { role: 'task_force_member', name: '他组', agreementCounties: [OUTSIDE] });
    const other = await (await fetch(`${web.httpUrl}/api/meetings`, { headers: { cookie: outsiderTaskForce } })).text();
    for (const mark of ['锰三角', '尾矿库', agreementId]) expect(other).not.toContain(mark);

    // The member's own meeting, with fields cross-region would refuse: each named, nothing sent on.
    const host = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '秀山监督员', countyCode: XIUSHAN });
    const meetings = (await (await fetch(`${web.httpUrl}/api/meetings`, { headers: { cookie: host } })).json()) as {
      agreements: { meetings: { meetingId: string; heldAt: string }[] }[];
    };
    const meeting = meetings.agreements[0]!.meetings[0]!;
    const holding = await post(host, `/api/meetings/${meeting.meetingId}/holding`, {
      heldAt: new Date(Date.now() + 86_400_000).toISOString(),
      attendees: [{ countyCode: OUTSIDE, names: ['某人'] }],
      minutes: ' ',
    });
    expect(holding.status).toBe(400);
    const fields = ((await holding.json()) as { error: { violations: { field: string; code: string }[] } }).error.violations;
    expect(fields.map((v) => `${v.field}:${v.code}`).sort()).toEqual([
      'attendees[0].countyCode:NOT_AGREEMENT_MEMBER',
      'heldAt:TIME_IN_FUTURE',
      'minutes:FIELD_REQUIRED',
    ]);
    const decision = await post(host, `/api/meetings/${meeting.meetingId}/decisions`, {
      decision: '补充决定',
      assigneeCounty: SONGTAO,
      dueAt: new Date(new Date(meeting.heldAt).getTime() - 86_400_000).toISOString(),
    });
    expect(decision.status).toBe(400);
    expect(((await decision.json()) as { error: { violations: { field: string }[] } }).error.violations.map((v) => v.field)).toEqual([
      'dueAt',
    ]);
  });
});
