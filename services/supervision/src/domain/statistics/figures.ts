/**
 * The counts of one report, as plain integers (money in fen). Rates and shares are derived
 * from them when shown, never stored, so a roll-up adds counts and then divides.
 */
export interface ActFigures {
  /** 行政许可 (含行政许可初审). */
  readonly licensing: { readonly applied: number; readonly accepted: number; readonly granted: number; readonly hearings: number };
  /** 行政处罚. */
  readonly penalty: {
    readonly filed: number;
    /** 作出处罚决定: what the report's first line calls 实施行政处罚. */
    readonly decided: number;
    readonly closed: number;
    /** 罚没金额 (fines and confiscations) in fen. */
    readonly finesFen: number;
    readonly firstOffenceExempt: number;
    /** 从轻、减轻 (轻罚). */
    readonly lighter: number;
    readonly hearings: number;
  };
  /** 行政强制. */
  readonly coercion: { readonly measures: number; readonly executions: number; readonly courtApplications: number };
  /** 实施 (decisions made) of the categories the seed counts in one figure each. */
  readonly inspections: number;
  readonly benefits: number;
  readonly awards: number;
  readonly confirmations: number;
  /** Not in the seed's report; shown only when not zero. */
  readonly levies: number;
  readonly adjudications: number;
  readonly compensations: number;
  /** 法制审核 (cases reviewed, by their last outcome in the period). */
  readonly legalReview: { readonly passed: number; readonly rejected: number };
  /** 装卷归档 (执法全过程记录): files archived in the period. */
  readonly archived: { readonly licensing: number; readonly penalty: number };
}

/** 行政执法结果公示: decisions published in the period (from public disclosure). */
export interface DisclosureFigures {
  readonly licensing: number;
  readonly penalty: number;
}

/** "双随机、一公开". */
export interface RandomInspectionFigures {
  readonly tasks: number;
  readonly crossAgencyTasks: number;
  readonly completedTasks: number;
  readonly inspectorDraws: number;
  readonly targetsDrawn: number;
  /** Completed tasks whose results are published. */
  readonly publishedTasks: number;
}

/** 案卷评查. */
export interface CaseFileReviewFigures {
  readonly files: number;
  readonly licensingFiles: number;
  readonly penaltyFiles: number;
  readonly enterpriseFiles: number;
  readonly passed: number;
  readonly failed: number;
  readonly problems: number;
  /** Sum of the files' scores in hundredths of a point (average = sum / files). */
  readonly scoreCentipointsSum: number;
}

/**
 * 涉企检查扫码留痕: enterprise inspections given a trace code, visits the enterprise confirmed,
 * and the ratings (1–5) given with the confirmations (every confirmation carries one, so
 * `ratingCount` equals `confirmed`; average = ratingSum / ratingCount).
 */
export interface InspectionTraceFigures {
  readonly traced: number;
  readonly confirmed: number;
  readonly ratingSum: number;
  readonly ratingCount: number;
}

export interface ReportFigures {
  readonly acts: ActFigures;
  readonly disclosure: DisclosureFigures;
  readonly randomInspection: RandomInspectionFigures;
  readonly caseFileReview: CaseFileReviewFigures;
  readonly inspectionTrace: InspectionTraceFigures;
}

export function zeroFigures(): ReportFigures {
  return {
    acts: {
      licensing: { applied: 0, accepted: 0, granted: 0, hearings: 0 },
      penalty: { filed: 0, decided: 0, closed: 0, finesFen: 0, firstOffenceExempt: 0, lighter: 0, hearings: 0 },
      coercion: { measures: 0, executions: 0, courtApplications: 0 },
      inspections: 0,
      benefits: 0,
      awards: 0,
      confirmations: 0,
      levies: 0,
      adjudications: 0,
      compensations: 0,
      legalReview: { passed: 0, rejected: 0 },
      archived: { licensing: 0, penalty: 0 },
    },
    disclosure: { licensing: 0, penalty: 0 },
    randomInspection: { tasks: 0, crossAgencyTasks: 0, completedTasks: 0, inspectorDraws: 0, targetsDrawn: 0, publishedTasks: 0 },
    caseFileReview: {
      files: 0,
      licensingFiles: 0,
      penaltyFiles: 0,
      enterpriseFiles: 0,
      passed: 0,
      failed: 0,
      problems: 0,
      scoreCentipointsSum: 0,
    },
    inspectionTrace: { traced: 0, confirmed: 0, ratingSum: 0, ratingCount: 0 },
  };
}

/** Adds two figure trees of the same shape, leaf by leaf. */
function addTree<T>(a: T, b: T): T {
  if (typeof a === 'number') return (a + (b as number)) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(a as object)) {
    out[key] = addTree((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
  }
  return out as T;
}

/** Sum of figures of disjoint scopes (e.g. the counties of a city). */
export function addFigures(a: ReportFigures, b: ReportFigures): ReportFigures {
  return addTree(a, b);
}

export function addActFigures(a: ActFigures, b: ActFigures): ActFigures {
  return addTree(a, b);
}

/** 实施行政强制 = measures + the agency's own executions + applications to court. */
export const coercionTotal = (acts: ActFigures) => acts.coercion.measures + acts.coercion.executions + acts.coercion.courtApplications;
export const legalReviewTotal = (acts: ActFigures) => acts.legalReview.passed + acts.legalReview.rejected;
