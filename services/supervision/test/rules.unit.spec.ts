import { describe, expect, it } from 'vitest';
import type { ActEvent, OfficerEvent } from '@lesp/contracts';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js';
import { evaluatePeriodEnd } from '../src/domain/rules/engine.js';
import { calendarPeriod, decisionNotDisclosed, RULE_CATALOG } from '../src/domain/rules/rule-catalog.js';
import type { OfficerFacts } from '../src/domain/rules/facts.js';
import type { RuleDefinition } from '../src/domain/rules/rule.js';
import {
  alertsAt,
  applied,
  calendar,
  COUNTY,
  cst,
  decided,
  decisionsOf,
  filed,
  ids,
  officerRegistered,
  settingsOf,
} from './rule-harness.js';

const step = (type: string, at: Date, data: Record<string, unknown> = {}): ActEvent =>
  ({ type, data: { officerIds: ['o-1', 'o-2'], occurredAt: at, ...data } }) as unknown as ActEvent;
const validOfficers: OfficerEvent[] = [
  officerRegistered('o-1', cst('2020-01-01'), cst('2030-01-01')),
  officerRegistered('o-2', cst('2020-01-01'), cst('2030-01-01'), '李四'),
];
const disclosedOnTime = (actId = 'act-1') => [{ actId, at: cst('2025-09-03') }];

describe('rule: officer without a valid certificate at the time of the act (持证上岗)', () => {
  it('raises a red real-time alert for an officer whose certificate was suspended before the step', () => {
    const officers: OfficerEvent[] = [
      ...validOfficers,
      { type: 'CertificateSuspended', data: { officerId: 'o-2', reason: '违规执法', occurredAt: cst('2025-08-20') } },
    ];
    const alerts = alertsAt({ officers, acts: [filed()], disclosures: disclosedOnTime() }, cst('2025-09-01', 12));
    expect(alerts.filter((a) => a.ruleId === 'officer-certificate-invalid')).toEqual([
      expect.objectContaining({ level: 'red', kind: 'real_time', subjectKey: 'act-1:o-2', evidence: ['ev-1'] }),
    ]);
    expect(alerts[0]?.message).toContain('执法证被暂扣');
  });

  it('judges the certificate at the time of the act, not at evaluation: an act before the suspension is fine', () => {
    const officers: OfficerEvent[] = [
      ...validOfficers,
      { type: 'CertificateSuspended', data: { officerId: 'o-2', reason: '违规执法', occurredAt: cst('2025-09-10') } },
    ];
    expect(ids(alertsAt({ officers, acts: [filed()] }, cst('2025-09-01', 12)))).not.toContain('officer-certificate-invalid');
  });

  it('an expired certificate counts as invalid', () => {
    const officers = [officerRegistered('o-1', cst('2020-01-01'), cst('2025-06-30')), validOfficers[1]!];
    const alerts = alertsAt({ officers, acts: [filed()] }, cst('2025-09-01', 12));
    expect(alerts.find((a) => a.ruleId === 'officer-certificate-invalid')?.message).toContain('已过有效期');
  });
});

describe('rule: fewer than two officers on a step (2人以上执法)', () => {
  it('raises a yellow alert for the step with one officer, none for steps with two', () => {
    const acts = [
      filed(),
      step('EvidenceCollected', cst('2025-09-02'), {
        evidenceId: 'e1',
        kind: 'document',
        description: '',
        recorder: '',
        proves: '',
        officerIds: ['o-1'],
      }),
    ];
    const alerts = alertsAt({ officers: validOfficers, acts }, cst('2025-09-02', 12)).filter((a) => a.ruleId === 'fewer-than-two-officers');
    expect(alerts).toEqual([expect.objectContaining({ level: 'yellow', subjectKey: 'act-1:ev-2', evidence: ['ev-2'] })]);
  });

  it('a county that requires three officers sees two as too few', () => {
    const settings = [
      { packId: 'standard', enabled: true, effectiveFrom: '2025-01-01', parameters: [{ name: 'minOfficersPerStep', value: 3 }] },
    ];
    expect(ids(alertsAt({ officers: validOfficers, acts: [filed()], settings }, cst('2025-09-01', 12)))).toContain(
      'fewer-than-two-officers',
    );
  });
});

