import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import { inspectionTargetEventCodec, randomInspectionEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { isDuplicateKeyError } from '@lesp/event-store';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type {
  DrawnTarget,
  InspectionTeam,
  InspectorExclusion,
  TargetCandidate,
  TargetDrawSize,
} from '../../domain/random-inspection/index.js';
import type { Period } from '../../domain/shared/text-rules.js';
import { inspectionTargetCodec, randomInspectionCodec } from './inspection-codec.js';
import type { TargetKind } from './target-registry.js';

/**
 * The target registry as the draws read it (rm_inspection_targets):
 *   target:{stream}                   one registered target (listing)
 *   bucket:{county}/{0-f}             the county's targets spread over 16 documents by a hash of the id,
 *                                     so a draw reads the whole registry with 16 reads by `_id`
 */
export interface TargetDocument {
  _id: string;
  _v?: number;
  countyCode: string;
  kind: 'target' | 'bucket';
  target?: RegisteredTarget;
  targets?: RegisteredTarget[];
}

export interface RegisteredTarget {
  targetId: string;
  name: string;
  kind: TargetKind;
  creditCode: string;
  unitAgencyId: string;
}

export const TARGET_BUCKETS = '0123456789abcdef'.split('');
export const targetBucketOf = (countyCode: string, targetId: string) =>
  `bucket:${countyCode}/${createHash('sha256').update(targetId).digest('hex')[0]}`;

export const inspectionTargetsProjection: Projection<TargetDocument> = {
  name: 'supervision.inspection-targets',
  readModel: 'rm_inspection_targets',
  indexes: [{ key: { countyCode: 1, kind: 1, _id: 1 }, name: 'county_kind_id' }],
  handles: (eventType) => inspectionTargetEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = inspectionTargetCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const d = event.data;
    const entry: RegisteredTarget = {
      targetId: d.targetId,
      name: d.name,
      kind: d.kind,
      creditCode: d.creditCode,
      unitAgencyId: d.unitAgencyId ?? '',
    };
    // The bucket first (the same entry twice is kept once), then the target's own versioned document.
    await addToBucket(target, targetBucketOf(record.countyCode, d.targetId), record.countyCode, entry);
    await applyVersioned(target, `target:${record.streamId}`, record, { $set: { kind: 'target', target: entry } });
  },
};

