import { assertAllowed, type Principal } from '@lesp/auth';
import { exchangeConsentEventCodec, type envelopeV1, type exchangeV1 } from '@lesp/contracts';
import { ForbiddenError, ValidationError, assertCountyCode, type CommandContext } from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore, type HandleOptions } from '@lesp/event-store';
import {
  exchangeConsentDecider,
  sharedKinds,
  type ExchangeConsentCommand,
  type ExchangeConsentEvent,
  type ExchangeConsentState,
} from '../../domain/exchange/exchange-consent-decider.js';
import type { CommandOutcome } from '../aggregates.js';
import type { ExchangeLog } from './exchange-log.js';

export const EXCHANGE_CONSENT = 'ExchangeConsent';

export const exchangeConsentAggregate: AggregateType<ExchangeConsentCommand, ExchangeConsentEvent, ExchangeConsentState> = {
  source: 'cross-region',
  aggregateType: EXCHANGE_CONSENT,
  decider: exchangeConsentDecider,
  codec: exchangeConsentEventCodec,
};

const MAX_PAGE = 500;
const MAX_FOLLOW_SECONDS = 300;
const FOLLOW_POLL_MS = 1000;

/**
 * Upward exchange (向上级平台报送): a county's consent says which regions (its city, province,
 * the national platform) may read which kinds of its data; the feed is the county's exchange log
 * (acts and decisions from case intake, alerts, rectifications, reviews and evaluations from
 * supervision, its coordination records) filtered by that consent when read, resumable from
 * the position the previous page ended at.
 */
export class ExchangeFeed {
  private readonly consents: CommandHandler<ExchangeConsentCommand, ExchangeConsentEvent, ExchangeConsentState>;

  constructor(
    store: EventStore,
    private readonly log: ExchangeLog,
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
  ): Promise<{ entries: exchangeV1.ExchangeEntry[]; events: envelopeV1.EventEnvelope[]; nextPosition: string }> {
    assertCountyCode(countyCode);
    if (!/^([1-8][0-9]([0-9]{2})?|national)$/.test(regionCode)) {
      throw ValidationError.of('regionCode', 'REGION_CODE_FORMAT', '须为省（2 位）、市（4 位）行政区划代码或 national');
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
      throw ValidationError.of('limit', 'LIMIT_RANGE', `每页 1 到 ${MAX_PAGE} 条`);
    if (!/^[0-9]{0,15}$/.test(after))
      throw ValidationError.of('after', 'POSITION_INVALID', '读取位置应为上一页的 nextPosition（非负整数）');
    assertAllowed(principal, 'cross_region.exchange.read', { countyCodes: [countyCode] }, this.clock());
    // A regional viewer subscribes as its own region; a platform (service) names the one it is.
    if (principal.role === 'regional_viewer' && principal.regionCode !== regionCode) {
      throw new ForbiddenError('NOT_YOUR_REGION', '只能以本辖区的身份订阅报送数据');
    }
    const from = after === '' ? 0 : Number(after);
    const kinds = sharedKinds((await this.consents.load(countyCode, countyCode)).state, regionCode);
    // Without the county's consent nothing is shared: an empty page (not an error, which would say more).
    if (kinds.size === 0) return { entries: [], events: [], nextPosition: String(from) };
    const page = await this.log.read(countyCode, from, limit, kinds);
    return {
      entries: page.entries,
      events: page.entries.flatMap((e) => (e.coordination ? [e.coordination] : [])),
      nextPosition: String(page.next),
    };
  }

  /**
   * The feed as a stream: every entry after `after` the subscriber may read, page by page, then
   * for up to `followSeconds` the entries logged meanwhile (the log is polled each second; the
   * consent is judged again at each page, so a withdrawn consent stops the flow at once).
   */
  async subscribe(
    principal: Principal,
    regionCode: string,
    countyCode: string,
    after: string,
    followSeconds: number,
    send: (entry: exchangeV1.ExchangeEntry) => Promise<void>,
  ): Promise<void> {
    if (!Number.isInteger(followSeconds) || followSeconds < 0 || followSeconds > MAX_FOLLOW_SECONDS)
      throw ValidationError.of('followSeconds', 'FOLLOW_RANGE', `持续订阅时间应为 0 到 ${MAX_FOLLOW_SECONDS} 秒`);
    const until = this.clock().getTime() + followSeconds * 1000;
    let position = after;
    for (;;) {
      const page = await this.read(principal, regionCode, countyCode, position, MAX_PAGE);
      for (const entry of page.entries) await send(entry);
      const moved = page.nextPosition !== (position === '' ? '0' : position);
      position = page.nextPosition;
      if (moved) continue;
      if (this.clock().getTime() >= until) return;
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
    }
  }
}