describe('rule: major decision without a passed legal review (重大执法决定法制审核)', () => {
  it('raises a red alert when a major decision comes without any legal review', () => {
    const acts = [filed({ major: true }), decided(cst('2025-09-02'))];
    const alert = alertsAt({ officers: validOfficers, acts }, cst('2025-09-02', 12)).find(
      (a) => a.ruleId === 'major-decision-without-legal-review',
    );
    expect(alert).toEqual(expect.objectContaining({ level: 'red', subjectKey: 'act-1', evidence: ['ev-2'] }));
    expect(alert?.message).toContain('未经法制审核');
  });

  it('a rejected review does not count; a passed one before the decision does', () => {
    const review = (passed: boolean): ActEvent => ({
      type: 'LegalReviewCompleted',
      data: { reviewer: '甲', opinion: '', passed, occurredAt: cst('2025-09-02') },
    });
    const rejected = alertsAt(
      { officers: validOfficers, acts: [filed({ major: true }), review(false), decided(cst('2025-09-03'))] },
      cst('2025-09-03', 12),
    );
    expect(rejected.find((a) => a.ruleId === 'major-decision-without-legal-review')?.evidence).toEqual(['ev-3', 'ev-2']);
    const passed = alertsAt(
      { officers: validOfficers, acts: [filed({ major: true }), review(true), decided(cst('2025-09-03'))] },
      cst('2025-09-03', 12),
    );
    expect(ids(passed)).not.toContain('major-decision-without-legal-review');
  });
});

describe('rule: decision without discretion benchmark (裁量基准)', () => {
  it('raises a yellow alert for a penalty decision without a benchmark', () => {
    const acts = [filed(), decided(cst('2025-09-02'), { discretionBenchmark: '' })];
    expect(
      alertsAt({ officers: validOfficers, acts }, cst('2025-09-02', 12)).filter(
        (a) => a.ruleId === 'decision-without-discretion-benchmark',
      ),
    ).toEqual([expect.objectContaining({ level: 'yellow', evidence: ['ev-2'] })]);
    expect(ids(alertsAt({ officers: validOfficers, acts: [filed(), decided(cst('2025-09-02'))] }, cst('2025-09-02', 12)))).not.toContain(
      'decision-without-discretion-benchmark',
    );
  });
});

