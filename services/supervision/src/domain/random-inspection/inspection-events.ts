import type { Period } from '../shared/text-rules.js';
import type { InspectionOutcome, RecusalRule, TargetDrawSize } from './inspection-commands.js';

export interface DrawnTarget {
  readonly targetId: string;
  readonly name: string;
  readonly kind: 'enterprise' | 'individual' | 'institution';
  readonly unitAgencyId?: string;
}

export interface TargetAuditEntry {
  readonly targetId: string;
  readonly unitAgencyId?: string;
}

export interface InspectorAuditEntry {
  readonly officerId: string;
  readonly agencyId: string;
  readonly certificateValid: boolean;
}

export interface InspectionTeam {
  readonly targetId: string;
  readonly inspectorIds: readonly string[];
}

/** Why an officer of the registry could not be drawn at all (auditable: the list is in the event). */
export type InspectorExclusion = { readonly officerId: string; readonly reason: 'certificate_invalid' | 'agency_not_in_plan' };

export type RandomInspectionEvent =
  | {
      readonly type: 'RandomInspectionPlanned';
      readonly data: {
        readonly planId: string;
        readonly countyCode: string;
        readonly title: string;
        readonly year: number;
        readonly leadAgencyId: string;
        readonly agencyIds: readonly string[];
        readonly crossAgency: boolean;
        readonly matters: readonly string[];
        readonly targetDraw: TargetDrawSize;
        readonly inspectorsPerTarget: number;
        readonly officersPerAgency?: number;
        readonly recusal: RecusalRule;
        readonly period: Period;
        readonly plannedBy: string;
        readonly plannedAt: Date;
      };
    }
  | {
      readonly type: 'InspectionPlanMarkedForPublication';
      readonly data: { readonly planId: string; readonly countyCode: string; readonly publishedAt: Date };
    }
  | {
      /** Audit record: drawTargets(targetDraw, candidates, seed) gives targets again. */
      readonly type: 'InspectionTargetsDrawn';
      readonly data: {
        readonly planId: string;
        readonly seed: number;
        readonly algorithm: string;
        readonly candidateCount: number;
        /** candidatesDigest over auditLine([targetId, unitAgencyId]) of every registry entry. */
        readonly candidatesDigest: string;
        /** Sorted by targetId, without names (a natural person's name is personal data); absent above MAX_INLINE_CANDIDATES. */
        readonly candidates?: readonly TargetAuditEntry[];
        readonly targets: readonly DrawnTarget[];
        readonly drawnBy: string;
        readonly drawnAt: Date;
      };
    }
  | {
      /**
       * Audit record: the eligible officers (candidates less exclusions), for each target in
       * targetId order less those recused, one generator seeded with seed, give the teams.
       */
      readonly type: 'InspectorsDrawn';
      readonly data: {
        readonly planId: string;
        readonly seed: number;
        readonly algorithm: string;
        readonly candidateCount: number;
        /** candidatesDigest over auditLine([officerId, agencyId, certificateValid]) of every officer. */
        readonly candidatesDigest: string;
        /** Sorted by officerId; absent above MAX_INLINE_CANDIDATES. */
        readonly candidates?: readonly InspectorAuditEntry[];
        readonly excluded: readonly InspectorExclusion[];
        readonly recused: readonly { readonly targetId: string; readonly officerIds: readonly string[] }[];
        readonly teams: readonly InspectionTeam[];
        readonly drawnBy: string;
        readonly drawnAt: Date;
      };
    }
  | {
      readonly type: 'InspectionResultRecorded';
      readonly data: {
        readonly planId: string;
        readonly targetId: string;
        readonly inspectorIds: readonly string[];
        readonly outcome: InspectionOutcome;
        readonly findings: string;
        readonly inspectedAt: Date;
        readonly recordedBy: string;
      };
    }
  | {
      /** Every drawn target has a result: the task counts as done (任务完成). */
      readonly type: 'RandomInspectionCompleted';
      readonly data: { readonly planId: string; readonly targetsInspected: number; readonly completedAt: Date };
    }
  | {
      /** Public disclosure listens for this one (抽查结果公示). */
      readonly type: 'InspectionResultsMarkedForPublication';
      readonly data: {
        readonly planId: string;
        readonly countyCode: string;
        readonly results: readonly {
          readonly targetId: string;
          readonly name: string;
          readonly kind: 'enterprise' | 'individual' | 'institution';
          readonly outcome: InspectionOutcome;
          readonly inspectedAt: Date;
        }[];
        readonly publishedAt: Date;
      };
    };
