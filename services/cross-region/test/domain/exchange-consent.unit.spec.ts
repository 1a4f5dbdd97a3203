import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import { exchangeConsentDecider, sharedKinds } from '../../src/domain/exchange/exchange-consent-decider.js';

const spec = deciderSpec(exchangeConsentDecider);
const at = new Date('2026-11-01T00:00:00+08:00');
const consent = (recipients: string[], dataKinds: string[]) => ({
  type: 'SetExchangeConsent' as const,
  data: { countyCode: '433124', recipients, dataKinds, setBy: 'sup', setAt: at },
});

describe('upward exchange consent', () => {
  it('names the county’s own city, province or the national platform and known data kinds', () => {
    spec
      .given([])
      .when(consent(['4331', '43', 'national'], ['incidents', 'advice']))
      .then([
        {
          type: 'ExchangeConsentSet',
          data: {
            countyCode: '433124',
            recipients: ['4331', '43', 'national'],
            dataKinds: ['incidents', 'advice'],
            setBy: 'sup',
            setAt: at,
          },
        },
      ]);
    spec
      .given([])
      .when(consent(['5002'], ['incidents']))
      .thenThrows('RECIPIENT_NOT_ABOVE', ['recipients[0]']);
    spec
      .given([])
      .when(consent(['43x'], ['incidents']))
      .thenThrows('RECIPIENT_INVALID', ['recipients[0]']);
    spec
      .given([])
      .when(consent(['43'], ['acts']))
      .thenThrows('DATA_KIND_UNKNOWN', ['dataKinds[0]']);
    spec
      .given([])
      .when(consent(['43'], ['decisions', 'rectifications', 'case_file_reviews', 'evaluations', 'personal_data']))
      .thenThrows('DATA_KIND_UNKNOWN', ['dataKinds[4]']);
  });

  it('lets a recipient read the kinds consented, the latest consent replacing the one before', () => {
    const first = exchangeConsentDecider.decide(
      consent(['4331'], ['incidents', 'meetings', 'enforcement_acts', 'alerts']),
      exchangeConsentDecider.initialState(),
    );
    const state = first.reduce(exchangeConsentDecider.evolve, exchangeConsentDecider.initialState());
    expect([...sharedKinds(state, '4331')]).toEqual(['incidents', 'meetings', 'enforcement_acts', 'alerts']);
    expect(sharedKinds(state, '43').size).toBe(0);
    const second = exchangeConsentDecider.decide(consent(['43'], ['advice']), state);
    const replaced = [...first, ...second].reduce(exchangeConsentDecider.evolve, exchangeConsentDecider.initialState());
    expect(sharedKinds(replaced, '4331').size).toBe(0);
    expect([...sharedKinds(replaced, '43')]).toEqual(['advice']);
    expect(sharedKinds(exchangeConsentDecider.initialState(), '43').size).toBe(0);
  });
});
