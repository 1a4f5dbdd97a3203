import { describe, expect, it } from 'vitest';
import { DRAW_ALGORITHM, candidatesDigest, drawSample } from '../../../src/domain/shared/seeded-draw.js';
import { candidateViolations, criteriaViolations, drawCaseFiles } from '../../../src/domain/case-file-review/index.js';
import { candidates, criteria } from './fixtures.js';

const ids = Array.from({ length: 100 }, (_, i) => `file-${String(i).padStart(3, '0')}`);

describe('seeded draw', () => {
  it('gives the same sample for the same seed and candidates, whatever order the candidates came in', () => {
    const first = drawSample(ids, 10, 20260302);
    expect(drawSample(ids, 10, 20260302)).toEqual(first);
    expect(drawSample([...ids].reverse(), 10, 20260302)).toEqual(first);
    expect(drawSample([...ids, ...ids.slice(0, 5)], 10, 20260302)).toEqual(first);
    expect(new Set(first).size).toBe(10);
  });

  it('gives a different sample for a different seed', () => {
    expect(drawSample(ids, 10, 20260303)).not.toEqual(drawSample(ids, 10, 20260302));
  });

  it('is pinned: a known seed gives a known sample (an upgrade of pure-rand that changes it fails here)', () => {
    expect(DRAW_ALGORITHM).toBe('xoroshiro128plus+fisher-yates/pure-rand@8.4.2');
    expect(drawSample(ids, 5, 42)).toEqual(['file-005', 'file-094', 'file-089', 'file-013', 'file-054']);
    expect(drawSample(ids, 3, 4294967295)).toEqual(['file-048', 'file-084', 'file-091']);
  });

  it('takes every candidate when asked for more than there are, none when asked for none', () => {
    expect(drawSample(ids.slice(0, 3), 10, 1).sort()).toEqual(ids.slice(0, 3));
    expect(drawSample(ids, 0, 1)).toEqual([]);
  });

  it('digests the canonical list: order and duplicates do not change it, a missing file does', () => {
    expect(candidatesDigest([...ids].reverse())).toBe(candidatesDigest(ids));
    expect(candidatesDigest(ids.slice(1))).not.toBe(candidatesDigest(ids));
    expect(candidatesDigest(ids)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('case-file sample', () => {
  it('draws the same number from each agency, at least half of them enterprise cases', () => {
    const sample = drawCaseFiles(criteria(), candidates(), 7);
    expect(sample).toHaveLength(20);
    for (const agency of ['cgj', 'jtj', 'scjgj', 'yjglj']) {
      const own = sample.filter((f) => f.agencyId === agency);
      expect(own).toHaveLength(5);
      expect(own.filter((f) => f.enterprise).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('draws a share of each agency’s files, rounded up', () => {
    const pool = [...candidates(30, ['cgj']), ...candidates(7, ['jtj'])];
    const sample = drawCaseFiles(
      criteria({ agencyIds: ['cgj', 'jtj'], size: { kind: 'share', share: 0.1 }, minEnterpriseShare: 0 }),
      pool,
      7,
    );
    expect(sample.filter((f) => f.agencyId === 'cgj')).toHaveLength(3);
    expect(sample.filter((f) => f.agencyId === 'jtj')).toHaveLength(1);
  });

  it('draws a county-wide total: 44 files, 23 or more of them enterprise cases (seed 002: 52 %)', () => {
    const sample = drawCaseFiles(criteria({ size: { kind: 'total', count: 44 }, minEnterpriseShare: 0.52 }), candidates(), 2023);
    expect(sample).toHaveLength(44);
    expect(sample.filter((f) => f.enterprise).length).toBeGreaterThanOrEqual(23);
  });

  it('draws per category like seed 002: 11 licences and 33 penalties, the enterprise share met in each', () => {
    const c = criteria({
      size: {
        kind: 'per_category',
        counts: [
          { category: 'penalty', count: 33 },
          { category: 'licensing', count: 11 },
        ],
      },
      minEnterpriseShare: 0.52,
    });
    const sample = drawCaseFiles(c, candidates(), 2023);
    expect(sample.filter((f) => f.category === 'licensing')).toHaveLength(11);
    expect(sample.filter((f) => f.category === 'penalty')).toHaveLength(33);
    expect(sample.filter((f) => f.enterprise).length).toBeGreaterThanOrEqual(23);
    expect(drawCaseFiles(c, [...candidates()].reverse(), 2023)).toEqual(sample);
  });

  it('refuses a category count for a category the review does not cover, or twice', () => {
    const c = criteria({
      categories: ['penalty'],
      size: {
        kind: 'per_category',
        counts: [
          { category: 'penalty', count: 3 },
          { category: 'licensing', count: 1 },
          { category: 'penalty', count: 0 },
        ],
      },
    });
    expect(criteriaViolations('criteria', c).map((v) => v.field)).toEqual([
      'criteria.size.counts[1].category',
      'criteria.size.counts[2].category',
      'criteria.size.counts[2].count',
    ]);
  });

  it('meets the enterprise share only as far as there are enterprise files', () => {
    const pool = candidates(10, ['cgj']).map((f, i) => ({ ...f, enterprise: i === 0 }));
    const sample = drawCaseFiles(criteria({ agencyIds: ['cgj'], size: { kind: 'per_agency', count: 4 }, minEnterpriseShare: 1 }), pool, 9);
    expect(sample).toHaveLength(4);
    expect(sample[0]?.enterprise).toBe(true);
  });

  it('is reproducible and seed-dependent as a whole', () => {
    const pool = candidates();
    expect(drawCaseFiles(criteria(), [...pool].reverse(), 11)).toEqual(drawCaseFiles(criteria(), pool, 11));
    expect(drawCaseFiles(criteria(), pool, 12)).not.toEqual(drawCaseFiles(criteria(), pool, 11));
  });

  it('refuses candidates outside the criteria or twice in the list', () => {
    const pool = candidates(2, ['cgj']);
    const outside = [
      ...pool,
      { ...pool[0]!, fileId: 'x-1', agencyId: 'gaj' },
      { ...pool[0]!, fileId: 'x-2', category: 'inspection' as const },
      { ...pool[0]!, fileId: 'x-3', closedAt: new Date('2023-07-01T00:00:00Z') },
      pool[1]!,
    ];
    expect(candidateViolations(criteria(), outside).map((v) => [v.field, v.code])).toEqual([
      ['candidates[2].agencyId', 'CANDIDATE_OUTSIDE_CRITERIA'],
      ['candidates[3].category', 'CANDIDATE_OUTSIDE_CRITERIA'],
      ['candidates[4].closedAt', 'CANDIDATE_OUTSIDE_CRITERIA'],
      ['candidates[5].fileId', 'CANDIDATE_DUPLICATE'],
    ]);
  });
});
