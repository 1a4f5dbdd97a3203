import { ConflictError, assertNever, type Decider, type DomainEvent } from '@lesp/core';
import type { DailyDigest } from './daily-digest.js';

/** Stream type of a sealed day: one stream per county and day (aggregate id = the day) in each service's store. */
export const DAILY_DIGEST_AGGREGATE = 'DailyDigest';

/** The body of `DailyDigestSealed` (lesp.common.v1.DailyDigestSealed, the shape ts-proto generates). */
export interface DailyDigestSealedData {
  digestId: string;
  service: string;
  countyCode: string;
  day: string;
  coversFrom: Date | undefined;
  coversTo: Date | undefined;
  eventCount: number;
  merkleRoot: string;
  algorithm: string;
  sealedAt: Date | undefined;
}

export type DailyDigestEvent = DomainEvent<'DailyDigestSealed', DailyDigestSealedData>;

export interface SealDailyDigest {
  readonly type: 'SealDailyDigest';
  readonly service: string;
  readonly digest: DailyDigest;
  readonly sealedAt: Date;
}

export interface DailyDigestState {
  readonly sealed?: DailyDigestSealedData;
}

/** The same id on every replica: which service's store, which county, which day. */
export function dailyDigestId(service: string, countyCode: string, day: string): string {
  return `${service}/${countyCode}/${day}`;
}

/**
 * A day is sealed once. Sealing it again with the same root records nothing (another replica,
 * a retry); with another root it is refused: the day's records changed after the seal, or a
 * replica's clock recorded into a day already over. Either way an operator must look.
 */
export const dailyDigestDecider: Decider<SealDailyDigest, DailyDigestEvent, DailyDigestState> = {
  initialState: () => ({}),
  decide(command, state) {
    switch (command.type) {
      case 'SealDailyDigest': {
        const { digest } = command;
        if (state.sealed) {
          if (state.sealed.merkleRoot === digest.merkleRoot && state.sealed.eventCount === digest.eventCount) return [];
          throw new ConflictError(
            'DAILY_DIGEST_MISMATCH',
            `${digest.countyCode} 在 ${digest.day} 的日摘要已封存（${state.sealed.eventCount} 条，${state.sealed.merkleRoot.slice(0, 12)}…），` +
              `重新计算为 ${digest.eventCount} 条、${digest.merkleRoot.slice(0, 12)}…：封存后该日的记录有变动`,
          );
        }
        return [
          {
            type: 'DailyDigestSealed',
            data: {
              digestId: dailyDigestId(command.service, digest.countyCode, digest.day),
              service: command.service,
              countyCode: digest.countyCode,
              day: digest.day,
              coversFrom: digest.coversFrom,
              coversTo: digest.coversTo,
              eventCount: digest.eventCount,
              merkleRoot: digest.merkleRoot,
              algorithm: digest.algorithm,
              sealedAt: command.sealedAt,
            },
          },
        ];
      }
      default:
        return assertNever(command.type, 'daily digest command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DailyDigestSealed':
        return { sealed: event.data };
      default:
        return assertNever(event.type, 'daily digest event');
    }
  },
};
