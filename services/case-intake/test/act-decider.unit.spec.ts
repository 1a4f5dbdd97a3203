import { describe, expect, it } from 'vitest';
import type { ActEvent } from '@lesp/contracts';
import { ENFORCEMENT_CATEGORY_CODES, deciderSpec } from '@lesp/core';
import type { ActStepType } from '../src/domain/act/act-commands.js';
import { actDecider } from '../src/domain/act/act-decider.js';
import { PROCEDURES } from '../src/domain/act/act-procedure.js';
import { at, opening, outcomeFor, step } from './act-fixtures.js';

const spec = deciderSpec(actDecider);
const filed = (category = 'penalty', overrides = {}): ActEvent => ({ type: 'CaseFiled', data: { opening: opening(category, overrides) } });
const applied = (category = 'licensing'): ActEvent => ({ type: 'ApplicationReceived', data: { opening: opening(category) } });
const ALL_STEPS = Object.keys({
  ApplicationDecidedOnAcceptance: 0,
  EvidenceCollected: 0,
  HearingNoticed: 0,
  HearingHeld: 0,
  LegalReviewCompleted: 0,
  DecisionMade: 0,
  DecisionServed: 0,
  ExecutionRecorded: 0,
  CourtEnforcementApplied: 0,
  ActClosed: 0,
  ActArchived: 0,
  MajorPenaltyFiled: 0,
  CriminalReferralMade: 0,
  ReconsiderationDecided: 0,
  LitigationJudged: 0,
} satisfies Record<ActStepType, 0>) as ActStepType[];

/** The order a full procedure walks its steps in. */
const ORDER: ActStepType[] = [
  'ApplicationDecidedOnAcceptance',
  'EvidenceCollected',
  'CriminalReferralMade',
  'HearingNoticed',
  'HearingHeld',
  'LegalReviewCompleted',
  'DecisionMade',
  'DecisionServed',
  'MajorPenaltyFiled',
  'ExecutionRecorded',
  'CourtEnforcementApplied',
  'ActClosed',
  'ActArchived',
  'ReconsiderationDecided',
  'LitigationJudged',
];

describe('enforcement act: every category walks its whole procedure', () => {
  for (const category of ENFORCEMENT_CATEGORY_CODES) {
    it(`${category}: opens and records each of its steps in order`, () => {
      const procedure = PROCEDURES[category];
      const openedBy = procedure.openedBy[0]!;
      const openEvent: ActEvent = openedBy === 'application' ? applied(category) : filed(category);
      spec
        .given([])
        .when({ type: 'OpenAct', data: { openedBy, opening: opening(category) } })
        .then([openEvent]);
      const history: ActEvent[] = [openEvent];
      ORDER.filter((type) => procedure.steps.includes(type))
        .filter((type) => openedBy === 'application' || type !== 'ApplicationDecidedOnAcceptance')
        .forEach((type, index) => {
          const next = step(
            type,
            2 + index,
            type === 'DecisionMade' ? { outcome: outcomeFor(category), fineFen: category === 'penalty' ? 500000 : 0 } : {},
          );
          spec
            .given(history)
            .when({ type: 'RecordActStep', data: { step: next } })
            .then([next]);
          history.push(next);
        });
      expect(history.length).toBeGreaterThan(5);
    });

    it(`${category}: refuses every step its procedure does not have`, () => {
      const procedure = PROCEDURES[category];
      const openEvent = procedure.openedBy[0] === 'application' ? applied(category) : filed(category);
      for (const type of ALL_STEPS.filter((t) => !procedure.steps.includes(t))) {
        spec
          .given([openEvent])
          .when({ type: 'RecordActStep', data: { step: step(type) } })
          .thenThrows('STEP_NOT_IN_CATEGORY');
      }
    });
  }
});

