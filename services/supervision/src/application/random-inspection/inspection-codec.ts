import {
  inspectionTargetEventCodec,
  randomInspectionEventCodec,
  type randomInspectionV1 as v1,
  type InspectionTargetEventV1,
  type RandomInspectionEventV1,
} from '@lesp/contracts';
import { assertNever, type EventCodec } from '@lesp/core';
import type {
  DrawnTarget,
  InspectionOutcome,
  InspectorExclusion,
  RandomInspectionEvent,
  RecusalRule,
  TargetDrawSize,
} from '../../domain/random-inspection/index.js';
import type { InspectionTargetEvent, TargetKind } from './target-registry.js';

/** Random inspection's domain events ↔ protobuf: unions and optional fields flattened (kind + fields, "" / 0 for absent). */
const EPOCH = new Date(0);

export const drawSizeToProto = (size: TargetDrawSize): v1.TargetDrawSize =>
  size.kind === 'count' ? { kind: 'count', count: size.count, share: 0 } : { kind: 'share', count: 0, share: size.share };
export const drawSizeFromProto = (size: v1.TargetDrawSize | undefined): TargetDrawSize =>
  size?.kind === 'share' ? { kind: 'share', share: size.share } : { kind: (size?.kind ?? '') as 'count', count: size?.count ?? 0 };

const targetToProto = (t: DrawnTarget): v1.DrawnTarget => ({
  targetId: t.targetId,
  name: t.name,
  kind: t.kind,
  unitAgencyId: t.unitAgencyId ?? '',
});
export const targetFromProto = (t: v1.DrawnTarget): DrawnTarget => ({
  targetId: t.targetId,
  name: t.name,
  kind: t.kind as TargetKind,
  ...(t.unitAgencyId ? { unitAgencyId: t.unitAgencyId } : {}),
});

function toProto(event: RandomInspectionEvent): RandomInspectionEventV1 {
  switch (event.type) {
    case 'RandomInspectionPlanned': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          ...d,
          agencyIds: [...d.agencyIds],
          matters: [...d.matters],
          targetDraw: drawSizeToProto(d.targetDraw),
          officersPerAgency: d.officersPerAgency ?? 0,
          period: { from: d.period.from, to: d.period.to },
        },
      };
    }
    case 'InspectionPlanMarkedForPublication':
    case 'RandomInspectionCompleted':
      return { type: event.type, data: { ...event.data } } as RandomInspectionEventV1;
    case 'InspectionTargetsDrawn': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          ...d,
          candidatesInline: d.candidates !== undefined,
          candidates: (d.candidates ?? []).map((c) => ({ targetId: c.targetId, unitAgencyId: c.unitAgencyId ?? '' })),
          targets: d.targets.map(targetToProto),
        },
      };
    }
    case 'InspectorsDrawn': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          ...d,
          candidatesInline: d.candidates !== undefined,
          candidates: (d.candidates ?? []).map((c) => ({ ...c })),
          excluded: d.excluded.map((e) => ({ ...e })),
          recused: d.recused.map((r) => ({ targetId: r.targetId, officerIds: [...r.officerIds] })),
          teams: d.teams.map((t) => ({ targetId: t.targetId, inspectorIds: [...t.inspectorIds] })),
        },
      };
    }
    case 'InspectionResultRecorded':
      return { type: event.type, data: { ...event.data, inspectorIds: [...event.data.inspectorIds] } };
    case 'InspectionResultsMarkedForPublication':
      return { type: event.type, data: { ...event.data, results: event.data.results.map((r) => ({ ...r })) } };
    default:
      return assertNever(event, 'random inspection event');
  }
}

