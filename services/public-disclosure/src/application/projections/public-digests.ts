import { dailyDigestEventCodec } from '@lesp/contracts';
import { DAILY_DIGEST_AGGREGATE } from '@lesp/event-store';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

/**
 * The services whose stores are sealed daily (日摘要) and whose seals are published here: case
 * intake (agencies, officers, acts, complaints), supervision (alerts, rectifications, reviews,
 * inspections, evaluations …), cross-region coordination (agreements, joint meetings, incidents,
 * advice, consultations, exchange consents) and public disclosure itself (what was published,
 * refused, withdrawn). Each seal arrives on its service's topic, so public disclosure consumes
 * cross-region's too (service.ts).
 */
export const SEALING_SERVICES = ['case-intake', 'supervision', 'cross-region', 'public-disclosure'] as const;
export type SealingService = (typeof SEALING_SERVICES)[number];

export function isSealingService(value: string): value is SealingService {
  return (SEALING_SERVICES as readonly string[]).includes(value);
}

/** One sealed county-day of one service's log, as published (a digest says nothing of the records but their number). */
export interface PublicDigestDocument {
  /** `${countyCode}/${day}/${service}`: a county's digests sort by day, then service. */
  _id: string;
  _v: number;
  countyCode: string;
  digestId: string;
  service: SealingService;
  day: string;
  coversFrom?: Date;
  coversTo?: Date;
  eventCount: number;
  merkleRoot: string;
  algorithm: string;
  sealedAt?: Date;
  /** When the sealing service's store recorded the seal (the envelope). */
  recordedAt: Date;
}

export function publicDigestId(countyCode: string, day: string, service: string): string {
  return `${countyCode}/${day}/${service}`;
}

/**
 * `DailyDigestSealed` from the sealing services' topics (and this service's own store). A seal
 * counts only as its source's: a body naming another service or county than the envelope that
 * carried it is ignored. The first seal of a county-day stays (each is the only event of its
 * stream, version 1): nothing can replace a published digest.
 */
export const publicDigestsProjection: Projection<PublicDigestDocument> = {
  name: 'public-disclosure.public-digests',
  readModel: 'rm_public_digests',
  indexes: [{ key: { countyCode: 1, _id: -1 }, name: 'county_day' }],
  handles: (eventType) => dailyDigestEventCodec.handles(eventType),
  async apply(record, target) {
    if (!isSealingService(record.source) || record.aggregateType !== DAILY_DIGEST_AGGREGATE) return;
    const { data } = dailyDigestEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    if (data.service !== record.source || data.countyCode !== record.countyCode || data.day !== record.aggregateId) return;
    await applyVersioned(target, publicDigestId(data.countyCode, data.day, record.source), record, {
      $setOnInsert: {
        digestId: data.digestId,
        service: record.source,
        day: data.day,
        ...(data.coversFrom ? { coversFrom: data.coversFrom } : {}),
        ...(data.coversTo ? { coversTo: data.coversTo } : {}),
        eventCount: data.eventCount,
        merkleRoot: data.merkleRoot,
        algorithm: data.algorithm,
        ...(data.sealedAt ? { sealedAt: data.sealedAt } : {}),
        recordedAt: record.recordedAt,
      },
    });
  },
};
