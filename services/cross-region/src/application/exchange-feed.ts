import { assertAllowed, type Principal } from '@lesp/auth';
import { exchangeConsentEventCodec, envelopeV1 } from '@lesp/contracts';
import { ForbiddenError, ValidationError, assertCountyCode, type CommandContext, type EventRecord } from '@lesp/core';
import { CommandHandler, decodePosition, encodePosition, type AggregateType, type EventStore, type HandleOptions } from '@lesp/event-store';
import { encodeEnvelope } from '@lesp/kafka-bus';
import {
  exchangeConsentDecider,
  sharedStreamTypes,
  type ExchangeConsentCommand,
  type ExchangeConsentEvent,
  type ExchangeConsentState,
} from '../domain/exchange/exchange-consent-decider.js';
import type { CommandOutcome } from './aggregates.js';

export const EXCHANGE_CONSENT = 'ExchangeConsent';

export const exchangeConsentAggregate: AggregateType<ExchangeConsentCommand, ExchangeConsentEvent, ExchangeConsentState> = {
  source: 'cross-region',
  aggregateType: EXCHANGE_CONSENT,
  decider: exchangeConsentDecider,
  codec: exchangeConsentEventCodec,
};

const MAX_PAGE = 500;

/**
 * Upward exchange (向上级平台报送): a county's consent says which regions (its city, province,
 * the national platform) may read which of its coordination data; the feed is the county's own
 * events in the store's global order, filtered by that consent, as EventEnvelopes, resumable
 * from the position the previous page ended at.
 */
export class ExchangeFeed {
  private readonly consents: CommandHandler<ExchangeConsentCommand, ExchangeConsentEvent, ExchangeConsentState>;

  constructor(
    private readonly store: EventStore,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.consents = new CommandHandler(store, exchangeConsentAggregate);
  }

  async setConsent(
    principal: Principal,
    countyCode: string,
    input: { readonly recipients: readonly string[]; readonly dataKinds: readonly string[] },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'cross_region.exchange.consent', { countyCodes: [countyCode] }, this.clock());
    const handled = await this.consents.handle(
      countyCode,
      countyCode,
      { type: 'SetExchangeConsent', data: { ...input, countyCode, setBy: context.actor.userId, setAt: context.occurredAt } },
      context,
      options,
    );
    if (handled.records.length > 0 && !handled.replayed) this.afterAppend();
    return {
      aggregateId: countyCode,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }

  async read(
    principal: Principal,
    regionCode: string,
    countyCode: string,
    after: string,
    limit: number,
  ): Promise<{ events: envelopeV1.EventEnvelope[]; nextPosition: string }> {
    assertCountyCode(countyCode);
    if (!/^([1-8][0-9]([0-9]{2})?|national)$/.test(regionCode)) {
      throw ValidationError.of('regionCode', 'REGION_CODE_FORMAT', '须为省（2 位）、市（4 位）行政区划代码或 national');
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
      throw ValidationError.of('limit', 'LIMIT_RANGE', `每页 1 到 ${MAX_PAGE} 条`);
    if (after !== '' && !isPosition(after)) throw ValidationError.of('after', 'POSITION_INVALID', '读取位置无效');
    assertAllowed(principal, 'cross_region.exchange.read', { countyCodes: [countyCode] }, this.clock());
    // A regional viewer subscribes as its own region; a platform (service) names the one it is.
    if (principal.role === 'regional_viewer' && principal.regionCode !== regionCode) {
      throw new ForbiddenError('NOT_YOUR_REGION', '只能以本辖区的身份订阅报送数据');
    }
    const types = sharedStreamTypes((await this.consents.load(countyCode, countyCode)).state, regionCode);
    // Without the county's consent nothing is shared: an empty page (not an error, which would say more).
    if (types.size === 0) return { events: [], nextPosition: after };
    const page = await this.store.readAll({ countyCode, limit, ...(after ? { after } : {}) });
    const events = page.records.filter((r) => r.source === 'cross-region' && types.has(r.aggregateType));
    return {
      events: events.map((r) => envelopeV1.EventEnvelope.decode(encodeEnvelope(r))),
      nextPosition: page.next ?? positionAfter(page.records, after),
    };
  }
}

/** The position after the last commit read (the store names none after its last page). */
function positionAfter(records: readonly EventRecord[], after: string): string {
  const last = records.at(-1);
  if (!last) return after;
  let firstVersion = last.version;
  for (let i = records.length - 2; i >= 0; i--) {
    const r = records[i]!;
    if (r.streamId !== last.streamId || r.recordedAt.getTime() !== last.recordedAt.getTime() || r.version !== firstVersion - 1) break;
    firstVersion = r.version;
  }
  return encodePosition({ recordedAt: last.recordedAt, streamId: last.streamId, firstVersion });
}

/** A position the store made: base64url of its commit key, at most 400 characters. */
function isPosition(value: string): boolean {
  if (value.length > 400 || !/^[A-Za-z0-9_-]+$/.test(value)) return false;
  try {
    const key = decodePosition(value);
    return !Number.isNaN(key.recordedAt.getTime()) && Number.isInteger(key.firstVersion);
  } catch {
    return false;
  }
}
