import { describe, expect, it } from 'vitest';
import { certificateValidAt, deciderSpec, residentIdCheckChar, type ValidationError } from '@lesp/core';
import { officerDecider, type OfficerEvent } from '../src/domain/officer/officer-decider.js';

const spec = deciderSpec(officerDecider);
const first17 = '43110319850312123';
const ID_NUMBER = `${first17}${residentIdCheckChar(first17)}`;
const T0 = new Date('2026-03-01T08:00:00Z');
const T1 = new Date('2026-04-01T08:00:00Z');
const T2 = new Date('2026-05-01T08:00:00Z');
const VALID_UNTIL = new Date('2030-12-31T16:00:00Z');

const registration = {
  officerId: 'o-1',
  agencyId: 'scjgj',
  name: '李明',
  idNumber: ID_NUMBER,
  certificateNumber: '湘43110300123',
  certificateValidUntil: VALID_UNTIL,
  enforcementAreas: ['市场监管', '食品安全'],
  at: T0,
};
const registered: OfficerEvent = {
  type: 'OfficerRegistered',
  data: {
    officerId: 'o-1',
    agencyId: 'scjgj',
    name: '李明',
    idNumber: ID_NUMBER,
    certificateNumber: '湘43110300123',
    certificateValidUntil: VALID_UNTIL,
    enforcementAreas: ['市场监管', '食品安全'],
    occurredAt: T0,
  },
};
const suspended: OfficerEvent = { type: 'CertificateSuspended', data: { officerId: 'o-1', reason: '违规执法调查中', occurredAt: T1 } };
const revoked: OfficerEvent = { type: 'CertificateRevoked', data: { officerId: 'o-1', reason: '调离执法岗位', occurredAt: T1 } };
const lost: OfficerEvent = { type: 'CertificateReportedLost', data: { officerId: 'o-1', occurredAt: T1 } };

describe('officer decider: registration', () => {
  it('registers an officer with a valid certificate, trimming what was typed', () => {
    spec
      .given([])
      .when({
        type: 'RegisterOfficer',
        data: { ...registration, name: ' 李明 ', idNumber: ` ${ID_NUMBER.toLowerCase()} `, enforcementAreas: [' 市场监管', '食品安全 '] },
      })
      .then([registered]);
  });

  it('refuses to register the same officer twice', () => {
    spec.given([registered]).when({ type: 'RegisterOfficer', data: registration }).thenThrows('OFFICER_ALREADY_REGISTERED');
  });

  it('names every broken field at once, and never echoes the ID number', () => {
    const badId = `${first17}${residentIdCheckChar(first17) === '0' ? '1' : '0'}`;
    const error = spec
      .given([])
      .when({
        type: 'RegisterOfficer',
        data: {
          ...registration,
          agencyId: ' ',
          name: '',
          idNumber: badId,
          certificateNumber: 'X'.repeat(33),
          certificateValidUntil: new Date('2026-01-01T00:00:00Z'),
          enforcementAreas: ['市场监管', '市场监管', ''],
        },
      })
      .thenThrows('VALIDATION_FAILED', [
        'agencyId',
        'name',
        'idNumber',
        'certificateNumber',
        'certificateValidUntil',
        'enforcementAreas[1]',
        'enforcementAreas[2]',
      ]);
    expect((error as ValidationError).violations.map((v) => v.code)).toEqual([
      'AGENCY_ID_REQUIRED',
      'OFFICER_NAME_REQUIRED',
      'ID_NUMBER_INVALID',
      'CERTIFICATE_NUMBER_TOO_LONG',
      'CERTIFICATE_EXPIRED',
      'ENFORCEMENT_AREA_DUPLICATE',
      'ENFORCEMENT_AREA_INVALID',
    ]);
    expect(error.message).toContain('公民身份号码');
    expect(JSON.stringify(error.toJSON())).not.toContain(first17);
  });

  it('requires a certificate number and at least one enforcement area', () => {
    spec
      .given([])
      .when({ type: 'RegisterOfficer', data: { ...registration, certificateNumber: ' ', enforcementAreas: [] } })
      .thenThrows('VALIDATION_FAILED', ['certificateNumber', 'enforcementAreas']);
    spec
      .given([])
      .when({ type: 'RegisterOfficer', data: { ...registration, name: '李'.repeat(51) } })
      .thenThrows('OFFICER_NAME_TOO_LONG', ['name']);
  });

  it('refuses every other command on an officer that was never registered', () => {
    spec
      .given([])
      .when({ type: 'ReportCertificateLost', data: { officerId: 'o-1', at: T1 } })
      .thenThrows('OFFICER_NOT_FOUND');
  });
});

