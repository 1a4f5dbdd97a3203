import { quantity, type K8sObject } from './render.js';

/**
 * A minimal check of Strimzi's resources (Kafka, KafkaNodePool, KafkaTopic), written here
 * because no npm package bundles Strimzi's CRD schemas: the fields we use, their types, the
 * references between them and the rules Strimzi itself enforces that would stop the
 * operator (KRaft annotations, a supported Kafka version, config keys it forbids, topic
 * replicas within the brokers). It is not Strimzi's full schema.
 */

const API = 'kafka.strimzi.io/v1beta2';
// Strimzi 0.45 runs these Kafka releases (the last line with Kafka 3.x).
const SUPPORTED_KAFKA = ['3.8.0', '3.8.1', '3.9.0'];
// Config keys (and prefixes, ending in ".") the operator manages itself and refuses in spec.kafka.config.
const FORBIDDEN_CONFIG = [
  'listeners',
  'advertised.',
  'broker.',
  'listener.',
  'host.name',
  'port',
  'inter.broker.listener.name',
  'sasl.',
  'ssl.',
  'security.',
  'password.',
  'log.dir',
  'zookeeper.',
  'authorizer.',
  'super.user',
  'node.id',
  'process.roles',
  'controller.',
  'metadata.log.dir',
];
const KEYS = {
  Kafka: ['kafka', 'entityOperator', 'cruiseControl', 'kafkaExporter', 'clusterCa', 'clientsCa', 'maintenanceTimeWindows'],
  'Kafka.kafka': [
    'version',
    'metadataVersion',
    'listeners',
    'config',
    'template',
    'authorization',
    'rack',
    'logging',
    'metricsConfig',
    'resources',
    'jvmOptions',
  ],
  KafkaNodePool: ['replicas', 'roles', 'storage', 'resources', 'jvmOptions', 'template'],
  KafkaTopic: ['topicName', 'partitions', 'replicas', 'config'],
  listener: ['name', 'port', 'type', 'tls', 'authentication', 'configuration', 'networkPolicyPeers'],
  volume: ['id', 'type', 'size', 'class', 'deleteClaim', 'kraftMetadata', 'selector'],
} as const;

export function isStrimzi(object: K8sObject): boolean {
  return object.apiVersion.startsWith('kafka.strimzi.io/');
}

