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
  await stack.browser?.close();
  await stack.web?.stop();
  await Promise.all(stack.services.map((s) => s?.stop()));
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  for (const database of stack.databases)
    await client
      .db(database)
      .dropDatabase()
      .catch(() => undefined);
  await client.close();
}