async function addToBucket(target: Collection<TargetDocument>, id: string, countyCode: string, entry: RegisteredTarget): Promise<void> {
  const update = { $setOnInsert: { countyCode, kind: 'bucket' }, $addToSet: { targets: entry } } as never;
  try {
    await target.updateOne({ _id: id }, update, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await target.updateOne({ _id: id }, update);
  }
}

/** Every registered target of the county, by 16 reads by `_id`. */
export async function registeredTargets(collection: Collection<TargetDocument>, countyCode: string): Promise<TargetCandidate[]> {
  const docs = await Promise.all(TARGET_BUCKETS.map((b) => collection.findOne({ _id: `bucket:${countyCode}/${b}` })));
  const seen = new Set<string>();
  const candidates: TargetCandidate[] = [];
  for (const doc of docs) {
    if (!doc || doc.countyCode !== countyCode) continue;
    for (const t of doc.targets ?? []) {
      if (seen.has(t.targetId)) continue;
      seen.add(t.targetId);
      candidates.push({ targetId: t.targetId, name: t.name, kind: t.kind, ...(t.unitAgencyId ? { unitAgencyId: t.unitAgencyId } : {}) });
    }
  }
  return candidates;
}

export interface DrawSummary {
  seed: number;
  algorithm: string;
  candidateCount: number;
  candidatesDigest: string;
  drawnAt: Date;
}

export interface ResultRecord {
  targetId: string;
  inspectorIds: string[];
  outcome: string;
  findings: string;
  inspectedAt: Date;
}

/** One plan (rm_random_inspections), `_id` = its stream id. */
export interface PlanDocument {
  _id: string;
  _v: number;
  countyCode: string;
  planId: string;
  title: string;
  year: number;
  leadAgencyId: string;
  agencyIds: string[];
  crossAgency: boolean;
  matters: string[];
  targetDrawSize: TargetDrawSize;
  inspectorsPerTarget: number;
  recusal: string;
  period: Period;
  status: 'planned' | 'targets_drawn' | 'teams_drawn' | 'completed';
  planPublished: boolean;
  targetDraw?: DrawSummary;
  inspectorDraw?: DrawSummary;
  targets: DrawnTarget[];
  teams: InspectionTeam[];
  excluded: InspectorExclusion[];
  recused: { targetId: string; officerIds: string[] }[];
  /** Keyed by target id (ids are identifiers: safe as field names). */
  results: Record<string, ResultRecord>;
  publishedTargetIds: string[];
  /** When the plan was made, and when the platform recorded it (statistics count the task as of a date). */
  plannedAt?: Date;
  plannedRecordedAt?: Date;
  /** When every drawn target had its result (任务完成). */
  completedAt?: Date;
  /** The last publication of results (抽查结果公示): once every result is published, when that was. */
  resultsPublishedAt?: Date;
  updatedAt: Date;
}

export const randomInspectionsProjection: Projection<PlanDocument> = {
  name: 'supervision.random-inspections',
  readModel: 'rm_random_inspections',
  indexes: [{ key: { countyCode: 1, year: 1, _id: 1 }, name: 'county_year_id' }],
  handles: (eventType) => randomInspectionEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = randomInspectionCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = record.streamId;
    const at = record.occurredAt;
    switch (event.type) {
      case 'RandomInspectionPlanned': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            planId: d.planId,
            title: d.title,
            year: d.year,
            leadAgencyId: d.leadAgencyId,
            agencyIds: [...d.agencyIds],
            crossAgency: d.crossAgency,
            matters: [...d.matters],
            targetDrawSize: d.targetDraw,
            inspectorsPerTarget: d.inspectorsPerTarget,
            recusal: d.recusal,
            period: d.period,
            status: 'planned',
            planPublished: false,
            targets: [],
            teams: [],
            excluded: [],
            recused: [],
            results: {},
            publishedTargetIds: [],
            plannedAt: d.plannedAt,
            plannedRecordedAt: record.recordedAt,
            updatedAt: at,
          },
        });
        return;
      }
      case 'InspectionPlanMarkedForPublication':
        await applyVersioned(target, id, record, { $set: { planPublished: true, updatedAt: at } });
        return;
      case 'InspectionTargetsDrawn': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            status: 'targets_drawn',
            targetDraw: {
              seed: d.seed,
              algorithm: d.algorithm,
              candidateCount: d.candidateCount,
              candidatesDigest: d.candidatesDigest,
              drawnAt: d.drawnAt,
            },
            targets: [...d.targets],
            updatedAt: at,
          },
        });
        return;
      }
      case 'InspectorsDrawn': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            status: 'teams_drawn',
            inspectorDraw: {
              seed: d.seed,
              algorithm: d.algorithm,
              candidateCount: d.candidateCount,
              candidatesDigest: d.candidatesDigest,
              drawnAt: d.drawnAt,
            },
            teams: d.teams.map((t) => ({ targetId: t.targetId, inspectorIds: [...t.inspectorIds] })),
            excluded: [...d.excluded],
            recused: d.recused.map((r) => ({ targetId: r.targetId, officerIds: [...r.officerIds] })),
            updatedAt: at,
          },
        });
        return;
      }
      case 'InspectionResultRecorded': {
        const d = event.data;
        const result: ResultRecord = {
          targetId: d.targetId,
          inspectorIds: [...d.inspectorIds],
          outcome: d.outcome,
          findings: d.findings,
          inspectedAt: d.inspectedAt,
        };
        await applyVersioned(target, id, record, { $set: { [`results.${d.targetId}`]: result, updatedAt: at } as never });
        return;
      }
      case 'RandomInspectionCompleted':
        await applyVersioned(target, id, record, { $set: { status: 'completed', completedAt: event.data.completedAt, updatedAt: at } });
        return;
      case 'InspectionResultsMarkedForPublication':
        await applyVersioned(target, id, record, {
          $set: { resultsPublishedAt: event.data.publishedAt, updatedAt: at },
          $addToSet: { publishedTargetIds: { $each: event.data.results.map((r) => r.targetId) } },
        });
        return;
      default:
        assertNever(event, 'random inspection event');
    }
  },
};
