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
 * A user of one county cannot see another county's data in any screen or console request:
 * two counties, each with an agency, officers, an act that raised an alert and a notice; every
 * console read of each county's users (and a regional viewer) is searched for the other's marks,
 * the other county's records asked for by id, and every screen of a supervisor looked at in Chromium.
 */
const suffix = uniqueSuffix();
const env = (name: string) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_console_iso_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-console-iso-${suffix}`,
  KAFKA_PARTITIONS: '2',
});
const services: Record<string, ServiceProcess> = {};
let web: WebConsoleProcess;
let browser: Browser;
const shot = screenshots('console-county-isolation');

interface CountyData {
  county: string;
  agencyId: string;
  agencyName: string;
  actId: string;
  caseNumber: string;
  rectificationId: string;
  /** A cross-region agreement of the county with a neighbour, and a joint meeting of it. */
  partner: string;
  agreementName: string;
  agenda: string;
  alertId?: string;
}
const A: CountyData = {
  county: '431103',
  agencyId: 'lsjscj',
  agencyName: '冷水滩区市场监督管理局',
  actId: 'iso-act-lst',
  caseNumber: '冷市监罚〔2026〕901号',
  rectificationId: 'iso-rf-lst',
  partner: '431102',
  agreementName: '冷水滩—零陵执法协作协议',
  agenda: '冷零两区联合执法检查部署',
};
const B: CountyData = {
  county: '433124',
  agencyId: 'hyxscj',
  agencyName: '花垣县市场监督管理局',
  actId: 'iso-act-hy',
  caseNumber: '花市监罚〔2026〕902号',
  rectificationId: 'iso-rf-hy',
  partner: '433125',
  agreementName: '花垣—保靖执法协作协议',
  agenda: '花保两县联合执法检查部署',
};
/** What would betray a county's data in a response. */
const marks = (d: CountyData) => [
  d.county,
  d.agencyId,
  d.agencyName,
  d.actId,
  d.caseNumber,
  d.rectificationId,
  d.agreementName,
  d.agenda,
  ...(d.alertId ? [d.alertId] : []),
];

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

async function seed(d: CountyData): Promise<void> {
  const tokens = await devTokens();
  const supervisor = await tokens.issue({ subject: `seed-${d.county}`, role: 'county_supervisor', countyCode: d.county });
  const clerk = await tokens.issue({ subject: `clerk-${d.county}`, role: 'agency_clerk', countyCode: d.county, agencyId: d.agencyId });
  const intake = services['case-intake']!.httpUrl;
  await call(intake, 'POST', `/api/v1/counties/${d.county}/agencies`, supervisor, {
    agencyId: d.agencyId,
    name: d.agencyName,
    creditCode: '11431103MB1A23456Q',
    kind: '行政机关',
  });
  await call(intake, 'POST', `/api/v1/counties/${d.county}/officers`, supervisor, {
    officerId: `${d.agencyId}-o1`,
    agencyId: d.agencyId,
    name: '执法员甲',
    idNumber: '431103198512310021',
    certificateNumber: `执法-${d.county}-01`,
    certificateValidUntil: '2030-12-31T00:00:00+08:00',
    enforcementAreas: ['市场监管'],
  });
  // One officer on the filing: supervision raises "fewer than two officers".
  await call(intake, 'POST', `/api/v1/counties/${d.county}/acts`, clerk, {
    actId: d.actId,
    openedBy: 'filing',
    agencyId: d.agencyId,
    category: 'penalty',
    caseNumber: d.caseNumber,
    title: `${d.agencyName}查处案`,
    target: { kind: 'legal_person', name: '某商行', creditCode: '91350100M000100Y43', enterprise: true },
    officerIds: [`${d.agencyId}-o1`],
    occurredAt: '2026-11-02T09:00:00+08:00',
  });
  const supervision = services['supervision']!.httpUrl;
  const alert = await eventually(
    `the alert of ${d.actId}`,
    async () =>
      (
        (await call(supervision, 'GET', `/api/v1/counties/${d.county}/alerts?ruleId=fewer-than-two-officers`, supervisor))['alerts'] as {
          alertId: string;
          subjectId: string;
        }[]
      ).find((a) => a.subjectId === d.actId),
    (found) => found !== undefined,
    { timeoutMs: 90_000, intervalMs: 300 },
  );
  d.alertId = alert!.alertId;
  await call(supervision, 'POST', `/api/v1/counties/${d.county}/rectifications`, supervisor, {
    rectificationId: d.rectificationId,
    documentKind: 'notice',
    documentNumber: `监通〔2026〕${d.county}号`,
    supervisionForm: 'routine',
    agencyId: d.agencyId,
    grounds: [{ kind: 'alert', alertId: d.alertId }],
    findings: '仅一名执法人员立案',
    requirements: '限期整改',
    deadlineWorkingDays: 5,
  });
  await eventually(
    `the notice of ${d.county} listed`,
    async () => (await call(supervision, 'GET', `/api/v1/counties/${d.county}/rectifications`, supervisor))['rectifications'] as unknown[],
    (list) => list.length === 1,
  );
  // An agreement with a neighbouring county, in force, and a joint meeting of it scheduled.
  const partner = await tokens.issue({ subject: `seed-${d.partner}`, role: 'county_supervisor', countyCode: d.partner });
  const crossRegion = services['cross-region']!.httpUrl;
  const proposed = await call(crossRegion, 'POST', `/api/v1/counties/${d.county}/agreements`, supervisor, {
    name: d.agreementName,
    members: [d.county, d.partner],
    hostOrder: [d.county, d.partner],
    fields: ['市场监管'],
    sharedData: [],
    effectiveFrom: '2026-01-01T00:00:00+08:00',
  });
  const agreementId = proposed['aggregateId'] as string;
  for (const [county, token] of [
    [d.county, supervisor],
    [d.partner, partner],
  ] as const) {
    await eventually(
      `the agreement of ${d.county} visible to ${county}`,
      () => call(crossRegion, 'GET', `/api/v1/counties/${county}/agreements/${agreementId}`, token).catch(() => undefined),
      (found) => found !== undefined,
    );
    await call(crossRegion, 'POST', `/api/v1/counties/${county}/agreements/${agreementId}/signature`, token, {});
  }
  await eventually(
    `the agreement of ${d.county} in force`,
    () => call(crossRegion, 'GET', `/api/v1/counties/${d.county}/agreements/${agreementId}`, supervisor),
    (a) => a['status'] === 'in_force',
  );
  await call(crossRegion, 'POST', `/api/v1/counties/${d.county}/agreements/${agreementId}/joint-meetings`, supervisor, {
    scheduledFor: '2026-12-10T09:00:00+08:00',
    agenda: [d.agenda],
  });
}

beforeAll(async () => {
  const staticDir = `${REPO_ROOT}test-results/web-console-${suffix}`;
  const [intake, supervision, crossRegion] = await Promise.all([
    startServiceProcess('case-intake', env('case-intake')),
    startServiceProcess('supervision', env('supervision')),
    startServiceProcess('cross-region', env('cross-region')),
    buildWebConsoleApp(staticDir),
  ]);
  services['case-intake'] = intake;
  services['supervision'] = supervision;
  services['cross-region'] = crossRegion;
  web = await startWebConsole(
    { caseIntake: intake.grpcAddress, supervision: supervision.grpcAddress, crossRegion: crossRegion.grpcAddress },
    { staticDir },
  );
  await seed(A);
  await seed(B);
  browser = await launchBrowser();
}, 400_000);

afterAll(() =>
  stopConsoleStack({
    browser,
    web,
    services: Object.values(services),
    databases: ['case-intake', 'supervision', 'cross-region'].map((name) => env(name).MONGO_DB),
  }),
);

/** Every read of the console, as a county user makes them. */
const READS = [
  '/api/me',
  '/api/agencies',
  '/api/officers',
  '/api/acts',
  '/api/acts?status=open&category=penalty',
  '/api/alerts',
  '/api/alerts?status=open',
  '/api/rectifications',
  '/api/dashboard',
  '/api/reports?period=year&year=2026',
  '/api/case-file-reviews',
  '/api/random-inspections',
  '/api/meetings',
];

async function get(cookie: string, path: string) {
  const response = await fetch(`${web.httpUrl}${path}`, { headers: { cookie } });
  return { status: response.status, text: await response.text() };
}

/** A report computed as a job (as the report screen does), read until done: the finished job's text. */
async function reportJob(cookie: string): Promise<string> {
  const started = await fetch(`${web.httpUrl}/api/report-jobs`, {
    method: 'POST',
    headers: { cookie, 'x-lesp-console': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ period: 'year', year: 2026 }),
  });
  const { jobId } = (await started.json()) as { jobId: string };
  const job = await eventually(
    'the report job done',
    () => get(cookie, `/api/report-jobs/${jobId}`),
    (r) => r.status === 200 && !r.text.includes('"status":"running"'),
  );
  return job.text;
}

describe('web console: one county never sees another', () => {
  it('no console request of a county user answers another county’s data, even asked for by id', async () => {
    for (const [own, other] of [
      [A, B],
      [B, A],
    ] as const) {
      const users = {
        supervisor: await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '监督员', countyCode: own.county }),
        clerk: await consoleSession(web.httpUrl, { role: 'agency_clerk', name: '法制员', countyCode: own.county, agencyId: own.agencyId }),
      };
      for (const [who, cookie] of Object.entries(users)) {
        let seenOwn = '';
        for (const path of READS) {
          const { status, text } = await get(cookie, path);
          for (const mark of marks(other)) expect(text, `${who} of ${own.county}: ${path} (${status}) shows ${mark}`).not.toContain(mark);
          seenOwn += text;
        }
        const report = await reportJob(cookie);
        for (const mark of marks(other)) expect(report, `${who} of ${own.county}: the report job shows ${mark}`).not.toContain(mark);
        expect(report, `${who} of ${own.county}: the report job`).toContain(own.agencyName);
        // Not vacuous: the user's own act, alert (and a supervisor's own meeting) were there to see.
        expect(seenOwn, `${who} of ${own.county} sees their own act`).toContain(own.actId);
        expect(seenOwn, `${who} of ${own.county} sees their own alert`).toContain(own.alertId);
        if (who === 'supervisor') expect(seenOwn, `${who} of ${own.county} sees their own meeting`).toContain(own.agenda);
        // The other county's records by id: not found in the user's own county.
        for (const path of [
          `/api/acts/${other.actId}`,
          `/api/acts/${other.actId}/timeline`,
          `/api/alerts/${other.alertId}`,
          `/api/rectifications/${other.rectificationId}`,
        ]) {
          const { status, text } = await get(cookie, path);
          expect([403, 404], `${who} of ${own.county}: ${path} → ${status} ${text}`).toContain(status);
          for (const mark of marks(other).filter((m) => !path.includes(m)))
            expect(text, `${who} of ${own.county}: ${path} shows ${mark}`).not.toContain(mark);
        }
        // Accountability on the other county's notice: not found in the user's own county (a clerk may not at all).
        const accountability = await fetch(`${web.httpUrl}/api/rectifications/${other.rectificationId}/accountability`, {
          method: 'POST',
          headers: { cookie, 'x-lesp-console': '1', 'content-type': 'application/json' },
          body: JSON.stringify({
            decidedBy: '纪委',
            measure: '诫勉谈话',
            persons: ['某人'],
            basis: '依据',
            decidedAt: '2026-11-20T09:00:00+08:00',
          }),
        });
        expect([403, 404], `${who} of ${own.county}: accountability on ${other.rectificationId}`).toContain(accountability.status);
        // Asking by filter for the other county's agency finds nothing; a county cannot be named at all.
        const byAgency = await get(cookie, `/api/acts?agencyId=${other.agencyId}`);
        expect(byAgency.text).not.toContain(other.actId);
        expect((await get(cookie, `/api/acts?countyCode=${other.county}`)).status).toBe(400);
      }
    }
  });

  it('a regional viewer of one city is refused another city’s counties', async () => {
    const viewer = await consoleSession(web.httpUrl, { role: 'regional_viewer', name: '市级', regionCode: '4311' });
    const own = await get(viewer, '/api/region/report?year=2026');
    expect(own.status, own.text).toBe(200);
    for (const mark of marks(B)) expect(own.text).not.toContain(mark);
    expect((await get(viewer, `/api/region/report?year=2026&counties=${B.county}`)).status).toBe(403);
    expect((await get(viewer, '/api/acts')).status).toBe(403);
    expect((await get(viewer, '/api/dashboard')).status).toBe(403);
  });

  it('no screen of a supervisor of 花垣 shows 冷水滩区’s data', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const cookie = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '花垣监督员', countyCode: B.county });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: web.httpUrl }]);
    const page = await context.newPage();
    for (const screen of [
      'dashboard',
      'alerts',
      'acts',
      'rectifications',
      'case-file-reviews',
      'random-inspections',
      'reports',
      'meetings',
      `act/${B.actId}`,
      `alert/${B.alertId}`,
    ]) {
      await page.goto(`${web.httpUrl}/#/${screen}`);
      await page.getByTestId('current-user').waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, screen.replace('/', '-'));
      const text = await page.locator('body').innerText();
      for (const mark of marks(A)) expect(text, `screen ${screen} shows ${mark}`).not.toContain(mark);
    }
    // The other county's act, by its address: nothing of it.
    await page.goto(`${web.httpUrl}/#/act/${A.actId}`);
    await page.waitForLoadState('networkidle');
    await shot(page, 'other-county-act');
    expect(await page.locator('body').innerText()).not.toContain(A.caseNumber);
    await context.close();
  });

  it('a supervisor draws a review sample and a random inspection’s targets and inspectors on their screens; a regional viewer sees the city roll-up', async () => {
    const tokens = await devTokens();
    const supervisorToken = await tokens.issue({ subject: `draws-${A.county}`, role: 'county_supervisor', countyCode: A.county });
    const clerkToken = await tokens.issue({
      subject: `draws-clerk-${A.county}`,
      role: 'agency_clerk',
      countyCode: A.county,
      agencyId: A.agencyId,
    });
    const intake = services['case-intake']!.httpUrl;
    const supervision = services['supervision']!.httpUrl;
    // A second officer (two inspectors per target), the act closed (a file to sample), a target, a plan and a review.
    await call(intake, 'POST', `/api/v1/counties/${A.county}/officers`, supervisorToken, {
      officerId: `${A.agencyId}-o2`,
      agencyId: A.agencyId,
      name: '执法员乙',
      idNumber: '431103198512310021',
      certificateNumber: `执法-${A.county}-02`,
      certificateValidUntil: '2030-12-31T00:00:00+08:00',
      enforcementAreas: ['市场监管'],
    });
    await call(intake, 'POST', `/api/v1/counties/${A.county}/acts/${A.actId}/steps`, clerkToken, {
      type: 'ActClosed',
      result: '已办结',
      officerIds: [`${A.agencyId}-o1`],
      occurredAt: '2026-11-05T09:00:00+08:00',
    });
    await call(supervision, 'POST', `/api/v1/counties/${A.county}/inspection-targets`, supervisorToken, {
      targetId: 'iso-target-1',
      name: '冷水滩区某超市',
      kind: 'enterprise',
      creditCode: '91350100M000100Y43',
    });
    await call(supervision, 'POST', `/api/v1/counties/${A.county}/random-inspections`, supervisorToken, {
      planId: 'iso-plan-1',
      title: '食品经营双随机抽查',
      year: 2026,
      leadAgencyId: A.agencyId,
      agencyIds: [A.agencyId],
      matters: ['食品经营许可情况'],
      targetDraw: { kind: 'count', count: 1 },
      inspectorsPerTarget: 2,
      recusal: 'none',
      period: { from: '2026-11-01T00:00:00+08:00', to: '2026-12-31T23:59:59+08:00' },
    });
    await call(supervision, 'POST', `/api/v1/counties/${A.county}/case-file-reviews`, supervisorToken, {
      reviewId: 'iso-review-1',
      title: '2026年11月行政处罚案卷评查',
      supervisionForm: 'routine',
      criteria: {
        agencyIds: [A.agencyId],
        categories: ['penalty'],
        size: { kind: 'total', count: 1 },
        minEnterpriseShare: 0,
        period: { from: '2026-11-01T00:00:00+08:00', to: '2026-11-20T23:59:59+08:00' },
      },
    });

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const cookie = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '冷水滩监督员', countyCode: A.county });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: web.httpUrl }]);
    const page = await context.newPage();
    const reloadUntil = (what: string, visible: () => Promise<boolean>) =>
      eventually(
        what,
        async () => {
          await page.reload();
          await page.waitForLoadState('networkidle');
          return visible();
        },
        (ok) => ok,
        { timeoutMs: 90_000, intervalMs: 500 },
      );

    await page.goto(`${web.httpUrl}/#/case-file-reviews`);
    const review = page.locator('.ant-table-row', { hasText: '2026年11月行政处罚案卷评查' });
    await reloadUntil('the review listed', () => review.getByRole('button', { name: '抽取样本' }).isVisible());
    await review.getByRole('button', { name: '抽取样本' }).click();
    await reloadUntil('the sample drawn', async () => ((await review.textContent()) ?? '').includes('抽取 1 件'));
    await shot(page, 'supervisor-review-sample');

    await page.goto(`${web.httpUrl}/#/random-inspections`);
    const plan = page.locator('.ant-table-row', { hasText: '食品经营双随机抽查' });
    await reloadUntil('the plan listed', () => plan.getByRole('button', { name: '抽取检查对象' }).isVisible());
    await plan.getByRole('button', { name: '抽取检查对象' }).click();
    await reloadUntil('the targets drawn', () => plan.getByRole('button', { name: '抽取检查人员' }).isVisible());
    await plan.getByRole('button', { name: '抽取检查人员' }).click();
    await reloadUntil('the inspectors drawn', async () => ((await plan.textContent()) ?? '').includes('已抽取检查人员'));
    await shot(page, 'supervisor-random-inspection-draws');
    await context.close();

    // The city's roll-up, read-only, for a viewer of 永州市 (4311).
    const viewerContext = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const viewerCookie = await consoleSession(web.httpUrl, { role: 'regional_viewer', name: '永州市监督', regionCode: '4311' });
    const [viewerName, viewerValue] = viewerCookie.split('=') as [string, string];
    await viewerContext.addCookies([{ name: viewerName, value: viewerValue, url: web.httpUrl }]);
    const viewer = await viewerContext.newPage();
    await viewer.goto(`${web.httpUrl}/#/region`);
    await viewer.getByTestId('report').waitFor({ timeout: 60_000 });
    await viewer.waitForLoadState('networkidle');
    await shot(viewer, 'viewer-region-rollup');
    const text = await viewer.locator('body').innerText();
    for (const mark of marks(B)) expect(text).not.toContain(mark);
    expect(await viewer.locator('button', { hasText: '发出' }).count()).toBe(0);
    await viewerContext.close();
  }, 300_000);
});
