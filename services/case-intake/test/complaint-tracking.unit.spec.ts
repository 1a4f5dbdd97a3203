import { describe, expect, it } from 'vitest';
import { ConfigError } from '@lesp/service-bootstrap';
import { handlingDaysFor } from '../src/application/complaint-deadlines.js';
import { ComplaintTrackingNumbers, complaintTrackingSecret, normalizeTrackingNumber } from '../src/application/complaint-tracking.js';
import { TRACKING_NUMBER_PATTERN } from '../src/domain/complaint/complaint-rules.js';

const SECRET = 'a-test-secret-that-is-at-least-32-characters';

describe('complaint tracking numbers (查询码)', () => {
  it('are 12 characters of Crockford base32, the same for the same complaint', () => {
    const numbers = new ComplaintTrackingNumbers(SECRET);
    const number = numbers.numberFor('431103', 'cp-1');
    expect(number).toMatch(TRACKING_NUMBER_PATTERN);
    expect(numbers.numberFor('431103', 'cp-1')).toBe(number);
  });

  it('differ by complaint, by county and by secret', () => {
    const numbers = new ComplaintTrackingNumbers(SECRET);
    const all = new Set([
      numbers.numberFor('431103', 'cp-1'),
      numbers.numberFor('431103', 'cp-2'),
      numbers.numberFor('433124', 'cp-1'),
      new ComplaintTrackingNumbers(`${SECRET}!`).numberFor('431103', 'cp-1'),
    ]);
    expect(all.size).toBe(4);
    const many = new Set(Array.from({ length: 2000 }, (_, i) => numbers.numberFor('431103', `cp-${i}`)));
    expect(many.size).toBe(2000);
  });

  it('are read back whatever the case, spacing or O/0 and I/L/1 confusion', () => {
    expect(normalizeTrackingNumber('7k3m-9pq2-xw4t')).toBe('7K3M9PQ2XW4T');
    expect(normalizeTrackingNumber('O1LI 0000 0000')).toBe('0111' + '00000000');
    expect(normalizeTrackingNumber('7K3M9PQ2XW4')).toBeUndefined();
    expect(normalizeTrackingNumber('7K3M9PQ2XW4U')).toBeUndefined();
  });

  it('take their key from COMPLAINT_TRACKING_SECRET, required in production', () => {
    expect(complaintTrackingSecret({ COMPLAINT_TRACKING_SECRET: SECRET })).toEqual({ secret: SECRET, usingDevelopmentSecret: false });
    expect(complaintTrackingSecret({}).usingDevelopmentSecret).toBe(true);
    expect(() => complaintTrackingSecret({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => complaintTrackingSecret({ COMPLAINT_TRACKING_SECRET: 'short' })).toThrow(/at least 32/);
  });
});

describe('default handling periods', () => {
  it('are 15 days for the public and media, 30 for suggestions and supervisor findings, unless set', () => {
    expect(handlingDaysFor('portal', undefined)).toBe(15);
    expect(handlingDaysFor('hotline_12345', 0)).toBe(15);
    expect(handlingDaysFor('media', undefined)).toBe(15);
    expect(handlingDaysFor('procuratorate_suggestion', undefined)).toBe(30);
    expect(handlingDaysFor('judicial_suggestion', undefined)).toBe(30);
    expect(handlingDaysFor('supervisor_finding', undefined)).toBe(30);
    expect(handlingDaysFor('portal', 7)).toBe(7);
  });
});
