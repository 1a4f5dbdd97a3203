import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TRACE_FIELDS, startTracing, traced, type Tracing, type TracingOptions } from '@lesp/observability';
import { createLogger } from '../src/index.js';

/** Log lines written inside a traced span name its trace; outside, nothing is added (or written into shared objects). */
let tracing: Tracing;
/** The spans that ended (a span exporter of the test's own). */
const finished: { name: string; spanContext(): { traceId: string; spanId: string } }[] = [];
const exporter: NonNullable<TracingOptions['exporter']> = {
  export: (spans, done) => {
    finished.push(...spans);
    done({ code: 0 });
  },
  shutdown: async () => undefined,
};
beforeAll(async () => {
  tracing = await startTracing({ serviceName: 'logger-test', exporter });
});
afterAll(() => tracing.shutdown());

function sink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('logger-test', 'info', stream) };
}

describe('trace ids in the logs', () => {
  it('adds the active trace and span to each line, beside the correlation id', async () => {
    const { lines, logger } = sink();
    const fields = { correlationId: 'c-1' };
    await traced('request', async () => logger.child({ correlationId: 'c-1' }).info(fields, 'inside'));
    logger.info({ correlationId: 'c-2' }, 'outside');
    const span = finished.find((s) => s.name === 'request')!;
    expect(lines[0]).toMatchObject({
      msg: 'inside',
      correlationId: 'c-1',
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    });
    expect(lines[1]).toMatchObject({ msg: 'outside', correlationId: 'c-2' });
    expect(lines[1]).not.toHaveProperty('traceId');
    // Neither the caller's object nor the shared empty one was written to.
    expect(fields).toEqual({ correlationId: 'c-1' });
    expect(NO_TRACE_FIELDS).toEqual({});
  });
});
