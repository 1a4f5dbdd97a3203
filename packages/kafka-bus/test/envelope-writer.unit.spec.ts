import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EventRecord } from '@lesp/core';
import { writeEnvelope } from '../src/envelope-writer.js';
import { decodeEnvelope, encodeEnvelope, encodeGenerated } from '../src/envelope.js';

/** The generated encoder is the definition; the direct writer must write the same bytes or step aside. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '431103', '执法监督', 'h'.repeat(200)),
);
const time = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
const record: fc.Arbitrary<EventRecord> = fc.record({
  eventId: text,
  eventType: text,
  schemaVersion: fc.oneof(fc.constantFrom(0, 1, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff })),
  source: text,
  countyCode: text,
  aggregateType: text,
  aggregateId: text,
  streamId: text,
  version: fc.oneof(fc.constantFrom(0, 1, 127, 128, 16_384, Number.MAX_SAFE_INTEGER), fc.nat()),
  occurredAt: time,
  recordedAt: time,
  actor: fc.oneof(
    fc.record({ userId: text, role: text, countyCode: text }),
    fc.record({ userId: text, role: text, countyCode: text, agencyId: text }),
  ),
  correlationId: text,
  causationId: text,
  payload: fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ minLength: 16_000, maxLength: 20_000 })),
  previousHash: text,
  hash: text,
});

describe('envelope writer', () => {
  it('writes the bytes the generated encoder writes for every record it takes', () => {
    fc.assert(
      fc.property(record, (r) => {
        const written = writeEnvelope(r);
        expect(written).toBeDefined();
        expect(written!.equals(encodeGenerated(r))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves to the generated encoder a negative or fractional number and a time before 1970', () => {
    const base = fc.sample(record, { numRuns: 1, seed: 11 })[0]!;
    for (const odd of [
      { ...base, version: -1 },
      { ...base, version: 1.5 },
      { ...base, schemaVersion: -2 },
      { ...base, occurredAt: new Date('1969-12-31T23:59:59.500Z') },
      { ...base, recordedAt: new Date(-1) },
    ]) {
      expect(writeEnvelope(odd)).toBeUndefined();
      // encodeEnvelope does what the generated encoder does with it: the same bytes, or the same refusal.
      const outcome = (encode: (r: EventRecord) => Buffer) => {
        try {
          return encode(odd).toString('hex');
        } catch (error) {
          return `refused: ${String(error)}`;
        }
      };
      expect(outcome(encodeEnvelope)).toBe(outcome(encodeGenerated));
    }
  });

  it('round-trips records through encodeEnvelope and decodeEnvelope', () => {
    fc.assert(
      fc.property(record, (r) => {
        const decoded = decodeEnvelope(
          encodeEnvelope({
            ...r,
            eventId: `e${r.eventId}`,
            eventType: `t${r.eventType}`,
            countyCode: `c${r.countyCode}`,
            aggregateId: `a${r.aggregateId}`,
          }),
        );
        expect(decoded.version).toBe(r.version);
        expect(decoded.occurredAt.getTime()).toBe(r.occurredAt.getTime());
        expect([...decoded.payload]).toEqual([...r.payload]);
        expect(decoded.hash).toBe(Buffer.from(r.hash, 'utf8').toString('utf8'));
      }),
      { numRuns: 200 },
    );
  });
});
