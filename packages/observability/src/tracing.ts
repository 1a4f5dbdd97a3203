import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

export { SpanKind };
export type { Attributes, Context };

/**
 * OpenTelemetry tracing, off unless a service is given somewhere to send spans. Spans are
 * made by hand at the platform's seams (gRPC and HTTP edges, command handler, event store,
 * outbox relay, Kafka consumer, projections) rather than by auto-instrumentation, which
 * patches modules through loader hooks that `node --import tsx` does not run reliably.
 *
 * Every helper returns at once when tracing is off: the seams check `tracingEnabled()`
 * before they build a span's name or attributes, so an untraced process allocates nothing
 * per event for tracing.
 */
let enabled = false;
let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;

export function tracingEnabled(): boolean {
  return enabled;
}

export interface TracingOptions {
  readonly serviceName: string;
  /** OTLP/HTTP collector base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `<endpoint>/v1/traces`. */
  readonly endpoint?: string;
  /** Tests: spans go here instead, one by one as they end. */
  readonly exporter?: SpanExporter;
  /** Share of new traces recorded (a caller's sampling decision is kept). Default 1. */
  readonly sampleRatio?: number;
  /** How long spans wait to be sent in a batch (OTEL_BSP_SCHEDULE_DELAY). Default 5000 ms. */
  readonly scheduledDelayMs?: number;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Sends what is buffered and stops recording. */
  shutdown(): Promise<void>;
}

/**
 * Registers the tracer provider, the AsyncLocalStorage context manager and the W3C trace
 * context propagator for this process. Without an endpoint or exporter nothing is loaded.
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  if (!options.exporter && !options.endpoint) return { enabled: false, shutdown: async () => undefined };
  if (enabled) throw new Error('tracing is already started in this process');
  const [sdk, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
  ]);
  const exporter =
    options.exporter ??
    new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({
      url: `${options.endpoint!.replace(/\/+$/, '')}/v1/traces`,
    });
  const processor = options.exporter
    ? new sdk.SimpleSpanProcessor({ exporter })
    : new sdk.BatchSpanProcessor({ exporter, scheduledDelayMillis: options.scheduledDelayMs ?? 5000 });
  const tracerProvider = new sdk.TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    sampler: new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(options.sampleRatio ?? 1) }),
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  provider = tracerProvider;
  enabled = true;
  return { enabled: true, shutdown: stopTracing };
}

async function stopTracing(): Promise<void> {
  if (!provider) return;
  const stopping = provider;
  provider = undefined;
  enabled = false;
  await stopping.forceFlush().catch(() => undefined);
  await stopping.shutdown().catch(() => undefined);
  trace.disable();
  propagation.disable();
  context.disable();
}

/** A started span and the context that has it as the active span. */
export interface SpanHandle {
  readonly span: Span;
  readonly context: Context;
}

export interface SpanStart {
  readonly kind?: SpanKind;
  /** The parent: a caller's extracted context; the active context when absent. */
  readonly parent?: Context;
  readonly attributes?: Attributes;
  readonly links?: Link[];
}

/** Starts a span. Call only when `tracingEnabled()`. */
export function startSpan(name: string, start: SpanStart = {}): SpanHandle {
  const parent = start.parent ?? context.active();
  const span = trace.getTracer('lesp').startSpan(
    name,
    {
      kind: start.kind ?? SpanKind.INTERNAL,
      ...(start.attributes ? { attributes: start.attributes } : {}),
      ...(start.links ? { links: start.links } : {}),
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `fn` with the span active (its logs, child spans and outgoing calls belong to it). */
export function runInSpan<T>(handle: SpanHandle | undefined, fn: () => T): T {
  return handle ? context.with(handle.context, fn) : fn();
}

/**
 * Ends a span; a failure marks it as an error with the failure's stable code (never its
 * message, which may quote the request).
 */
export function endSpan(handle: SpanHandle | undefined, error?: unknown): void {
  if (!handle) return;
  if (error !== undefined) {
    const code = errorCodeOf(error);
    handle.span.setAttribute('lesp.error_code', code);
    handle.span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  }
  handle.span.end();
}

/** `fn` in a child span of the active one; just `fn()` when tracing is off. */
export async function traced<T>(name: string, fn: () => Promise<T>, attributes?: () => Attributes, kind?: SpanKind): Promise<T> {
  if (!enabled) return fn();
  const handle = startSpan(name, { ...(kind === undefined ? {} : { kind }), ...(attributes ? { attributes: attributes() } : {}) });
  try {
    const result = await context.with(handle.context, fn);
    endSpan(handle);
    return result;
  } catch (error) {
    endSpan(handle, error);
    throw error;
  }
}

/** The W3C `traceparent` of the active span (or of `from`); undefined when tracing is off or no span is active. */
export function currentTraceparent(from?: Context): string | undefined {
  if (!enabled) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(from ?? context.active(), carrier);
  return carrier['traceparent'];
}

/** Writes the trace context headers (`traceparent`, `tracestate`) of the active span through `set`. */
export function injectTraceContext(set: (key: string, value: string) => void, from?: Context): void {
  if (!enabled) return;
  const carrier: Record<string, string> = {};
  propagation.inject(from ?? context.active(), carrier);
  for (const [key, value] of Object.entries(carrier)) set(key, value);
}

/** The caller's context from its headers, read through `get`; the root context when it sent none. */
export function extractTraceContext(get: (key: string) => string | undefined): Context {
  const traceparent = get('traceparent');
  if (!traceparent) return ROOT_CONTEXT;
  const tracestate = get('tracestate');
  return propagation.extract(ROOT_CONTEXT, tracestate ? { traceparent, tracestate } : { traceparent });
}

/** A stored `traceparent` (an outbox record's) as a parent context. */
export function contextOfTraceparent(traceparent: string | undefined): Context | undefined {
  if (!enabled || !traceparent) return undefined;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** A link to the span a stored `traceparent` names (a batch handled under one span links the others). */
export function linkOfTraceparent(traceparent: string | undefined): Link | undefined {
  const parent = contextOfTraceparent(traceparent);
  const spanContext = parent ? trace.getSpanContext(parent) : undefined;
  return spanContext ? { context: spanContext } : undefined;
}

/** What `traceLogFields` gives outside a trace: one shared object, never to be written to. */
export const NO_TRACE_FIELDS: Readonly<Record<string, string>> = Object.freeze({});

/** Fields for a log line (pino `mixin`): the active trace and span, when traced. */
export function traceLogFields(): Readonly<Record<string, string>> {
  if (!enabled) return NO_TRACE_FIELDS;
  const spanContext = trace.getSpanContext(context.active());
  return spanContext ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : NO_TRACE_FIELDS;
}

function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code)) return code;
  return error instanceof Error ? error.name : 'ERROR';
}