describe('officer decider: certificate lifecycle', () => {
  it('suspends (暂扣) a valid certificate with a reason, once', () => {
    spec
      .given([registered])
      .when({ type: 'SuspendCertificate', data: { officerId: 'o-1', reason: ' 违规执法调查中 ', at: T1 } })
      .then([suspended]);
    spec
      .given([registered])
      .when({ type: 'SuspendCertificate', data: { officerId: 'o-1', reason: ' ', at: T1 } })
      .thenThrows('REASON_REQUIRED', ['reason']);
    spec
      .given([registered, suspended])
      .when({ type: 'SuspendCertificate', data: { officerId: 'o-1', reason: 'x', at: T2 } })
      .thenThrows('CERTIFICATE_ALREADY_SUSPENDED');
    spec
      .given([registered, revoked])
      .when({ type: 'SuspendCertificate', data: { officerId: 'o-1', reason: 'x', at: T2 } })
      .thenThrows('CERTIFICATE_REVOKED');
    spec
      .given([registered, lost])
      .when({ type: 'SuspendCertificate', data: { officerId: 'o-1', reason: 'x', at: T2 } })
      .thenThrows('CERTIFICATE_NOT_VALID');
  });

  it('revokes (注销/收回) a certificate in any state but revoked', () => {
    for (const before of [[registered], [registered, suspended], [registered, lost]]) {
      spec
        .given(before)
        .when({ type: 'RevokeCertificate', data: { officerId: 'o-1', reason: '调离执法岗位', at: T1 } })
        .then([revoked]);
    }
    spec
      .given([registered, revoked])
      .when({ type: 'RevokeCertificate', data: { officerId: 'o-1', reason: '再次', at: T2 } })
      .thenThrows('CERTIFICATE_ALREADY_REVOKED');
    spec
      .given([registered])
      .when({ type: 'RevokeCertificate', data: { officerId: 'o-1', reason: '', at: T1 } })
      .thenThrows('REASON_REQUIRED', ['reason']);
  });

  it('reinstates only a suspended certificate, never a revoked one', () => {
    spec
      .given([registered, suspended])
      .when({ type: 'ReinstateCertificate', data: { officerId: 'o-1', at: T2 } })
      .then([{ type: 'CertificateReinstated', data: { officerId: 'o-1', occurredAt: T2 } }]);
    spec
      .given([registered, revoked])
      .when({ type: 'ReinstateCertificate', data: { officerId: 'o-1', at: T2 } })
      .thenThrows('CERTIFICATE_REVOKED');
    spec
      .given([registered])
      .when({ type: 'ReinstateCertificate', data: { officerId: 'o-1', at: T2 } })
      .thenThrows('CERTIFICATE_NOT_SUSPENDED');
  });

  it('takes a loss report only for a valid certificate', () => {
    spec
      .given([registered])
      .when({ type: 'ReportCertificateLost', data: { officerId: 'o-1', at: T1 } })
      .then([lost]);
    spec
      .given([registered, lost])
      .when({ type: 'ReportCertificateLost', data: { officerId: 'o-1', at: T2 } })
      .thenThrows('CERTIFICATE_ALREADY_LOST');
    spec
      .given([registered, suspended])
      .when({ type: 'ReportCertificateLost', data: { officerId: 'o-1', at: T2 } })
      .thenThrows('CERTIFICATE_NOT_VALID');
    spec
      .given([registered, revoked])
      .when({ type: 'ReportCertificateLost', data: { officerId: 'o-1', at: T2 } })
      .thenThrows('CERTIFICATE_REVOKED');
  });

  it('reissues (补发) a lost certificate under a new number, keeping its validity unless a new one is given', () => {
    spec
      .given([registered, lost])
      .when({ type: 'ReissueCertificate', data: { officerId: 'o-1', certificateNumber: ' 湘43110300456 ', at: T2 } })
      .then([
        {
          type: 'CertificateReissued',
          data: {
            officerId: 'o-1',
            certificateNumber: '湘43110300456',
            previousCertificateNumber: '湘43110300123',
            certificateValidUntil: VALID_UNTIL,
            occurredAt: T2,
          },
        },
      ]);
    const renewed = new Date('2031-06-30T16:00:00Z');
    spec
      .given([registered, lost])
      .when({ type: 'ReissueCertificate', data: { officerId: 'o-1', certificateNumber: 'N2', certificateValidUntil: renewed, at: T2 } })
      .then([
        {
          type: 'CertificateReissued',
          data: {
            officerId: 'o-1',
            certificateNumber: 'N2',
            previousCertificateNumber: '湘43110300123',
            certificateValidUntil: renewed,
            occurredAt: T2,
          },
        },
      ]);
  });

  it('refuses a reissue that is not after a loss, reuses the number, or has no number', () => {
    spec
      .given([registered])
      .when({ type: 'ReissueCertificate', data: { officerId: 'o-1', certificateNumber: 'N2', at: T2 } })
      .thenThrows('CERTIFICATE_NOT_LOST');
    spec
      .given([registered, revoked])
      .when({ type: 'ReissueCertificate', data: { officerId: 'o-1', certificateNumber: 'N2', at: T2 } })
      .thenThrows('CERTIFICATE_REVOKED');
    spec
      .given([registered, lost])
      .when({ type: 'ReissueCertificate', data: { officerId: 'o-1', certificateNumber: '湘43110300123', at: T2 } })
      .thenThrows('CERTIFICATE_NUMBER_UNCHANGED', ['certificateNumber']);
    spec
      .given([registered, lost])
      .when({ type: 'ReissueCertificate', data: { officerId: 'o-1', certificateNumber: '', at: T2 } })
      .thenThrows('CERTIFICATE_NUMBER_REQUIRED', ['certificateNumber']);
    spec
      .given([registered, lost])
      .when({
        type: 'ReissueCertificate',
        data: { officerId: 'o-1', certificateNumber: 'N2', certificateValidUntil: new Date('2026-01-01T00:00:00Z'), at: T2 },
      })
      .thenThrows('CERTIFICATE_EXPIRED', ['certificateValidUntil']);
  });

  it('records changes in the order they took effect', () => {
    spec
      .given([registered, suspended])
      .when({ type: 'ReinstateCertificate', data: { officerId: 'o-1', at: T0 } })
      .thenThrows('OCCURRED_BEFORE_LAST_CHANGE', ['occurredAt']);
  });

  it('keeps a history that says whether the certificate was valid at any time', () => {
    const events: OfficerEvent[] = [registered, suspended, { type: 'CertificateReinstated', data: { officerId: 'o-1', occurredAt: T2 } }];
    const state = events.reduce(officerDecider.evolve, officerDecider.initialState());
    if (state.status !== 'registered') throw new Error('expected a registered officer');
    expect(certificateValidAt(state.certificateHistory, new Date('2026-02-28T00:00:00Z'))).toBe(false);
    expect(certificateValidAt(state.certificateHistory, new Date('2026-03-15T00:00:00Z'))).toBe(true);
    expect(certificateValidAt(state.certificateHistory, new Date('2026-04-15T00:00:00Z'))).toBe(false);
    expect(certificateValidAt(state.certificateHistory, new Date('2026-05-15T00:00:00Z'))).toBe(true);
    expect(certificateValidAt(state.certificateHistory, new Date('2031-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('officer decider: transfer, exams and training', () => {
  it('transfers (异动) an officer to another agency, not to their own and not once revoked', () => {
    spec
      .given([registered])
      .when({ type: 'TransferOfficer', data: { officerId: 'o-1', toAgencyId: ' hbj ', at: T1 } })
      .then([{ type: 'OfficerTransferred', data: { officerId: 'o-1', fromAgencyId: 'scjgj', toAgencyId: 'hbj', occurredAt: T1 } }]);
    spec
      .given([registered])
      .when({ type: 'TransferOfficer', data: { officerId: 'o-1', toAgencyId: 'scjgj', at: T1 } })
      .thenThrows('OFFICER_ALREADY_IN_AGENCY');
    spec
      .given([registered, revoked])
      .when({ type: 'TransferOfficer', data: { officerId: 'o-1', toAgencyId: 'hbj', at: T2 } })
      .thenThrows('CERTIFICATE_REVOKED');
    spec
      .given([registered])
      .when({ type: 'TransferOfficer', data: { officerId: 'o-1', toAgencyId: '', at: T1 } })
      .thenThrows('AGENCY_ID_REQUIRED', ['toAgencyId']);
  });

  it('records exam results with a score from 0 to 100 for a past or current year', () => {
    spec
      .given([registered])
      .when({ type: 'RecordExamResult', data: { officerId: 'o-1', year: 2026, score: 86.5, passed: true, at: T1 } })
      .then([{ type: 'ExamResultRecorded', data: { officerId: 'o-1', year: 2026, score: 86.5, passed: true, occurredAt: T1 } }]);
    spec
      .given([registered])
      .when({ type: 'RecordExamResult', data: { officerId: 'o-1', year: 2027, score: 101, passed: true, at: T1 } })
      .thenThrows('VALIDATION_FAILED', ['year', 'score']);
    spec
      .given([registered])
      .when({ type: 'RecordExamResult', data: { officerId: 'o-1', year: 2025, score: -1, passed: false, at: T1 } })
      .thenThrows('EXAM_SCORE_RANGE', ['score']);
  });

  it('adds up training hours per year', () => {
    const first: OfficerEvent = {
      type: 'TrainingHoursRecorded',
      data: { officerId: 'o-1', year: 2026, hours: 24, course: '行政执法规范化培训', yearTotalHours: 24, occurredAt: T1 },
    };
    spec
      .given([registered])
      .when({ type: 'RecordTrainingHours', data: { officerId: 'o-1', year: 2026, hours: 24, course: ' 行政执法规范化培训 ', at: T1 } })
      .then([first]);
    spec
      .given([registered, first])
      .when({ type: 'RecordTrainingHours', data: { officerId: 'o-1', year: 2026, hours: 16.5, course: '行政处罚法', at: T2 } })
      .then([
        {
          type: 'TrainingHoursRecorded',
          data: { officerId: 'o-1', year: 2026, hours: 16.5, course: '行政处罚法', yearTotalHours: 40.5, occurredAt: T2 },
        },
      ]);
  });

  it('refuses training without positive hours or a course', () => {
    spec
      .given([registered])
      .when({ type: 'RecordTrainingHours', data: { officerId: 'o-1', year: 2026, hours: 0, course: '', at: T1 } })
      .thenThrows('VALIDATION_FAILED', ['hours', 'course']);
    spec
      .given([registered])
      .when({ type: 'RecordTrainingHours', data: { officerId: 'o-1', year: 1980, hours: 8, course: '培训', at: T1 } })
      .thenThrows('TRAINING_YEAR_INVALID', ['year']);
  });
});
