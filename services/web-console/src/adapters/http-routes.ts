import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type DevIssuer, type TokenVerifier } from '@lesp/auth';
import { ForbiddenError, NotFoundError, ValidationError, isCountyCode } from '@lesp/core';
import type { ActOpeningForm, ActStepForm } from '../domain/act-form.js';
import { navigationFor } from '../domain/navigation.js';
import { CONSOLE_ROLES, ROLE_NAMES } from '../domain/scope.js';
import type { AuditLog } from '@lesp/service-bootstrap';
import type { CallContext } from '../application/calls.js';
import type { ConsoleService } from '../application/console-service.js';
import type { Meetings } from '../application/meetings.js';
import type { Rebuilds } from '../application/rebuilds.js';
import type { ReportJobs } from '../application/report-jobs.js';
import { consoleUserOf, tokenExpiry, type Session, type SessionStore } from '../application/sessions.js';
import { registerMeetingRoutes } from './meeting-routes.js';
import { registerOperationsRoutes } from './operations-routes.js';
import { auditRefusals, noteUser } from './refusal-audit.js';
import { registerReportJobRoutes } from './report-job-routes.js';
import { reportWorkbook } from './report-xlsx.js';
import type { AccountabilityForm } from '../domain/accountability-form.js';
import { body, dateTime, id, idParams, query, shortText, textList } from './route-schemas.js';

export const SESSION_COOKIE = 'lesp_console';
/** State-changing requests must carry this header: a cross-site form cannot set it (with the SameSite=Strict cookie, CSRF is closed twice). */
export const CONSOLE_HEADER = 'x-lesp-console';

export interface RouteDeps {
  readonly console: ConsoleService;
  readonly meetings: Meetings;
  readonly reportJobs: ReportJobs;
  readonly rebuilds: Rebuilds;
  readonly sessions: SessionStore;
  /** The console's own audit log: every 401/403 it answers. */
  readonly audit: AuditLog;
  readonly verifier: TokenVerifier;
  /** Development sign-in (minting a token with the development issuer); absent in production. */
  readonly devIssuer?: DevIssuer;
  readonly staticDir: string;
  readonly signInPerMinute: number;
  readonly apiPerMinute: number;
  readonly importMaxBytes: number;
  readonly secureCookie: boolean;
}

const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 100 },
  cursor: { type: 'string', maxLength: 500 },
} as const;
const open = { access: 'open' as const };
/** Every field a step form may carry (see domain/act-form.ts); anything else is refused, not dropped. */
const STEP_TEXT_FIELDS = [
  'reason',
  'evidenceId',
  'kind',
  'description',
  'recorder',
  'proves',
  'presidingOfficer',
  'summary',
  'reviewer',
  'opinion',
  'decisionNumber',
  'outcome',
  'legalBasis',
  'discretionBenchmark',
  'fineYuan',
  'confiscationYuan',
  'lighterPenalty',
  'content',
  'method',
  'how',
  'amountPaidYuan',
  'result',
  'archiveNumber',
];
const STEP_FLAGS = ['accepted', 'passed', 'firstOffenceExempt'];

/**
 * An upload's body, left a stream: the stream is a private field, so the edge's walk over request
 * bodies for hostile input (assertNoHostileInput) sees an empty object, not the socket's insides.
 */
