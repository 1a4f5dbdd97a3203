import { pino, type Logger } from 'pino';

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
    },
    destination,
  );
}

export type { Logger };
