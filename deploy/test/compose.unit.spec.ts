import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '@lesp/service-bootstrap';
import { loadConsoleConfig } from '../../services/web-console/src/adapters/config.js';
import { containerEnv, dataOf, get, REPO, render, type K8sObject } from './render.js';
import { configSchemaOf, SERVICES } from './services.js';

/**
 * docker-compose.yml and the Kubernetes manifests describe the same platform: the same
 * services, ports and variables. Compose runs in development mode (development issuer, no
 * mTLS, no database users), so only those differ.
 */

interface ComposeService {
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  stop_grace_period?: string;
}

// Variables whose values differ on purpose: Compose serves plain HTTP (no Secure cookie) and
// keeps the development service token in the development issuer's volume.
const DIFFERENT_ON_PURPOSE = new Set(['CONSOLE_SECURE_COOKIE', 'SERVICE_TOKEN_FILE']);
// Settings of lesp-common that are the platform's behaviour, not the deployment's addresses.
const SHARED_SETTINGS = [
  'TOPIC_PREFIX',
  'KAFKA_PARTITIONS',
  'OUTBOX_POLL_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'GRPC_DEADLINE_MS',
  'LOG_LEVEL',
  'HOST',
];

let compose: Record<string, ComposeService>;
let manifests: K8sObject[];

beforeAll(() => {
  compose = (parse(readFileSync(`${REPO}docker-compose.yml`, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> })
    .services;
  // single-county is the base with managed addresses: the base's own settings.
  manifests = render('deploy/k8s/overlays/single-county');
}, 600_000);

/** A service's environment as Compose gives it with no variable set on the host (`${VAR:-default}` → default). */
const envOf = (name: string) =>
  Object.fromEntries(
    Object.entries(compose[name]?.environment ?? {}).map(([k, v]) => [
      k,
      String(v).replace(/\$\{[A-Z_]+(?::-([^}]*))?\}/g, (_w, fallback?: string) => fallback ?? ''),
    ]),
  );

describe('docker-compose.yml in step with deploy/k8s', () => {
  it('runs the same services as the manifests deploy', () => {
    const composed = Object.keys(compose).filter((name) => compose[name]!.environment?.['SERVICE'] !== undefined);
    const deployed = manifests.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    expect(composed.sort()).toEqual(deployed.sort());
    expect(composed.sort()).toEqual(SERVICES.map((s) => s.name).sort());
  });

  describe.each(SERVICES)('$name', (service) => {
    const deployment = () => get(manifests, 'Deployment', service.name);
    const container = () => deployment()['spec'].template.spec.containers[0];

    it('is built as itself and publishes the container ports of its Deployment', () => {
      const entry = compose[service.name]!;
      expect(entry.build?.args?.['SERVICE']).toBe(service.name);
      expect(envOf(service.name)['SERVICE']).toBe(service.name);
      const published = (entry.ports ?? []).map((p) =>
        Number(
          /(\d+)}?'?$/
            .exec(p.replace(/\$\{[A-Z_]+:-/, ''))![1]!
            .split(':')
            .at(-1),
        ),
      );
      const containerPorts = container().ports.map((p: { containerPort: number }) => p.containerPort);
      expect(published).toEqual(containerPorts);
      expect(envOf(service.name)['HTTP_PORT']).toBe(String(service.http));
      expect(envOf(service.name)['GRPC_PORT']).toBe(service.grpc === undefined ? undefined : String(service.grpc));
    });

    it("sets every variable of the service's ConfigMap, to the same value", () => {
      const own = dataOf(get(manifests, 'ConfigMap', `${service.name}-config`));
      const env = envOf(service.name);
      for (const [key, value] of Object.entries(own)) {
        if (key === 'MONGO_USERNAME') continue; // Compose's database has no users
        expect(env[key], key).toBeDefined();
        if (!DIFFERENT_ON_PURPOSE.has(key)) expect(env[key], key).toBe(value);
      }
      const common = containerEnv(manifests, container());
      for (const key of SHARED_SETTINGS) expect(env[key], key).toBe(common[key]);
    });

    it('is configured as its own schema requires (development mode)', () => {
      const env = envOf(service.name);
      expect(env['NODE_ENV']).toBe('development');
      if (service.definition) expect(() => loadConfig(configSchemaOf(service), env)).not.toThrow();
      else expect(() => loadConsoleConfig(env)).not.toThrow();
    });

    it('is given longer to stop than it takes to drain', () => {
      const grace = /^(\d+)s$/.exec(compose[service.name]!.stop_grace_period ?? '')?.[1];
      expect(Number(grace) * 1000).toBeGreaterThan(Number(envOf(service.name)['SHUTDOWN_TIMEOUT_MS']));
    });
  });
});