class Upload {
  readonly #stream: AsyncIterable<Uint8Array>;
  constructor(stream: AsyncIterable<Uint8Array>) {
    this.#stream = stream;
  }
  chunks(): AsyncIterable<Uint8Array> {
    return this.#stream;
  }
}

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function registerConsoleRoutes(app: FastifyInstance, deps: RouteDeps): void {
  auditRefusals(app, deps.audit);
  const sessionOf = async (request: FastifyRequest): Promise<Session> => {
    const session = await deps.sessions.get(cookieValue(request, SESSION_COOKIE));
    noteUser(request, session.user);
    return session;
  };
  const context = async (request: FastifyRequest): Promise<CallContext> => {
    const session = await sessionOf(request);
    if (request.method !== 'GET' && request.headers[CONSOLE_HEADER] !== '1') {
      throw new ForbiddenError('CONSOLE_HEADER_MISSING', '请求缺少工作台标识');
    }
    const idempotencyKey = request.headers['idempotency-key'];
    const ifMatch = request.headers['if-match'];
    const expectedVersion = typeof ifMatch === 'string' && /^\d{1,12}$/.test(ifMatch) ? Number(ifMatch) : undefined;
    return {
      user: session.user,
      token: session.token,
      correlationId: request.id,
      ...(typeof idempotencyKey === 'string' && /^[\w-]{8,128}$/.test(idempotencyKey) ? { idempotencyKey } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    };
  };
  const signInLimit = { rateLimit: { max: deps.signInPerMinute, timeWindow: 60_000 } };
  const apiLimit = { rateLimit: { max: deps.apiPerMinute, timeWindow: 60_000 } };
  const api = { ...open, ...apiLimit };

  const startSession = async (reply: FastifyReply, token: string, displayName?: string) => {
    const principal = await deps.verifier.verify(token);
    const user = consoleUserOf(principal, displayName);
    const session = await deps.sessions.create(user, token, tokenExpiry(token));
    const maxAge = Math.max(0, Math.floor((session.expiresAt - Date.now()) / 1000));
    void reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${deps.secureCookie ? '; Secure' : ''}`,
    );
    return { user, navigation: navigationFor(user), roleName: ROLE_NAMES[user.role] };
  };

  // ---- sign-in ----

  app.post(
    '/api/session',
    {
      config: { ...open, ...signInLimit },
      schema: {
        body: {
          type: 'object',
          required: ['token'],
          additionalProperties: false,
          properties: { token: { type: 'string', minLength: 20, maxLength: 8192 } },
        },
      },
    },
    async (request, reply) => startSession(reply, (request.body as { token: string }).token),
  );

  app.post(
    '/api/session/dev',
    {
      config: { ...open, ...signInLimit },
      schema: {
        body: {
          type: 'object',
          required: ['role', 'name'],
          additionalProperties: false,
          properties: {
            role: { type: 'string', enum: [...CONSOLE_ROLES] },
            name: { type: 'string', minLength: 1, maxLength: 50 },
            countyCode: { type: 'string', pattern: '^[1-8]\\d{5}$' },
            agencyId: id,
            regionCode: { type: 'string', pattern: '^[1-8]\\d(\\d\\d)?$' },
            agreementCounties: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[1-8]\\d{5}$' } },
          },
        },
      },
    },
    async (request, reply) => {
      if (!deps.devIssuer) throw new NotFoundError('DEV_SIGN_IN_DISABLED', '开发环境登录未启用');
      const body = request.body as {
        role: string;
        name: string;
        countyCode?: string;
        agencyId?: string;
        regionCode?: string;
        agreementCounties?: string[];
      };
      const violations = [];
      if ((body.role === 'agency_clerk' || body.role === 'county_supervisor') && !body.countyCode)
        violations.push({ field: 'countyCode', code: 'FIELD_REQUIRED', message: '请填写所属区县代码' });
      if (body.role === 'agency_clerk' && !body.agencyId)
        violations.push({ field: 'agencyId', code: 'FIELD_REQUIRED', message: '请填写所属执法单位' });
      if (body.role === 'regional_viewer' && !body.regionCode)
        violations.push({ field: 'regionCode', code: 'FIELD_REQUIRED', message: '请填写市或省代码' });
      if (body.role === 'task_force_member' && !(body.agreementCounties ?? []).length)
        violations.push({ field: 'agreementCounties', code: 'FIELD_REQUIRED', message: '请填写协议成员区县' });
      if (violations.length > 0) throw new ValidationError(violations);
      const token = await deps.devIssuer.token({
        subject: `console-${body.role}-${body.countyCode ?? body.regionCode ?? 'x'}-${body.agencyId ?? ''}-${Buffer.from(body.name).toString('hex').slice(0, 24)}`,
        role: body.role,
        ...(body.countyCode && body.role !== 'regional_viewer' && body.role !== 'task_force_member' ? { countyCode: body.countyCode } : {}),
        ...(body.role === 'agency_clerk' && body.agencyId ? { agencyId: body.agencyId } : {}),
        ...(body.role === 'regional_viewer' && body.regionCode ? { regionCode: body.regionCode } : {}),
        ...(body.role === 'task_force_member' ? { agreementCounties: body.agreementCounties ?? [] } : {}),
        ttlSeconds: 8 * 3600,
      });
      return startSession(reply, token, body.name);
    },
  );

  app.delete('/api/session', { config: api }, async (request, reply) => {
    await context(request);
    await deps.sessions.revoke(cookieValue(request, SESSION_COOKIE));
    void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return { signedOut: true };
  });

  app.get('/api/me', { config: api }, async (request) => {
    const { user } = await sessionOf(request);
    return { user, navigation: navigationFor(user), roleName: ROLE_NAMES[user.role], devSignIn: deps.devIssuer !== undefined };
  });

  app.get('/api/sign-in-options', { config: api }, async () => ({ devSignIn: deps.devIssuer !== undefined }));

  // ---- agencies, officers, acts ----

  app.get('/api/agencies', { config: api }, async (request) => ({ agencies: await deps.console.agencies(await context(request)) }));
  app.get('/api/officers', { config: api, schema: { querystring: query({ agencyId: id }) } }, async (request) => ({
    officers: await deps.console.officers(await context(request), (request.query as { agencyId?: string }).agencyId),
  }));

  app.get(
    '/api/acts',
    {
      config: api,
      schema: {
        querystring: query({
          ...pageQuery,
          agencyId: id,
          category: { type: 'string', maxLength: 32 },
          status: { type: 'string', enum: ['open', 'rejected', 'decided', 'closed', 'archived'] },
          target: { type: 'string', maxLength: 100 },
        }),
      },
    },
    async (request) => deps.console.searchActs(await context(request), request.query as Record<string, string>),
  );
  app.get('/api/acts/:actId', { config: api, schema: { params: idParams('actId') } }, async (request) =>
    deps.console.act(await context(request), (request.params as { actId: string }).actId),
  );
  app.get('/api/acts/:actId/timeline', { config: api, schema: { params: idParams('actId') } }, async (request) =>
    deps.console.timeline(await context(request), (request.params as { actId: string }).actId),
  );
  app.post(
    '/api/acts',
    {
      config: api,
      schema: {
        body: {
          type: 'object',
          required: ['openedBy', 'category', 'caseNumber', 'title', 'officerIds', 'occurredAt', 'target'],
          additionalProperties: false,
          properties: {
            actId: id,
            openedBy: { type: 'string', maxLength: 20 },
            category: { type: 'string', maxLength: 32 },
            caseNumber: shortText(200),
            title: shortText(400),
            itemCode: shortText(200),
            major: { type: 'boolean' },
            officerIds: { type: 'array', maxItems: 50, items: id },
            occurredAt: shortText(40),
            summary: shortText(8000),
            target: {
              type: 'object',
              required: ['kind', 'name'],
              additionalProperties: false,
              properties: {
                kind: shortText(40),
                name: shortText(400),
                idNumber: shortText(40),
                creditCode: shortText(40),
                phone: shortText(40),
                address: shortText(600),
                enterprise: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await deps.console.openAct(await context(request), request.body as ActOpeningForm)),
  );
  app.post(
    '/api/acts/:actId/steps',
    {
      config: api,
      schema: {
        params: idParams('actId'),
        body: {
          type: 'object',
          required: ['type', 'occurredAt'],
          additionalProperties: false,
          properties: {
            type: shortText(64),
            occurredAt: shortText(40),
            officerIds: { type: 'array', maxItems: 50, items: id },
            ...Object.fromEntries(STEP_TEXT_FIELDS.map((field) => [field, shortText(8000)])),
            ...Object.fromEntries(STEP_FLAGS.map((field) => [field, { type: 'boolean' }])),
          },
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await deps.console.recordStep(await context(request), (request.params as { actId: string }).actId, request.body as ActStepForm),
        ),
  );

  // ---- imports ----

  app.register(async (scope) => {
    // The body stays a stream: ConsoleService.startImport writes it on to case intake as it arrives.
    for (const type of ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
      scope.addContentTypeParser(type, (_request, payload, done) => done(null, new Upload(payload)));
    }
    scope.post(
      '/api/imports',
      {
        config: api,
        schema: {
          querystring: {
            type: 'object',
            required: ['fileName'],
            additionalProperties: false,
            properties: { fileName: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^/\\\\]+\\.(csv|xlsx|CSV|XLSX)$' } },
          },
        },
      },
      async (request, reply) => {
        const fileName = (request.query as { fileName: string }).fileName;
        const upload = request.body;
        if (!(upload instanceof Upload)) throw ValidationError.of('file', 'IMPORT_FILE_TYPE', '请上传 CSV 或 XLSX 文件');
        const format = fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
        try {
          return reply
            .status(202)
            .send(await deps.console.startImport(await context(request), fileName, format, upload.chunks(), deps.importMaxBytes));
        } catch (error) {
          // The rest of a refused upload is not read: the connection closes after the answer.
          void reply.header('connection', 'close');
          throw error;
        }
      },
    );
  });
  app.get('/api/imports/:jobId', { config: api, schema: { params: idParams('jobId') } }, async (request) =>
    deps.console.importJob(await context(request), (request.params as { jobId: string }).jobId),
  );

  // ---- alerts ----

  app.get(
    '/api/alerts',
    {
      config: api,
      schema: {
        querystring: query({
          ...pageQuery,
          agencyId: id,
          ruleId: id,
          level: { type: 'string', enum: ['blue', 'yellow', 'red'] },
          status: { type: 'string', enum: ['open', 'acknowledged', 'resolved', 'dismissed'] },
        }),
      },
    },
    async (request) => deps.console.alerts(await context(request), request.query as Record<string, string>),
  );
  app.get('/api/alerts/:alertId', { config: api, schema: { params: idParams('alertId') } }, async (request) =>
    deps.console.alert(await context(request), (request.params as { alertId: string }).alertId),
  );

  // ---- rectification ----

  app.get(
    '/api/rectifications',
    {
      config: api,
      schema: {
        querystring: query({
          ...pageQuery,
          agencyId: id,
          status: { type: 'string', enum: ['awaiting_reply', 'replied', 'accepted', 'closed'] },
          overdue: { type: 'boolean' },
        }),
      },
    },
    async (request) => deps.console.rectifications(await context(request), request.query as Record<string, never>),
  );
  app.get('/api/rectifications/:rectificationId', { config: api, schema: { params: idParams('rectificationId') } }, async (request) =>
    deps.console.rectification(await context(request), (request.params as { rectificationId: string }).rectificationId),
  );
  app.post(
    '/api/rectifications',
    {
      config: api,
      schema: {
        body: {
          type: 'object',
          required: ['documentKind', 'documentNumber', 'supervisionForm', 'agencyId', 'findings', 'requirements'],
          additionalProperties: false,
          properties: {
            documentKind: shortText(20),
            documentNumber: shortText(100),
            supervisionForm: shortText(20),
            agencyId: id,
            alertIds: { type: 'array', maxItems: 50, items: id },
            findings: shortText(4000),
            requirements: shortText(4000),
            deadlineWorkingDays: { type: 'integer', minimum: 0, maximum: 1000 },
            deadline: shortText(40),
            copiedTo: {
              type: 'array',
              maxItems: 20,
              items: {
                type: 'object',
                required: ['name', 'relation'],
                additionalProperties: false,
                properties: { name: shortText(200), relation: shortText(100) },
              },
            },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await deps.console.issueRectification(await context(request), request.body as never)),
  );
  app.post(
    '/api/rectifications/:rectificationId/reply',
    {
      config: api,
      schema: {
        params: idParams('rectificationId'),
        body: {
          type: 'object',
          required: ['measures'],
          additionalProperties: false,
          properties: { measures: { type: 'array', maxItems: 50, items: shortText(2000) }, explanation: shortText(8000) },
        },
      },
    },
    async (request) =>
      deps.console.replyToRectification(
        await context(request),
        (request.params as { rectificationId: string }).rectificationId,
        request.body as { measures: string[]; explanation: string },
      ),
  );
  app.post(
    '/api/rectifications/:rectificationId/acceptance',
    {
      config: api,
      schema: {
        params: idParams('rectificationId'),
        body: { type: 'object', required: ['opinion'], additionalProperties: false, properties: { opinion: shortText(4000) } },
      },
    },
    async (request) =>
      deps.console.acceptRectification(
        await context(request),
        (request.params as { rectificationId: string }).rectificationId,
        (request.body as { opinion: string }).opinion,
      ),
  );
  app.post(
    '/api/rectifications/:rectificationId/return',
    {
      config: api,
      schema: {
        params: idParams('rectificationId'),
        body: {
          type: 'object',
          required: ['reason', 'newDeadlineWorkingDays'],
          additionalProperties: false,
          properties: { reason: shortText(4000), newDeadlineWorkingDays: { type: 'integer', minimum: 0, maximum: 1000 } },
        },
      },
    },
    async (request) => {
      const body = request.body as { reason: string; newDeadlineWorkingDays: number };
      return deps.console.returnRectification(
        await context(request),
        (request.params as { rectificationId: string }).rectificationId,
        body.reason,
        body.newDeadlineWorkingDays,
      );
    },
  );

  app.post(
    '/api/rectifications/:rectificationId/closure',
    {
      config: api,
      schema: {
        params: idParams('rectificationId'),
        body: {
          type: 'object',
          required: ['outcome', 'publicSummary'],
          additionalProperties: false,
          properties: { outcome: shortText(20), publicSummary: shortText(4000) },
        },
      },
    },
    async (request) =>
      deps.console.closeRectification(
        await context(request),
        (request.params as { rectificationId: string }).rectificationId,
        request.body as { outcome: string; publicSummary: string },
      ),
  );

  app.post(
    '/api/rectifications/:rectificationId/accountability',
    {
      config: api,
      schema: {
        params: idParams('rectificationId'),
        body: body(['decidedBy', 'measure', 'persons', 'basis', 'decidedAt'], {
          decidedBy: shortText(400),
          measure: shortText(400),
          persons: textList(60, 400),
          basis: shortText(8000),
          decidedAt: dateTime,
        }),
      },
    },
    async (request) =>
      deps.console.recordAccountability(
        await context(request),
        (request.params as { rectificationId: string }).rectificationId,
        request.body as AccountabilityForm,
      ),
  );

  // ---- dashboard, reports, roll-ups ----

  app.get('/api/dashboard', { config: api }, async (request) => deps.console.dashboard(await context(request)));

  const reportQuery = query({
    period: { type: 'string', enum: ['year', 'half', 'month'] },
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
    month: { type: 'integer', minimum: 1, maximum: 12 },
    half: { type: 'integer', minimum: 1, maximum: 2 },
  });
  app.get('/api/reports', { config: api, schema: { querystring: reportQuery } }, async (request) =>
    deps.console.report(await context(request), request.query as never),
  );
  app.get('/api/reports/export.xlsx', { config: api, schema: { querystring: reportQuery } }, async (request, reply) => {
    const view = await deps.console.report(await context(request), request.query as never);
    const buffer = await reportWorkbook(view);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent(view.title || '统计报表')}.xlsx`,
      )
      .send(buffer);
  });
  app.get(
    '/api/region/report',
    {
      config: api,
      schema: {
        querystring: query({
          year: { type: 'integer', minimum: 2000, maximum: 2100 },
          counties: { type: 'string', maxLength: 700, pattern: '^\\d{6}(,\\d{6})*$' },
        }),
      },
    },
    async (request) => {
      const q = request.query as { year?: number; counties?: string };
      const counties = q.counties ? q.counties.split(',').filter(isCountyCode) : [];
      return deps.console.regionReport(await context(request), { ...(q.year ? { year: q.year } : {}), counties });
    },
  );

  // ---- case-file reviews, random inspections ----

  app.get('/api/case-file-reviews', { config: api, schema: { querystring: query({ ...pageQuery }) } }, async (request) =>
    deps.console.reviews(await context(request), request.query as never),
  );
  app.post(
    '/api/case-file-reviews/:reviewId/sample-draws',
    {
      config: api,
      schema: {
        params: idParams('reviewId'),
        body: { type: 'object', additionalProperties: false, properties: { redrawReason: shortText(2000) } },
      },
    },
    async (request) =>
      deps.console.drawSample(
        await context(request),
        (request.params as { reviewId: string }).reviewId,
        (request.body as { redrawReason?: string } | undefined)?.redrawReason ?? '',
      ),
  );
  app.get(
    '/api/random-inspections',
    { config: api, schema: { querystring: query({ ...pageQuery, year: { type: 'integer', minimum: 2000, maximum: 2100 } }) } },
    async (request) => deps.console.inspections(await context(request), request.query as never),
  );
  for (const what of ['targets', 'inspectors'] as const) {
    app.post(
      `/api/random-inspections/:planId/${what === 'targets' ? 'target-draws' : 'inspector-draws'}`,
      { config: api, schema: { params: idParams('planId') } },
      async (request) => deps.console.drawInspection(await context(request), (request.params as { planId: string }).planId, what),
    );
  }

  // ---- joint task force ----

  app.get('/api/task-force', { config: api }, async (request) => deps.console.taskForce(await context(request)));
  app.get('/api/cross-region', { config: api }, async (request) => deps.console.crossRegion(await context(request)));
  app.post(
    '/api/advice/:adviceId/answer',
    {
      config: api,
      schema: {
        params: idParams('adviceId'),
        body: { type: 'object', required: ['answer'], additionalProperties: false, properties: { answer: shortText(4000) } },
      },
    },
    async (request) =>
      deps.console.answerAdvice(
        await context(request),
        (request.params as { adviceId: string }).adviceId,
        (request.body as { answer: string }).answer,
      ),
  );

  registerReportJobRoutes(app, { context, reportJobs: deps.reportJobs, api });
  registerMeetingRoutes(app, { context, meetings: deps.meetings, api });
  registerOperationsRoutes(app, { context, rebuilds: deps.rebuilds, api });

  // ---- the app itself ----

  const types: Record<string, string> = {
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2',
    '.json': 'application/json',
  };
  app.get('/', { config: open }, async (_request, reply) => {
    const html = await readFile(join(deps.staticDir, 'index.html')).catch(() => {
      throw new NotFoundError('CONSOLE_NOT_BUILT', '工作台页面尚未构建（pnpm --filter @lesp/web-console build）');
    });
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
  app.get(
    '/assets/:file',
    {
      config: open,
      schema: {
        params: {
          type: 'object',
          required: ['file'],
          additionalProperties: false,
          properties: { file: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9_.-]+\\.(js|css|svg|png|woff2|json)$' } },
        },
      },
    },
    async (request, reply) => {
      const file = (request.params as { file: string }).file;
      if (file.includes('..')) throw new NotFoundError('NOT_FOUND', '请求的内容不存在');
      const content = await readFile(join(deps.staticDir, 'assets', file)).catch(() => {
        throw new NotFoundError('NOT_FOUND', '请求的内容不存在');
      });
      return reply
        .header('content-type', types[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(content);
    },
  );
}
