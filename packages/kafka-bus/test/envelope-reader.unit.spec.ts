import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { envelopeV1 } from '@lesp/contracts';
import { readEnvelope } from '../src/envelope-reader.js';
import { decodeEnvelope, encodeEnvelope } from '../src/envelope.js';

/** The generated decoder is the definition; the direct reader must agree with it or step aside. */
const generated = (bytes: Buffer) => envelopeV1.EventEnvelope.decode(bytes);

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '431103', '执法监督', 'a'.repeat(70)));
const time = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
const envelope = fc.record({
  eventId: text,
  eventType: text,
  schemaVersion: fc.integer({ min: 0, max: 0xffffffff }),
  countyCode: text,
  aggregateType: text,
  aggregateId: text,
  version: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  occurredAt: fc.option(time, { nil: undefined }),
  recordedAt: fc.option(time, { nil: undefined }),
  actor: fc.option(fc.record({ userId: text, role: text, countyCode: text, agencyId: text }), { nil: undefined }),
  correlationId: text,
  causationId: text,
  source: text,
  payload: fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
  previousHash: text,
  hash: text,
});
/** A protobuf varint of a non-negative safe integer. */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}
const encode = (message: envelopeV1.EventEnvelope) => Buffer.from(envelopeV1.EventEnvelope.encode(message).finish());

describe('envelope reader', () => {
  it('reads every envelope the generated encoder writes as the generated decoder does', () => {
    fc.assert(
      fc.property(envelope, (message) => {
        const bytes = encode(message);
        const read = readEnvelope(bytes);
        expect(read).toBeDefined();
        expect(read).toEqual(generated(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the generated decoder on fields repeated, reordered or unknown, and on invalid UTF-8', () => {
    fc.assert(
      fc.property(envelope, envelope, fc.nat(), (a, b, seed) => {
        const middle = Buffer.from([
          // Unknown fields of every plain wire type (a newer producer's), between known ones.
          ...varint((17 << 3) | 0),
          ...varint(seed * 1_000_003),
          ...varint((18 << 3) | 1),
          ...Array.from({ length: 8 }, (_, i) => (seed >> i) & 0xff),
          ...varint((19 << 3) | 2),
          3,
          0xff,
          0xfe,
          seed & 0xff,
          ...varint((20 << 3) | 5),
          1,
          2,
          3,
          4,
          // Invalid UTF-8 in a string field: both decode it with replacement characters.
          ...varint((1 << 3) | 2),
          6,
          0x61,
          0xc3,
          0x28,
          0xe2,
          0x82,
          0xff,
        ]);
        const bytes = Buffer.concat([encode(a), middle, encode(b)]);
        const read = readEnvelope(bytes);
        expect(read).toBeDefined();
        expect(read).toEqual(generated(bytes));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves to the generated decoder what it does not read (negative numbers, groups, wrong wire types, truncation)', () => {
    const negative = encode({ ...envelopeV1.EventEnvelope.fromPartial({ eventId: 'e1' }), version: -1 });
    const group = Buffer.concat([
      encode(envelopeV1.EventEnvelope.fromPartial({ eventId: 'e1' })),
      Buffer.from([(21 << 3) | 3, (21 << 3) | 4]),
    ]);
    const wrongType = Buffer.from([(1 << 3) | 0, 5]);
    const truncated = encode(envelopeV1.EventEnvelope.fromPartial({ eventId: 'event-1', hash: 'h'.repeat(64) })).subarray(0, 20);
    for (const bytes of [negative, group, wrongType, truncated]) expect(readEnvelope(bytes)).toBeUndefined();
    // decodeEnvelope falls back: a negative version still decodes as the generated decoder has it.
    const record = fc.sample(envelope, { numRuns: 1, seed: 7 })[0]!;
    const full = encode({
      ...record,
      eventId: 'e1',
      eventType: 'T',
      countyCode: '431103',
      aggregateId: 'a',
      actor: record.actor ?? { userId: 'u', role: 'r', countyCode: '431103', agencyId: '' },
      occurredAt: new Date(0),
      recordedAt: new Date(1),
      version: -2,
    });
    expect(decodeEnvelope(full).version).toBe(-2);
  });

  it('round-trips an event record through encodeEnvelope and decodeEnvelope', () => {
    const record = {
      eventId: 'e-1',
      eventType: 'AgencyRegistered',
      schemaVersion: 2,
      source: 'case-intake',
      countyCode: '431103',
      aggregateType: 'Agency',
      aggregateId: '机构-1',
      streamId: '431103/Agency/机构-1',
      version: 7,
      occurredAt: new Date('2023-05-01T09:00:00.123Z'),
      recordedAt: new Date('2023-05-02T09:00:00.456Z'),
      actor: { userId: 'u1', role: 'agency_clerk', countyCode: '431103', agencyId: 'ag-1' },
      correlationId: 'c-1',
      causationId: 'c-0',
      payload: new Uint8Array([1, 2, 3]),
      previousHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    };
    const decoded = decodeEnvelope(encodeEnvelope(record));
    expect({ ...decoded, payload: [...decoded.payload] }).toEqual({ ...record, payload: [1, 2, 3] });
  });
});
