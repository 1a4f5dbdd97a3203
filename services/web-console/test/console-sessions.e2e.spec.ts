import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import {
  devTokens,
  integrationEnv,
  REPO_ROOT,
  uniqueSuffix,
  buildWebConsoleApp,
  consoleSession,
  startWebConsole,
  type WebConsoleProcess,
} from '@lesp/test-infra';

/**
 * The console's sessions live in its own database: a restart of the console process keeps the
 * signed-in user signed in, sign-out ends the session for good, and the database holds neither
 * the cookie's id nor the user's token in the clear. Every 401 and 403 the console answers itself
 * is in its audit log. (The console needs no service for these: nothing here reaches one.)
 */
const suffix = uniqueSuffix();
const staticDir = `${REPO_ROOT}test-results/web-console-sessions-${suffix}`;
const mongoDb = `e2e_console_sessions_${suffix}`;
let web: WebConsoleProcess;
let mongo: MongoClient;

const start = () => startWebConsole({ caseIntake: '127.0.0.1:9', supervision: '127.0.0.1:9' }, { staticDir, mongoDb });

async function get(cookie: string | undefined, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${web.httpUrl}${path}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  await buildWebConsoleApp(staticDir);
  web = await start();
  mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
}, 400_000);

afterAll(async () => {
  await web?.stop();
  await mongo?.close();
});

describe('web console sessions', () => {
  it('survive a restart of the console, end at sign-out, and are kept without the cookie or the token', async () => {
    const cookie = await consoleSession(web.httpUrl, { role: 'county_supervisor', name: '冷水滩监督员', countyCode: '431103' });
    expect((await get(cookie, '/api/me')).status).toBe(200);

    // The database holds a hash of the cookie's id and the token sealed under a key derived from it.
    const sessionId = cookie.split('=')[1]!;
    const stored = await mongo.db(mongoDb).collection('console_sessions').find({}).toArray();
    expect(stored).toHaveLength(1);
    const raw = JSON.stringify(stored);
    expect(raw).not.toContain(sessionId);
    expect(raw).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT in the clear

    await web.stop({ keepDatabase: true });
    web = await start();
    const me = await get(cookie, '/api/me');
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect((me.body['user'] as { countyCode: string }).countyCode).toBe('431103');

    const signOut = await fetch(`${web.httpUrl}/api/session`, { method: 'DELETE', headers: { cookie, 'x-lesp-console': '1' } });
    expect(signOut.status).toBe(200);
    const after = await get(cookie, '/api/me');
    expect(after.status).toBe(401);
    expect((after.body['error'] as { code: string }).code).toBe('CONSOLE_NOT_SIGNED_IN');
    expect(await mongo.db(mongoDb).collection('console_sessions').countDocuments()).toBe(0);
    // Signed out on one replica is signed out everywhere: a restart does not bring it back.
    await web.stop({ keepDatabase: true });
    web = await start();
    expect((await get(cookie, '/api/me')).status).toBe(401);
  }, 300_000);

  it('an expired token ends its session when it is next read', async () => {
    const { issue } = await devTokens();
    const token = await issue({ subject: 'short-lived', role: 'county_supervisor', countyCode: '431103', ttlSeconds: 2 });
    const response = await fetch(`${web.httpUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(response.status).toBe(200);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    // The token's own expiry decides (2 s), however long the process keeps running.
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await get(cookie, '/api/me')).status;
    }
    expect(status).toBe(401);
  }, 60_000);

  it('writes every refusal it answers itself to its audit log: who, which route, why', async () => {
    const clerk = await consoleSession(web.httpUrl, { role: 'agency_clerk', name: '法制员', countyCode: '431103', agencyId: 'lsjscj' });
    const viewer = await consoleSession(web.httpUrl, { role: 'regional_viewer', name: '市级', regionCode: '4311' });
    const refusals = [
      { cookie: undefined, path: '/api/dashboard', status: 401, code: 'CONSOLE_NOT_SIGNED_IN', role: 'public' },
      { cookie: clerk, path: '/api/dashboard', status: 403, code: 'CONSOLE_ROLE_FORBIDDEN', role: 'agency_clerk' },
      { cookie: clerk, path: '/api/acts?agencyId=another', status: 403, code: 'CONSOLE_OTHER_AGENCY', role: 'agency_clerk' },
      {
        cookie: viewer,
        path: '/api/region/report?counties=433124',
        status: 403,
        code: 'CONSOLE_COUNTY_OUTSIDE_REGION',
        role: 'regional_viewer',
      },
      { cookie: viewer, path: '/api/operations/projections', status: 403, code: 'CONSOLE_ROLE_FORBIDDEN', role: 'regional_viewer' },
    ];
    for (const [i, r] of refusals.entries()) {
      const answer = await get(r.cookie, r.path, { 'x-correlation-id': `refusal-${suffix}-${i}` });
      expect(answer.status, `${r.path}: ${JSON.stringify(answer.body)}`).toBe(r.status);
    }
    // A change without the console's header (a cross-site form): refused and audited too.
    const noHeader = await fetch(`${web.httpUrl}/api/report-jobs`, {
      method: 'POST',
      headers: { cookie: clerk, 'content-type': 'application/json', 'x-correlation-id': `refusal-${suffix}-header` },
      body: '{}',
    });
    expect(noHeader.status).toBe(403);

    const entries = await mongo
      .db(mongoDb)
      .collection('audit_log')
      .find({ correlationId: { $regex: `^refusal-${suffix}-` } })
      .toArray();
    for (const [i, r] of refusals.entries()) {
      const entry = entries.find((e) => e['correlationId'] === `refusal-${suffix}-${i}`);
      expect(entry, `${r.path} audited`).toMatchObject({
        service: 'web-console',
        outcome: 'denied',
        reason: r.code,
        role: r.role,
        action: 'read',
      });
      expect(String(entry!['resource'])).toMatch(/^GET \/api\//);
    }
    expect(entries.find((e) => e['correlationId'] === `refusal-${suffix}-header`)).toMatchObject({
      reason: 'CONSOLE_HEADER_MISSING',
      action: 'change',
      countyCode: '431103',
      resource: 'POST /api/report-jobs',
    });
    // The regional viewer's refusals belong to their region's people (its code padded), a public one to nobody's county.
    expect(entries.find((e) => e['correlationId'] === `refusal-${suffix}-3`)?.['countyCode']).toBe('431100');
    expect(entries.find((e) => e['correlationId'] === `refusal-${suffix}-0`)?.['countyCode']).toBe('000000');
  });
});
