import { initServiceMetrics, metrics, registry } from '@lesp/observability';
import type { ConsumerMetrics } from '@lesp/kafka-bus';

/**
 * The process's metrics as the edge and the consumer see them. The series themselves are
 * defined once in @lesp/observability (one registry per process, served at /metrics), where
 * the event store, bus, relay and projections count too; this names the service on them.
 */
export class ServiceMetrics {
  readonly registry = registry;
  readonly httpDuration = metrics.httpDuration;
  readonly grpcDuration = metrics.grpcDuration;
  readonly eventsPublished = metrics.eventsPublished;
  readonly eventsConsumed = metrics.eventsConsumed;
  readonly consumerRetries = metrics.consumerRetries;
  readonly commands = metrics.commands;
  readonly errors = metrics.errors;

  constructor(service: string) {
    initServiceMetrics(service);
  }

  consumerMetrics(): ConsumerMetrics {
    return {
      handled: (topic, eventType, outcome) => this.eventsConsumed.inc({ topic, event_type: eventType, outcome }),
      retried: (topic, eventType) => this.consumerRetries.inc({ topic, event_type: eventType }),
    };
  }
}
