import type { Collection } from 'mongodb';
import type { ServiceParts } from '@lesp/service-bootstrap';
import { randomInspectionGrpcService } from './adapters/grpc/random-inspection-grpc.js';
import { randomInspectionRoutes } from './adapters/http/random-inspection-routes.js';
import type { FactDocument } from './application/engine/facts-store.js';
import { RandomInspectionCommands } from './application/random-inspection/inspection-commands.js';
import {
  inspectionTargetsProjection,
  randomInspectionsProjection,
  type TargetDocument,
} from './application/random-inspection/inspection-projections.js';
import { RandomInspectionQueries } from './application/random-inspection/inspection-queries.js';
import type { SupervisionConfig } from './engine-module.js';

/** The rule engine's projection (rm_supervision_facts): its officer facts are the officer registry the inspector draws read. */
const RULE_ENGINE_PROJECTION = 'supervision.rule-engine';

/**
 * Random inspections (双随机、一公开) wired: the target registry and plan read models, the
 * commands (targets from the registry, inspectors from the officer facts), gRPC and HTTP.
 */
export function createInspectionModule(clock: () => Date) {
  return {
    projections: [inspectionTargetsProjection, randomInspectionsProjection],
    adapters(parts: ServiceParts<SupervisionConfig>) {
      const commands = new RandomInspectionCommands({
        store: parts.eventStore,
        targets: () =>
          parts.projections.collection<TargetDocument>(inspectionTargetsProjection.name) as Promise<Collection<TargetDocument>>,
        facts: () => parts.projections.collection<FactDocument>(RULE_ENGINE_PROJECTION) as Promise<Collection<FactDocument>>,
        afterAppend: () => parts.relay.wake(),
        clock,
      });
      const queries = new RandomInspectionQueries(parts.projections, clock);
      const deps = { commands, queries, clock };
      return {
        grpc: randomInspectionGrpcService({ ...parts.grpcDeps, ...deps }),
        routes: randomInspectionRoutes(deps),
      };
    },
  };
}
