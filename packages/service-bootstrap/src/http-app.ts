import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import {
  NotFoundError,
  PayloadTooLargeError,
  PlatformError,
  RateLimitedError,
  isCountyCode,
  toHttpError,
  ValidationError,
} from '@lesp/core';
import type { AccessControl } from './access-control.js';
import { registerAccessControl } from './http-access.js';
import { registerRequestValidation } from './request-validation.js';
import type { ServiceMetrics } from './metrics.js';
import { CORRELATION_HEADER, correlationIdFrom } from './request-context.js';
import { SpanKind, endSpan, extractTraceContext, runInSpan, startSpan, tracingEnabled, type SpanHandle } from '@lesp/observability';

export type ReadinessCheck = () => Promise<void>;

export interface HttpAppOptions {
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  /** Named dependency checks for /readyz (Kafka, database, gRPC server). */
  readonly readiness: Record<string, ReadinessCheck>;
  readonly bodyLimitBytes?: number;
  /** Absent only in tests of the edge itself: guarded routes then fail closed. */
  readonly access?: AccessControl;
  /** Title of the OpenAPI document served at /docs. */
  readonly apiTitle?: string;
}

/**
 * The fastify edge every service shares, built apart from `listen` so tests use
 * `app.inject()`. Errors leave through one handler that maps PlatformError codes to HTTP.
 * Secure headers on every response; rate limits where a route asks for them
 * (`config.rateLimit`); access control on every route (`config.access`).
 */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    genReqId: (req) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
    requestIdLogLabel: 'correlationId',
    disableRequestLogging: true,
    // What Node's HTTP parser refuses (oversized headers or URL, garbage) gets the platform's body too.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const tooLarge = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify({
        error: tooLarge
          ? { code: 'REQUEST_HEADERS_TOO_LARGE', message: '请求地址或请求头过长' }
          : { code: 'REQUEST_MALFORMED', message: '请求格式错误' },
      });
      socket.end(
        `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    // Malformed URLs get the platform's error body too, not the framework's.
    frameworkErrors: (error, request, reply) => {
      const { status, body } = toHttpError(ValidationError.of('(url)', 'URL_MALFORMED', '请求地址格式错误'), request.id);
      options.metrics.errors.inc({ code: 'URL_MALFORMED', transport: 'http' });
      request.log.info({ code: error.code }, 'malformed url');
      void (reply as unknown as { status(code: number): { send(payload: unknown): unknown } }).status(status).send(body);
    },
  });

  registerTracing(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.header(CORRELATION_HEADER, request.id);
  });

  // Before any plugin: an encapsulated plugin (swagger-ui) keeps the handlers set when it was registered.
  app.setErrorHandler((error, request, reply) => {
    const translated = fromFastifyError(error);
    const { status, body } = toHttpError(translated, request.id);
    options.metrics.errors.inc({ code: body.error.code, transport: 'http' });
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    options.metrics.errors.inc({ code: 'ROUTE_NOT_FOUND', transport: 'http' });
    void reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: '请求的地址不存在', correlationId: request.id } });
  });

  await app.register(helmet, { global: true });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new RateLimitedError('RATE_LIMITED', `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`), {
        statusCode: 429,
      }),
  });
  registerAccessControl(app, options.access);
  registerRequestValidation(app);
  // OpenAPI from the routes' own JSON schemas, browsable at /docs (JSON at /docs/json).
  await app.register(swagger, {
    openapi: {
      info: { title: options.apiTitle ?? 'LESP API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    options.metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (route !== '/healthz' && route !== '/readyz' && route !== '/metrics') {
      // Only a county code that is one: an invalid one is the client's text and stays out of the logs.
      const countyCode = validCountyCode((request.params as { countyCode?: unknown } | undefined)?.countyCode);
      request.log.info(
        {
          method: request.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          ...(typeof countyCode === 'string' ? { countyCode } : {}),
        },
        'request',
      );
    }
  });

  app.get('/healthz', { config: { access: 'open' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'open' } }, async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(options.readiness).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 3000);
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, error instanceof Error ? error.message : String(error)] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ready = results.every(([, outcome]) => outcome === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  // Open like /healthz and /readyz: Prometheus scrapes without a user's token (operators' tokens
  // are short-lived JWTs of a county's identity provider). What it shows is operational only:
  // labels are route templates, method names, stable error codes, topics, projection and rule
  // ids, never a county, a person or a request's text. Deployments keep it off the public
  // ingress (the portal's); the access matrix test checks it answers every role alike.
  app.get('/metrics', { config: { access: 'open' } }, async (_request, reply) => {
    return reply.header('content-type', options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  return app;
}

/**
 * A server span per request when the process traces, continuing the caller's trace (W3C
 * `traceparent` header). The route's handler runs with it active, so the commands, gRPC
 * calls and appends it makes join the trace; hooks before it (access control) do not.
 */
function registerTracing(app: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, SpanHandle>();
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      const span = spans.get(request);
      return span ? runInSpan(span, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    };
  });
  app.addHook('onRequest', async (request) => {
    if (!tracingEnabled()) return;
    const route = request.routeOptions.url ?? 'unmatched';
    const span = startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      parent: extractTraceContext((key) => {
        const value = request.headers[key];
        return Array.isArray(value) ? value[0] : value;
      }),
      attributes: { 'http.request.method': request.method, 'http.route': route, 'lesp.correlation_id': request.id },
    });
    spans.set(request, span);
    // The request's own log lines (its summary line, a failure) name the trace too: they are
    // written in hooks, outside the span's context.
    request.log = request.log.child({ traceId: span.span.spanContext().traceId });
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    if (!span) return;
    span.span.setAttribute('http.response.status_code', reply.statusCode);
    endSpan(span, reply.statusCode >= 500 ? { code: `HTTP_${reply.statusCode}` } : undefined);
  });
}

/** Fastify's own schema and body errors become ValidationErrors naming the field. */
function fromFastifyError(error: unknown): unknown {
  if (error instanceof PlatformError) return error;
  const fastifyError = error as {
    validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
    code?: string;
    statusCode?: number;
  };
  if (Array.isArray(fastifyError.validation)) {
    return new ValidationError(
      fastifyError.validation.map((v) => {
        const missing = v.params?.['missingProperty'];
        const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
        return {
          field: typeof missing === 'string' ? [path, missing].filter(Boolean).join('.') : path || '(body)',
          code: typeof missing === 'string' ? 'FIELD_REQUIRED' : 'SCHEMA_VIOLATION',
          message: typeof missing === 'string' ? '必填' : `不符合要求：${v.message ?? ''}`,
        };
      }),
      { cause: error },
    );
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new PayloadTooLargeError('BODY_TOO_LARGE', '请求体过大', { cause: error });
  }
  if (
    fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (fastifyError.statusCode === 400 && fastifyError.code?.startsWith('FST_'))
  ) {
    return ValidationError.of('(body)', 'MALFORMED_BODY', '请求体格式错误，应为 JSON');
  }
  // Any other framework or plugin error that says it is the client's fault (a 4xx), e.g. a
  // malformed multipart body or a static path the file server refuses.
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return new NotFoundError('NOT_FOUND', '请求的内容不存在', { cause: error });
    if (status === 413) return new PayloadTooLargeError('PAYLOAD_TOO_LARGE', '提交的内容过大', { cause: error });
    return ValidationError.of('(request)', 'REQUEST_INVALID', '请求无效');
  }
  return error;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function validCountyCode(value: unknown): string | undefined {
  return typeof value === 'string' && isCountyCode(value) ? value : undefined;
}
