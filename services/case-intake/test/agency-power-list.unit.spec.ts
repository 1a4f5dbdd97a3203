import { describe, expect, it } from 'vitest';
import { deciderSpec, type ValidationError } from '@lesp/core';
import {
  agencyDecider,
  delegationCoverage,
  delegationCovers,
  delegationGapOf,
  type AgencyEvent,
} from '../src/domain/agency/agency-decider.js';

const spec = deciderSpec(agencyDecider);
const T0 = new Date('2026-01-05T02:00:00Z');
const T1 = new Date('2026-02-01T02:00:00Z');
const START = new Date('2026-02-01T00:00:00Z');
const END = new Date('2027-02-01T00:00:00Z');

const registered: AgencyEvent = {
  type: 'AgencyRegistered',
  data: { agencyId: 'ag-1', name: '冷水滩区市场监督管理局', creditCode: '11431103MB1A23456Q', kind: '行政机关', legalBasis: '' },
};
const suspended: AgencyEvent = { type: 'AgencySuspended', data: { agencyId: 'ag-1', reason: '核查' } };
const penaltyItem = {
  agencyId: 'ag-1',
  itemCode: '330217001000',
  name: '对未取得食品经营许可从事食品经营活动的行政处罚',
  category: 'penalty',
  legalBasis: '《中华人民共和国食品安全法》第一百二十二条',
  discretionBenchmark: '违法货值不足一万元的，处五万元以上十万元以下罚款',
};
const itemAdded: AgencyEvent = { type: 'PowerItemAdded', data: { ...penaltyItem, occurredAt: T0 } };
const coercionAdded: AgencyEvent = {
  type: 'PowerItemAdded',
  data: { ...penaltyItem, itemCode: 'QZ-001', name: '查封扣押', category: 'coercion', occurredAt: T0 },
};
const retired: AgencyEvent = {
  type: 'PowerItemRetired',
  data: { agencyId: 'ag-1', itemCode: '330217001000', reason: '法律修改', occurredAt: T1 },
};
const delegation = {
  agencyId: 'ag-1',
  delegationId: 'wt-1',
  townshipName: '梧桐街道办事处',
  entrustmentNumber: '冷市监委〔2026〕1号',
  itemCodes: ['330217001000'],
  powers: '以委托机关名义实施上述行政处罚',
  start: START,
  end: END,
};
const granted: AgencyEvent = { type: 'DelegationGranted', data: { ...delegation, occurredAt: T1 } };

describe('agency power list (执法事项目录)', () => {
  it('adds an item in one of the ten categories', () => {
    spec
      .given([registered])
      .when({ type: 'AddPowerItem', data: { ...penaltyItem, name: ` ${penaltyItem.name} `, at: T0 } })
      .then([itemAdded]);
  });

  it('names every broken field of an item', () => {
    const error = spec
      .given([registered])
      .when({
        type: 'AddPowerItem',
        data: {
          ...penaltyItem,
          itemCode: '事项 1',
          name: '',
          category: 'fine',
          legalBasis: ' ',
          discretionBenchmark: 'x'.repeat(8001),
          at: T0,
        },
      })
      .thenThrows('VALIDATION_FAILED', ['itemCode', 'name', 'category', 'legalBasis', 'discretionBenchmark']);
    expect((error as ValidationError).violations.map((v) => v.code)).toEqual([
      'POWER_ITEM_CODE_INVALID',
      'POWER_ITEM_NAME_REQUIRED',
      'POWER_ITEM_CATEGORY_UNKNOWN',
      'POWER_ITEM_LEGAL_BASIS_REQUIRED',
      'DISCRETION_BENCHMARK_TOO_LONG',
    ]);
    expect(error.message).toContain('行政处罚');
  });

  it('keeps item codes unique within the agency, retired ones included', () => {
    spec
      .given([registered, itemAdded])
      .when({ type: 'AddPowerItem', data: { ...penaltyItem, at: T1 } })
      .thenThrows('POWER_ITEM_CODE_TAKEN');
    spec
      .given([registered, itemAdded, retired])
      .when({ type: 'AddPowerItem', data: { ...penaltyItem, at: T1 } })
      .thenThrows('POWER_ITEM_CODE_TAKEN');
  });

  it('needs a registered agency', () => {
    spec
      .given([])
      .when({ type: 'AddPowerItem', data: { ...penaltyItem, at: T0 } })
      .thenThrows('AGENCY_NOT_FOUND');
    spec
      .given([])
      .when({ type: 'EndDelegation', data: { agencyId: 'ag-1', delegationId: 'wt-1', reason: 'x', at: T1 } })
      .thenThrows('AGENCY_NOT_FOUND');
  });

  it('retires an item with a reason, once, not before it was added', () => {
    spec
      .given([registered, itemAdded])
      .when({ type: 'RetirePowerItem', data: { agencyId: 'ag-1', itemCode: '330217001000', reason: ' 法律修改 ', at: T1 } })
      .then([retired]);
    spec
      .given([registered, itemAdded, retired])
      .when({ type: 'RetirePowerItem', data: { agencyId: 'ag-1', itemCode: '330217001000', reason: '再次', at: T1 } })
      .thenThrows('POWER_ITEM_ALREADY_RETIRED');
    spec
      .given([registered])
      .when({ type: 'RetirePowerItem', data: { agencyId: 'ag-1', itemCode: 'nope', reason: 'x', at: T1 } })
      .thenThrows('POWER_ITEM_NOT_FOUND');
    spec
      .given([registered, itemAdded])
      .when({ type: 'RetirePowerItem', data: { agencyId: 'ag-1', itemCode: '330217001000', reason: '', at: T1 } })
      .thenThrows('REASON_REQUIRED', ['reason']);
    spec
      .given([registered, itemAdded])
      .when({
        type: 'RetirePowerItem',
        data: { agencyId: 'ag-1', itemCode: '330217001000', reason: 'x', at: new Date('2025-12-31T00:00:00Z') },
      })
      .thenThrows('OCCURRED_BEFORE_LAST_CHANGE', ['occurredAt']);
  });
});