export function strimziProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const strimzi = objects.filter(isStrimzi);
  const clusters = new Set(strimzi.filter((o) => o.kind === 'Kafka').map((o) => o.metadata.name));
  const pools = strimzi.filter((o) => o.kind === 'KafkaNodePool');
  const brokers = (cluster: string) =>
    pools
      .filter((p) => p.metadata['labels']?.['strimzi.io/cluster'] === cluster && p['spec']?.roles?.includes('broker'))
      .reduce((n, p) => n + Number(p['spec'].replicas), 0);

  for (const object of strimzi) {
    const where = `${object.kind} ${object.metadata.name}`;
    const problem = (text: string) => problems.push(`${where}: ${text}`);
    const onlyKeys = (value: unknown, allowed: readonly string[], path: string) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem(`${path} must be an object`);
      for (const key of Object.keys(value)) if (!allowed.includes(key)) problem(`${path}.${key} is not a field this check knows`);
    };
    if (object.apiVersion !== API) problem(`apiVersion ${object.apiVersion}, expected ${API}`);
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(object.metadata.name)) problem('metadata.name is not a DNS subdomain');
    const spec = object['spec'];

    if (object.kind === 'Kafka') {
      onlyKeys(spec, KEYS.Kafka, 'spec');
      onlyKeys(spec?.kafka, KEYS['Kafka.kafka'], 'spec.kafka');
      const annotations = object.metadata['annotations'] ?? {};
      if (annotations['strimzi.io/kraft'] !== 'enabled') problem('KRaft needs annotation strimzi.io/kraft: enabled');
      if (annotations['strimzi.io/node-pools'] !== 'enabled') problem('node pools need annotation strimzi.io/node-pools: enabled');
      const version = String(spec?.kafka?.version);
      if (!SUPPORTED_KAFKA.includes(version)) problem(`Kafka ${version} is not one Strimzi 0.45 runs (${SUPPORTED_KAFKA.join(', ')})`);
      if (!String(spec?.kafka?.metadataVersion).startsWith(version.split('.').slice(0, 2).join('.')))
        problem('metadataVersion does not match the Kafka version');
      const listeners = spec?.kafka?.listeners;
      if (!Array.isArray(listeners) || listeners.length === 0) problem('spec.kafka.listeners must list at least one listener');
      for (const listener of listeners ?? []) {
        onlyKeys(listener, KEYS.listener, 'listener');
        if (!/^[a-z0-9]{1,11}$/.test(String(listener.name)))
          problem(`listener name ${listener.name}: lower-case letters and digits, at most 11`);
        if (!Number.isInteger(listener.port) || listener.port < 9092 || listener.port > 65535)
          problem(`listener port ${listener.port}: 9092 or above`);
        if (!['internal', 'cluster-ip', 'route', 'loadbalancer', 'nodeport', 'ingress'].includes(listener.type))
          problem(`listener type ${listener.type}`);
        if (typeof listener.tls !== 'boolean') problem('listener.tls must be true or false');
      }
      for (const [key, value] of Object.entries(spec?.kafka?.config ?? {})) {
        if (FORBIDDEN_CONFIG.some((f) => (f.endsWith('.') ? key.startsWith(f) : key === f || key.startsWith(`${f}.`))))
          problem(`config ${key} is managed by Strimzi and refused`);
        if (typeof value === 'object') problem(`config ${key} must be a scalar`);
      }
      const replication = Number(spec?.kafka?.config?.['default.replication.factor'] ?? 1);
      const minIsr = Number(spec?.kafka?.config?.['min.insync.replicas'] ?? 1);
      if (replication > brokers(object.metadata.name))
        problem(`default.replication.factor ${replication} is more than the ${brokers(object.metadata.name)} brokers`);
      if (minIsr >= replication && replication > 1)
        problem('min.insync.replicas must be below the replication factor, or one broker down stops every write');
      const controllers = pools.filter((p) => p['spec']?.roles?.includes('controller')).reduce((n, p) => n + Number(p['spec'].replicas), 0);
      if (controllers % 2 !== 1) problem(`a KRaft quorum needs an odd number of controllers, has ${controllers}`);
    }

    if (object.kind === 'KafkaNodePool') {
      onlyKeys(spec, KEYS.KafkaNodePool, 'spec');
      const cluster = object.metadata['labels']?.['strimzi.io/cluster'];
      if (!clusters.has(cluster)) problem(`label strimzi.io/cluster ${cluster} names no Kafka`);
      if (!Number.isInteger(spec?.replicas) || spec.replicas < 1) problem('spec.replicas must be a whole number from 1');
      const roles: unknown[] = spec?.roles ?? [];
      if (roles.length === 0 || roles.some((r) => r !== 'controller' && r !== 'broker')) problem('spec.roles: controller and/or broker');
      if (spec?.storage?.type !== 'jbod' || !Array.isArray(spec.storage.volumes) || spec.storage.volumes.length === 0)
        problem('spec.storage: jbod with volumes');
      for (const volume of spec?.storage?.volumes ?? []) {
        onlyKeys(volume, KEYS.volume, 'volume');
        if (!Number.isInteger(volume.id)) problem('volume.id must be a whole number');
        if (!['persistent-claim', 'ephemeral'].includes(volume.type)) problem(`volume.type ${volume.type}`);
        if (volume.type === 'persistent-claim') quantity(volume.size);
      }
      if (
        roles.includes('controller') &&
        !(spec?.storage?.volumes ?? []).some((v: { kraftMetadata?: string }) => v.kraftMetadata === 'shared')
      )
        problem('a controller pool needs a volume with kraftMetadata: shared');
    }

    if (object.kind === 'KafkaTopic') {
      onlyKeys(spec, KEYS.KafkaTopic, 'spec');
      const cluster = object.metadata['labels']?.['strimzi.io/cluster'];
      if (!clusters.has(cluster)) problem(`label strimzi.io/cluster ${cluster} names no Kafka`);
      if (!/^[a-zA-Z0-9._-]{1,249}$/.test(String(spec?.topicName ?? object.metadata.name))) problem('not a valid Kafka topic name');
      if (!Number.isInteger(spec?.partitions) || spec.partitions < 1) problem('spec.partitions must be a whole number from 1');
      if (!Number.isInteger(spec?.replicas) || spec.replicas < 1) problem('spec.replicas must be a whole number from 1');
      if (spec?.replicas > brokers(cluster)) problem(`spec.replicas ${spec.replicas} is more than the ${brokers(cluster)} brokers`);
      const minIsr = Number(spec?.config?.['min.insync.replicas'] ?? 1);
      if (spec?.replicas > 1 && minIsr >= spec.replicas) problem('min.insync.replicas must be below spec.replicas');
    }

    if (!['Kafka', 'KafkaNodePool', 'KafkaTopic'].includes(object.kind)) problem('a Strimzi kind this check does not know');
  }
  return problems;
}
