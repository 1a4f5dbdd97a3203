import { describe, expect, it } from 'vitest';
import { actEventCodec, alertEventCodec, rectificationEventCodec, type ActEvent } from '@lesp/contracts';
import type { EventRecord } from '@lesp/core';
import { exchangeBodyOf } from '../../src/domain/exchange/exchange-records.js';

const at = new Date('2026-05-03T08:00:00+08:00');
function record(
  source: string,
  aggregateType: string,
  encoded: { eventType: string; schemaVersion: number; payload: Uint8Array },
): EventRecord {
  return {
    eventId: 'e1',
    ...encoded,
    source,
    countyCode: '500241',
    aggregateType,
    aggregateId: 'x1',
    streamId: `500241/${aggregateType}/x1`,
    version: 1,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'u', role: 'county_supervisor', countyCode: '500241' },
    correlationId: 'c',
    causationId: 'c',
    previousHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}
const opening = (kind: string, name: string) =>
  ({
    type: 'CaseFiled',
    data: {
      opening: {
        actId: 'x1',
        agencyId: 'xs-sthj',
        category: 'penalty',
        caseNumber: '秀环罚〔2026〕1号',
        title: '尾矿库泄漏',
        itemCode: 'I-1',
        target: {
          kind,
          name,
          idNumber: '11010519491231002X',
          creditCode: kind === 'natural_person' ? '' : '91350100M000100Y43',
          phone: '13800138000',
          address: '秀山县某镇某村 8 号',
          enterprise: kind !== 'natural_person',
        },
        major: true,
        delegationId: '',
        officerIds: ['o1'],
        occurredAt: at,
        summary: '张三在河边倾倒尾矿',
        delegationGap: '',
      },
    },
  }) satisfies ActEvent;

describe('what goes upward from a county', () => {
  it('names an enterprise the act is on, never a natural person, nor any summary, phone, address or officer', () => {
    const person = exchangeBodyOf(record('case-intake', 'EnforcementAct', actEventCodec.encode(opening('natural_person', '张三'))));
    expect(person).toMatchObject({
      kind: 'enforcement_acts',
      act: { step: 'opened', targetKind: 'natural_person', targetName: '', targetCreditCode: '' },
    });
    const text = JSON.stringify(person);
    for (const personal of ['张三', '11010519491231002X', '13800138000', '某村', 'o1']) expect(text).not.toContain(personal);
    const company = exchangeBodyOf(record('case-intake', 'EnforcementAct', actEventCodec.encode(opening('legal_person', '某锰业公司'))));
    expect(company).toMatchObject({
      act: { targetName: '某锰业公司', targetCreditCode: '91350100M000100Y43', enterprise: true, major: true },
    });
  });

  it('carries a decision without its content, and no working step', () => {
    const decided = exchangeBodyOf(
      record(
        'case-intake',
        'EnforcementAct',
        actEventCodec.encode({
          type: 'DecisionMade',
          data: {
            decisionNumber: '秀环罚决〔2026〕1号',
            outcome: 'penalized',
            legalBasis: '《中华人民共和国水污染防治法》第八十三条',
            discretionBenchmark: 'B-1',
            fineFen: 200_000_00,
            confiscationFen: 0,
            firstOffenceExempt: false,
            lighterPenalty: '',
            content: '对张三罚款二十万元',
            officerIds: ['o1', 'o2'],
            occurredAt: at,
          },
        }),
      ),
    );
    expect(decided).toEqual({
      kind: 'decisions',
      decision: {
        actId: 'x1',
        decisionNumber: '秀环罚决〔2026〕1号',
        outcome: 'penalized',
        legalBasis: '《中华人民共和国水污染防治法》第八十三条',
        discretionBenchmark: 'B-1',
        fineFen: 200_000_00,
        confiscationFen: 0,
        firstOffenceExempt: false,
        lighterPenalty: '',
      },
    });
    const step = actEventCodec.encode({ type: 'ActArchived', data: { archiveNumber: 'A-1', occurredAt: at } });
    expect(exchangeBodyOf(record('case-intake', 'EnforcementAct', step))).toBeUndefined();
  });

  it('carries an alert without its message, and a rectification’s accountability without who or how', () => {
    const raised = alertEventCodec.encode({
      type: 'AlertRaised',
      data: {
        alertId: 'al-1',
        ruleId: 'single-officer',
        ruleVersion: 1,
        packId: 'standard',
        kind: 'real_time',
        level: 'yellow',
        agencyId: 'xs-sthj',
        subjectType: 'act',
        subjectId: 'x1',
        evidenceEventIds: [],
        title: '执法人员不足两人',
        message: '张三案立案时只有一名执法人员',
        dueAt: undefined,
      },
    });
    const alert = exchangeBodyOf(record('supervision', 'Alert', raised));
    expect(alert).toMatchObject({ kind: 'alerts', alert: { alertId: 'al-1', level: 'yellow', subjectId: 'x1', status: 'raised' } });
    expect(JSON.stringify(alert)).not.toContain('张三');
    const accountability = rectificationEventCodec.encode({
      type: 'AccountabilityRecorded',
      data: {
        rectificationId: 'r1',
        accountability: { decidedBy: '县纪委', measure: '诫勉谈话', persons: ['李四'], basis: '问责条例', decidedAt: at },
      },
    });
    const body = exchangeBodyOf(record('supervision', 'Rectification', accountability));
    expect(body).toMatchObject({ kind: 'rectifications', rectification: { rectificationId: 'x1', step: 'accountability_recorded' } });
    expect(JSON.stringify(body)).not.toMatch(/李四|诫勉|县纪委/);
  });

  it('takes coordination records as they are, and nothing it does not know', () => {
    const some = { eventType: 'AgreementSigned', schemaVersion: 1, payload: new Uint8Array() };
    expect(exchangeBodyOf(record('cross-region', 'Agreement', some))).toEqual({ kind: 'agreements', coordination: true });
    expect(exchangeBodyOf(record('cross-region', 'ExchangeConsent', some))).toBeUndefined();
    expect(exchangeBodyOf(record('case-intake', 'Officer', some))).toBeUndefined();
    expect(exchangeBodyOf(record('supervision', 'Alert', { ...some, eventType: 'AlertFromTheFuture' }))).toBeUndefined();
  });
});
