import { describe, it, expect } from 'vitest';
import { deciderSpec, ValidationError } from '@lesp/core';
import { agencyDecider, type AgencyEvent } from '../src/domain/agency/agency-decider.js';

const spec = deciderSpec(agencyDecider);
// 冷水滩区 justice bureau style credit code with a correct check character.
const VALID_CREDIT_CODE = '11431103MB1A23456Q';

const registration = {
  agencyId: 'ag-1',
  name: '冷水滩区市场监督管理局',
  creditCode: VALID_CREDIT_CODE,
  kind: '行政机关',
  legalBasis: '《中华人民共和国行政处罚法》',
};
const registered: AgencyEvent = { type: 'AgencyRegistered', data: registration };

describe('agency decider', () => {
  it('registers a new agency', () => {
    spec
      .given([])
      .when({ type: 'RegisterAgency', data: { ...registration, name: '  冷水滩区市场监督管理局 ' } })
      .then([registered]);
  });

  it('refuses to register the same agency twice', () => {
    spec.given([registered]).when({ type: 'RegisterAgency', data: registration }).thenThrows('AGENCY_ALREADY_REGISTERED');
  });

  it('names every broken field and rule at once, in Chinese', () => {
    const error = spec
      .given([])
      .when({ type: 'RegisterAgency', data: { ...registration, name: ' ', creditCode: '11431103MB1A23456X', kind: '公司' } })
      .thenThrows('VALIDATION_FAILED', ['name', 'creditCode', 'kind']);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.code)).toEqual([
      'AGENCY_NAME_REQUIRED',
      'CREDIT_CODE_INVALID',
      'AGENCY_KIND_UNKNOWN',
    ]);
    expect(error.message).toContain('统一社会信用代码');
  });

  it('rejects a credit code of the wrong length with its own code', () => {
    spec
      .given([])
      .when({ type: 'RegisterAgency', data: { ...registration, creditCode: '123' } })
      .thenThrows('CREDIT_CODE_INVALID', ['creditCode']);
  });

  it('updates the registration details of a registered agency, and records nothing when nothing changes', () => {
    const renamed = { ...registration, name: '冷水滩区市场监督管理局（知识产权局）', legalBasis: '《中华人民共和国行政许可法》' };
    spec
      .given([registered])
      .when({ type: 'UpdateAgency', data: { ...renamed, name: ` ${renamed.name} ` } })
      .then([{ type: 'AgencyUpdated', data: renamed }]);
    spec
      .given([registered, { type: 'AgencyUpdated', data: renamed }])
      .when({ type: 'UpdateAgency', data: renamed })
      .then([]);
    spec.given([registered]).when({ type: 'UpdateAgency', data: registration }).then([]);
  });

  it('refuses an update of an unknown agency, or with a broken field, naming it', () => {
    spec.given([]).when({ type: 'UpdateAgency', data: registration }).thenThrows('AGENCY_NOT_FOUND');
    spec
      .given([registered])
      .when({ type: 'UpdateAgency', data: { ...registration, creditCode: '11431103MB1A23456X' } })
      .thenThrows('CREDIT_CODE_INVALID', ['creditCode']);
  });

  it('suspends an active agency with a reason, and only then', () => {
    spec
      .given([registered])
      .when({ type: 'SuspendAgency', data: { agencyId: 'ag-1', reason: ' 主体资格被撤销 ' } })
      .then([{ type: 'AgencySuspended', data: { agencyId: 'ag-1', reason: '主体资格被撤销' } }]);
    spec
      .given([registered])
      .when({ type: 'SuspendAgency', data: { agencyId: 'ag-1', reason: '' } })
      .thenThrows('SUSPENSION_REASON_REQUIRED', ['reason']);
    spec
      .given([])
      .when({ type: 'SuspendAgency', data: { agencyId: 'ag-1', reason: 'x' } })
      .thenThrows('AGENCY_NOT_FOUND');
    spec
      .given([registered, { type: 'AgencySuspended', data: { agencyId: 'ag-1', reason: 'x' } }])
      .when({ type: 'SuspendAgency', data: { agencyId: 'ag-1', reason: 'y' } })
      .thenThrows('AGENCY_ALREADY_SUSPENDED');
  });

  it('reinstates only a suspended agency', () => {
    const suspended: AgencyEvent = { type: 'AgencySuspended', data: { agencyId: 'ag-1', reason: 'x' } };
    spec
      .given([registered, suspended])
      .when({ type: 'ReinstateAgency', data: { agencyId: 'ag-1' } })
      .then([{ type: 'AgencyReinstated', data: { agencyId: 'ag-1' } }]);
    spec
      .given([registered])
      .when({ type: 'ReinstateAgency', data: { agencyId: 'ag-1' } })
      .thenThrows('AGENCY_NOT_SUSPENDED');
    spec
      .given([])
      .when({ type: 'ReinstateAgency', data: { agencyId: 'ag-1' } })
      .thenThrows('AGENCY_NOT_FOUND');
  });
});
