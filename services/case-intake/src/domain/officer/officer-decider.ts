import { ConflictError, NotFoundError, ValidationError, assertNever, type Decider, type Violation } from '@lesp/core';
import type { OfficerEvent } from '@lesp/contracts';
import type { OfficerCommand } from './officer-commands.js';
import {
  certificateNumberViolations,
  examViolations,
  reasonViolations,
  registrationViolations,
  trainingViolations,
  validUntilViolations,
} from './officer-rules.js';
import type { OfficerState, RegisteredOfficer } from './officer-state.js';

export type { OfficerEvent } from '@lesp/contracts';
export type { OfficerState } from './officer-state.js';

function decide(command: OfficerCommand, state: OfficerState): readonly OfficerEvent[] {
  if (command.type === 'RegisterOfficer') {
    const { data } = command;
    if (state.status !== 'unregistered') throw new ConflictError('OFFICER_ALREADY_REGISTERED', `执法人员 ${data.officerId} 已登记`);
    rejectIf(registrationViolations(data));
    return [
      {
        type: 'OfficerRegistered',
        data: {
          officerId: data.officerId,
          agencyId: data.agencyId.trim(),
          name: data.name.trim(),
          idNumber: data.idNumber.trim().toUpperCase(),
          certificateNumber: data.certificateNumber.trim(),
          certificateValidUntil: data.certificateValidUntil,
          enforcementAreas: data.enforcementAreas.map((area) => area.trim()),
          occurredAt: data.at,
        },
      },
    ];
  }
  if (state.status === 'unregistered') throw new NotFoundError('OFFICER_NOT_FOUND', `执法人员 ${command.data.officerId} 不存在`);
  const { officerId, at } = command.data;
  switch (command.type) {
    case 'SuspendCertificate': {
      inOrder(state, at);
      if (state.certificateStatus === 'suspended') throw new ConflictError('CERTIFICATE_ALREADY_SUSPENDED', '该执法证已被暂扣');
      requireStatus(state, 'valid');
      rejectIf(reasonViolations(command.data.reason, '暂扣执法证'));
      return [{ type: 'CertificateSuspended', data: { officerId, reason: command.data.reason.trim(), occurredAt: at } }];
    }
    case 'RevokeCertificate': {
      inOrder(state, at);
      if (state.certificateStatus === 'revoked') throw new ConflictError('CERTIFICATE_ALREADY_REVOKED', '该执法证已注销（收回）');
      rejectIf(reasonViolations(command.data.reason, '注销执法证'));
      return [{ type: 'CertificateRevoked', data: { officerId, reason: command.data.reason.trim(), occurredAt: at } }];
    }
    case 'ReportCertificateLost': {
      inOrder(state, at);
      if (state.certificateStatus === 'lost') throw new ConflictError('CERTIFICATE_ALREADY_LOST', '该执法证已报告遗失');
      requireStatus(state, 'valid');
      return [{ type: 'CertificateReportedLost', data: { officerId, occurredAt: at } }];
    }
    case 'ReissueCertificate': {
      inOrder(state, at);
      if (state.certificateStatus !== 'lost') {
        requireNotRevoked(state);
        throw new ConflictError('CERTIFICATE_NOT_LOST', '只有已报告遗失的执法证才能补发');
      }
      const number = command.data.certificateNumber.trim();
      const validUntil = command.data.certificateValidUntil ?? state.certificateValidUntil;
      const violations = [...certificateNumberViolations(command.data.certificateNumber), ...validUntilViolations(validUntil, at)];
      if (violations.length === 0 && number === state.certificateNumber) {
        violations.push({ field: 'certificateNumber', code: 'CERTIFICATE_NUMBER_UNCHANGED', message: '补发的执法证应使用新的证号' });
      }
      rejectIf(violations);
      return [
        {
          type: 'CertificateReissued',
          data: {
            officerId,
            certificateNumber: number,
            previousCertificateNumber: state.certificateNumber,
            certificateValidUntil: validUntil,
            occurredAt: at,
          },
        },
      ];
    }
    case 'ReinstateCertificate': {
      inOrder(state, at);
      requireNotRevoked(state);
      if (state.certificateStatus !== 'suspended') throw new ConflictError('CERTIFICATE_NOT_SUSPENDED', '该执法证未被暂扣，无需恢复');
      return [{ type: 'CertificateReinstated', data: { officerId, occurredAt: at } }];
    }
    case 'TransferOfficer': {
      inOrder(state, at);
      requireNotRevoked(state);
      const toAgencyId = command.data.toAgencyId.trim();
      if (toAgencyId.length === 0) throw ValidationError.of('toAgencyId', 'AGENCY_ID_REQUIRED', '调入的执法主体不能为空');
      if (toAgencyId === state.agencyId) throw new ConflictError('OFFICER_ALREADY_IN_AGENCY', '该执法人员已在此执法主体');
      return [{ type: 'OfficerTransferred', data: { officerId, fromAgencyId: state.agencyId, toAgencyId, occurredAt: at } }];
    }
    case 'RecordExamResult': {
      rejectIf(examViolations(command.data));
      const { year, score, passed } = command.data;
      return [{ type: 'ExamResultRecorded', data: { officerId, year, score, passed, occurredAt: at } }];
    }
    case 'RecordTrainingHours': {
      rejectIf(trainingViolations(command.data));
      const { year, hours } = command.data;
      const before = state.trainingHours.find((t) => t.year === year)?.hours ?? 0;
      return [
        {
          type: 'TrainingHoursRecorded',
          data: { officerId, year, hours, course: command.data.course.trim(), yearTotalHours: roundHours(before + hours), occurredAt: at },
        },
      ];
    }
    default:
      return assertNever(command, 'officer command');
  }
}

