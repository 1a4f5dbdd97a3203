import { ForbiddenError, UnauthenticatedError } from '@lesp/core';
import { PERMISSIONS, type Permission, type PermissionRule, type Scope } from './permissions.js';
import type { Principal } from './principal.js';

/** What a request touches: the counties whose data it reads or changes, and maybe one agency. */
export interface AccessTarget {
  readonly countyCodes: readonly string[];
  readonly agencyId?: string;
}

export type Decision =
  | { readonly allowed: true; readonly scope: Scope | 'public' }
  | { readonly allowed: false; readonly code: DenyCode; readonly message: string };

export type DenyCode =
  | 'AUTHENTICATION_REQUIRED'
  | 'ROLE_NOT_PERMITTED'
  | 'OUTSIDE_COUNTY'
  | 'OUTSIDE_AGENCY'
  | 'OUTSIDE_REGION'
  | 'OUTSIDE_AGREEMENT'
  | 'SUPERVISION_CERTIFICATE_INVALID';

const deny = (code: DenyCode, message: string): Decision => ({ allowed: false, code, message });

/** Pure: the same principal, permission, target and time always give the same answer. */
export function authorize(principal: Principal, permission: Permission, target: AccessTarget, now: Date): Decision {
  const rule: PermissionRule = PERMISSIONS[permission];
  if (rule.public) return { allowed: true, scope: 'public' };
  if (principal.kind === 'public') return deny('AUTHENTICATION_REQUIRED', '请先登录');
  const scope = rule.roles[principal.role];
  if (!scope) return deny('ROLE_NOT_PERMITTED', '当前角色无权执行此操作');
  if (principal.role === 'county_supervisor') {
    const certificate = principal.supervisionCertificate;
    if (!certificate || certificate.validUntil.getTime() <= now.getTime()) {
      return deny('SUPERVISION_CERTIFICATE_INVALID', '未持有有效的行政执法监督证，不能开展监督');
    }
  }
  for (const county of target.countyCodes) {
    const problem = outsideScope(principal, scope, county, target.agencyId);
    if (problem) return problem;
  }
  return { allowed: true, scope };
}

function outsideScope(principal: Principal, scope: Scope, county: string, agencyId: string | undefined): Decision | undefined {
  switch (scope) {
    case 'any':
      return undefined;
    case 'county':
      return principal.countyCode === county ? undefined : deny('OUTSIDE_COUNTY', '无权访问其他区县的数据');
    case 'own-agency':
      if (principal.countyCode !== county) return deny('OUTSIDE_COUNTY', '无权访问其他区县的数据');
      return agencyId === undefined || agencyId === principal.agencyId ? undefined : deny('OUTSIDE_AGENCY', '只能访问本单位的数据');
    case 'region':
      return principal.regionCode && county.startsWith(principal.regionCode) ? undefined : deny('OUTSIDE_REGION', '无权访问辖区以外的数据');
    case 'agreement':
      return principal.agreementCounties?.includes(county) ? undefined : deny('OUTSIDE_AGREEMENT', '该区县不在您所属的合作协议范围内');
    default: {
      const unknown: never = scope;
      return deny('ROLE_NOT_PERMITTED', `unknown scope ${String(unknown)}`);
    }
  }
}

/** Throws the denial (401/403) unless allowed. */
export function assertAllowed(principal: Principal, permission: Permission, target: AccessTarget, now: Date): void {
  const decision = authorize(principal, permission, target, now);
  if (!decision.allowed) throw denialError(decision);
}

/**
 * For queries: the county to filter on, checked once more against the caller, so a query
 * never trusts a county code that came only from the request.
 */
export function readableCounty(principal: Principal, permission: Permission, countyCode: string, now: Date): string {
  assertAllowed(principal, permission, { countyCodes: [countyCode] }, now);
  return countyCode;
}

/** A denial as the platform error it is: 401 without identity, 403 otherwise. */
export class AccessDeniedError extends ForbiddenError {
  constructor(code: DenyCode, message: string) {
    super(code, message);
  }
}

export function denialError(decision: Extract<Decision, { allowed: false }>): ForbiddenError | UnauthenticatedError {
  return decision.code === 'AUTHENTICATION_REQUIRED'
    ? new UnauthenticatedError(decision.code, decision.message)
    : new AccessDeniedError(decision.code, decision.message);
}
