import type { Checklist, FileGrade } from './checklist.js';
import type { RecordedProblem, ReviewSummary } from './case-file-review-events.js';
import type { SampledFile } from './sample.js';

export interface ScoredFile {
  readonly score: number;
  readonly grade: FileGrade;
  readonly problems: readonly RecordedProblem[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The figures of a review once every sampled file is scored. Pure, so a read model can compute the same. */
export function summarizeReview(
  checklist: Checklist,
  sample: readonly SampledFile[],
  scored: Readonly<Record<string, ScoredFile>>,
): ReviewSummary {
  const files = sample
    .map((file) => ({ file, scored: scored[file.fileId] }))
    .filter((x): x is { file: SampledFile; scored: ScoredFile } => x.scored !== undefined);
  const count = files.length;
  const enterpriseFiles = files.filter((x) => x.file.enterprise).length;
  const grades = (grade: FileGrade) => files.filter((x) => x.scored.grade === grade).length;
  const agencies = [...new Set(files.map((x) => x.file.agencyId))].sort();
  const categories = [...new Set(files.map((x) => x.file.category))].sort();
  const problems = files.flatMap((x) => x.scored.problems);
  const names = new Map(checklist.items.map((item) => [item.code, item.name]));
  const problemCounts = new Map<string, number>();
  for (const problem of problems) problemCounts.set(problem.itemCode, (problemCounts.get(problem.itemCode) ?? 0) + 1);
  const average = (xs: readonly { scored: ScoredFile }[]) =>
    xs.length === 0 ? 0 : round2(xs.reduce((sum, x) => sum + x.scored.score, 0) / xs.length);
  return {
    filesReviewed: count,
    enterpriseFiles,
    enterpriseSharePercent: count === 0 ? 0 : round2((enterpriseFiles / count) * 100),
    byCategory: categories.map((category) => ({ category, files: files.filter((x) => x.file.category === category).length })),
    averageScore: average(files),
    excellent: grades('excellent'),
    qualified: grades('qualified'),
    unqualified: grades('unqualified'),
    byAgency: agencies.map((agencyId) => {
      const own = files.filter((x) => x.file.agencyId === agencyId);
      return {
        agencyId,
        files: own.length,
        averageScore: average(own),
        unqualified: own.filter((x) => x.scored.grade === 'unqualified').length,
        problems: own.reduce((sum, x) => sum + x.scored.problems.length, 0),
      };
    }),
    problemsByItem: [...problemCounts.entries()]
      .map(([itemCode, n]) => ({ itemCode, name: names.get(itemCode) ?? itemCode, count: n }))
      .sort((a, b) => b.count - a.count || (a.itemCode < b.itemCode ? -1 : 1)),
  };
}
