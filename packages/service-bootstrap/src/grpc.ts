import {
  Server,
  ServerCredentials,
  Metadata,
  credentials,
  status as GrpcStatus,
  type ServiceDefinition,
  type UntypedServiceImplementation,
  type ServerUnaryCall,
  type sendUnaryData,
  type Client,
  type CallOptions,
  type ServiceError,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { fromGrpcError, toGrpcError, asPlatformError } from '@lesp/core';
import type { ServiceMetrics } from './metrics.js';
import { CORRELATION_HEADER, correlationIdFrom } from './request-context.js';

export interface GrpcCallContext {
  readonly correlationId: string;
  readonly metadata: Metadata;
  readonly log: Logger;
}

/**
 * Adapts an async function to a grpc-js unary handler: maps thrown PlatformErrors to gRPC
 * status with their stable code in metadata, and logs/measures every call once.
 */
export function unary<Req, Res>(
  method: string,
  deps: { logger: Logger; metrics: ServiceMetrics },
  fn: (request: Req, context: GrpcCallContext) => Promise<Res>,
) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const started = process.hrtime.bigint();
    const correlationId = correlationIdFrom(call.metadata.get(CORRELATION_HEADER)[0]?.toString());
    const countyCode = (call.request as { countyCode?: unknown } | null)?.countyCode;
    const log = deps.logger.child({
      correlationId,
      grpcMethod: method,
      ...(typeof countyCode === 'string' && countyCode ? { countyCode } : {}),
    });
    const finish = (code: GrpcStatus) =>
      deps.metrics.grpcDuration.observe(
        { method, code: GrpcStatus[code] ?? String(code) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    fn(call.request, { correlationId, metadata: call.metadata, log }).then(
      (response) => {
        finish(GrpcStatus.OK);
        log.info({ code: 'OK' }, 'grpc call');
        callback(null, response);
      },
      (error: unknown) => {
        const mapped = toGrpcError(error);
        if (mapped.code === GrpcStatus.INTERNAL) log.error({ err: asPlatformError(error).cause ?? error }, 'gRPC call failed');
        else log.info({ code: GrpcStatus[mapped.code], errorCode: asPlatformError(error).code }, 'grpc call');
        finish(mapped.code);
        callback(mapped);
      },
    );
  };
}

export interface GrpcServiceRegistration {
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
}

export async function startGrpcServer(
  host: string,
  port: number,
  services: readonly GrpcServiceRegistration[],
): Promise<{ server: Server; port: number }> {
  const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  for (const { definition, implementation } of services) server.addService(definition, implementation);
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
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

export function insecureChannel() {
  return credentials.createInsecure();
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
  options: { deadlineMs: number; correlationId?: string; metadata?: Metadata },
): Promise<Res> {
  const metadata = options.metadata ?? new Metadata();
  if (options.correlationId) metadata.set(CORRELATION_HEADER, options.correlationId);
  return new Promise((resolve, reject) => {
    method.call(client, request, metadata, { deadline: Date.now() + options.deadlineMs }, (error, response) =>
      error ? reject(fromGrpcError(error)) : resolve(response),
    );
  });
}
