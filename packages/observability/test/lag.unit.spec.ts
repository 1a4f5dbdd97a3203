import { describe, expect, it } from 'vitest';
import { partitionLag, projectionLagSeconds } from '../src/index.js';

describe('consumer lag per partition', () => {
  it('is the high watermark minus the committed offset', () => {
    expect(
      partitionLag(
        'g',
        't',
        [
          { partition: 1, high: '120', low: '0' },
          { partition: 0, high: '57', low: '0' },
        ],
        [
          { partition: 0, offset: '50' },
          { partition: 1, offset: '120' },
        ],
      ),
    ).toEqual([
      { group: 'g', topic: 't', partition: 0, lag: 7 },
      { group: 'g', topic: 't', partition: 1, lag: 0 },
    ]);
  });

  it('counts everything still on the broker for a partition the group never committed', () => {
    expect(partitionLag('g', 't', [{ partition: 0, high: '90', low: '30' }], [{ partition: 0, offset: '-1' }])).toEqual([
      { group: 'g', topic: 't', partition: 0, lag: 60 },
    ]);
    // A partition added after the group last committed is absent from its offsets.
    expect(partitionLag('g', 't', [{ partition: 3, high: '4', low: '0' }], [])).toEqual([{ group: 'g', topic: 't', partition: 3, lag: 4 }]);
  });

  it('is never negative (a committed offset past a truncated partition is caught up)', () => {
    expect(partitionLag('g', 't', [{ partition: 0, high: '10', low: '0' }], [{ partition: 0, offset: '25' }])[0]!.lag).toBe(0);
  });
});

describe('projection lag', () => {
  it('is the seconds from recording to application', () => {
    expect(projectionLagSeconds(Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-01T00:00:02.500Z'))).toBe(2.5);
  });

  it('is zero when the recording host’s clock is ahead of ours', () => {
    expect(projectionLagSeconds(Date.parse('2026-03-01T00:00:03Z'), Date.parse('2026-03-01T00:00:02Z'))).toBe(0);
  });
});
