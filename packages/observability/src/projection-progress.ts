import { projectionLagSeconds } from './lag.js';

interface Progress {
  recordedAtMs: number;
  appliedAtMs: number;
}

/** The last event each projection applied: written per applied batch, read per scrape. */
const progress = new Map<string, Progress>();

/** Notes the last event of a batch a projection applied. Updates in place: no allocation once a projection is known. */
export function noteProjectionApplied(projection: string, recordedAt: Date, appliedAtMs: number): void {
  const known = progress.get(projection);
  if (known) {
    known.recordedAtMs = recordedAt.getTime();
    known.appliedAtMs = appliedAtMs;
    return;
  }
  progress.set(projection, { recordedAtMs: recordedAt.getTime(), appliedAtMs });
}

export function* projectionProgress(): Generator<[string, { lagSeconds: number; recordedAtSeconds: number }]> {
  for (const [name, p] of progress) {
    yield [name, { lagSeconds: projectionLagSeconds(p.recordedAtMs, p.appliedAtMs), recordedAtSeconds: p.recordedAtMs / 1000 }];
  }
}
