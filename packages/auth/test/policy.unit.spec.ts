import { describe, expect, it } from 'vitest';
import { authorize, readableCounty, AccessDeniedError, type Principal } from '../src/index.js';

const now = new Date('2026-11-25T10:00:00Z');
const validCert = { number: '湘监督证-0001', validUntil: new Date('2027-06-30T00:00:00Z') };
const supervisor: Principal = {
  kind: 'user',
  subject: 's1',
  issuer: 'i',
  role: 'county_supervisor',
  countyCode: '431103',
  supervisionCertificate: validCert,
};
const clerk: Principal = { kind: 'user', subject: 'c1', issuer: 'i', role: 'agency_clerk', countyCode: '431103', agencyId: 'demo-1' };
const viewer: Principal = { kind: 'user', subject: 'v1', issuer: 'i', role: 'regional_viewer', regionCode: '4311' };
const taskForce: Principal = {
  kind: 'user',
  subject: 't1',
  issuer: 'i',
  role: 'task_force_member',
  agreementCounties: ['433124', '522229', '500241'],
};
const operator: Principal = { kind: 'user', subject: 'o1', issuer: 'i', role: 'operator' };
const anonymous: Principal = { kind: 'public', subject: 'public', issuer: '', role: 'public' };

const outcome = (principal: Principal, ...args: Parameters<typeof authorize> extends [unknown, ...infer Rest] ? Rest : never) => {
  const decision = authorize(principal, ...args);
  return decision.allowed ? 'allow' : decision.code;
};

describe('the policy table', () => {
  it('lets a supervisor act in their own county only, and only with a valid supervision certificate', () => {
    expect(outcome(supervisor, 'agency.register', { countyCodes: ['431103'] }, now)).toBe('allow');
    expect(outcome(supervisor, 'agency.register', { countyCodes: ['433124'] }, now)).toBe('OUTSIDE_COUNTY');
    const expired = { ...supervisor, supervisionCertificate: { ...validCert, validUntil: new Date('2026-11-25T09:59:59Z') } };
    expect(outcome(expired, 'agency.list', { countyCodes: ['431103'] }, now)).toBe('SUPERVISION_CERTIFICATE_INVALID');
    const without: Principal = { kind: 'user', subject: 's2', issuer: 'i', role: 'county_supervisor', countyCode: '431103' };
    expect(outcome(without, 'agency.list', { countyCodes: ['431103'] }, now)).toBe('SUPERVISION_CERTIFICATE_INVALID');
  });

  it('keeps a clerk to their own agency for records and their own county for lists, and never lets them change agencies', () => {
    expect(outcome(clerk, 'agency.read', { countyCodes: ['431103'], agencyId: 'demo-1' }, now)).toBe('allow');
    expect(outcome(clerk, 'agency.read', { countyCodes: ['431103'], agencyId: 'demo-2' }, now)).toBe('OUTSIDE_AGENCY');
    expect(outcome(clerk, 'agency.read', { countyCodes: ['433124'], agencyId: 'demo-1' }, now)).toBe('OUTSIDE_COUNTY');
    expect(outcome(clerk, 'agency.list', { countyCodes: ['431103'] }, now)).toBe('allow');
    expect(outcome(clerk, 'agency.register', { countyCodes: ['431103'] }, now)).toBe('ROLE_NOT_PERMITTED');
    expect(outcome(clerk, 'supervision.agency.list', { countyCodes: ['431103'] }, now)).toBe('ROLE_NOT_PERMITTED');
  });

  it('gives regional viewers read-only roll-ups inside their city or province', () => {
    expect(outcome(viewer, 'supervision.agency.list', { countyCodes: ['431103'] }, now)).toBe('allow');
    expect(outcome(viewer, 'directory.read', { countyCodes: ['431103', '431102'] }, now)).toBe('allow');
    expect(outcome(viewer, 'directory.read', { countyCodes: ['431103', '433124'] }, now)).toBe('OUTSIDE_REGION');
    expect(outcome(viewer, 'agency.register', { countyCodes: ['431103'] }, now)).toBe('ROLE_NOT_PERMITTED');
  });

  it('limits task-force members to the counties of their agreements', () => {
    expect(outcome(taskForce, 'directory.read', { countyCodes: ['433124', '500241'] }, now)).toBe('allow');
    expect(outcome(taskForce, 'directory.read', { countyCodes: ['433124', '431103'] }, now)).toBe('OUTSIDE_AGREEMENT');
    expect(outcome(taskForce, 'agency.list', { countyCodes: ['433124'] }, now)).toBe('ROLE_NOT_PERMITTED');
  });

  it('gives operators no case data, only operations', () => {
    expect(outcome(operator, 'projection.rebuild', { countyCodes: [] }, now)).toBe('allow');
    for (const permission of ['agency.list', 'agency.read', 'supervision.agency.list', 'directory.read', 'audit.read'] as const) {
      expect(outcome(operator, permission, { countyCodes: ['431103'] }, now)).toBe('ROLE_NOT_PERMITTED');
    }
  });

  it('asks the public to sign in for anything but public data', () => {
    expect(outcome(anonymous, 'public.read', { countyCodes: ['431103'] }, now)).toBe('allow');
    expect(outcome(anonymous, 'agency.list', { countyCodes: ['431103'] }, now)).toBe('AUTHENTICATION_REQUIRED');
  });

  it('checks queries again: a county code from the request alone is never trusted', () => {
    expect(readableCounty(supervisor, 'agency.list', '431103', now)).toBe('431103');
    expect(() => readableCounty(supervisor, 'agency.list', '433124', now)).toThrow(AccessDeniedError);
  });
});
