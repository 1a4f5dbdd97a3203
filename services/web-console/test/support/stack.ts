import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { integrationEnv, type ServiceProcess, type WebConsoleProcess } from '@lesp/test-infra';

/**
 * The end of every console browser test: the browser, the console, the services it called,
 * then the services' databases (each test file has its own).
 */
export async function stopConsoleStack(stack: {
  browser: Browser | undefined;
  web: WebConsoleProcess | undefined;
  services: readonly (ServiceProcess | undefined)[];
  databases: readonly string[];
}): Promise<void> {
  // Each step runs whatever the one before did; the first failure is reported at the end.
  const failures: unknown[] = [];
  const step = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(error);
    }
  };
  await step(async () => stack.browser?.close());
  await step(async () => stack.web?.stop());
  await step(async () => Promise.all(stack.services.map((s) => s?.stop())));
  await step(async () => {
    const client = new MongoClient(integrationEnv().mongoUrl);
    await client.connect();
    try {
      for (const database of stack.databases) await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
  });
  if (failures.length > 0) throw failures[0];
}
