import { ForbiddenError } from '@lesp/core';

/** Who is signed in, as the console needs it: the verified token's claims, never what the browser says. */
export interface ConsoleUser {
  readonly subject: string;
  readonly displayName: string;
  readonly role: 'agency_clerk' | 'county_supervisor' | 'regional_viewer' | 'task_force_member' | 'operator';
  readonly countyCode?: string;
  readonly agencyId?: string;
  readonly regionCode?: string;
  readonly agreementCounties?: readonly string[];
}

export const CONSOLE_ROLES = ['agency_clerk', 'county_supervisor', 'regional_viewer', 'task_force_member', 'operator'] as const;

export const ROLE_NAMES: Record<ConsoleUser['role'], string> = {
  agency_clerk: '执法单位法制员',
  county_supervisor: '县级执法监督员',
  regional_viewer: '市/省级监督（只读）',
  task_force_member: '联合监督小组成员',
  operator: '运维管理员',
};

export function isConsoleRole(role: string): role is ConsoleUser['role'] {
  return (CONSOLE_ROLES as readonly string[]).includes(role);
}

/**
 * The county every county-scoped screen reads: the user's own, from the token. A county in a
 * request is never taken from the browser, so one county's user cannot ask for another's data.
 */
export function homeCounty(user: ConsoleUser): string {
  if ((user.role === 'agency_clerk' || user.role === 'county_supervisor') && user.countyCode) return user.countyCode;
  throw new ForbiddenError('CONSOLE_NO_COUNTY', '当前账号没有所属区县，不能查看区县数据');
}

/** A clerk sees their own agency only; a supervisor the agency asked for (or all, when none). */
export function agencyFilter(user: ConsoleUser, requested: string | undefined): string {
  if (user.role === 'agency_clerk') {
    if (!user.agencyId) throw new ForbiddenError('CONSOLE_NO_AGENCY', '当前账号没有所属执法单位');
    if (requested && requested !== user.agencyId) throw new ForbiddenError('CONSOLE_OTHER_AGENCY', '只能查看本单位的数据');
    return user.agencyId;
  }
  return requested ?? '';
}

export function requireRole(user: ConsoleUser, ...roles: ConsoleUser['role'][]): void {
  if (!roles.includes(user.role)) throw new ForbiddenError('CONSOLE_ROLE_FORBIDDEN', '当前角色无权使用此功能');
}

/**
 * The counties whose cross-region records a user reads: a task-force member's agreement
 * counties, a county supervisor's own county.
 */
export function coordinationCounties(user: ConsoleUser): readonly string[] {
  if (user.role === 'task_force_member') return user.agreementCounties ?? [];
  if (user.role === 'county_supervisor') return [homeCounty(user)];
  throw new ForbiddenError('CONSOLE_ROLE_FORBIDDEN', '当前角色无权使用此功能');
}

/** The city or province a regional viewer rolls up (its code prefix). */
export function viewerRegion(user: ConsoleUser): string {
  if (user.role === 'regional_viewer' && user.regionCode) return user.regionCode;
  throw new ForbiddenError('CONSOLE_NO_REGION', '当前账号没有可汇总的市或省');
}
