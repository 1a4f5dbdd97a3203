import { describe, expect, it } from 'vitest';
import { authorize, type Principal } from '../src/index.js';

const now = new Date('2026-11-25T10:00:00Z');
const supervisor: Principal = {
  kind: 'user',
  subject: 's1',
  issuer: 'i',
  role: 'county_supervisor',
  countyCode: '431103',
  supervisionCertificate: { number: '湘监督证-0001', validUntil: new Date('2027-06-30T00:00:00Z') },
};
const clerk: Principal = { kind: 'user', subject: 'c1', issuer: 'i', role: 'agency_clerk', countyCode: '431103', agencyId: 'scjgj' };
const viewer: Principal = { kind: 'user', subject: 'v1', issuer: 'i', role: 'regional_viewer', regionCode: '4311' };
const operator: Principal = { kind: 'user', subject: 'o1', issuer: 'i', role: 'operator' };

const outcome = (principal: Principal, ...args: Parameters<typeof authorize> extends [unknown, ...infer Rest] ? Rest : never) => {
  const decision = authorize(principal, ...args);
  return decision.allowed ? 'allow' : decision.code;
};

describe('officer and power-list permissions', () => {
  it('lets only county supervisors register officers, change certificates and change power lists, in their county', () => {
    for (const permission of ['officer.register', 'officer.change', 'agency.change_powers'] as const) {
      expect(outcome(supervisor, permission, { countyCodes: ['431103'] }, now)).toBe('allow');
      expect(outcome(supervisor, permission, { countyCodes: ['433124'] }, now)).toBe('OUTSIDE_COUNTY');
      expect(outcome(clerk, permission, { countyCodes: ['431103'], agencyId: 'scjgj' }, now)).toBe('ROLE_NOT_PERMITTED');
      expect(outcome(viewer, permission, { countyCodes: ['431103'] }, now)).toBe('ROLE_NOT_PERMITTED');
    }
  });

  it("lets a clerk read their own agency's officers and list their county's", () => {
    expect(outcome(clerk, 'officer.read', { countyCodes: ['431103'], agencyId: 'scjgj' }, now)).toBe('allow');
    expect(outcome(clerk, 'officer.read', { countyCodes: ['431103'], agencyId: 'hbj' }, now)).toBe('OUTSIDE_AGENCY');
    expect(outcome(clerk, 'officer.list', { countyCodes: ['431103'] }, now)).toBe('allow');
    expect(outcome(clerk, 'officer.list', { countyCodes: ['433124'] }, now)).toBe('OUTSIDE_COUNTY');
  });

  it('gives regional viewers read-only access in their region and operators none', () => {
    expect(outcome(viewer, 'officer.list', { countyCodes: ['431103'] }, now)).toBe('allow');
    expect(outcome(viewer, 'officer.read', { countyCodes: ['433124'] }, now)).toBe('OUTSIDE_REGION');
    expect(outcome(operator, 'officer.read', { countyCodes: ['431103'] }, now)).toBe('ROLE_NOT_PERMITTED');
  });
});