function evolve(state: OfficerState, event: OfficerEvent): OfficerState {
  if (event.type === 'OfficerRegistered') {
    const at = timeOf(event.data.occurredAt);
    const validUntil = timeOf(event.data.certificateValidUntil);
    return {
      status: 'registered',
      officerId: event.data.officerId,
      agencyId: event.data.agencyId,
      certificateStatus: 'valid',
      certificateNumber: event.data.certificateNumber,
      certificateValidUntil: validUntil,
      lastChangeAt: at,
      certificateHistory: [{ status: 'valid', from: at, validUntil, certificateNumber: event.data.certificateNumber }],
      trainingHours: [],
    };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'CertificateSuspended':
      return withStatus(state, 'suspended', timeOf(event.data.occurredAt));
    case 'CertificateRevoked':
      return withStatus(state, 'revoked', timeOf(event.data.occurredAt));
    case 'CertificateReportedLost':
      return withStatus(state, 'lost', timeOf(event.data.occurredAt));
    case 'CertificateReinstated':
      return withStatus(state, 'valid', timeOf(event.data.occurredAt));
    case 'CertificateReissued': {
      const at = timeOf(event.data.occurredAt);
      const validUntil = timeOf(event.data.certificateValidUntil);
      const number = event.data.certificateNumber;
      return {
        ...state,
        certificateStatus: 'valid',
        certificateNumber: number,
        certificateValidUntil: validUntil,
        lastChangeAt: at,
        certificateHistory: [...state.certificateHistory, { status: 'valid', from: at, validUntil, certificateNumber: number }],
      };
    }
    case 'OfficerTransferred':
      return { ...state, agencyId: event.data.toAgencyId, lastChangeAt: timeOf(event.data.occurredAt) };
    case 'ExamResultRecorded':
      return state;
    case 'TrainingHoursRecorded': {
      const { year, yearTotalHours } = event.data;
      return { ...state, trainingHours: [...state.trainingHours.filter((t) => t.year !== year), { year, hours: yearTotalHours }] };
    }
    default:
      return assertNever(event, 'officer event');
  }
}

function withStatus(state: RegisteredOfficer, status: RegisteredOfficer['certificateStatus'], at: Date): RegisteredOfficer {
  return { ...state, certificateStatus: status, lastChangeAt: at, certificateHistory: [...state.certificateHistory, { status, from: at }] };
}

function rejectIf(violations: readonly Violation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}

/** Certificate and agency changes are recorded in the order they took effect. */
function inOrder(state: RegisteredOfficer, at: Date): void {
  if (at.getTime() < state.lastChangeAt.getTime()) {
    throw ValidationError.of('occurredAt', 'OCCURRED_BEFORE_LAST_CHANGE', '生效时间不能早于该执法人员上一次变更的生效时间');
  }
}

function requireNotRevoked(state: RegisteredOfficer): void {
  if (state.certificateStatus === 'revoked') throw new ConflictError('CERTIFICATE_REVOKED', '该执法证已注销（收回），不能再办理');
}

function requireStatus(state: RegisteredOfficer, status: 'valid'): void {
  requireNotRevoked(state);
  if (state.certificateStatus === status) return;
  const now = state.certificateStatus === 'suspended' ? '已被暂扣' : '已报告遗失';
  throw new ConflictError('CERTIFICATE_NOT_VALID', `该执法证${now}，不能办理`);
}

function timeOf(value: Date | undefined): Date {
  return value ?? new Date(0);
}

function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100;
}

export const officerDecider: Decider<OfficerCommand, OfficerEvent, OfficerState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};
