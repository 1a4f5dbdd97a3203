import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/common/v1/daily_digest.js';

/**
 * A sealed day of a service's event log (日摘要), emitted by every service that seals its
 * store (case intake, supervision, public disclosure) on its own topic, stream type
 * "DailyDigest". Public disclosure projects them into the public list of digests.
 */
export type DailyDigestEventV1 = DomainEvent<'DailyDigestSealed', v1.DailyDigestSealed>;

export const dailyDigestEventCodec = protobufEventCodec<DailyDigestEventV1>({
  DailyDigestSealed: { schemaVersion: 1, fns: v1.DailyDigestSealed },
});