describe('delegation to a township (委托执法)', () => {
  it('grants a written entrustment for items of the power list', () => {
    spec
      .given([registered, itemAdded])
      .when({ type: 'DelegateToTownship', data: { ...delegation, at: T1 } })
      .then([granted]);
  });

  it('refuses items outside the current power list, duplicates and coercive measures', () => {
    const error = spec
      .given([registered, itemAdded, coercionAdded, retired])
      .when({ type: 'DelegateToTownship', data: { ...delegation, itemCodes: ['330217001000', 'QZ-001', 'nope', 'QZ-001'], at: T1 } })
      .thenThrows('VALIDATION_FAILED', ['itemCodes[0]', 'itemCodes[1]', 'itemCodes[2]', 'itemCodes[3]']);
    expect((error as ValidationError).violations.map((v) => v.code)).toEqual([
      'DELEGATION_ITEM_NOT_IN_POWER_LIST',
      'DELEGATION_ITEM_NOT_DELEGABLE',
      'DELEGATION_ITEM_NOT_IN_POWER_LIST',
      'DELEGATION_ITEM_DUPLICATE',
    ]);
  });

  it('needs a township, an entrustment number, items, powers, and an end after the start', () => {
    spec
      .given([registered, itemAdded])
      .when({
        type: 'DelegateToTownship',
        data: { ...delegation, townshipName: ' ', entrustmentNumber: '', itemCodes: [], powers: '', end: START, at: T1 },
      })
      .thenThrows('VALIDATION_FAILED', ['townshipName', 'entrustmentNumber', 'itemCodes', 'powers', 'end']);
    spec
      .given([registered, itemAdded])
      .when({ type: 'DelegateToTownship', data: { ...delegation, end: new Date('2026-01-20T00:00:00Z'), start: T0, at: T1 } })
      .thenThrows('DELEGATION_TERM_OVER', ['end']);
  });

  it('refuses a second delegation with the same id, and any from a suspended agency', () => {
    spec
      .given([registered, itemAdded, granted])
      .when({ type: 'DelegateToTownship', data: { ...delegation, at: T1 } })
      .thenThrows('DELEGATION_ALREADY_GRANTED');
    spec
      .given([registered, itemAdded, suspended])
      .when({ type: 'DelegateToTownship', data: { ...delegation, at: T1 } })
      .thenThrows('AGENCY_SUSPENDED');
  });

  it('ends a delegation early with a reason, once, while it has not expired', () => {
    const at = new Date('2026-06-01T00:00:00Z');
    spec
      .given([registered, itemAdded, granted])
      .when({ type: 'EndDelegation', data: { agencyId: 'ag-1', delegationId: 'wt-1', reason: '乡镇机构改革', at } })
      .then([{ type: 'DelegationEnded', data: { agencyId: 'ag-1', delegationId: 'wt-1', reason: '乡镇机构改革', occurredAt: at } }]);
    const ended: AgencyEvent = { type: 'DelegationEnded', data: { agencyId: 'ag-1', delegationId: 'wt-1', reason: 'x', occurredAt: at } };
    spec
      .given([registered, itemAdded, granted, ended])
      .when({ type: 'EndDelegation', data: { agencyId: 'ag-1', delegationId: 'wt-1', reason: 'y', at } })
      .thenThrows('DELEGATION_ALREADY_ENDED');
    spec
      .given([registered, itemAdded, granted])
      .when({ type: 'EndDelegation', data: { agencyId: 'ag-1', delegationId: 'wt-1', reason: 'y', at: END } })
      .thenThrows('DELEGATION_ALREADY_EXPIRED');
    spec
      .given([registered, itemAdded, granted])
      .when({ type: 'EndDelegation', data: { agencyId: 'ag-1', delegationId: 'wt-9', reason: 'y', at } })
      .thenThrows('DELEGATION_NOT_FOUND');
    spec
      .given([registered, itemAdded, granted])
      .when({ type: 'EndDelegation', data: { agencyId: 'ag-1', delegationId: 'wt-1', reason: ' ', at } })
      .thenThrows('REASON_REQUIRED', ['reason']);
  });
});

