/**
 * Case intake recording acts while supervision and public disclosure consume them, each an OS
 * process of its own (startServiceProcess), against the Kafka and database given: the shared
 * test infrastructure or a private one (private-infra.ts). Services can be killed, restarted
 * and replicated; their databases are read directly to count what each one holds.
 */
import { MongoClient, type Db } from 'mongodb';
import { Kafka, logLevel } from 'kafkajs';
import { devTokens, startServiceProcess, uniqueSuffix, type ServiceName, type ServiceProcess } from '@lesp/test-infra';

export const COUNTY = '431103';
export const AGENCY = 'cgj';
export const OFFICER = 'o-1';

export type StackService = 'case-intake' | 'supervision' | 'public-disclosure';
export const STACK_SERVICES: readonly StackService[] = ['case-intake', 'supervision', 'public-disclosure'];

export interface FaultStackOptions {
  readonly label: string;
  readonly kafkaBrokers: string;
  readonly mongoUrl: string;
  readonly partitions: number;
}

export class FaultStack {
  /** Running replicas per service (supervision may have several). */
  readonly replicas = new Map<StackService, ServiceProcess[]>();
  readonly prefix: string;
  readonly mongo: MongoClient;
  readonly kafka: Kafka;
  clerk = '';
  supervisor = '';

  private constructor(readonly options: FaultStackOptions) {
    const suffix = uniqueSuffix();
    this.prefix = `f-${options.label}-${suffix}`;
    this.mongo = new MongoClient(options.mongoUrl, { serverSelectionTimeoutMS: 30_000 });
    this.kafka = new Kafka({
      clientId: `${this.prefix}-probe`,
      brokers: options.kafkaBrokers.split(','),
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 300, retries: 10 },
    });
  }

  static async start(options: FaultStackOptions): Promise<FaultStack> {
    const stack = new FaultStack(options);
    await stack.mongo.connect();
    const started = await Promise.all(
      STACK_SERVICES.map((name) => startServiceProcess(name, stack.env(name), { readyTimeoutMs: 120_000 })),
    );
    started.forEach((process, i) => stack.replicas.set(STACK_SERVICES[i]!, [process]));
    const tokens = await devTokens();
    stack.supervisor = await tokens.issue({ subject: 'sup-431103', role: 'county_supervisor', countyCode: COUNTY });
    stack.clerk = await tokens.issue({ subject: `clerk-${AGENCY}`, role: 'agency_clerk', countyCode: COUNTY, agencyId: AGENCY });
    await stack.post('/agencies', stack.supervisor, {
      agencyId: AGENCY,
      name: '冷水滩区城市管理和综合执法局',
      creditCode: '11431103MB1A23456Q',
      kind: '行政机关',
    });
    await stack.post('/officers', stack.supervisor, {
      officerId: OFFICER,
      agencyId: AGENCY,
      name: '执法员01',
      idNumber: '431103198512310021',
      certificateNumber: '湘执法-4311-01',
      certificateValidUntil: '2030-12-31T00:00:00+08:00',
      enforcementAreas: ['城市管理'],
    });
    return stack;
  }

  /** The environment a service process of this stack gets. */
  env(name: ServiceName): Record<string, string> {
    return {
      KAFKA_BROKERS: this.options.kafkaBrokers,
      MONGO_URL: this.options.mongoUrl,
      MONGO_DB: this.databaseName(name as StackService),
      TOPIC_PREFIX: this.prefix,
      KAFKA_PARTITIONS: String(this.options.partitions),
      TIMER_POLL_MS: '500',
      // Entries publish themselves at the decision: DecisionPublished goes on to supervision.
      DISCLOSURE_AUTO_PUBLISH: 'decision',
    };
  }

  databaseName(name: StackService): string {
    return `${this.prefix.replace(/-/g, '_')}_${name.replace(/-/g, '_')}`;
  }

  db(name: StackService): Db {
    return this.mongo.db(this.databaseName(name));
  }

  /** The first running replica. */
  service(name: StackService): ServiceProcess {
    const first = this.replicas.get(name)?.[0];
    if (!first) throw new Error(`${name}: no replica running`);
    return first;
  }

  caseIntakeUrl = (): string => this.service('case-intake').httpUrl;

  /** SIGKILL one replica (the first unless said), no goodbye. */
  async kill(name: StackService, index = 0): Promise<ServiceProcess> {
    const list = this.replicas.get(name) ?? [];
    const victim = list[index];
    if (!victim) throw new Error(`${name}: no replica ${index}`);
    list.splice(index, 1);
    await victim.kill();
    return victim;
  }

  /** Starts one more replica (or the service again after a kill), ready when this resolves. */
  async addReplica(name: StackService): Promise<ServiceProcess> {
    const replica = await startServiceProcess(name, this.env(name), { readyTimeoutMs: 120_000 });
    this.replicas.set(name, [...(this.replicas.get(name) ?? []), replica]);
    return replica;
  }

  consumerGroup(name: StackService): string {
    return `${this.prefix}.${name}`;
  }

  topic(context: StackService): string {
    return `${this.prefix}.${context}.events`;
  }

  async post(path: string, token: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.caseIntakeUrl()}/api/v1/counties/${COUNTY}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201 && response.status !== 200) throw new Error(`${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  }

  /** Stops every replica (SIGTERM), drops the databases and closes the clients. */
  async stop(): Promise<void> {
    await Promise.all([...this.replicas.values()].flat().map((replica) => replica.stop()));
    this.replicas.clear();
    for (const name of STACK_SERVICES)
      await this.db(name)
        .dropDatabase()
        .catch(() => undefined);
    await this.mongo.close();
  }
}
