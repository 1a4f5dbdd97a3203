import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshots } from '@lesp/test-infra/browser';
import { MongoClient } from 'mongodb';
import {
  devTokens,
  eventually,
  findPersonalData,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
} from '@lesp/test-infra';

/**
 * The portal in Debian's headless Chromium (playwright-core): a citizen opens the home page,
 * searches, opens a decision (masked), views the annual statistics chart, an enterprise
 * confirms and rates an inspection from its trace page, and a complaint is filed (a wrong
 * phone number refused at its field first) and followed by its tracking number. A screenshot of each page is saved
 * under test-results/screenshots/public-portal/.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
type Name = 'case-intake' | 'public-disclosure';
const env = (name: Name) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_portal_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-portal-${suffix}`,
  KAFKA_PARTITIONS: '2',
  DISCLOSURE_AUTO_PUBLISH: 'decision',
});
const services = {} as Record<Name, ServiceProcess>;
let browser: Browser;
let clerk: string;
const person = {
  name: '欧阳娜娜',
  idNumber: '431103199001011235',
  phone: '13812345678',
  address: '湖南省永州市冷水滩区梧桐街道凤凰路12号',
};

async function post(path: string, token: string, body: unknown) {
  const response = await fetch(`${services['case-intake'].httpUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBe(201);
}

const shots = screenshots('public-portal');

beforeAll(async () => {
  services['case-intake'] = await startServiceProcess('case-intake', env('case-intake'));
  const tokens = await devTokens();
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'pd-token-')), 'service-token');
  writeFileSync(tokenFile, await tokens.issue({ subject: 'public-disclosure', role: 'service', ttlSeconds: 3600 }));
  services['public-disclosure'] = await startServiceProcess('public-disclosure', {
    ...env('public-disclosure'),
    CASE_INTAKE_GRPC_URL: services['case-intake'].grpcAddress,
    SERVICE_TOKEN_FILE: tokenFile,
  });
  const supervisor = await tokens.issue({ subject: 'sup', role: 'county_supervisor', countyCode: COUNTY });
  clerk = await tokens.issue({ subject: 'clerk', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'cgj' });
  await post(`/api/v1/counties/${COUNTY}/agencies`, supervisor, {
    agencyId: 'cgj',
    name: '冷水滩区城市管理和综合执法局',
    creditCode: '11431103MB1A23456Q',
    kind: '行政机关',
  });
  for (const serial of ['01', '02']) {
    await post(`/api/v1/counties/${COUNTY}/officers`, supervisor, {
      officerId: `o-${serial}`,
      agencyId: 'cgj',
      name: `执法员${serial}`,
      idNumber: '431103198512310021',
      certificateNumber: `湘执法-4311-${serial}`,
      certificateValidUntil: '2030-12-31T00:00:00+08:00',
      enforcementAreas: ['城市管理'],
    });
  }
  const opening = (actId: string, category: string, title: string, target: unknown, occurredAt: string) => ({
    actId,
    openedBy: 'filing',
    agencyId: 'cgj',
    category,
    caseNumber: `冷城管〔2025〕${actId}号`,
    title,
    itemCode: 'CG-001',
    target,
    officerIds: ['o-01', 'o-02'],
    occurredAt,
  });
  await post(
    `/api/v1/counties/${COUNTY}/acts`,
    clerk,
    opening('br-1', 'penalty', `${person.name}占道经营案`, { kind: 'natural_person', ...person }, '2025-06-02T09:00:00+08:00'),
  );
  await post(`/api/v1/counties/${COUNTY}/acts/br-1/steps`, clerk, {
    type: 'DecisionMade',
    decisionNumber: '冷城管罚决〔2025〕1号',
    outcome: 'penalized',
    legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
    discretionBenchmark: '一般情节',
    fineFen: 20000,
    content: `当事人${person.name}（${person.idNumber}，${person.phone}）在${person.address}门前占道经营，罚款200元。`,
    officerIds: ['o-01', 'o-02'],
    occurredAt: '2025-06-10T10:00:00+08:00',
  });
  await post(
    `/api/v1/counties/${COUNTY}/acts`,
    clerk,
    opening(
      'br-2',
      'inspection',
      '门前三包日常检查',
      { kind: 'legal_person', name: '永州市某某食品有限公司', creditCode: '91350100M000100Y43', enterprise: true },
      '2026-11-20T09:30:00+08:00',
    ),
  );
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(services).map((s) => s.stop()));
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  for (const name of ['case-intake', 'public-disclosure'] as const)
    await client
      .db(env(name).MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
  await client.close();
});

describe('the public portal in a browser', () => {
  it('home, search, a decision, the statistics chart and an inspection trace, on a phone-sized screen', async () => {
    const base = services['public-disclosure'].httpUrl;
    await eventually(
      'the published decision',
      async () => (await fetch(`${base}/api/v1/public/counties/${COUNTY}/decisions/br-1`)).status,
      (s) => s === 200,
    );
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });

    await page.goto(`${base}/portal/counties/${COUNTY}`);
    expect(await page.locator('h1').textContent()).toBe('行政执法公示');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await shots(page, 'home');

    await page.getByLabel('关键词').fill('占道');
    await page.getByLabel('执法类别').selectOption('penalty');
    await page.getByRole('button', { name: '检索' }).click();
    await page.waitForURL(/\/decisions\?/);
    await shots(page, 'search-results');
    await page.getByRole('link', { name: '欧**娜占道经营案' }).click();
    await page.waitForURL(/\/decisions\/br-1$/);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('欧**娜');
    expect(text).toContain('梧桐街道****');
    const planted = Object.entries(person).map(([label, value]) => ({ label, value }));
    expect(findPersonalData(await page.content(), { planted })).toEqual([]);
    await shots(page, 'decision');

    await page.goto(`${base}/portal/counties/${COUNTY}/statistics?year=2025`);
    await page.locator('svg[role="img"]').waitFor();
    expect(await page.locator('svg title').textContent()).toBe('2025 年各类执法决定数量');
    await shots(page, 'statistics');

    // Supervision's published results have pages of their own, linked from the county page (none published here).
    await page.goto(`${base}/portal/counties/${COUNTY}`);
    await page.getByRole('link', { name: '整改落实情况' }).click();
    await page.waitForURL(/\/rectifications$/);
    expect(await page.locator('h1').textContent()).toBe('整改落实情况');
    await page.getByLabel('被监督单位').selectOption('cgj');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/\/rectifications\?agencyId=cgj$/);
    expect(await page.locator('main').textContent()).toContain('暂无公开的整改落实情况。');
    await shots(page, 'rectifications');

    const trace = await eventually(
      'the trace code',
      async () => {
        const r = await fetch(`${base}/api/v1/counties/${COUNTY}/inspection-traces/br-2?agencyId=cgj`, {
          headers: { authorization: `Bearer ${clerk}` },
        });
        return r.status === 200 ? ((await r.json()) as { portalPath: string }) : undefined;
      },
      (t) => t !== undefined,
    );
    await page.goto(`${base}${trace!.portalPath}`);
    expect(await page.locator('main').textContent()).toContain('执法员01');
    await page.getByLabel('5 分').check();
    await shots(page, 'trace');
    await page.getByRole('button', { name: '确认并评价' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toBe('已确认，感谢您的评价。');
    await shots(page, 'trace-confirmed');

    // A complaint: a wrong phone number is refused at its field, then filed; its status by the tracking number.
    await page.goto(`${base}/portal/counties/${COUNTY}`);
    await page.getByRole('link', { name: '在线投诉举报' }).click();
    await page.getByLabel('投诉举报事项（必填）').fill('夜间施工噪音扰民');
    await page.getByLabel('具体情况（必填）').fill('凤凰路工地连续多日夜间施工');
    await page.getByLabel('联系电话').fill('12345');
    await page.getByRole('button', { name: '提交' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('联系电话应为手机号码或带区号的固定电话');
    await shots(page, 'complaint-refused');
    await page.getByLabel('联系电话').fill('13912345678');
    await page.getByRole('button', { name: '提交' }).click();
    const receipt = (await page.getByRole('status').textContent()) ?? '';
    expect(receipt).toMatch(/查询码：[0-9A-Z]{12}/);
    await shots(page, 'complaint-filed');
    const statusUrl = `${base}${(await page.getByRole('link', { name: '查询办理进度' }).getAttribute('href')) ?? ''}`;
    await eventually(
      'the status page',
      async () => (await page.goto(statusUrl))?.status(),
      (s) => s === 200,
    );
    expect(await page.locator('main').textContent()).toContain('已受理');
    await shots(page, 'complaint-status');
    await page.close();
  }, 120_000);
});
