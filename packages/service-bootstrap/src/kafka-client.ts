import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

/** kafkajs with its log lines routed into the service's pino logger. */
export function createKafka(clientId: string, brokers: readonly string[], logger: Logger): Kafka {
  const kafkaLog = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: [...brokers],
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
        if (level <= logLevel.ERROR) kafkaLog.error(extra, message);
        else if (level === logLevel.WARN) kafkaLog.warn(extra, message);
        else kafkaLog.debug(extra, message);
      },
  });
}