describe('delegationCovers: may a township act under a delegation at a given time', () => {
  const fold = (events: AgencyEvent[]) => events.reduce(agencyDecider.evolve, agencyDecider.initialState());
  const endedAt = new Date('2026-06-01T00:00:00Z');
  const ended: AgencyEvent = {
    type: 'DelegationEnded',
    data: { agencyId: 'ag-1', delegationId: 'wt-1', reason: 'x', occurredAt: endedAt },
  };

  it('covers a delegated item within the term', () => {
    const state = fold([registered, itemAdded, granted]);
    expect(delegationCovers(state, 'wt-1', '330217001000', START)).toBe(true);
    expect(delegationCovers(state, 'wt-1', '330217001000', new Date('2027-01-31T23:59:59Z'))).toBe(true);
  });

  it('does not cover before the start, at or after the end, after an early end, or after the item was retired', () => {
    const state = fold([registered, itemAdded, granted]);
    expect(delegationCoverage(state, 'wt-1', '330217001000', new Date('2026-01-31T23:59:59Z'))).toEqual({
      covered: false,
      gap: 'DELEGATION_NOT_STARTED',
    });
    expect(delegationCoverage(state, 'wt-1', '330217001000', END)).toEqual({ covered: false, gap: 'DELEGATION_EXPIRED' });
    const endedState = fold([registered, itemAdded, granted, ended]);
    expect(delegationCovers(endedState, 'wt-1', '330217001000', new Date('2026-05-31T23:59:59Z'))).toBe(true);
    expect(delegationCoverage(endedState, 'wt-1', '330217001000', endedAt)).toEqual({ covered: false, gap: 'DELEGATION_ENDED' });
    const retiredLater: AgencyEvent = {
      type: 'PowerItemRetired',
      data: { agencyId: 'ag-1', itemCode: '330217001000', reason: '法律修改', occurredAt: new Date('2026-03-01T00:00:00Z') },
    };
    const retiredState = fold([registered, itemAdded, granted, retiredLater]);
    expect(delegationCovers(retiredState, 'wt-1', '330217001000', new Date('2026-02-15T00:00:00Z'))).toBe(true);
    expect(delegationCoverage(retiredState, 'wt-1', '330217001000', new Date('2026-03-02T00:00:00Z'))).toEqual({
      covered: false,
      gap: 'ITEM_RETIRED',
    });
  });

  it('does not cover an item outside the delegation, an unknown delegation or agency', () => {
    const state = fold([registered, itemAdded, coercionAdded, granted]);
    expect(delegationCoverage(state, 'wt-1', 'QZ-001', T1)).toEqual({ covered: false, gap: 'ITEM_NOT_DELEGATED' });
    expect(delegationCoverage(state, 'wt-2', '330217001000', T1)).toEqual({ covered: false, gap: 'DELEGATION_UNKNOWN' });
    expect(delegationCoverage(fold([]), 'wt-1', '330217001000', T1)).toEqual({ covered: false, gap: 'AGENCY_UNKNOWN' });
  });

  it('gives the gap an act is marked with: none without a delegation or when covered, else why not', () => {
    const state = fold([registered, itemAdded, granted, ended]);
    expect(delegationGapOf(state, { delegationId: '', itemCode: '330217001000' }, endedAt)).toBe('');
    expect(delegationGapOf(state, { delegationId: 'wt-1', itemCode: '330217001000' }, START)).toBe('');
    expect(delegationGapOf(state, { delegationId: 'wt-1', itemCode: '330217001000' }, endedAt)).toBe('DELEGATION_ENDED');
  });
});