describe('rule: decision not disclosed within 7 working days (penalty, licence) or 20 (others)', () => {
  const onlyDisclosure = (alerts: ReturnType<typeof alertsAt>) => alerts.filter((a) => a.ruleId === 'decision-not-disclosed');

  it('a decision on the working day before the National Day holiday: the 7th working day falls after the holiday', () => {
    // 2025-09-30 (Tuesday) is the last working day before 1–8 October; 11 October (Saturday) is worked (调休).
    const acts = [filed({ occurredAt: cst('2025-09-15') }), decided(cst('2025-09-30', 16))];
    expect(calendar.lastDayOf(cst('2025-09-30', 16), { amount: 7, unit: 'working_days' })).toBe('2025-10-16');
    expect(onlyDisclosure(alertsAt({ officers: validOfficers, acts }, cst('2025-10-08', 23)))).toEqual([]);
    expect(onlyDisclosure(alertsAt({ officers: validOfficers, acts }, cst('2025-10-15', 10)))).toEqual([
      expect.objectContaining({ level: 'blue', kind: 'deadline' }),
    ]);
    expect(onlyDisclosure(alertsAt({ officers: validOfficers, acts }, cst('2025-10-16', 23)))).toEqual([
      expect.objectContaining({ level: 'yellow' }),
    ]);
    expect(onlyDisclosure(alertsAt({ officers: validOfficers, acts }, cst('2025-10-17', 0)))).toEqual([
      expect.objectContaining({ level: 'red', subjectKey: 'act-1', evidence: ['ev-2'] }),
    ]);
    // Counting calendar days instead would have ended on 7 October, in the middle of the holiday.
    const naive = new WorkingDayCalendar([]);
    expect(naive.lastDayOf(cst('2025-09-30', 16), { amount: 7, unit: 'working_days' })).toBe('2025-10-09');
  });

  it('the late disclosure cures the deadline; an inspection decision has 20 working days', () => {
    const acts = [filed(), decided(cst('2025-09-02'))];
    expect(
      onlyDisclosure(
        alertsAt({ officers: validOfficers, acts, disclosures: [{ actId: 'act-1', at: cst('2025-09-20') }] }, cst('2025-09-25')),
      ),
    ).toEqual([]);
    const inspection = [filed({ category: 'inspection' }), decided(cst('2025-09-02'), { outcome: 'compliant' })];
    expect(calendar.lastDayOf(cst('2025-09-02'), { amount: 20, unit: 'working_days' })).toBe('2025-09-29');
    expect(onlyDisclosure(alertsAt({ officers: validOfficers, acts: inspection }, cst('2025-09-29', 12)))).toEqual([
      expect.objectContaining({ level: 'yellow' }),
    ]);
    expect(onlyDisclosure(alertsAt({ officers: validOfficers, acts: inspection }, cst('2025-09-30', 0)))).toEqual([
      expect.objectContaining({ level: 'red' }),
    ]);
  });

  it('a rule change applies to acts from its effective date; earlier acts keep the version in force when they were opened', () => {
    const v2: RuleDefinition = { ...decisionNotDisclosed, version: 2, effectiveFrom: '2025-09-10', onAct: () => [] };
    const catalog = [...RULE_CATALOG, v2];
    const before = decisionsOf({
      catalog,
      officers: validOfficers,
      acts: [filed({ occurredAt: cst('2025-09-01') }), decided(cst('2025-09-20'))],
    });
    expect(before.filter((d) => d.ruleId === 'decision-not-disclosed').map((d) => d.ruleVersion)).toEqual([1]);
    const after = decisionsOf({
      catalog,
      officers: validOfficers,
      acts: [filed({ occurredAt: cst('2025-09-11') }), decided(cst('2025-09-20'))],
    });
    expect(after.filter((d) => d.ruleId === 'decision-not-disclosed')).toEqual([]);
  });
});

describe('rule: act open past its time limit (超期未办结)', () => {
  it('a penalty case open for more than 90 days turns red; a decision in time cures it', () => {
    const acts = [filed({ occurredAt: cst('2025-03-03') })];
    const at = (day: string) =>
      alertsAt({ officers: validOfficers, acts }, cst(day, 12)).filter((a) => a.ruleId === 'act-open-past-time-limit');
    expect(at('2025-05-29')).toEqual([]);
    expect(at('2025-05-30')).toEqual([expect.objectContaining({ level: 'blue' })]);
    expect(at('2025-06-02')).toEqual([expect.objectContaining({ level: 'red', kind: 'deadline' })]);
    const cured = alertsAt({ officers: validOfficers, acts: [...acts, decided(cst('2025-05-01'))] }, cst('2025-07-01'));
    expect(ids(cured)).not.toContain('act-open-past-time-limit');
  });

  it('a licence application counts 20 working days; refusing to accept it ends the time limit', () => {
    const acts = [applied({ occurredAt: cst('2025-09-30') })];
    // 20 working days after 30 September, across the National Day holiday: 4 November.
    expect(calendar.lastDayOf(cst('2025-09-30'), { amount: 20, unit: 'working_days' })).toBe('2025-11-04');
    expect(
      alertsAt({ officers: validOfficers, acts }, cst('2025-11-04', 12)).filter((a) => a.ruleId === 'act-open-past-time-limit'),
    ).toEqual([expect.objectContaining({ level: 'yellow' })]);
    expect(
      alertsAt({ officers: validOfficers, acts }, cst('2025-11-05', 0)).filter((a) => a.ruleId === 'act-open-past-time-limit'),
    ).toEqual([expect.objectContaining({ level: 'red' })]);
    const refused: ActEvent = {
      type: 'ApplicationDecidedOnAcceptance',
      data: { accepted: false, reason: '材料不全', officerIds: ['o-1', 'o-2'], occurredAt: cst('2025-10-09') },
    };
    expect(ids(alertsAt({ officers: validOfficers, acts: [...acts, refused] }, cst('2025-11-30')))).not.toContain(
      'act-open-past-time-limit',
    );
  });
});

