import type { ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { UnavailableError } from '@lesp/core';
import type { EndpointAccess } from './access-control.js';
import { unary, type GrpcCallContext, type GrpcDeps } from './grpc.js';

/**
 * The server-streaming sibling of `unary()`, built on it: the same access check (audited),
 * hostile-input check, error mapping, log line and metrics, the stream ending with the status
 * `unary()` would have answered. The handler sends with `send`, which waits while the client is
 * slow to read, so a long stream never piles up in memory.
 */
export function serverStreaming<Req, Res>(
  method: string,
  deps: GrpcDeps,
  access: EndpointAccess<Req>,
  fn: (request: Req, send: (message: Res) => Promise<void>, context: GrpcCallContext) => Promise<void>,
) {
  return (call: ServerWritableStream<Req, Res>): void => {
    const send = (message: Res) =>
      new Promise<void>((resolve, reject) => {
        if (call.cancelled) return reject(new UnavailableError('CALL_CANCELLED', '调用方已取消请求'));
        if (call.write(message)) resolve();
        else call.once('drain', () => resolve());
      });
    const handler = unary<Req, null>(method, deps, access, async (request, context) => {
      await fn(request, send, context);
      return null;
    });
    // A server stream carries what a unary call does (metadata, request, peer); its end is the callback's.
    handler(call as unknown as ServerUnaryCall<Req, null>, (error) => (error ? call.emit('error', error) : call.end()));
  };
}
