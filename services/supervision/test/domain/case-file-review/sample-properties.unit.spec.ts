import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawCaseFiles, type CandidateFile } from '../../../src/domain/case-file-review/index.js';
import { criteria, PERIOD } from './fixtures.js';

const AGENCIES = ['cgj', 'jtj', 'scjgj'];
const filesArb = fc.uniqueArray(
  fc.record({
    fileId: fc.stringMatching(/^f-[0-9a-z]{1,6}$/),
    agencyId: fc.constantFrom(...AGENCIES),
    category: fc.constantFrom('licensing' as const, 'penalty' as const),
    closedAt: fc.constant(PERIOD.from),
    enterprise: fc.boolean(),
  }),
  { selector: (f) => f.fileId, maxLength: 60 },
);

describe('case-file sample, for any pool and seed', () => {
  it('per agency: min(count, files) from each agency, enterprise quota met as far as possible, nothing twice, reproducible', () => {
    fc.assert(
      fc.property(
        filesArb,
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pool, seed, count, share) => {
          const c = criteria({ agencyIds: AGENCIES, size: { kind: 'per_agency', count }, minEnterpriseShare: share });
          const sample = drawCaseFiles(c, pool as CandidateFile[], seed);
          expect(new Set(sample.map((f) => f.fileId)).size).toBe(sample.length);
          for (const agency of AGENCIES) {
            const own = pool.filter((f) => f.agencyId === agency);
            const drawn = sample.filter((f) => f.agencyId === agency);
            const n = Math.min(count, own.length);
            expect(drawn).toHaveLength(n);
            const quota = Math.min(Math.ceil(share * n - 1e-9), own.filter((f) => f.enterprise).length);
            expect(drawn.filter((f) => f.enterprise).length).toBeGreaterThanOrEqual(quota);
          }
          expect(drawCaseFiles(c, [...pool].reverse() as CandidateFile[], seed)).toEqual(sample);
        },
      ),
    );
  });
});
