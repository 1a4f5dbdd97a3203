import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, trustedIssuers, type BaseConfig } from '@lesp/service-bootstrap';
import { loadConsoleConfig } from '../../services/web-console/src/adapters/config.js';
import { complaintTrackingSecret } from '../../services/case-intake/src/application/complaint-tracking.js';
import { importOptions } from '../../services/case-intake/src/import-module.js';
import { containerEnv, dataOf, find, get, mountedFile, OVERLAYS, quantity, render, type K8sObject, type Overlay } from './render.js';
import { isKubernetesApi, schemaProblems, typeProblems } from './k8s-schema.js';
import { isStrimzi, strimziProblems } from './strimzi-shape.js';
import { configSchemaOf, consumedTopics, platformTopics, SERVICES } from './services.js';

/**
 * The Kubernetes manifests (deploy/k8s), validated without a cluster: each overlay rendered by
 * kustomize, every object checked against the Kubernetes API (bundled OpenAPI validators and
 * the API's TypeScript declarations, which refuse unknown fields), Strimzi's resources by a
 * shape check of our own, and the platform's rules: probes, requests and limits under 300 MB,
 * an autoscaler, a disruption budget, config and secrets for every service, configuration the
 * services' own schemas accept, topics and partitions as the code names them.
 */

const MAX_MEMORY = 300 * 1024 ** 2;
const rendered = new Map<Overlay, K8sObject[]>();

beforeAll(() => {
  for (const overlay of OVERLAYS) rendered.set(overlay, render(`deploy/k8s/overlays/${overlay}`));
}, 600_000); // the first run may build kustomize from the Go module proxy

