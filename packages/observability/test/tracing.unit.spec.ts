import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  SpanKind,
  contextOfTraceparent,
  currentTraceparent,
  endSpan,
  extractTraceContext,
  runInSpan,
  startSpan,
  startTracing,
  traceLogFields,
  traced,
  tracingEnabled,
  type Tracing,
} from '../src/index.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;

beforeAll(async () => {
  tracing = await startTracing({ serviceName: 'test', exporter });
});
afterAll(() => tracing.shutdown());

const named = (name: string): ReadableSpan => {
  const span = exporter.getFinishedSpans().find((s) => s.name === name);
  if (!span)
    throw new Error(
      `no span ${name} among ${exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .join(', ')}`,
    );
  return span;
};
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing off', () => {
  it('starts nothing without an endpoint or exporter, and says so', async () => {
    const off = await startTracing({ serviceName: 'test' });
    expect(off.enabled).toBe(false);
  });
});

describe('spans at the seams', () => {
  it('nests traced calls in the active span and names their trace in log fields', async () => {
    let fields: Readonly<Record<string, string>> = {};
    await traced('outer', () => traced('inner', async () => void (fields = traceLogFields())));
    const outer = named('outer');
    const inner = named('inner');
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(parentOf(inner)).toBe(outer.spanContext().spanId);
    expect(fields).toEqual({ traceId: inner.spanContext().traceId, spanId: inner.spanContext().spanId });
    expect(traceLogFields()).toEqual({});
  });

  it('carries a trace through a stored traceparent (the outbox) and through headers (gRPC, Kafka)', async () => {
    let stored: string | undefined;
    await traced('append', async () => void (stored = currentTraceparent()));
    expect(stored).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // Later, elsewhere: the relay publishes under the append.
    const publish = startSpan('publish', { kind: SpanKind.PRODUCER, parent: contextOfTraceparent(stored)! });
    const header = currentTraceparent(publish.context)!;
    endSpan(publish);
    // Another service consumes the message with that header.
    const consume = startSpan('consume', { kind: SpanKind.CONSUMER, parent: extractTraceContext((key) => ({ traceparent: header })[key]) });
    await runInSpan(consume, () => traced('projection', async () => undefined));
    endSpan(consume);

    const append = named('append');
    for (const name of ['publish', 'consume', 'projection']) expect(named(name).spanContext().traceId).toBe(append.spanContext().traceId);
    expect(parentOf(named('publish'))).toBe(append.spanContext().spanId);
    expect(parentOf(named('consume'))).toBe(named('publish').spanContext().spanId);
    expect(parentOf(named('projection'))).toBe(named('consume').spanContext().spanId);
  });

  it('starts a new trace for a caller that sent no trace context', () => {
    const root = startSpan('root', { parent: extractTraceContext(() => undefined) });
    endSpan(root);
    expect(named('root').parentSpanContext).toBeUndefined();
  });

  it('marks a failure with its stable code, never its message', async () => {
    const refusal = Object.assign(new Error('creditCode：统一社会信用代码应为 18 位'), { code: 'CREDIT_CODE_INVALID' });
    await expect(traced('refused', () => Promise.reject(refusal))).rejects.toBe(refusal);
    const span = named('refused');
    expect(span.status).toEqual({ code: 2, message: 'CREDIT_CODE_INVALID' });
    expect(span.attributes['lesp.error_code']).toBe('CREDIT_CODE_INVALID');
  });

  it('stops recording at shutdown', async () => {
    const second = await startTracing({ serviceName: 'again', exporter }).catch((error: Error) => error);
    expect(second).toBeInstanceOf(Error);
    await tracing.shutdown();
    expect(tracingEnabled()).toBe(false);
    expect(currentTraceparent()).toBeUndefined();
    let ran = false;
    await traced('after', async () => void (ran = true));
    expect(ran).toBe(true);
    expect(exporter.getFinishedSpans().some((s) => s.name === 'after')).toBe(false);
  });
});
