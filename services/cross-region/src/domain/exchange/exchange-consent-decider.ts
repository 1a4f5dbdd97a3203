import type { ExchangeConsentEventV1 } from '@lesp/contracts';
import { assertNever, type Decider, type Violation } from '@lesp/core';
import { check, countyViolations, dateViolations } from '../shared/rules.js';

export type ExchangeConsentEvent = ExchangeConsentEventV1;

/**
 * What a county can share upward: case intake's acts (opened, closed) and decisions,
 * supervision's alerts, rectifications, case-file reviews and evaluations, and its coordination
 * records (see exchange.proto for what each carries).
 */
export const EXCHANGE_KINDS = [
  'enforcement_acts',
  'decisions',
  'alerts',
  'rectifications',
  'case_file_reviews',
  'evaluations',
  'agreements',
  'incidents',
  'advice',
  'meetings',
] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];
const isKind = (value: string): value is ExchangeKind => (EXCHANGE_KINDS as readonly string[]).includes(value);

/** A province ("43"), a city ("4331") or the national platform. */
const RECIPIENT = /^([1-8][0-9]([0-9]{2})?|national)$/;

export type ExchangeConsentCommand = {
  readonly type: 'SetExchangeConsent';
  readonly data: {
    readonly countyCode: string;
    readonly recipients: readonly string[];
    readonly dataKinds: readonly string[];
    readonly setBy: string;
    readonly setAt: Date;
  };
};

export type ExchangeConsentState =
  | { readonly status: 'none' }
  | {
      readonly status: 'set';
      readonly countyCode: string;
      readonly recipients: readonly string[];
      readonly dataKinds: readonly ExchangeKind[];
    };

function decide(command: ExchangeConsentCommand, _state: ExchangeConsentState): readonly ExchangeConsentEvent[] {
  switch (command.type) {
    case 'SetExchangeConsent': {
      const d = command.data;
      const violations: Violation[] = [...countyViolations('countyCode', d.countyCode), ...dateViolations('setAt', d.setAt, '设定时间')];
      if (d.recipients.length > 20) violations.push({ field: 'recipients', code: 'LIST_TOO_LONG', message: '接收方不能超过 20 个' });
      d.recipients.forEach((r, i) => {
        if (!RECIPIENT.test(r))
          violations.push({
            field: `recipients[${i}]`,
            code: 'RECIPIENT_INVALID',
            message: '接收方应为省（2 位）、市（4 位）行政区划代码或 national',
          });
        else if (r !== 'national' && !d.countyCode.startsWith(r)) {
          violations.push({ field: `recipients[${i}]`, code: 'RECIPIENT_NOT_ABOVE', message: '只能向本区县所在的市、省或国家平台报送' });
        }
      });
      d.dataKinds.forEach((k, i) => {
        if (!isKind(k)) {
          violations.push({
            field: `dataKinds[${i}]`,
            code: 'DATA_KIND_UNKNOWN',
            message: `数据类别应为 ${EXCHANGE_KINDS.join('、')} 之一`,
          });
        }
      });
      if (new Set(d.recipients).size !== d.recipients.length)
        violations.push({ field: 'recipients', code: 'RECIPIENT_DUPLICATE', message: '接收方不能重复' });
      if (new Set(d.dataKinds).size !== d.dataKinds.length)
        violations.push({ field: 'dataKinds', code: 'DATA_KIND_DUPLICATE', message: '数据类别不能重复' });
      check(violations);
      return [{ type: 'ExchangeConsentSet', data: { ...d, recipients: [...d.recipients], dataKinds: [...d.dataKinds] } }];
    }
    default:
      return assertNever(command.type, 'exchange consent command');
  }
}

function evolve(_state: ExchangeConsentState, event: ExchangeConsentEvent): ExchangeConsentState {
  switch (event.type) {
    case 'ExchangeConsentSet':
      return {
        status: 'set',
        countyCode: event.data.countyCode,
        recipients: event.data.recipients,
        dataKinds: event.data.dataKinds.filter(isKind),
      };
    default:
      return assertNever(event.type, 'exchange consent event');
  }
}

export const exchangeConsentDecider: Decider<ExchangeConsentCommand, ExchangeConsentEvent, ExchangeConsentState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};

/** The kinds of the county's data `recipient` may read, under its consent (none without one). */
export function sharedKinds(state: ExchangeConsentState, recipient: string): ReadonlySet<ExchangeKind> {
  if (state.status === 'none' || !state.recipients.includes(recipient)) return new Set();
  return new Set(state.dataKinds);
}
