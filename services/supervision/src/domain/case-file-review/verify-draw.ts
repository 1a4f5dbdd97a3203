import { DRAW_ALGORITHM, auditLine, candidatesDigest, type DrawVerification } from '../shared/seeded-draw.js';
import type { CaseFileReviewEvent } from './case-file-review-events.js';
import { drawCaseFiles, type SampleCriteria, type SampledFile } from './sample.js';

type Drawn = Extract<CaseFileReviewEvent, { type: 'CaseFileSampleDrawn' }>['data'];

/**
 * What an auditor (or the public) checks on a recorded draw: the candidate list matches its
 * digest, and drawing again with the recorded seed gives the recorded sample. For a list too
 * large to travel in the event, pass the archived list as `candidates`.
 */
export function verifyCaseFileDraw(
  criteria: SampleCriteria,
  drawn: Drawn,
  candidates: readonly SampledFile[] | undefined = drawn.candidates,
): DrawVerification {
  if (drawn.algorithm !== DRAW_ALGORITHM) return { ok: false, reason: 'algorithm' };
  if (!candidates) return { ok: false, reason: 'candidates_not_inline' };
  const digest = candidatesDigest(candidates.map((c) => auditLine([c.fileId, c.agencyId, c.category, c.enterprise])));
  if (digest !== drawn.candidatesDigest) return { ok: false, reason: 'digest' };
  // closedAt only decided whether a file could be a candidate; the draw itself never reads it.
  const again = drawCaseFiles(
    criteria,
    candidates.map((c) => ({ ...c, closedAt: criteria.period.from })),
    drawn.seed,
  );
  return JSON.stringify(again) === JSON.stringify(drawn.sample) ? { ok: true } : { ok: false, reason: 'result' };
}
