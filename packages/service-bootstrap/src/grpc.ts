import { readFileSync } from 'node:fs';
import {
  Server,
  ServerCredentials,
  Metadata,
  credentials,
  status as GrpcStatus,
  type ServiceDefinition,
  type UntypedServiceImplementation,
  type ServerUnaryCall,
  type ServerReadableStream,
  type sendUnaryData,
  type Client,
  type CallOptions,
  type ServiceError,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { assertNoHostileInput, fromGrpcError, isCountyCode, toGrpcError, asPlatformError } from '@lesp/core';
import {
  SpanKind,
  endSpan,
  extractTraceContext,
  injectTraceContext,
  runInSpan,
  startSpan,
  tracingEnabled,
  type SpanHandle,
} from '@lesp/observability';
import type { ServiceMetrics } from './metrics.js';
import type { Principal } from '@lesp/auth';
import type { AccessControl, EndpointAccess } from './access-control.js';
import { CORRELATION_HEADER, correlationIdFrom } from './request-context.js';

export interface GrpcCallContext {
  readonly correlationId: string;
  readonly metadata: Metadata;
  readonly log: Logger;
  /** The verified caller; the call got here only because the policy allowed it. */
  readonly principal: Principal;
}

export interface GrpcDeps {
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly access: AccessControl;
}

/**
 * What every call shares: its correlation id, a log line, a duration and (when the process
 * traces) a server span when it ends, one error mapping. The span continues the caller's
 * trace (W3C `traceparent` in the metadata).
 */
function callScope(method: string, deps: GrpcDeps, metadata: Metadata, countyCode: unknown) {
  const started = process.hrtime.bigint();
  const correlationId = correlationIdFrom(metadata.get(CORRELATION_HEADER)[0]?.toString());
  const span: SpanHandle | undefined = tracingEnabled()
    ? startSpan(`grpc ${method}`, {
        kind: SpanKind.SERVER,
        parent: extractTraceContext((key) => metadata.get(key)[0]?.toString()),
        attributes: { 'rpc.system': 'grpc', 'rpc.method': method, 'lesp.correlation_id': correlationId },
      })
    : undefined;
  // Only a county code that is one: an invalid one is the client's text and stays out of the logs.
  const logFor = (county: unknown) =>
    deps.logger.child({
      correlationId,
      grpcMethod: method,
      ...(typeof county === 'string' && isCountyCode(county) ? { countyCode: county } : {}),
    });
  let log = logFor(countyCode);
  const finish = (code: GrpcStatus) =>
    deps.metrics.grpcDuration.observe({ method, code: GrpcStatus[code] ?? String(code) }, Number(process.hrtime.bigint() - started) / 1e9);
  const accessRequest = (peer: string) => ({
    authorization: metadata.get('authorization')[0]?.toString(),
    resource: `grpc ${method}`,
    source: peer,
    correlationId,
  });
  const settle = <Res>(handled: Promise<Res>, callback: sendUnaryData<Res>): void => {
    handled.then(
      (response) =>
        runInSpan(span, () => {
          finish(GrpcStatus.OK);
          log.info({ code: 'OK' }, 'grpc call');
          endSpan(span);
          callback(null, response);
        }),
      (error: unknown) =>
        runInSpan(span, () => {
          const mapped = toGrpcError(error);
          const errorCode = asPlatformError(error).code;
          // Unavailable (database or broker out of reach) is logged with its cause too, as HTTP logs every 5xx.
          if (mapped.code === GrpcStatus.INTERNAL || mapped.code === GrpcStatus.UNAVAILABLE)
            log.error({ err: asPlatformError(error).cause ?? error }, 'gRPC call failed');
          else log.info({ code: GrpcStatus[mapped.code], errorCode }, 'grpc call');
          finish(mapped.code);
          deps.metrics.errors.inc({ code: errorCode, transport: 'grpc' });
          span?.span.setAttribute('rpc.grpc.status_code', mapped.code);
          endSpan(span, error);
          callback(mapped);
        }),
    );
  };
  /** Runs the handler with the call's span active, so its commands and appends join the trace. */
  const run = <T>(fn: () => T): T => runInSpan(span, fn);
  /** The county, once known (a stream's first message): its log lines name it from then on. */
  const forCounty = (county: unknown): Logger => (log = logFor(county));
  return {
    correlationId,
    get log() {
      return log;
    },
    accessRequest,
    settle,
    run,
    forCounty,
  };
}

/**
 * Every gRPC method is declared through this wrapper, which acts as the server's
 * interceptor: it checks the caller against the method's permission (bearer token in the
 * `authorization` metadata, the same AccessControl as the HTTP hook, audited), refuses
 * hostile input, maps thrown PlatformErrors to gRPC status with their stable code in
 * metadata, and logs and measures every call once.
 */
export function unary<Req, Res>(
  method: string,
  deps: GrpcDeps,
  access: EndpointAccess<Req>,
  fn: (request: Req, context: GrpcCallContext) => Promise<Res>,
) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const scope = callScope(method, deps, call.metadata, (call.request as { countyCode?: unknown } | null)?.countyCode);
    const handled = scope.run(async () => {
      const target = access.target?.(call.request) ?? { countyCodes: [] };
      const principal = await deps.access.check(access.permission, target, scope.accessRequest(call.getPeer()));
      // What no field may hold whatever the method does with it (control characters, huge strings, ...).
      assertNoHostileInput(call.request);
      return fn(call.request, { correlationId: scope.correlationId, metadata: call.metadata, log: scope.log, principal });
    });
    scope.settle(handled, callback);
  };
}

