import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConsumerMetrics } from '@lesp/kafka-bus';

/** One registry per service process, served at /metrics. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly grpcDuration: Histogram<'method' | 'code'>;
  readonly eventsPublished: Counter;
  readonly eventsConsumed: Counter<'topic' | 'event_type' | 'outcome'>;
  readonly consumerRetries: Counter<'topic' | 'event_type'>;
  readonly commands: Counter<'command' | 'outcome'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'lesp_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.grpcDuration = new Histogram({
      name: 'lesp_grpc_request_duration_seconds',
      help: 'gRPC unary call duration',
      labelNames: ['method', 'code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'lesp_events_published_total',
      help: 'Events published to Kafka by the outbox relay',
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'lesp_events_consumed_total',
      help: 'Events consumed, by outcome',
      labelNames: ['topic', 'event_type', 'outcome'],
      registers: [this.registry],
    });
    this.consumerRetries = new Counter({
      name: 'lesp_consumer_retries_total',
      help: 'Event handling attempts that failed and were retried',
      labelNames: ['topic', 'event_type'],
      registers: [this.registry],
    });
    this.commands = new Counter({
      name: 'lesp_commands_total',
      help: 'Commands handled, by outcome (ok or error code)',
      labelNames: ['command', 'outcome'],
      registers: [this.registry],
    });
  }

  consumerMetrics(): ConsumerMetrics {
    return {
      handled: (topic, eventType, outcome) => this.eventsConsumed.inc({ topic, event_type: eventType, outcome }),
      retried: (topic, eventType) => this.consumerRetries.inc({ topic, event_type: eventType }),
    };
  }
}