describe('rule: major penalty not filed (重大行政处罚备案)', () => {
  const review: ActEvent = {
    type: 'LegalReviewCompleted',
    data: { reviewer: '甲', opinion: '同意', passed: true, occurredAt: cst('2025-09-01', 15) },
  };
  const major = [filed({ major: true }), review, decided(cst('2025-09-02'))];

  it('turns red once 15 working days pass without a filing', () => {
    const at = (day: string) =>
      alertsAt({ officers: validOfficers, acts: major, disclosures: disclosedOnTime() }, cst(day, 12)).filter(
        (a) => a.ruleId === 'major-penalty-not-filed',
      );
    expect(calendar.lastDayOf(cst('2025-09-02'), { amount: 15, unit: 'working_days' })).toBe('2025-09-23');
    expect(at('2025-09-19')).toEqual([]);
    expect(at('2025-09-24')).toEqual([expect.objectContaining({ level: 'red', evidence: ['ev-3'] })]);
  });

  it('the filing cures it', () => {
    const filing: ActEvent = {
      type: 'MajorPenaltyFiled',
      data: { filingNumber: 'BA-1', filedWith: '司法局', occurredAt: cst('2025-09-10') },
    };
    expect(
      ids(alertsAt({ officers: validOfficers, acts: [...major, filing], disclosures: disclosedOnTime() }, cst('2025-10-30'))),
    ).not.toContain('major-penalty-not-filed');
  });
});

describe('rule: evidence record missing recorder, time or content (音像记录要素)', () => {
  it('an audio-video record without recorder and time raises a yellow alert naming what is missing', () => {
    const record = step('EvidenceCollected', cst('2025-09-02'), {
      evidenceId: 'av-1',
      kind: 'audio_video',
      description: '执法记录仪',
      recorder: '',
      proves: '现场情况',
    });
    const alert = alertsAt({ officers: validOfficers, acts: [filed(), record] }, cst('2025-09-02', 12)).find(
      (a) => a.ruleId === 'evidence-record-incomplete',
    );
    expect(alert).toEqual(expect.objectContaining({ level: 'yellow', subjectKey: 'act-1:av-1' }));
    expect(alert?.message).toContain('缺少记录人、记录时间');
    const complete = step('EvidenceCollected', cst('2025-09-02'), {
      evidenceId: 'av-2',
      kind: 'audio_video',
      description: '',
      recorder: 'o-1',
      recordedAt: cst('2025-09-02'),
      proves: '现场情况',
    });
    expect(ids(alertsAt({ officers: validOfficers, acts: [filed(), complete] }, cst('2025-09-02', 12)))).not.toContain(
      'evidence-record-incomplete',
    );
  });
});

describe('rule: delegation expired but still used (委托执法)', () => {
  it('an act recorded with a delegation gap raises a red alert', () => {
    const alert = alertsAt(
      { officers: validOfficers, acts: [filed({ delegationId: 'd-1', delegationGap: 'DELEGATION_EXPIRED' })] },
      cst('2025-09-01', 12),
    ).find((a) => a.ruleId === 'delegation-expired-still-used');
    expect(alert).toEqual(expect.objectContaining({ level: 'red', evidence: ['ev-1'] }));
    expect(alert?.message).toContain('委托期限已届满');
  });
});

