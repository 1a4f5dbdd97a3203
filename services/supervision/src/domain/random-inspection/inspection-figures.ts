import type { RandomInspectionState } from './inspection-decider.js';

/** Figures of one plan: what the annual report and the evaluation count. */
export interface PlanFigures {
  readonly planId: string;
  readonly crossAgency: boolean;
  readonly targetsDrawn: number;
  /** Officer draws counted per team seat (抽取执法人员 人次). */
  readonly inspectorDraws: number;
  readonly inspected: number;
  readonly published: number;
  readonly completed: boolean;
  readonly completionRatePercent: number;
  readonly publicationRatePercent: number;
}

/** A county's (or an agency's) random-inspection figures, as in the 冷水滩区 2023 report (seed 002). */
export interface InspectionFigures {
  readonly tasks: number;
  readonly crossAgencyTasks: number;
  readonly crossAgencyRatePercent: number;
  readonly completedTasks: number;
  readonly inspectorDraws: number;
  readonly targetsDrawn: number;
  /** Completed tasks / tasks. */
  readonly completionRatePercent: number;
  /** Results published / results recorded. */
  readonly publicationRatePercent: number;
}

/** Percent with two decimals; 0 of 0 is 0. */
export const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100);

export function planFigures(state: Exclude<RandomInspectionState, { status: 'none' }>): PlanFigures {
  const targetsDrawn = state.targets.length;
  const inspected = Object.keys(state.results).length;
  const published = state.publishedTargetIds.length;
  return {
    planId: state.planId,
    crossAgency: state.agencyIds.length > 1,
    targetsDrawn,
    inspectorDraws: state.teams.reduce((sum, team) => sum + team.inspectorIds.length, 0),
    inspected,
    published,
    completed: state.status === 'completed',
    completionRatePercent: percent(inspected, targetsDrawn),
    publicationRatePercent: percent(published, inspected),
  };
}

export function inspectionFigures(plans: readonly PlanFigures[]): InspectionFigures {
  const tasks = plans.length;
  const crossAgencyTasks = plans.filter((p) => p.crossAgency).length;
  const completedTasks = plans.filter((p) => p.completed).length;
  const inspected = plans.reduce((sum, p) => sum + p.inspected, 0);
  const published = plans.reduce((sum, p) => sum + p.published, 0);
  return {
    tasks,
    crossAgencyTasks,
    crossAgencyRatePercent: percent(crossAgencyTasks, tasks),
    completedTasks,
    inspectorDraws: plans.reduce((sum, p) => sum + p.inspectorDraws, 0),
    targetsDrawn: plans.reduce((sum, p) => sum + p.targetsDrawn, 0),
    completionRatePercent: percent(completedTasks, tasks),
    publicationRatePercent: percent(published, inspected),
  };
}