/**
 * The client-streaming sibling of `unary()`: the first message says what the call is about
 * (its county), so the access check waits for it, then runs the same `deps.access.check`
 * (audited) before the handler reads the rest of the stream. Errors, logs and metrics as in
 * `unary()`.
 */
export function clientStreaming<Req, Res>(
  method: string,
  deps: GrpcDeps,
  access: EndpointAccess<Req>,
  fn: (first: Req, rest: AsyncIterator<Req>, context: GrpcCallContext) => Promise<Res>,
) {
  return (call: ServerReadableStream<Req, Res>, callback: sendUnaryData<Res>): void => {
    const messages = (call as AsyncIterable<Req>)[Symbol.asyncIterator]();
    // The log's county is known only after the first message.
    const scope = callScope(method, deps, call.metadata, undefined);
    const handled = scope.run(async () => {
      const first = await messages.next();
      const request = first.done ? (undefined as Req) : first.value;
      if (request !== undefined) assertNoHostileInput(request);
      const log = scope.forCounty((request as { countyCode?: unknown } | undefined)?.countyCode);
      const target = (request !== undefined && access.target?.(request)) || { countyCodes: [] };
      const principal = await deps.access.check(access.permission, target, scope.accessRequest(call.getPeer()));
      return fn(request, messages, { correlationId: scope.correlationId, metadata: call.metadata, log, principal });
    });
    scope.settle(handled, callback);
  };
}

export interface GrpcServiceRegistration {
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
}

export interface GrpcTlsFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** mTLS when files are given: the server demands a client certificate signed by the CA. */
export function serverCredentials(tls: GrpcTlsFiles | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    readFileSync(tls.caFile),
    [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }],
    true,
  );
}

/** The calling side of mTLS: our client certificate, and the CA we trust for the server. */
export function channelCredentials(tls: GrpcTlsFiles | undefined) {
  if (!tls) return credentials.createInsecure();
  return credentials.createSsl(readFileSync(tls.caFile), readFileSync(tls.keyFile), readFileSync(tls.certFile));
}

export async function startGrpcServer(
  host: string,
  port: number,
  services: readonly GrpcServiceRegistration[],
  tls?: GrpcTlsFiles,
): Promise<{ server: Server; port: number }> {
  const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  for (const { definition, implementation } of services) server.addService(definition, implementation);
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, serverCredentials(tls), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { server, port: boundPort };
}

export async function stopGrpcServer(server: Server, timeoutMs: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => unknown;

/**
 * Calls a unary method of a ts-proto grpc-js client with a deadline and the correlation id,
 * turning a failure back into the PlatformError the other service raised.
 */
export function callUnary<Req, Res>(
  client: Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  options: { deadlineMs: number; correlationId?: string; metadata?: Metadata; bearerToken?: string },
): Promise<Res> {
  const metadata = options.metadata ?? new Metadata();
  if (options.correlationId) metadata.set(CORRELATION_HEADER, options.correlationId);
  // The caller's identity travels with every call.
  if (options.bearerToken) metadata.set('authorization', `Bearer ${options.bearerToken}`);
  // And its trace, when this process traces: a client span, whose context the server continues.
  const span = tracingEnabled()
    ? startSpan(`grpc client ${method.name || 'call'}`, { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc' } })
    : undefined;
  if (span) injectTraceContext((key, value) => metadata.set(key, value), span.context);
  return new Promise((resolve, reject) => {
    method.call(client, request, metadata, { deadline: Date.now() + options.deadlineMs }, (error, response) => {
      endSpan(span, error ?? undefined);
      if (error) reject(fromGrpcError(error));
      else resolve(response);
    });
  });
}
