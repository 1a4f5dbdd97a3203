import { readFileSync } from 'node:fs';
import { BOUNDED_CONTEXTS, topicNaming, type BoundedContext } from '@lesp/kafka-bus';
import { baseConfigSchema, type ServiceDefinition } from '@lesp/service-bootstrap';
import { caseIntakeService } from '../../services/case-intake/src/service.js';
import { supervisionService } from '../../services/supervision/src/service.js';
import { crossRegionService } from '../../services/cross-region/src/service.js';
import { publicDisclosureService } from '../../services/public-disclosure/src/service.js';
import { REPO } from './render.js';

/** Every service's schema extends the base one; the tests only parse with it. */
type ConfigSchema = typeof baseConfigSchema;

/**
 * What the manifests must agree with, taken from the code rather than written again: each
 * service's definition (its name, config schema and consumed topics), the topic names of
 * packages/kafka-bus, and the local port plan of scripts/lib.sh.
 */

export interface DeployedService {
  readonly name: string;
  readonly http: number;
  readonly grpc?: number;
  /** Absent for the web console (no database, no topic). */
  readonly definition?: ServiceDefinition<ConfigSchema>;
}

function localPorts(): Map<string, { http: number; grpc: number }> {
  const lib = readFileSync(`${REPO}scripts/lib.sh`, 'utf8');
  const ports = new Map<string, { http: number; grpc: number }>();
  for (const match of lib.matchAll(/^\s+"([a-z-]+) (\d+) (\d+)"$/gm))
    ports.set(match[1]!, { http: Number(match[2]), grpc: Number(match[3]) });
  return ports;
}

const definitions = [
  caseIntakeService,
  supervisionService,
  crossRegionService,
  publicDisclosureService,
] as unknown as ServiceDefinition<ConfigSchema>[];

export const SERVICES: readonly DeployedService[] = [
  ...definitions.map((definition) => {
    const ports = localPorts().get(definition.name);
    if (!ports) throw new Error(`scripts/lib.sh has no ports for ${definition.name}`);
    return { name: definition.name, ...ports, definition };
  }),
  // scripts/up.sh starts the console on 4105.
  { name: 'web-console', http: 4105 },
];

export function configSchemaOf(service: DeployedService): ConfigSchema {
  return service.definition?.configSchema ?? baseConfigSchema;
}

/** The consumer group of a service, as service-runtime.ts names it when CONSUMER_GROUP is unset. */
export function groupOf(prefix: string, service: string): string {
  return `${prefix}.${service}`;
}

/** Topics a service consumes: its own context's and those of `consumes`. */
export function consumedTopics(prefix: string, definition: ServiceDefinition<ConfigSchema>): string[] {
  const naming = topicNaming(prefix);
  return [...new Set<BoundedContext>([definition.name, ...definition.consumes])].map((context) => naming.eventsTopic(context));
}

/** Every topic the platform uses: events per context, dead letters per consumer group. */
export function platformTopics(prefix: string): string[] {
  const naming = topicNaming(prefix);
  return [
    ...BOUNDED_CONTEXTS.map((context) => naming.eventsTopic(context)),
    ...definitions.map((definition) => naming.deadLetterTopic(groupOf(prefix, definition.name))),
  ].sort();
}
