/** The roles of the platform (see DOMAIN.md, "Who uses it"). */
export const ROLES = [
  'agency_clerk', // 执法单位法制员: own agency
  'county_supervisor', // 司法局执法监督科: own county, while holding a valid 执法监督证
  'task_force_member', // 联合监督小组成员: the counties of their agreements
  'regional_viewer', // 市/省级监督: read-only roll-up of a city or province
  'operator', // 运维: no case data
  'service', // another platform service, over mTLS
] as const;

export type Role = (typeof ROLES)[number];

/** Who is calling, as verified from a token (or the anonymous public). */
export interface Principal {
  readonly kind: 'user' | 'public';
  /** `sub` of the token; "public" for anonymous callers. */
  readonly subject: string;
  readonly issuer: string;
  readonly role: Role | 'public';
  /** Home county of clerks and supervisors. */
  readonly countyCode?: string;
  /** Agency of a clerk. */
  readonly agencyId?: string;
  /** Code prefix of a city ("4311") or province ("43") for regional viewers. */
  readonly regionCode?: string;
  /** Member counties of a task-force member's agreements. */
  readonly agreementCounties?: readonly string[];
  /** 执法监督证 of a supervisor. */
  readonly supervisionCertificate?: { readonly number: string; readonly validUntil: Date };
}

export const PUBLIC_PRINCIPAL: Principal = { kind: 'public', subject: 'public', issuer: '', role: 'public' };