describe('rule: zero enforcement without explanation (零执法)', () => {
  const agencies = [
    { agencyId: 'a-idle', name: '某镇人民政府', active: true, registeredAt: cst('2024-01-01') },
    { agencyId: 'a-busy', name: '区市场监管局', active: true, registeredAt: cst('2024-01-01') },
    { agencyId: 'a-explained', name: '区林业局', active: true, registeredAt: cst('2024-01-01') },
    { agencyId: 'a-new', name: '新设单位', active: true, registeredAt: cst('2025-08-01') },
  ];
  it('at the end of the quarter, an agency without acts and without explanation is raised', () => {
    const window = calendarPeriod('2025-08-15', 3);
    expect(window).toEqual({ key: '2025-Q3', start: '2025-07-01', endExclusive: '2025-10-01' });
    const decisions = evaluatePeriodEnd(
      RULE_CATALOG,
      'zero-enforcement-unexplained',
      settingsOf(),
      {
        countyCode: COUNTY,
        window,
        agencies,
        activeAgencyIds: new Set(['a-busy']),
        explainedAgencyIds: new Set(['a-explained']),
        officers: [],
      },
      '2025-09-30',
    );
    expect(decisions.map((d) => (d.type === 'raise' ? [d.subjectKey, d.level, d.kind] : d.type))).toEqual([
      ['a-idle:2025-Q3', 'yellow', 'process'],
    ]);
  });

  it('an act of the period recorded after its end cures the alert', () => {
    const cures = decisionsOf({ officers: validOfficers, acts: [filed({ agencyId: 'a-idle', occurredAt: cst('2025-08-15') })] }).filter(
      (d) => d.ruleId === 'zero-enforcement-unexplained',
    );
    expect(cures.map((d) => [d.type, d.subjectKey])).toEqual([['cure', 'a-idle:2025-Q3']]);
  });
});

describe('rule: officer below the yearly training hours (培训学时)', () => {
  const officer = (id: string, hours: number): OfficerFacts => ({
    officerId: id,
    agencyId: 'scjgj',
    name: id,
    registeredAt: cst('2020-01-01'),
    certificateHistory: [{ status: 'valid', from: cst('2020-01-01'), validUntil: cst('2030-01-01') }],
    trainingHours: [{ year: 2025, hours }],
  });
  const run = (minimum?: number) =>
    evaluatePeriodEnd(
      RULE_CATALOG,
      'officer-training-hours-below-minimum',
      settingsOf(
        minimum
          ? [
              {
                packId: 'standard',
                enabled: true,
                effectiveFrom: '2025-01-01',
                parameters: [{ name: 'trainingHoursPerYear', value: minimum }],
              },
            ]
          : [],
      ),
      {
        countyCode: COUNTY,
        window: calendarPeriod('2025-06-01', 12),
        agencies: [],
        activeAgencyIds: new Set(),
        explainedAgencyIds: new Set(),
        officers: [officer('o-30', 30), officer('o-50', 50)],
      },
      '2025-12-31',
    ).map((d) => d.subjectKey);

  it('40 hours by default, 60 where the county sets it', () => {
    expect(run()).toEqual(['o-30:2025']);
    expect(run(60)).toEqual(['o-30:2025', 'o-50:2025']);
  });

  it('hours recorded later that reach the minimum cure the alert', () => {
    const decisions = decisionsOf({
      officers: [
        officerRegistered('o-1', cst('2020-01-01'), cst('2030-01-01')),
        {
          type: 'TrainingHoursRecorded',
          data: { officerId: 'o-1', year: 2025, hours: 12, course: '行政处罚法', yearTotalHours: 42, occurredAt: cst('2026-01-05') },
        },
      ],
    });
    expect(decisions.map((d) => [d.type, d.subjectKey])).toEqual([['cure', 'o-1:2025']]);
  });
});

