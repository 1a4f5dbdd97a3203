import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clearMetricSources,
  initServiceMetrics,
  noteProjectionApplied,
  parsePrometheusText,
  registry,
  sampleSum,
  setMetricSources,
} from '../src/index.js';

const scrape = async () => parsePrometheusText(await registry.metrics());

afterEach(() => {
  clearMetricSources();
  vi.useRealTimers();
});

describe('the process registry', () => {
  it('names the service on every series', async () => {
    initServiceMetrics('metrics-test');
    const samples = await scrape();
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((s) => s.labels['service'] === 'metrics-test')).toBe(true);
  });

  it('shows each projection’s last applied event: its lag and its recording time', async () => {
    noteProjectionApplied('test.read-model', new Date('2026-03-01T00:00:00Z'), Date.parse('2026-03-01T00:00:01.250Z'));
    const samples = await scrape();
    expect(sampleSum(samples, 'lesp_projection_lag_seconds', { projection: 'test.read-model' })).toBe(1.25);
    expect(sampleSum(samples, 'lesp_projection_last_event_timestamp_seconds', { projection: 'test.read-model' })).toBe(
      Date.parse('2026-03-01T00:00:00Z') / 1000,
    );
  });

  it('asks Kafka for the consumer lag at most every 10 s however often it is scraped', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T00:00:00Z'));
    let asked = 0;
    let lag = 5;
    setMetricSources({
      consumerLag: async () => {
        asked++;
        return [{ group: 'g', topic: 'lesp.case-intake.events', partition: 0, lag }];
      },
      outboxBacklog: async () => 3,
    });
    const lagOf = async () => sampleSum(await scrape(), 'lesp_consumer_lag_messages', { group: 'g', partition: '0' });
    expect(await lagOf()).toBe(5);
    lag = 9;
    expect(await lagOf()).toBe(5);
    expect(asked).toBe(1);
    vi.setSystemTime(new Date('2026-03-01T00:00:11Z'));
    expect(await lagOf()).toBe(9);
    expect(asked).toBe(2);
    expect(sampleSum(await scrape(), 'lesp_outbox_backlog_commits')).toBe(3);
  });
});
