import { pino, type Logger } from 'pino';
import { NO_TRACE_FIELDS, traceLogFields } from '@lesp/observability';

/**
 * Paths whose values are personal data or secrets; pino replaces them before a line is
 * written. Payloads are never logged whole.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  '*.idNumber',
  '*.phone',
  '*.targetName',
  '*.address',
  'payload',
];

export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      // Each line also names the trace and span it was written in, when the process traces
      // (correlationId is bound by the edge and the consumer; this joins a line to its trace).
      mixin: traceLogFields,
      // pino's default merge writes the line's fields into the mixin's object: keep the
      // shared empty one untouched, and the caller's object too.
      mixinMergeStrategy: (fields, traceFields) => (traceFields === NO_TRACE_FIELDS ? fields : { ...traceFields, ...fields }),
    },
    destination,
  );
}

export type { Logger };
