import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/supervision/v1/random_inspection.js';

/** The inspection target registry (检查对象名录库). */
export type InspectionTargetEventV1 = DomainEvent<'InspectionTargetRegistered', v1.InspectionTargetRegistered>;

/** A random inspection plan (双随机、一公开 抽查任务). */
export type RandomInspectionEventV1 =
  | DomainEvent<'RandomInspectionPlanned', v1.RandomInspectionPlanned>
  | DomainEvent<'InspectionPlanMarkedForPublication', v1.InspectionPlanMarkedForPublication>
  | DomainEvent<'InspectionTargetsDrawn', v1.InspectionTargetsDrawn>
  | DomainEvent<'InspectorsDrawn', v1.InspectorsDrawn>
  | DomainEvent<'InspectionResultRecorded', v1.InspectionResultRecorded>
  | DomainEvent<'RandomInspectionCompleted', v1.RandomInspectionCompleted>
  | DomainEvent<'InspectionResultsMarkedForPublication', v1.InspectionResultsMarkedForPublication>;

export const inspectionTargetEventCodec = protobufEventCodec<InspectionTargetEventV1>({
  InspectionTargetRegistered: { schemaVersion: 1, fns: v1.InspectionTargetRegistered },
});

export const randomInspectionEventCodec = protobufEventCodec<RandomInspectionEventV1>({
  RandomInspectionPlanned: { schemaVersion: 1, fns: v1.RandomInspectionPlanned },
  InspectionPlanMarkedForPublication: { schemaVersion: 1, fns: v1.InspectionPlanMarkedForPublication },
  InspectionTargetsDrawn: { schemaVersion: 1, fns: v1.InspectionTargetsDrawn },
  InspectorsDrawn: { schemaVersion: 1, fns: v1.InspectorsDrawn },
  InspectionResultRecorded: { schemaVersion: 1, fns: v1.InspectionResultRecorded },
  RandomInspectionCompleted: { schemaVersion: 1, fns: v1.RandomInspectionCompleted },
  InspectionResultsMarkedForPublication: { schemaVersion: 1, fns: v1.InspectionResultsMarkedForPublication },
});
