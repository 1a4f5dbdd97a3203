import type { envelopeV1 } from '@lesp/contracts';

/**
 * A direct reader of the EventEnvelope wire format (proto/lesp/common/v1/envelope.proto) for
 * the consumer's hot path. The generated decoder spends most of a message's time outside the
 * bytes: a BigInt round trip per int64 (version and each timestamp's seconds), an array per
 * short string, a TextDecoder call per hash; at tens of thousands of events a second that was
 * about a third of a raw kafkajs consumer's own time per message (bench/results, kafka-bus).
 *
 * It reads only what it is sure of: a field it knows with the wire type it expects, and unknown
 * fields of the plain wire types (skipped, as a newer producer may add fields). Anything else
 * (a group, a tag 0, a negative or oversized integer, bytes past the end) returns undefined and
 * the caller decodes with the generated decoder, which stays the definition of the format:
 * `envelope-reader.unit.spec.ts` checks the two agree.
 */
export function readEnvelope(buf: Buffer): envelopeV1.EventEnvelope | undefined {
  try {
    return new Reader(buf).envelope();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** Thrown inside the reader for anything it leaves to the generated decoder. */
const GIVE_UP = Symbol('envelope reader gives up');

class Reader {
  private pos = 0;
  /** Where the last length-delimited field's bytes begin. */
  private start = 0;

  constructor(private readonly buf: Buffer) {}

  envelope(): envelopeV1.EventEnvelope {
    const m: envelopeV1.EventEnvelope = {
      eventId: '',
      eventType: '',
      schemaVersion: 0,
      countyCode: '',
      aggregateType: '',
      aggregateId: '',
      version: 0,
      occurredAt: undefined,
      recordedAt: undefined,
      actor: undefined,
      correlationId: '',
      causationId: '',
      source: '',
      payload: EMPTY,
      previousHash: '',
      hash: '',
    };
    const end = this.buf.length;
    while (this.pos < end) {
      const tag = this.varint32();
      // Each case is a known field with the wire type the generated decoder accepts for it.
      switch (tag) {
        case 10:
          m.eventId = this.string();
          break;
        case 18:
          m.eventType = this.repeated(0);
          break;
        case 24:
          m.schemaVersion = this.varint32();
          break;
        case 34:
          m.countyCode = this.repeated(1);
          break;
        case 42:
          m.aggregateType = this.repeated(2);
          break;
        case 50:
          m.aggregateId = this.string();
          break;
        case 56:
          m.version = this.varint();
          break;
        case 66:
          m.occurredAt = this.timestamp();
          break;
        case 74:
          m.recordedAt = this.timestamp();
          break;
        case 82:
          m.actor = this.actor();
          break;
        case 90:
          m.correlationId = this.string();
          break;
        case 98:
          m.causationId = this.string();
          break;
        case 106:
          m.source = this.repeated(3);
          break;
        case 114: {
          this.delimited();
          // A copy, as the generated decoder makes: a view would keep the whole fetched batch alive.
          m.payload = Buffer.allocUnsafe(this.pos - this.start);
          this.buf.copy(m.payload, 0, this.start, this.pos);
          break;
        }
        case 122:
          m.previousHash = this.string();
          break;
        case 130:
          m.hash = this.string();
          break;
        default:
          this.skip(tag, KNOWN_ENVELOPE_FIELDS);
      }
    }
    return m;
  }

  private actor(): envelopeV1.Actor {
    this.delimited();
    const end = this.pos;
    this.pos = this.start;
    const actor: envelopeV1.Actor = { userId: '', role: '', countyCode: '', agencyId: '' };
    while (this.pos < end) {
      const tag = this.varint32();
      if (tag === 10) actor.userId = this.repeated(4);
      else if (tag === 18) actor.role = this.repeated(5);
      else if (tag === 26) actor.countyCode = this.repeated(6);
      else if (tag === 34) actor.agencyId = this.repeated(7);
      else this.skip(tag, 4);
    }
    if (this.pos !== end) throw GIVE_UP;
    return actor;
  }

  /** google.protobuf.Timestamp as the generated code converts it. */
  private timestamp(): Date {
    this.delimited();
    const end = this.pos;
    this.pos = this.start;
    let seconds = 0;
    let nanos = 0;
    while (this.pos < end) {
      const tag = this.varint32();
      if (tag === 8) seconds = this.varint();
      else if (tag === 16) nanos = this.varint32(0x7fffffff);
      else this.skip(tag, 2);
    }
    if (this.pos !== end) throw GIVE_UP;
    return new Date(seconds * 1_000 + nanos / 1_000_000);
  }

  /**
   * A varint of at most 8 bytes that is a safe integer: every version, count and time this
   * format carries. A negative int64/int32 takes 10 bytes; the generated decoder has it.
   */
  private varint(): number {
    const buf = this.buf;
    // Most are one byte (tags, short lengths, small numbers).
    const first = buf[this.pos];
    if (first !== undefined && first < 0x80) {
      this.pos++;
      return first;
    }
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= buf.length) throw GIVE_UP;
      const byte = buf[this.pos++]!;
      result += (byte & 0x7f) * factor;
      if (byte < 0x80) {
        if (result > Number.MAX_SAFE_INTEGER) throw GIVE_UP;
        return result;
      }
      factor *= 128;
    }
    throw GIVE_UP;
  }

  /** A varint the generated decoder reads as 32 bits (tags, lengths, uint32, int32 up to `max`): beyond, it would wrap. */
  private varint32(max = 0xffffffff): number {
    const value = this.varint();
    if (value > max) throw GIVE_UP;
    return value;
  }

  /** Moves past a length-delimited field; its bytes are `start` to `pos`. */
  private delimited(): void {
    const length = this.varint32();
    this.start = this.pos;
    if (this.pos + length > this.buf.length) throw GIVE_UP;
    this.pos += length;
  }

  private string(): string {
    this.delimited();
    return this.text(this.start, this.pos);
  }

  /**
   * A field that mostly repeats from one event to the next (county, type, source, actor): the
   * string read last time for this field when the bytes are the same, without decoding them again.
   */
  private repeated(field: number): string {
    this.delimited();
    const start = this.start;
    const stop = this.pos;
    const length = stop - start;
    if (length > REPEATED_MAX_BYTES) return this.text(start, stop);
    const last = lastBytes[field]!;
    if (last.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (last[i] !== this.buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return lastText[field]!;
    }
    const text = this.text(start, stop);
    lastBytes[field] = new Uint8Array(this.buf.subarray(start, stop));
    lastText[field] = text;
    return text;
  }

  /** UTF-8 as Buffer#toString decodes it (invalid bytes become U+FFFD), without its argument checks. */
  private text(start: number, stop: number): string {
    return (this.buf as Buffer & { utf8Slice(start: number, end: number): string }).utf8Slice(start, stop);
  }

  /** Skips an unknown field; a known field number with another wire type is the generated decoder's. */
  private skip(tag: number, knownFields: number): void {
    const field = Math.floor(tag / 8);
    if (field === 0 || field <= knownFields) throw GIVE_UP;
    switch (tag & 7) {
      case 0:
        this.varintSkip();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.delimited();
        return;
      case 5:
        this.advance(4);
        return;
      default:
        throw GIVE_UP;
    }
  }

  private varintSkip(): void {
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw GIVE_UP;
      if (this.buf[this.pos++]! < 0x80) return;
    }
    throw GIVE_UP;
  }

  private advance(bytes: number): void {
    if (this.pos + bytes > this.buf.length) throw GIVE_UP;
    this.pos += bytes;
  }
}

const EMPTY = Buffer.alloc(0);

/** The bytes and text of each repeating field's last value (see `repeated`), per process. */
const REPEATED_FIELDS = 8;
const REPEATED_MAX_BYTES = 64;
const lastBytes: Uint8Array[] = Array.from({ length: REPEATED_FIELDS }, () => new Uint8Array(0));
const lastText: string[] = Array.from({ length: REPEATED_FIELDS }, () => '');

/** EventEnvelope's highest field number: fields up to it are known, each with one wire type. */
const KNOWN_ENVELOPE_FIELDS = 16;
