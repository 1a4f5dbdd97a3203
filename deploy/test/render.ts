import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** Test helpers: render a Kustomize overlay with a real kustomize and read what it made. */

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const OVERLAYS = ['single-county', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML: the tests read what they check */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: any };
  [k: string]: any;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

let kustomizeBin: string | undefined;

/** The kustomize binary of deploy/test/kustomize.sh (built once from the Go module proxy when missing). */
export function kustomize(): string {
  kustomizeBin ??= execFileSync('bash', [`${REPO}deploy/test/kustomize.sh`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return kustomizeBin;
}

export function render(path: string): K8sObject[] {
  const yaml = execFileSync(kustomize(), ['build', `${REPO}${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(yaml)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

export function get(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = find(objects, kind, name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
}

/** A Kubernetes quantity in bytes (memory) or cores (cpu). */
export function quantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^([0-9.]+)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (!match) throw new Error(`not a quantity: ${value}`);
  const factor: Record<string, number> = {
    m: 1e-3,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(match[1]) * (match[2] ? factor[match[2]]! : 1);
}

/** The data of a ConfigMap or Secret as strings (a Secret's `data` decoded). */
export function dataOf(object: K8sObject): Record<string, string> {
  const decoded = Object.fromEntries(
    Object.entries((object['data'] ?? {}) as Record<string, string>).map(([k, v]) => [
      k,
      object.kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v,
    ]),
  );
  return { ...decoded, ...((object['stringData'] ?? {}) as Record<string, string>) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Container = Record<string, any>;

/**
 * A container's environment as Kubernetes would give it: envFrom sources in order, then `env`
 * with references resolved and `$(VAR)` expanded from the variables defined before.
 * Optional references to what is not rendered are left out, as the kubelet does.
 */
export function containerEnv(objects: readonly K8sObject[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container['envFrom'] ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    const object = find(objects, kind, ref.name);
    if (!object) {
      if (ref.optional) continue;
      throw new Error(`envFrom ${kind} ${ref.name} is not rendered`);
    }
    Object.assign(env, dataOf(object));
  }
  for (const variable of container['env'] ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = String(variable.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole);
      continue;
    }
    const from = variable.valueFrom ?? {};
    const ref = from.configMapKeyRef ?? from.secretKeyRef;
    if (!ref) continue; // fieldRef / resourceFieldRef: not configuration
    const kind = from.configMapKeyRef ? 'ConfigMap' : 'Secret';
    const object = find(objects, kind, ref.name);
    const value = object ? dataOf(object)[ref.key] : undefined;
    if (value === undefined) {
      if (ref.optional) continue;
      throw new Error(`env ${variable.name}: ${kind} ${ref.name} has no key ${ref.key}`);
    }
    env[variable.name] = value;
  }
  return env;
}

/** Where a file path inside the container comes from: the volume mounted above it and the key in it. */
export function mountedFile(objects: readonly K8sObject[], podSpec: Container, container: Container, path: string): string | undefined {
  for (const mount of container['volumeMounts'] ?? []) {
    const prefix = `${String(mount.mountPath).replace(/\/$/, '')}/`;
    if (!path.startsWith(prefix)) continue;
    const file = path.slice(prefix.length);
    const volume = (podSpec['volumes'] ?? []).find((v: Container) => v['name'] === mount.name);
    if (!volume) return undefined;
    const source = volume.secret
      ? { kind: 'Secret', name: volume.secret.secretName, items: volume.secret.items }
      : volume.configMap
        ? { kind: 'ConfigMap', name: volume.configMap.name, items: volume.configMap.items }
        : undefined;
    if (!source) return undefined;
    const object = find(objects, source.kind, source.name);
    if (!object) return undefined;
    const key = source.items ? source.items.find((i: { path: string }) => i.path === file)?.key : file;
    return key === undefined ? undefined : dataOf(object)[key];
  }
  return undefined;
}
