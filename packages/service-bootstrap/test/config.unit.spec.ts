import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, baseConfigSchema, loadConfig } from '../src/index.js';

const good = {
  HTTP_PORT: '4101',
  GRPC_PORT: '5101',
  KAFKA_BROKERS: '127.0.0.1:19092, kafka-2:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27027/',
};

describe('service configuration from the environment', () => {
  it('parses and defaults a valid environment', () => {
    const config = loadConfig(baseConfigSchema, good);
    expect(config).toMatchObject({
      HTTP_PORT: 4101,
      GRPC_PORT: 5101,
      KAFKA_BROKERS: ['127.0.0.1:19092', 'kafka-2:9092'],
      KAFKA_PARTITIONS: 6,
      TOPIC_PREFIX: 'lesp',
      HOST: '0.0.0.0',
    });
  });

  it('traces only when given an http(s) collector, recording every new trace unless told a share', () => {
    expect(loadConfig(baseConfigSchema, good)).toMatchObject({ OTEL_TRACES_SAMPLER_ARG: 1, OTEL_BSP_SCHEDULE_DELAY: 5000 });
    expect(loadConfig(baseConfigSchema, good).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(loadConfig(baseConfigSchema, { ...good, OTEL_EXPORTER_OTLP_ENDPOINT: '' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(
      loadConfig(baseConfigSchema, { ...good, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_TRACES_SAMPLER_ARG: '0.1' }),
    ).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_TRACES_SAMPLER_ARG: 0.1 });
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(baseConfigSchema, { ...good, ...env });
        return '';
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
    };
    expect(refused({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT: /);
    expect(refused({ OTEL_EXPORTER_OTLP_ENDPOINT: 'file:///tmp/spans' })).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT: /);
    expect(refused({ OTEL_TRACES_SAMPLER_ARG: '2' })).toMatch(/^OTEL_TRACES_SAMPLER_ARG: /);
  });

  it('stops start-up naming every wrong or missing variable', () => {
    let error: unknown;
    try {
      loadConfig(baseConfigSchema, {
        ...good,
        HTTP_PORT: '99999',
        KAFKA_BROKERS: 'no-port-here',
        MONGO_URL: undefined,
        TOPIC_PREFIX: 'Bad Prefix',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^HTTP_PORT: /m);
    expect(problems).toMatch(/^KAFKA_BROKERS: must be a comma-separated list of host:port/m);
    expect(problems).toMatch(/^MONGO_URL: .*\(not set\)/m);
    expect(problems).toMatch(/^TOPIC_PREFIX: lowercase letters/m);
    expect((error as Error).message).toContain('invalid configuration');
  });

  it('lets a service extend the base schema with its own variables', () => {
    const schema = baseConfigSchema.extend({ PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1) });
    expect(() => loadConfig(schema, { ...good, PUBLIC_RATE_LIMIT: '0' })).toThrow(/PUBLIC_RATE_LIMIT/);
    expect(loadConfig(schema, { ...good, PUBLIC_RATE_LIMIT: '60' }).PUBLIC_RATE_LIMIT).toBe(60);
  });
});
