import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '@lesp/core';
import { ServiceMetrics, buildHttpApp, createLogger } from '../src/index.js';
import { parsePrometheusText, sampleSum } from '@lesp/observability';

function logSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('test-service', 'info', stream) };
}

async function app(readiness: Record<string, () => Promise<void>> = {}) {
  const { lines, logger } = logSink();
  const instance = await buildHttpApp({ logger, metrics: new ServiceMetrics('test-service'), readiness, bodyLimitBytes: 1024 });
  instance.get('/boom/:kind', { config: { access: 'open' } }, async (request) => {
    const { kind } = request.params as { kind: string };
    if (kind === 'validation') throw ValidationError.of('creditCode', 'CREDIT_CODE_INVALID', '统一社会信用代码校验位错误');
    if (kind === 'not-found') throw new NotFoundError('AGENCY_NOT_FOUND', '执法主体不存在');
    if (kind === 'conflict') throw new ConflictError('AGENCY_ALREADY_REGISTERED', '已登记');
    throw new Error('connection string mongodb://secret@db leaked? stack at /srv/app.ts:12');
  });
  instance.post(
    '/echo',
    {
      schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 5 } } } },
      config: { access: 'open' },
    },
    async (request) => request.body,
  );
  return { instance, lines };
}

const apps: Awaited<ReturnType<typeof app>>['instance'][] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

describe('the shared fastify edge', () => {
  it('answers /healthz while alive and /readyz only when every dependency answers', async () => {
    const { instance } = await app({ database: async () => {}, kafka: async () => Promise.reject(new Error('broker down')) });
    apps.push(instance);
    expect((await instance.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await instance.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: 'ok', kafka: 'broker down' } });
  });

  it('maps each error kind to its status with the stable code, and hides internals of unexpected errors', async () => {
    const { instance, lines } = await app();
    apps.push(instance);
    const validation = await instance.inject('/boom/validation');
    expect(validation.statusCode).toBe(400);
    expect(validation.json()).toMatchObject({
      error: {
        code: 'CREDIT_CODE_INVALID',
        violations: [{ field: 'creditCode', code: 'CREDIT_CODE_INVALID', message: '统一社会信用代码校验位错误' }],
      },
    });
    expect((await instance.inject('/boom/not-found')).statusCode).toBe(404);
    expect((await instance.inject('/boom/conflict')).json()).toMatchObject({ error: { code: 'AGENCY_ALREADY_REGISTERED' } });

    const internal = await instance.inject({ url: '/boom/other', headers: { 'x-correlation-id': 'trace-42' } });
    expect(internal.statusCode).toBe(500);
    expect(internal.json()).toEqual({ error: { code: 'INTERNAL', message: '系统内部错误', correlationId: 'trace-42' } });
    expect(internal.body).not.toContain('mongodb://');
    expect(internal.headers['x-correlation-id']).toBe('trace-42');
    // The cause is kept for operators, in the log, under the same correlation id.
    expect(lines.some((l) => l.includes('trace-42') && l.includes('leaked?'))).toBe(true);
  });

  it('turns schema and body errors into validation errors that name the field', async () => {
    const { instance } = await app();
    apps.push(instance);
    const missing = await instance.inject({ method: 'POST', url: '/echo', payload: {} });
    expect(missing.json()).toMatchObject({ error: { code: 'FIELD_REQUIRED', violations: [{ field: 'name' }] } });
    const tooLong = await instance.inject({ method: 'POST', url: '/echo', payload: { name: '太长的名字超过五个' } });
    expect(tooLong.json()).toMatchObject({ error: { code: 'SCHEMA_VIOLATION', violations: [{ field: 'name' }] } });
    const malformed = await instance.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'MALFORMED_BODY' } });
    const huge = await instance.inject({ method: 'POST', url: '/echo', payload: { name: 'x'.repeat(5000) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
    expect((await instance.inject('/nowhere')).json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  it('serves Prometheus metrics including request durations', async () => {
    const { instance } = await app();
    apps.push(instance);
    // One registry per process: earlier tests of this file counted too, so compare before and after.
    const healthz = { service: 'test-service', method: 'GET', route: '/healthz', status: '200' };
    const count = async () =>
      sampleSum(parsePrometheusText((await instance.inject('/metrics')).body), 'lesp_http_request_duration_seconds_count', healthz);
    const before = await count();
    await instance.inject('/healthz');
    expect(await count()).toBe(before + 1);
    const metrics = await instance.inject('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('process_resident_memory_bytes');
  });
});

describe('deny by default', () => {
  it('refuses to start with a route that declares no access rule', async () => {
    const { instance } = await app();
    apps.push(instance);
    expect(() => instance.get('/unguarded', async () => 'secret')).toThrow(/declares no access rule/);
  });

  it('fails closed when a guarded route has no access control configured', async () => {
    const { instance } = await app();
    apps.push(instance);
    instance.get('/guarded', { config: { access: { permission: 'agency.list' } } }, async () => 'secret');
    const response = await instance.inject('/guarded');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
  });

  it('sends secure headers on every response', async () => {
    const { instance } = await app();
    apps.push(instance);
    const response = await instance.inject('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['content-security-policy']).toBeDefined();
  });
});

describe('API documentation', () => {
  it('serves the OpenAPI document of the routes at /docs/json and the browser view at /docs', async () => {
    const { instance } = await app();
    apps.push(instance);
    await instance.ready();
    const doc = await instance.inject('/docs/json');
    expect(doc.statusCode).toBe(200);
    const spec = doc.json() as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toContain('/echo');
    const ui = await instance.inject('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});
