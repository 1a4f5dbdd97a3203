import { describe, expect, it } from 'vitest';
import { certificateAt, certificateValidAt, type CertificatePeriod } from '../src/index.js';

const d = (iso: string) => new Date(iso);
const history: CertificatePeriod[] = [
  { status: 'valid', from: d('2024-01-10T00:00:00Z'), validUntil: d('2029-01-10T00:00:00Z'), certificateNumber: '湘A001' },
  { status: 'suspended', from: d('2025-03-01T00:00:00Z') },
  { status: 'valid', from: d('2025-06-01T00:00:00Z') },
  { status: 'lost', from: d('2026-02-01T00:00:00Z') },
  { status: 'valid', from: d('2026-02-15T00:00:00Z'), validUntil: d('2026-12-31T00:00:00Z'), certificateNumber: '湘A002' },
];

describe('certificate validity at a given time', () => {
  it('answers for every period, carrying validity and number forward', () => {
    expect(certificateValidAt(history, d('2024-01-09T23:59:59Z'))).toBe(false);
    expect(certificateValidAt(history, d('2024-01-10T00:00:00Z'))).toBe(true);
    expect(certificateValidAt(history, d('2025-04-01T00:00:00Z'))).toBe(false);
    expect(certificateAt(history, d('2025-07-01T00:00:00Z'))).toEqual({
      status: 'valid',
      validUntil: d('2029-01-10T00:00:00Z'),
      certificateNumber: '湘A001',
      valid: true,
    });
    expect(certificateValidAt(history, d('2026-02-10T00:00:00Z'))).toBe(false);
    expect(certificateAt(history, d('2026-03-01T00:00:00Z'))?.certificateNumber).toBe('湘A002');
  });

  it('treats an expired certificate as not valid, and an empty history as no certificate', () => {
    expect(certificateValidAt(history, d('2026-12-31T00:00:00Z'))).toBe(false);
    expect(certificateAt([], d('2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(certificateValidAt([], d('2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('orders periods by their effective time, whatever order they were recorded in', () => {
    const shuffled = [history[2]!, history[0]!, history[1]!];
    expect(certificateValidAt(shuffled, d('2025-04-01T00:00:00Z'))).toBe(false);
    expect(certificateValidAt(shuffled, d('2025-06-02T00:00:00Z'))).toBe(true);
  });
});
