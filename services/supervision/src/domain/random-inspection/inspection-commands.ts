import type { Period } from '../shared/text-rules.js';

/** How many targets a plan draws from the registry: a number, or a share rounded up (抽查比例). */
export type TargetDrawSize = { readonly kind: 'count'; readonly count: number } | { readonly kind: 'share'; readonly share: number };

/**
 * Recusal (回避): `own_unit` keeps officers of the unit a target belongs to (its 主管单位, e.g. a
 * public institution under the agency) off that target's team; `none` where no rule says so.
 */
export type RecusalRule = 'own_unit' | 'none';

/** One entry of the target registry (检查对象名录库) as the application found it. */
export interface TargetCandidate {
  readonly targetId: string;
  /** Enterprise name, or a natural person's name (disclosure masks it). */
  readonly name: string;
  readonly kind: 'enterprise' | 'individual' | 'institution';
  /** The agency the target belongs to, where it belongs to one (recusal). */
  readonly unitAgencyId?: string;
}

/** One officer of the officer registry (执法人员名录库), with the certificate checked at the draw time by the application. */
export interface InspectorCandidate {
  readonly officerId: string;
  readonly agencyId: string;
  /** certificateValidAt(history, drawnAt) from @lesp/core. */
  readonly certificateValid: boolean;
}

/** Outcome codes of a random inspection, as the national platform lists them. */
export const INSPECTION_OUTCOMES = {
  no_problem: '未发现问题',
  problem_corrected: '发现问题已责令改正',
  problem_filed: '发现问题已立案查处',
  not_operating: '未发现开展本次抽查涉及的经营活动',
  unreachable: '通过登记的住所（经营场所）无法联系',
  refused: '不配合检查情节严重',
} as const;
export type InspectionOutcome = keyof typeof INSPECTION_OUTCOMES;

/** Commands on a random inspection plan (双随机、一公开 抽查任务). Seeds, ids and times come in with the command. */
export type RandomInspectionCommand =
  | {
      readonly type: 'PlanRandomInspection';
      readonly data: {
        readonly planId: string;
        readonly countyCode: string;
        readonly title: string;
        readonly year: number;
        readonly leadAgencyId: string;
        /** Every agency taking part, the lead included; more than one makes a cross-agency task (跨部门联合抽查). */
        readonly agencyIds: readonly string[];
        /** 抽查事项 from the agencies' random-inspection lists. */
        readonly matters: readonly string[];
        readonly targetDraw: TargetDrawSize;
        /** Team size, at least two (2人以上执法); with officersPerAgency, the least a joint team may have. */
        readonly inspectorsPerTarget: number;
        /**
         * Cross-agency only: each participating agency draws this many of its own officers for
         * every target (联合检查组, "各部门分别从本部门名录库随机匹配"); absent, one pool for all.
         */
        readonly officersPerAgency?: number;
        readonly recusal: RecusalRule;
        readonly period: Period;
        readonly plannedBy: string;
        readonly plannedAt: Date;
      };
    }
  | { readonly type: 'PublishInspectionPlan'; readonly data: { readonly planId: string; readonly publishedAt: Date } }
  | {
      readonly type: 'DrawInspectionTargets';
      readonly data: {
        readonly planId: string;
        readonly seed: number;
        readonly candidates: readonly TargetCandidate[];
        readonly drawnBy: string;
        readonly drawnAt: Date;
      };
    }
  | {
      readonly type: 'DrawInspectors';
      readonly data: {
        readonly planId: string;
        readonly seed: number;
        readonly candidates: readonly InspectorCandidate[];
        readonly drawnBy: string;
        readonly drawnAt: Date;
      };
    }
  | {
      readonly type: 'RecordInspectionResult';
      readonly data: {
        readonly planId: string;
        readonly targetId: string;
        /** Who actually inspected: at least two of the drawn team. */
        readonly inspectorIds: readonly string[];
        readonly outcome: InspectionOutcome;
        readonly findings: string;
        readonly inspectedAt: Date;
        readonly recordedBy: string;
      };
    }
  | {
      readonly type: 'PublishInspectionResults';
      readonly data: { readonly planId: string; readonly targetIds: readonly string[]; readonly publishedAt: Date };
    };