const objectsOf = (overlay: Overlay) => rendered.get(overlay)!;
const podSpec = (deployment: K8sObject) => deployment['spec'].template.spec;
const mainContainer = (deployment: K8sObject) =>
  podSpec(deployment).containers.find((c: { name: string }) => c.name === deployment.metadata.name);

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  it('renders only objects of the Kubernetes API and of Strimzi', () => {
    const unknown = objectsOf(overlay).filter((o) => !isKubernetesApi(o.apiVersion) && !isStrimzi(o));
    expect(unknown.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([]);
  });

  it("validates every Kubernetes object against the API's OpenAPI schema", async () => {
    expect(await schemaProblems(objectsOf(overlay).filter((o) => isKubernetesApi(o.apiVersion)))).toEqual([]);
  });

  it('uses no field the Kubernetes API does not have (TypeScript excess-property check)', () => {
    expect(typeProblems(objectsOf(overlay).filter((o) => isKubernetesApi(o.apiVersion)))).toEqual([]);
  }, 60_000);

  it("gives Strimzi's resources a shape the operator accepts (own minimal check, no bundled CRD schema)", () => {
    expect(strimziProblems(objectsOf(overlay))).toEqual([]);
  });

  it('puts every namespaced object in one namespace, which it creates', () => {
    const objects = objectsOf(overlay);
    const namespace = objects.find((o) => o.kind === 'Namespace')?.metadata.name;
    expect(namespace).toBeDefined();
    expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== namespace).map((o) => o.metadata.name)).toEqual([]);
  });

  it('pins every image to a tag (never latest)', () => {
    const images = objectsOf(overlay).flatMap((o) => {
      const spec = o.kind === 'CronJob' ? o['spec'].jobTemplate.spec.template.spec : o['spec']?.template?.spec;
      return spec ? [...(spec.initContainers ?? []), ...spec.containers].map((c: { image: string }) => c.image) : [];
    });
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((image) => !/:[\w][\w.-]*$/.test(image) || image.endsWith(':latest'))).toEqual([]);
  });

  it('commits no real secret: every Secret value is a placeholder', () => {
    const secrets = objectsOf(overlay).filter((o) => o.kind === 'Secret');
    expect(secrets.length).toBeGreaterThan(0);
    const real = secrets.flatMap((secret) =>
      Object.entries(dataOf(secret))
        .filter(([key, value]) => !/USERNAME$/.test(key) && !value.includes('REPLACE-ME'))
        .map(([key]) => `${secret.metadata.name}.${key}`),
    );
    expect(real).toEqual([]);
  });

  it('resolves every ConfigMap and Secret a pod refers to (env, envFrom, volumes)', () => {
    const objects = objectsOf(overlay);
    const missing: string[] = [];
    for (const o of objects) {
      const spec = o.kind === 'CronJob' ? o['spec'].jobTemplate.spec.template.spec : o['spec']?.template?.spec;
      if (!spec) continue;
      for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
        try {
          containerEnv(objects, container);
        } catch (error) {
          missing.push(`${o.metadata.name}/${container.name}: ${(error as Error).message}`);
        }
      }
      for (const volume of spec.volumes ?? []) {
        const ref = volume.secret
          ? ['Secret', volume.secret.secretName]
          : volume.configMap
            ? ['ConfigMap', volume.configMap.name]
            : volume.persistentVolumeClaim
              ? ['PersistentVolumeClaim', volume.persistentVolumeClaim.claimName]
              : undefined;
        if (ref && !find(objects, ref[0]!, ref[1]!)) missing.push(`${o.metadata.name}: volume ${volume.name} → ${ref.join(' ')}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every Deployment and StatefulSet a disruption budget that selects its pods', () => {
    const objects = objectsOf(overlay);
    const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    const uncovered = workloads.filter((w) => {
      const labels = w['spec'].template.metadata.labels as Record<string, string>;
      return !budgets.some((b) =>
        Object.entries(b['spec'].selector.matchLabels as Record<string, string>).every(([k, v]) => labels[k] === v),
      );
    });
    expect(uncovered.map((w) => w.metadata.name)).toEqual([]);
  });

  describe.each(SERVICES)('service $name', (service) => {
    const deployment = () => get(objectsOf(overlay), 'Deployment', service.name);

    it('runs with its HTTP (and gRPC) port, Prometheus scrape annotations on /metrics and an optional OTLP endpoint', () => {
      const container = mainContainer(deployment());
      const ports = Object.fromEntries(container.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]));
      expect(ports).toEqual(service.grpc ? { http: service.http, grpc: service.grpc } : { http: service.http });
      expect(deployment()['spec'].template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(service.http),
        'prometheus.io/path': '/metrics',
      });
      const otel = container.env.find((e: { name: string }) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT');
      expect(otel?.valueFrom?.configMapKeyRef?.optional).toBe(true);
    });

    it('has liveness (/healthz), readiness (/readyz) and start-up probes on its HTTP port', () => {
      const container = mainContainer(deployment());
      for (const [probe, path] of [
        ['livenessProbe', '/healthz'],
        ['readinessProbe', '/readyz'],
        ['startupProbe', '/healthz'],
      ] as const) {
        expect(container[probe]?.httpGet, `${probe}`).toMatchObject({ path, port: 'http' });
      }
    });

    it('requests CPU and memory and is limited to at most 300Mi of memory', () => {
      const { requests, limits } = mainContainer(deployment()).resources ?? {};
      expect(requests?.cpu && requests?.memory && limits?.cpu && limits?.memory, 'requests and limits for cpu and memory').toBeTruthy();
      expect(quantity(limits.memory)).toBeLessThanOrEqual(MAX_MEMORY);
      expect(quantity(requests.memory)).toBeLessThanOrEqual(quantity(limits.memory));
      expect(quantity(requests.cpu)).toBeLessThanOrEqual(quantity(limits.cpu));
    });

    it('stops within its grace period (SHUTDOWN_TIMEOUT_MS below terminationGracePeriodSeconds)', () => {
      const env = containerEnv(objectsOf(overlay), mainContainer(deployment()));
      expect(Number(env['SHUTDOWN_TIMEOUT_MS'])).toBeLessThan(podSpec(deployment()).terminationGracePeriodSeconds * 1000);
    });

    it('has a Service with the same ports selecting its pods', () => {
      const svc = get(objectsOf(overlay), 'Service', service.name);
      expect(svc['spec'].selector).toEqual(deployment()['spec'].selector.matchLabels);
      const ports = svc['spec'].ports.map((p: { port: number; targetPort: string }) => [p.port, p.targetPort]);
      expect(ports).toEqual(
        service.grpc
          ? [
              [service.http, 'http'],
              [service.grpc, 'grpc'],
            ]
          : [[service.http, 'http']],
      );
    });

    it('has an autoscaler, and no more consumer replicas than the partitions of a topic it consumes', () => {
      const objects = objectsOf(overlay);
      const hpa = get(objects, 'HorizontalPodAutoscaler', service.name);
      expect(hpa['spec'].scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: service.name });
      expect(hpa['spec'].minReplicas).toBeGreaterThanOrEqual(1);
      expect(hpa['spec'].maxReplicas).toBeGreaterThanOrEqual(hpa['spec'].minReplicas);
      expect(deployment()['spec'].replicas, 'the autoscaler owns the replica count').toBeUndefined();
      if (!service.definition) return;
      const partitions = topicPartitions(overlay);
      const env = containerEnv(objects, mainContainer(deployment()));
      for (const topic of consumedTopics(env['TOPIC_PREFIX']!, service.definition)) {
        expect(partitions.get(topic), topic).toBeGreaterThanOrEqual(hpa['spec'].maxReplicas);
      }
    });

    it('has a ConfigMap and a Secret of its own', () => {
      const objects = objectsOf(overlay);
      const container = mainContainer(deployment());
      const configMaps: string[] = container.envFrom
        .filter((e: { configMapRef?: unknown }) => e.configMapRef)
        .map((e: { configMapRef: { name: string } }) => e.configMapRef.name);
      expect(configMaps).toContain(`${service.name}-config`);
      const secrets = [
        ...container.env.map((e: { valueFrom?: { secretKeyRef?: { name: string } } }) => e.valueFrom?.secretKeyRef?.name),
        ...podSpec(deployment()).volumes.map((v: { secret?: { secretName: string } }) => v.secret?.secretName),
      ].filter((name): name is string => typeof name === 'string' && name.startsWith(service.name));
      expect(secrets.length).toBeGreaterThan(0);
      for (const name of secrets) expect(find(objects, 'Secret', name), name).toBeDefined();
    });

    it("configures it as the service's own configuration schema requires, in production mode", () => {
      const objects = objectsOf(overlay);
      const container = mainContainer(deployment());
      const env = containerEnv(objects, container);
      expect(env['NODE_ENV']).toBe('production');
      // Each service its own database user (the console too: sessions, report jobs, audit log).
      expect(env['MONGO_URL']).toMatch(/^mongodb:\/\/lesp_[a-z_]+:[^@]+@[^/]+\/\?/);
      // Every file the configuration names is mounted, from a key that exists.
      for (const name of Object.keys(env).filter((n) => n.endsWith('_FILE'))) {
        expect(mountedFile(objects, podSpec(deployment()), container, env[name]!), `${name}=${env[name]}`).toBeDefined();
      }
      const issuersJson = mountedFile(objects, podSpec(deployment()), container, env['AUTH_ISSUERS_FILE']!)!;
      if (service.definition) {
        const config = loadConfig(configSchemaOf(service), env);
        expect(trustedIssuers({ ...config, AUTH_ISSUERS: issuersJson }).length).toBeGreaterThan(0);
      } else {
        const config = loadConsoleConfig(env);
        expect(trustedIssuers({ ...(config as unknown as BaseConfig), AUTH_ISSUERS: issuersJson }).length).toBeGreaterThan(0);
      }
      if (service.name === 'case-intake') {
        expect(() => importOptions(env)).not.toThrow();
        // A placeholder left in place stops case intake instead of signing tracking numbers with a known key.
        expect(() => complaintTrackingSecret(env)).toThrow(/COMPLAINT_TRACKING_SECRET/);
      }
    });
  });
});

/** Partitions per topic as the overlay creates them: KafkaTopic resources, or what the topics Job runs. */
function topicPartitions(overlay: Overlay): Map<string, number> {
  const objects = objectsOf(overlay);
  const topics = objects.filter((o) => o.kind === 'KafkaTopic');
  if (topics.length > 0) return new Map(topics.map((t) => [t['spec'].topicName ?? t.metadata.name, t['spec'].partitions as number]));
  return new Map(runTopicsJob(objects).map((t) => [t.topic, t.partitions]));
}

/**
 * Runs the topics Job's script as its container would, with kafka-topics.sh and
 * kafka-configs.sh replaced by stubs that record their arguments.
 */
function runTopicsJob(objects: readonly K8sObject[]): { topic: string; partitions: number; replication: number; configs: string }[] {
  const job = get(objects, 'Job', 'lesp-kafka-topics');
  const container = job['spec'].template.spec.containers[0];
  const dir = mkdtempSync(join(tmpdir(), 'lesp-topics-job-'));
  try {
    const log = join(dir, 'calls.log');
    for (const tool of ['kafka-topics.sh', 'kafka-configs.sh']) {
      writeFileSync(join(dir, tool), `#!/bin/bash\necho "${tool} $*" >> "${log}"\n`);
      chmodSync(join(dir, tool), 0o755);
    }
    const [shell, flags, script] = container.command as string[];
    execFileSync(shell!, [flags!, script!.replaceAll('/opt/kafka/bin/', `${dir}/`)], {
      env: { PATH: process.env['PATH'], ...containerEnv(objects, container) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    const created = calls.filter((c) => c.startsWith('kafka-topics.sh') && c.includes('--create'));
    const configured = calls.filter((c) => c.startsWith('kafka-configs.sh'));
    return created.map((call) => {
      const arg = (name: string) => new RegExp(`${name} (\\S+)`).exec(call)?.[1] ?? '';
      const topic = arg('--topic');
      return {
        topic,
        partitions: Number(arg('--partitions')),
        replication: Number(arg('--replication-factor')),
        configs: configured.find((c) => c.includes(`--entity-name ${topic} `)) ?? '',
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Kafka topics', () => {
  it.each(OVERLAYS)('%s: creates exactly the topics the code uses, with lesp-common partitions and replication', (overlay) => {
    const objects = objectsOf(overlay);
    const common = dataOf(get(objects, 'ConfigMap', 'lesp-common'));
    const expected = platformTopics(common['TOPIC_PREFIX']!);
    const kafkaTopics = objects.filter((o) => o.kind === 'KafkaTopic');
    const declared =
      kafkaTopics.length > 0
        ? kafkaTopics.map((t) => ({
            topic: t['spec'].topicName as string,
            partitions: t['spec'].partitions as number,
            replication: t['spec'].replicas as number,
          }))
        : runTopicsJob(objects);
    expect(declared.map((t) => t.topic).sort()).toEqual(expected);
    for (const topic of declared) {
      // A service that creates a missing topic itself uses these two: the same counts either way.
      expect(topic.partitions, topic.topic).toBe(Number(common['KAFKA_PARTITIONS']));
      expect(topic.replication, topic.topic).toBe(Number(common['KAFKA_REPLICATION_FACTOR']));
    }
  });

  it('the topics Job keeps events for good and sets min.insync.replicas on topics a service may have created first', () => {
    const topics = runTopicsJob(objectsOf('single-county'));
    for (const topic of topics) {
      expect(topic.configs, topic.topic).toMatch(/min\.insync\.replicas=2/);
      expect(topic.configs, topic.topic).toMatch(topic.topic.includes('.dlt.') ? /retention\.ms=\d+/ : /retention\.ms=-1/);
    }
  });

  it('production: KafkaTopic events topics keep every event', () => {
    const events = objectsOf('production').filter((o) => o.kind === 'KafkaTopic' && !o['spec'].topicName.includes('.dlt.'));
    expect(events.length).toBe(4);
    for (const topic of events) expect(topic['spec'].config['retention.ms'], topic.metadata.name).toBe(-1);
  });
});

describe('production overlay', () => {
  it('runs a three-node KRaft Kafka (controllers and brokers) that the services reach', () => {
    const objects = objectsOf('production');
    const kafka = objects.find((o) => o.kind === 'Kafka')!;
    const pools = objects.filter((o) => o.kind === 'KafkaNodePool');
    expect(pools.filter((p) => p['spec'].roles.includes('broker')).reduce((n, p) => n + p['spec'].replicas, 0)).toBe(3);
    expect(pools.filter((p) => p['spec'].roles.includes('controller')).reduce((n, p) => n + p['spec'].replicas, 0)).toBe(3);
    const listener = kafka['spec'].kafka.listeners[0];
    const common = dataOf(get(objects, 'ConfigMap', 'lesp-common'));
    expect(common['KAFKA_BROKERS']).toBe(`${kafka.metadata.name}-kafka-bootstrap:${listener.port}`);
    expect(Number(common['KAFKA_REPLICATION_FACTOR'])).toBe(3);
  });

  it('runs a three-member MongoDB replica set the services connect to as one, each with its own user and nightly dump', () => {
    const objects = objectsOf('production');
    const mongo = get(objects, 'StatefulSet', 'mongo');
    expect(mongo['spec'].replicas).toBe(3);
    const args: string[] = mongo['spec'].template.spec.containers[0].args;
    const replicaSet = args[args.indexOf('--replSet') + 1];
    const common = dataOf(get(objects, 'ConfigMap', 'lesp-common'));
    expect(common['MONGO_HOSTS']!.split(',')).toEqual([0, 1, 2].map((i) => `mongo-${i}.${mongo['spec'].serviceName}:27017`));
    expect(common['MONGO_OPTIONS']).toContain(`replicaSet=${replicaSet}`);
    const init = Object.values(dataOf(get(objects, 'ConfigMap', 'mongo-init'))).join('\n');
    const backup = get(objects, 'CronJob', 'mongo-backup')['spec'].jobTemplate.spec.template.spec.containers[0].command.join(' ');
    expect(init).toContain(`_id: '${replicaSet}'`);
    for (const service of SERVICES) {
      const user = dataOf(get(objects, 'ConfigMap', `${service.name}-config`))['MONGO_USERNAME']!;
      // The user is named after the database the service uses by default (lesp_<service>).
      expect(user).toBe(`lesp_${service.name.replace(/-/g, '_')}`);
      expect(init).toContain(`${user}:`);
      expect(backup).toContain(user);
    }
  });

  it('trusts one identity provider per province, each for its own counties', () => {
    const issuers = JSON.parse(dataOf(get(objectsOf('production'), 'ConfigMap', 'lesp-auth-issuers'))['issuers.json']!) as {
      counties?: string[];
    }[];
    const counties = issuers.flatMap((i) => i.counties ?? []);
    expect(new Set(counties.map((c) => c.slice(0, 2))).size).toBeGreaterThanOrEqual(3);
    expect(new Set(counties).size).toBe(counties.length);
  });
});