describe('enterprise inspections (涉企检查)', () => {
  const inspection = (overrides = {}) => filed({ category: 'inspection', occurredAt: cst('2025-09-05'), ...overrides });
  const filing = {
    filingId: 'f-1',
    agencyId: 'scjgj',
    creditCode: '91350100M000100Y43',
    plannedFrom: cst('2025-09-01'),
    plannedTo: cst('2025-09-10'),
    filedAt: cst('2025-08-28'),
  };

  it('rule: not filed beforehand — raised without a filing, silent with one covering the day', () => {
    const without = alertsAt(
      { officers: validOfficers, acts: [inspection()], enterprise: { filings: [], quietDaysOfMonth: [], inspections: [] } },
      cst('2025-09-05', 12),
    );
    expect(without.filter((a) => a.ruleId === 'enterprise-inspection-not-filed')).toEqual([
      expect.objectContaining({ level: 'yellow', evidence: ['ev-1'] }),
    ]);
    const filed_ = alertsAt(
      { officers: validOfficers, acts: [inspection()], enterprise: { filings: [filing], quietDaysOfMonth: [], inspections: [] } },
      cst('2025-09-05', 12),
    );
    expect(ids(filed_)).not.toContain('enterprise-inspection-not-filed');
    const late = { ...filing, filedAt: cst('2025-09-06') };
    expect(
      ids(
        alertsAt(
          { officers: validOfficers, acts: [inspection()], enterprise: { filings: [late], quietDaysOfMonth: [], inspections: [] } },
          cst('2025-09-06', 12),
        ),
      ),
    ).toContain('enterprise-inspection-not-filed');
  });

  it('rule: inspection on the enterprise quiet day (宁静日)', () => {
    const alerts = alertsAt(
      {
        officers: validOfficers,
        acts: [inspection()],
        enterprise: { filings: [filing], quietDaysOfMonth: [1, 2, 3, 4, 5], inspections: [] },
      },
      cst('2025-09-05', 12),
    );
    expect(alerts.filter((a) => a.ruleId === 'enterprise-inspection-on-quiet-day')).toEqual([expect.objectContaining({ level: 'red' })]);
    const other = alertsAt(
      { officers: validOfficers, acts: [inspection()], enterprise: { filings: [filing], quietDaysOfMonth: [10], inspections: [] } },
      cst('2025-09-05', 12),
    );
    expect(ids(other)).not.toContain('enterprise-inspection-on-quiet-day');
  });

  it('rule: one enterprise inspected by several agencies within 30 days suggests 综合查一次', () => {
    const earlier = [
      { actId: 'act-0', agencyId: 'hbj', creditCode: filing.creditCode, at: cst('2025-08-20'), eventId: 'ev-hbj' },
      { actId: 'act-old', agencyId: 'xfj', creditCode: filing.creditCode, at: cst('2025-06-01'), eventId: 'ev-old' },
    ];
    const alert = alertsAt(
      { officers: validOfficers, acts: [inspection()], enterprise: { filings: [filing], quietDaysOfMonth: [], inspections: earlier } },
      cst('2025-09-05', 12),
    ).find((a) => a.ruleId === 'enterprise-inspected-by-several-agencies');
    expect(alert).toEqual(
      expect.objectContaining({ level: 'blue', kind: 'process', subjectKey: '91350100M000100Y43:act-0', evidence: ['ev-hbj', 'ev-1'] }),
    );
    expect(alert?.message).toContain('综合查一次');
    const alone = alertsAt(
      {
        officers: validOfficers,
        acts: [inspection()],
        enterprise: { filings: [filing], quietDaysOfMonth: [], inspections: [earlier[1]!] },
      },
      cst('2025-09-05', 12),
    );
    expect(ids(alone)).not.toContain('enterprise-inspected-by-several-agencies');
  });

  it('a county that disabled the enterprise-inspection pack gets none of these', () => {
    const settings = [{ packId: 'enterprise-inspection', enabled: false, effectiveFrom: '2025-01-01', parameters: [] }];
    const alerts = alertsAt(
      { settings, officers: validOfficers, acts: [inspection()], enterprise: { filings: [], quietDaysOfMonth: [5], inspections: [] } },
      cst('2025-09-05', 12),
    );
    expect(ids(alerts).filter((id) => id.startsWith('enterprise-'))).toEqual([]);
  });
});

describe('a regular act raises nothing', () => {
  it('filed, reviewed, decided with benchmark, disclosed in time, two valid officers each step', () => {
    const acts = [filed(), decided(cst('2025-09-02')), step('ActClosed', cst('2025-09-10'), { result: '已履行' })];
    expect(alertsAt({ officers: validOfficers, acts, disclosures: disclosedOnTime() }, cst('2026-03-01'))).toEqual([]);
  });
});