function fromProto(event: RandomInspectionEventV1): RandomInspectionEvent {
  switch (event.type) {
    case 'RandomInspectionPlanned': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          planId: d.planId,
          countyCode: d.countyCode,
          title: d.title,
          year: d.year,
          leadAgencyId: d.leadAgencyId,
          agencyIds: [...d.agencyIds],
          crossAgency: d.crossAgency,
          matters: [...d.matters],
          targetDraw: drawSizeFromProto(d.targetDraw),
          inspectorsPerTarget: d.inspectorsPerTarget,
          ...(d.officersPerAgency ? { officersPerAgency: d.officersPerAgency } : {}),
          recusal: d.recusal as RecusalRule,
          period: { from: d.period?.from ?? EPOCH, to: d.period?.to ?? EPOCH },
          plannedBy: d.plannedBy,
          plannedAt: d.plannedAt ?? EPOCH,
        },
      };
    }
    case 'InspectionPlanMarkedForPublication': {
      const d = event.data;
      return { type: event.type, data: { planId: d.planId, countyCode: d.countyCode, publishedAt: d.publishedAt ?? EPOCH } };
    }
    case 'InspectionTargetsDrawn': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          planId: d.planId,
          seed: d.seed,
          algorithm: d.algorithm,
          candidateCount: d.candidateCount,
          candidatesDigest: d.candidatesDigest,
          ...(d.candidatesInline
            ? {
                candidates: d.candidates.map((c) => ({
                  targetId: c.targetId,
                  ...(c.unitAgencyId ? { unitAgencyId: c.unitAgencyId } : {}),
                })),
              }
            : {}),
          targets: d.targets.map(targetFromProto),
          drawnBy: d.drawnBy,
          drawnAt: d.drawnAt ?? EPOCH,
        },
      };
    }
    case 'InspectorsDrawn': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          planId: d.planId,
          seed: d.seed,
          algorithm: d.algorithm,
          candidateCount: d.candidateCount,
          candidatesDigest: d.candidatesDigest,
          ...(d.candidatesInline ? { candidates: d.candidates.map((c) => ({ ...c })) } : {}),
          excluded: d.excluded.map((e) => ({ officerId: e.officerId, reason: e.reason as InspectorExclusion['reason'] })),
          recused: d.recused.map((r) => ({ targetId: r.targetId, officerIds: [...r.officerIds] })),
          teams: d.teams.map((t) => ({ targetId: t.targetId, inspectorIds: [...t.inspectorIds] })),
          drawnBy: d.drawnBy,
          drawnAt: d.drawnAt ?? EPOCH,
        },
      };
    }
    case 'InspectionResultRecorded': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          planId: d.planId,
          targetId: d.targetId,
          inspectorIds: [...d.inspectorIds],
          outcome: d.outcome as InspectionOutcome,
          findings: d.findings,
          inspectedAt: d.inspectedAt ?? EPOCH,
          recordedBy: d.recordedBy,
        },
      };
    }
    case 'RandomInspectionCompleted': {
      const d = event.data;
      return { type: event.type, data: { planId: d.planId, targetsInspected: d.targetsInspected, completedAt: d.completedAt ?? EPOCH } };
    }
    case 'InspectionResultsMarkedForPublication': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          planId: d.planId,
          countyCode: d.countyCode,
          results: d.results.map((r) => ({
            targetId: r.targetId,
            name: r.name,
            kind: r.kind as TargetKind,
            outcome: r.outcome as InspectionOutcome,
            inspectedAt: r.inspectedAt ?? EPOCH,
          })),
          publishedAt: d.publishedAt ?? EPOCH,
        },
      };
    }
    default:
      return assertNever(event, 'random inspection event');
  }
}

function targetToProtoEvent(event: InspectionTargetEvent): InspectionTargetEventV1 {
  return { type: event.type, data: { ...event.data, creditCode: event.data.creditCode, unitAgencyId: event.data.unitAgencyId ?? '' } };
}
function targetFromProtoEvent(event: InspectionTargetEventV1): InspectionTargetEvent {
  const d = event.data;
  return {
    type: event.type,
    data: {
      targetId: d.targetId,
      name: d.name,
      kind: d.kind as TargetKind,
      creditCode: d.creditCode,
      ...(d.unitAgencyId ? { unitAgencyId: d.unitAgencyId } : {}),
      registeredBy: d.registeredBy,
      registeredAt: d.registeredAt ?? EPOCH,
    },
  };
}

function mapped<D extends { type: string }, P extends { type: string }>(
  inner: EventCodec<P & { data: unknown }>,
  to: (event: D) => P,
  from: (event: P) => D,
): EventCodec<D & { data: unknown }> {
  return {
    eventTypes: inner.eventTypes as unknown as (D & { data: unknown })['type'][],
    handles: (eventType) => inner.handles(eventType),
    encode: (event) => inner.encode(to(event) as P & { data: unknown }),
    decode: (eventType, schemaVersion, payload) => from(inner.decode(eventType, schemaVersion, payload)) as D & { data: unknown },
  };
}

export const randomInspectionCodec = mapped<RandomInspectionEvent, RandomInspectionEventV1>(
  randomInspectionEventCodec,
  toProto,
  fromProto,
) as unknown as EventCodec<RandomInspectionEvent>;

export const inspectionTargetCodec = mapped<InspectionTargetEvent, InspectionTargetEventV1>(
  inspectionTargetEventCodec,
  targetToProtoEvent,
  targetFromProtoEvent,
) as unknown as EventCodec<InspectionTargetEvent>;
