import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { createTestKafka, integrationEnv } from '../src/helpers.js';
import { RunLeftovers } from '../src/leftovers.js';
import { randomBytes } from 'node:crypto';

describe('RunLeftovers.sweep', () => {
  const env = integrationEnv();
  const admin = createTestKafka().admin();
  const mongo = new MongoClient(env.mongoUrl);
  // Suffixes of a ledger of this test's own, not the run's: the run's sweep must not be what is tested.
  const mine = randomBytes(4).toString('hex');
  const other = randomBytes(4).toString('hex');

  afterAll(async () => {
    await admin.deleteTopics({ topics: [`sweep-${other}.events`] }).catch(() => undefined);
    await mongo
      .db(`sweep_${other}`)
      .dropDatabase()
      .catch(() => undefined);
    await admin.disconnect();
    await mongo.close();
  });

  it("deletes the topics and databases named with the ledger's suffixes and nothing else", async () => {
    await admin.connect();
    await mongo.connect();
    await admin.createTopics({
      topics: [`sweep-${mine}.events`, `sweep-${other}.events`].map((topic) => ({ topic })),
      waitForLeaders: true,
    });
    for (const name of [`sweep_${mine}`, `sweep_${other}`])
      await mongo
        .db(name)
        .collection('c')
        .insertOne({ _id: 1 } as never);
    const leftovers = RunLeftovers.start(join(mkdtempSync(join(tmpdir(), 'lesp-sweep-')), 'run.suffixes'));
    RunLeftovers.record(leftovers.ledgerFile, mine);

    const swept = await leftovers.sweep(env);

    expect(swept).toEqual({ topics: [`sweep-${mine}.events`], databases: [`sweep_${mine}`], errors: [] });
    const topics = await admin.listTopics();
    expect(topics).not.toContain(`sweep-${mine}.events`);
    expect(topics).toContain(`sweep-${other}.events`);
    const databases = (await mongo.db('admin').admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
    expect(databases).not.toContain(`sweep_${mine}`);
    expect(databases).toContain(`sweep_${other}`);
  });
});