describe('enforcement act: what cannot be true is refused', () => {
  it('a step of an act never opened, or opening it twice', () => {
    spec
      .given([])
      .when({ type: 'RecordActStep', data: { step: step('EvidenceCollected') } })
      .thenThrows('ACT_NOT_FOUND');
    spec
      .given([filed()])
      .when({ type: 'OpenAct', data: { openedBy: 'filing', opening: opening('penalty') } })
      .thenThrows('ACT_ALREADY_OPENED');
  });

  it('an opening its category does not have, or an unknown category', () => {
    spec
      .given([])
      .when({ type: 'OpenAct', data: { openedBy: 'application', opening: opening('penalty') } })
      .thenThrows('OPENING_NOT_IN_CATEGORY', ['openedBy']);
    spec
      .given([])
      .when({ type: 'OpenAct', data: { openedBy: 'filing', opening: opening('punishment') } })
      .thenThrows('CATEGORY_UNKNOWN', ['category']);
  });

  it('a malformed target: bad ID number or credit code, bad phone, no name', () => {
    const person = {
      kind: 'natural_person',
      name: '张三',
      idNumber: '431103199001011230',
      creditCode: '',
      phone: '12345',
      address: '',
      enterprise: false,
    };
    spec
      .given([])
      .when({ type: 'OpenAct', data: { openedBy: 'filing', opening: opening('penalty', { target: person }) } })
      .thenThrows('VALIDATION_FAILED', ['target.idNumber', 'target.phone']);
    const company = {
      kind: 'legal_person',
      name: '',
      idNumber: '',
      creditCode: '91350100M000100Y44',
      phone: '',
      address: '',
      enterprise: true,
    };
    spec
      .given([])
      .when({ type: 'OpenAct', data: { openedBy: 'filing', opening: opening('penalty', { target: company }) } })
      .thenThrows('VALIDATION_FAILED', ['target.name', 'target.creditCode']);
  });

  it('no acting officers, or a missing time', () => {
    spec
      .given([])
      .when({ type: 'OpenAct', data: { openedBy: 'filing', opening: opening('penalty', { officerIds: [] }) } })
      .thenThrows('OFFICERS_REQUIRED', ['officerIds']);
    spec
      .given([filed()])
      .when({ type: 'RecordActStep', data: { step: step('EvidenceCollected', 2, { officerIds: [] }) } })
      .thenThrows('OFFICERS_REQUIRED');
    spec
      .given([filed()])
      .when({ type: 'RecordActStep', data: { step: step('EvidenceCollected', 2, { occurredAt: undefined }) } })
      .thenThrows('FIELD_REQUIRED', ['occurredAt']);
  });

  it('a step dated before the act was opened', () => {
    spec
      .given([filed('penalty', { occurredAt: at(10) })])
      .when({ type: 'RecordActStep', data: { step: step('EvidenceCollected', 9) } })
      .thenThrows('STEP_BEFORE_OPENING');
  });

  it('service, execution, filing or remedies before a decision; a second decision', () => {
    for (const type of [
      'DecisionServed',
      'ExecutionRecorded',
      'CourtEnforcementApplied',
      'MajorPenaltyFiled',
      'ReconsiderationDecided',
      'LitigationJudged',
    ] as const) {
      spec
        .given([filed()])
        .when({ type: 'RecordActStep', data: { step: step(type) } })
        .thenThrows('DECISION_NOT_MADE');
    }
    spec
      .given([filed(), step('DecisionMade')])
      .when({ type: 'RecordActStep', data: { step: step('DecisionMade', 3) } })
      .thenThrows('DECISION_ALREADY_MADE');
  });

  it('a step after closing, except archiving and remedies; anything but remedies after archiving', () => {
    const closed = [filed(), step('DecisionMade', 2), step('ActClosed', 3)];
    spec
      .given(closed)
      .when({ type: 'RecordActStep', data: { step: step('EvidenceCollected', 4) } })
      .thenThrows('ACT_ALREADY_CLOSED');
    spec
      .given(closed)
      .when({ type: 'RecordActStep', data: { step: step('ActClosed', 4) } })
      .thenThrows('ACT_ALREADY_CLOSED');
    spec
      .given(closed)
      .when({ type: 'RecordActStep', data: { step: step('ReconsiderationDecided', 20) } })
      .then([step('ReconsiderationDecided', 20)]);
    const archived = [...closed, step('ActArchived', 5)];
    spec
      .given(archived)
      .when({ type: 'RecordActStep', data: { step: step('MajorPenaltyFiled', 6) } })
      .thenThrows('ACT_ARCHIVED');
    spec
      .given(archived)
      .when({ type: 'RecordActStep', data: { step: step('LitigationJudged', 60) } })
      .then([step('LitigationJudged', 60)]);
    spec
      .given([filed()])
      .when({ type: 'RecordActStep', data: { step: step('ActArchived') } })
      .thenThrows('ACT_NOT_CLOSED');
  });

  it('acceptance decided twice, acceptance of a filed case, a decision on a rejected application', () => {
    spec
      .given([applied(), step('ApplicationDecidedOnAcceptance')])
      .when({ type: 'RecordActStep', data: { step: step('ApplicationDecidedOnAcceptance', 3) } })
      .thenThrows('ACCEPTANCE_ALREADY_DECIDED');
    spec
      .given([filed('levy')])
      .when({ type: 'RecordActStep', data: { step: step('ApplicationDecidedOnAcceptance') } })
      .thenThrows('STEP_NOT_IN_CATEGORY');
    const rejected = step('ApplicationDecidedOnAcceptance', 2, { accepted: false, reason: '材料不齐全' });
    spec
      .given([applied(), rejected])
      .when({ type: 'RecordActStep', data: { step: step('DecisionMade', 3, { outcome: 'granted' }) } })
      .thenThrows('APPLICATION_NOT_ACCEPTED');
    spec
      .given([applied()])
      .when({ type: 'RecordActStep', data: { step: step('ApplicationDecidedOnAcceptance', 2, { accepted: false, reason: '' }) } })
      .thenThrows('FIELD_REQUIRED', ['reason']);
  });

  it('the same evidence twice', () => {
    spec
      .given([filed(), step('EvidenceCollected', 2)])
      .when({ type: 'RecordActStep', data: { step: step('EvidenceCollected', 2) } })
      .thenThrows('EVIDENCE_ALREADY_RECORDED');
  });

  it('negative amounts, a fine with first-offence exemption, an outcome the category does not know', () => {
    spec
      .given([filed()])
      .when({ type: 'RecordActStep', data: { step: step('DecisionMade', 2, { fineFen: -1 }) } })
      .thenThrows('AMOUNT_NEGATIVE', ['fineFen']);
    spec
      .given([filed()])
      .when({ type: 'RecordActStep', data: { step: step('DecisionMade', 2, { firstOffenceExempt: true }) } })
      .thenThrows('FIRST_OFFENCE_WITH_FINE');
    spec
      .given([filed()])
      .when({ type: 'RecordActStep', data: { step: step('DecisionMade', 2, { outcome: 'granted' }) } })
      .thenThrows('OUTCOME_NOT_IN_CATEGORY');
    spec
      .given([filed(), step('DecisionMade')])
      .when({ type: 'RecordActStep', data: { step: step('ExecutionRecorded', 3, { amountPaidFen: -100 }) } })
      .thenThrows('AMOUNT_NEGATIVE');
    spec
      .given([filed()])
      .when({ type: 'RecordActStep', data: { step: step('CriminalReferralMade', 3, { persons: 0 }) } })
      .thenThrows('PERSONS_RANGE');
  });
});

describe('enforcement act: irregular facts are recorded, for supervision to catch', () => {
  it('a single officer, a major decision without legal review, a decision without a discretion benchmark, an AV record without recorder', () => {
    spec
      .given([])
      .when({ type: 'OpenAct', data: { openedBy: 'filing', opening: opening('penalty', { officerIds: ['o-1'], major: true }) } })
      .then([filed('penalty', { officerIds: ['o-1'], major: true })]);
    const history = [filed('penalty', { major: true })];
    const bareDecision = step('DecisionMade', 2, { discretionBenchmark: '', officerIds: ['o-1'] });
    spec
      .given(history)
      .when({ type: 'RecordActStep', data: { step: bareDecision } })
      .then([bareDecision]);
    const bareRecord = step('EvidenceCollected', 2, { recorder: '', recordedAt: undefined, proves: '' });
    spec
      .given(history)
      .when({ type: 'RecordActStep', data: { step: bareRecord } })
      .then([bareRecord]);
  });
});
