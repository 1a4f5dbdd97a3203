import { describe, expect, it } from 'vitest';
import { inspectionFigures, percent, type PlanFigures } from '../../../src/domain/random-inspection/index.js';

const task = (i: number, crossAgency: boolean): PlanFigures => ({
  planId: `p-${i}`,
  crossAgency,
  targetsDrawn: 0,
  inspectorDraws: 0,
  inspected: 0,
  published: 0,
  completed: true,
  completionRatePercent: 100,
  publicationRatePercent: 100,
});

describe('random-inspection figures', () => {
  it('reproduce the 冷水滩区 2023 report: 153 tasks, 103 cross-agency (67.32 %), 852 inspector draws, 1309 targets, 100 % done and published', () => {
    // Spread 1309 targets and 852 inspector draws over 153 completed, fully published tasks.
    const plans = Array.from({ length: 153 }, (_, i) => {
      const targets = 8 + (i < 85 ? 1 : 0); // 85 × 9 + 68 × 8 = 1309
      const draws = 5 + (i < 87 ? 1 : 0); // 87 × 6 + 66 × 5 = 852
      return { ...task(i, i < 103), targetsDrawn: targets, inspected: targets, published: targets, inspectorDraws: draws };
    });
    expect(inspectionFigures(plans)).toEqual({
      tasks: 153,
      crossAgencyTasks: 103,
      crossAgencyRatePercent: 67.32,
      completedTasks: 153,
      inspectorDraws: 852,
      targetsDrawn: 1309,
      completionRatePercent: 100,
      publicationRatePercent: 100,
    });
  });

  it('an unfinished task lowers the completion rate; no tasks is 0, not NaN', () => {
    expect(inspectionFigures([task(1, false), { ...task(2, false), completed: false }]).completionRatePercent).toBe(50);
    expect(inspectionFigures([]).completionRatePercent).toBe(0);
    expect(percent(1, 3)).toBe(33.33);
  });
});
