/**
 * The one policy table: which role may do what, within which scope. Every HTTP route and
 * gRPC method names one permission; anything not listed here is denied.
 *
 * Scopes:
 *   county      the target county is the caller's county
 *   own-agency  ... and the target agency is the caller's agency (when the target names one)
 *   region      the target county lies in the caller's city/province (code prefix)
 *   agreement   the target county is a member of one of the caller's agreements
 *   any         no data scope (operators: no case data at all)
 */
export type Scope = 'county' | 'own-agency' | 'region' | 'agreement' | 'any';

export interface PermissionRule {
  /** Public permissions need no token and leave no audit entry. */
  readonly public?: true;
  /** Changes data (vs. reads it); recorded as such in the audit log. */
  readonly change?: true;
  readonly roles: Partial<Record<string, Scope>>;
}

export const PERMISSIONS = {
  'agency.register': { change: true, roles: { county_supervisor: 'county' } },
  'agency.update': { change: true, roles: { county_supervisor: 'county' } },
  'agency.change_status': { change: true, roles: { county_supervisor: 'county' } },
  'agency.read': { roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region', service: 'any' } },
  'agency.list': { roles: { county_supervisor: 'county', agency_clerk: 'county', regional_viewer: 'region', service: 'any' } },
  // Power list (执法事项目录) and delegation to townships (委托执法).
  'agency.change_powers': { change: true, roles: { county_supervisor: 'county' } },
  // Officers (执法人员) and their certificates: clerks read their own agency's officers and list their county's.
  'officer.register': { change: true, roles: { county_supervisor: 'county' } },
  'officer.change': { change: true, roles: { county_supervisor: 'county' } },
  'officer.read': { roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region', service: 'any' } },
  'officer.list': { roles: { county_supervisor: 'county', agency_clerk: 'county', regional_viewer: 'region', service: 'any' } },
  // Complaints and tips (投诉举报): clerks handle and read only what is assigned to their agency.
  'complaint.receive': { change: true, roles: { county_supervisor: 'county', service: 'any' } },
  'complaint.assign': { change: true, roles: { county_supervisor: 'county' } },
  'complaint.handle': { change: true, roles: { county_supervisor: 'county', agency_clerk: 'own-agency' } },
  'complaint.read': { roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region' } },
  'complaint.list': { roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region' } },
  'supervision.agency.list': { roles: { county_supervisor: 'county', regional_viewer: 'region', service: 'any' } },
  // Alerts (预警): clerks see and acknowledge their own agency's; only supervisors dismiss.
  'supervision.alert.read': {
    roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region', service: 'any' },
  },
  'supervision.alert.list': {
    roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region', service: 'any' },
  },
  'supervision.alert.acknowledge': { change: true, roles: { county_supervisor: 'county', agency_clerk: 'own-agency' } },
  'supervision.alert.dismiss': { change: true, roles: { county_supervisor: 'county' } },
  // Rule catalogue and a county's rule packs (规则包).
  'supervision.rule.read': { roles: { county_supervisor: 'county', agency_clerk: 'county', regional_viewer: 'region', service: 'any' } },
  'supervision.rule.configure': { change: true, roles: { county_supervisor: 'county' } },
  // The national working-day calendar: everyone signed in reads it, operators amend it.
  'supervision.calendar.read': {
    roles: {
      county_supervisor: 'any',
      agency_clerk: 'any',
      regional_viewer: 'any',
      task_force_member: 'any',
      operator: 'any',
      service: 'any',
    },
  },
  'supervision.calendar.change': { change: true, roles: { operator: 'any' } },
  // Supervision's registries: inspection filings (检查备案), quiet days (宁静日), zero-enforcement explanations (零执法说明).
  'supervision.inspection.file': { change: true, roles: { county_supervisor: 'county', agency_clerk: 'own-agency' } },
  'supervision.quiet_days.set': { change: true, roles: { county_supervisor: 'county' } },
  'supervision.zero_enforcement.explain': { change: true, roles: { county_supervisor: 'county', agency_clerk: 'own-agency' } },
  // Case-file review (案卷评查): supervisors define, draw, score, publish and refer; regional viewers read.
  'supervision.case_file_review.manage': { change: true, roles: { county_supervisor: 'county' } },
  'supervision.case_file_review.read': { roles: { county_supervisor: 'county', regional_viewer: 'region', service: 'any' } },
  // Random inspections (双随机、一公开): supervisors keep the target registry and run the plans; regional viewers read.
  'supervision.random_inspection.manage': { change: true, roles: { county_supervisor: 'county' } },
  'supervision.random_inspection.read': { roles: { county_supervisor: 'county', regional_viewer: 'region', service: 'any' } },
  // Normative documents (规范性文件) and competence disputes (执法争议协调): supervisors record, regional viewers read.
  'supervision.governance.manage': { change: true, roles: { county_supervisor: 'county' } },
  'supervision.governance.read': { roles: { county_supervisor: 'county', regional_viewer: 'region', service: 'any' } },
  // Yearly evaluation of agencies (评议考核): supervisors evaluate and publish, regional viewers read.
  'supervision.evaluation.manage': { change: true, roles: { county_supervisor: 'county' } },
  'supervision.evaluation.read': { roles: { county_supervisor: 'county', regional_viewer: 'region', service: 'any' } },
  // Rectification (整改: 监督通知书/意见书/决定书): supervisors issue, verify and close; the addressed agency's clerk replies.
  'supervision.rectification.manage': { change: true, roles: { county_supervisor: 'county' } },
  'supervision.rectification.reply': { change: true, roles: { agency_clerk: 'own-agency' } },
  'supervision.rectification.read': {
    roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region', service: 'any' },
  },
  'supervision.rectification.list': {
    roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region', service: 'any' },
  },
  // Statistics reports (统计报表): a county's and each agency's (its clerk reads its own); a city's roll-up for regional viewers.
  'supervision.statistics.county': { roles: { county_supervisor: 'county', regional_viewer: 'region', service: 'any' } },
  'supervision.statistics.agency': {
    roles: { county_supervisor: 'county', agency_clerk: 'own-agency', regional_viewer: 'region', service: 'any' },
  },
  'supervision.statistics.city': { roles: { regional_viewer: 'region', service: 'any' } },
  // Cross-region coordination (跨区域联合监督): a member county's supervisors act for it within its agreements (membership,
  // jurisdiction and shared scope are judged by the cross-region service against the agreement); task-force members read.
  'cross_region.agreement.manage': { change: true, roles: { county_supervisor: 'county' } },
  'cross_region.incident.manage': { change: true, roles: { county_supervisor: 'county' } },
  'cross_region.read': { roles: { county_supervisor: 'county', task_force_member: 'agreement' } },
  // A county's reads of another member's data shared under an agreement (linked acts, alerts); recorded for the owner.
  'cross_region.shared.read': { roles: { county_supervisor: 'county', task_force_member: 'agreement' } },
  // A city's or province's roll-up of agreements, incidents and open advice (target: the region's code padded to 6 digits).
  'cross_region.rollup': { roles: { regional_viewer: 'region', service: 'any' } },
  // Upward exchange: a county's supervisors say who may subscribe to what; regional viewers of the county's region and
  // the platforms (service) read the feed within that consent.
  'cross_region.exchange.consent': { change: true, roles: { county_supervisor: 'county' } },
  'cross_region.exchange.read': { roles: { regional_viewer: 'region', service: 'any' } },
  'directory.read': { roles: { county_supervisor: 'county', task_force_member: 'agreement', regional_viewer: 'region', service: 'any' } },
  'act.record': { change: true, roles: { agency_clerk: 'own-agency', county_supervisor: 'county' } },
  'act.read': { roles: { agency_clerk: 'own-agency', county_supervisor: 'county', regional_viewer: 'region', service: 'any' } },
  'act.search': { roles: { agency_clerk: 'county', county_supervisor: 'county', regional_viewer: 'region', service: 'any' } },
  // Bulk import of existing records (存量导入): a clerk's file may hold only their own agency's rows, and they read their own jobs.
  'import.run': { change: true, roles: { county_supervisor: 'county', agency_clerk: 'own-agency' } },
  'import.read': { roles: { county_supervisor: 'county', agency_clerk: 'own-agency' } },
  'audit.read': { roles: { county_supervisor: 'county' } },
  'projection.rebuild': { change: true, roles: { operator: 'any' } },
  'public.read': { public: true, roles: {} },
  // Decision disclosure (谁执法谁公示): the owning agency's reviewer checks (保密审查), refuses and withdraws its entries;
  // the county's supervisors read every entry of the county.
  'disclosure.review': { change: true, roles: { agency_clerk: 'own-agency' } },
  'disclosure.read': { roles: { agency_clerk: 'own-agency', county_supervisor: 'county', regional_viewer: 'region' } },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
