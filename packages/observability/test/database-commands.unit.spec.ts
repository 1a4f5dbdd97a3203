import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { commandCollection, observeDatabaseCommands, parsePrometheusText, registry, sampleSum } from '../src/index.js';

const scrape = async () => parsePrometheusText(await registry.metrics());
const count = (samples: Awaited<ReturnType<typeof scrape>>, labels: Record<string, string>) =>
  sampleSum(samples, 'lesp_db_command_duration_seconds_count', labels);
const sum = (samples: Awaited<ReturnType<typeof scrape>>, labels: Record<string, string>) =>
  sampleSum(samples, 'lesp_db_command_duration_seconds_sum', labels);

describe('observeDatabaseCommands', () => {
  it('times each command under its command name and collection, with its outcome', async () => {
    const client = new EventEmitter();
    observeDatabaseCommands(client);
    const before = await scrape();

    client.emit('commandStarted', { requestId: 1, commandName: 'insert', command: { insert: 'dbc_commits', documents: [] } });
    client.emit('commandStarted', { requestId: 2, commandName: 'find', command: { find: 'dbc_acts', filter: {} } });
    client.emit('commandSucceeded', { requestId: 2, commandName: 'find', duration: 4 });
    client.emit('commandFailed', { requestId: 1, commandName: 'insert', duration: 250 });
    client.emit('commandStarted', { requestId: 3, commandName: 'getMore', command: { getMore: 42n, collection: 'dbc_acts' } });
    client.emit('commandSucceeded', { requestId: 3, commandName: 'getMore', duration: 2 });
    client.emit('commandStarted', { requestId: 4, commandName: 'ping', command: { ping: 1 } });
    client.emit('commandSucceeded', { requestId: 4, commandName: 'ping', duration: 1 });
    // An end without a start (a listener attached mid-command) is not counted.
    client.emit('commandSucceeded', { requestId: 99, commandName: 'find', duration: 1 });

    const after = await scrape();
    const moved = (labels: Record<string, string>) => count(after, labels) - count(before, labels);
    expect(moved({ command: 'insert', collection: 'dbc_commits', outcome: 'error' })).toBe(1);
    expect(moved({ command: 'insert', collection: 'dbc_commits', outcome: 'ok' })).toBe(0);
    expect(moved({ command: 'find', collection: 'dbc_acts', outcome: 'ok' })).toBe(1);
    expect(moved({ command: 'getMore', collection: 'dbc_acts', outcome: 'ok' })).toBe(1);
    expect(moved({ command: 'ping', collection: '', outcome: 'ok' })).toBe(1);
    expect(
      sum(after, { command: 'insert', collection: 'dbc_commits' }) - sum(before, { command: 'insert', collection: 'dbc_commits' }),
    ).toBeCloseTo(0.25);
  });

  it('reads the collection a command names', () => {
    expect(commandCollection({ commandName: 'update', command: { update: 'rm_acts', updates: [] } })).toBe('rm_acts');
    expect(commandCollection({ commandName: 'getMore', command: { getMore: 7, collection: 'rm_acts' } })).toBe('rm_acts');
    expect(commandCollection({ commandName: 'aggregate', command: { aggregate: 1, pipeline: [] } })).toBe('');
  });
});
