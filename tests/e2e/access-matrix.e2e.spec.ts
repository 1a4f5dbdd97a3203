import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metadata, credentials, type Client, type ClientReadableStream } from '@grpc/grpc-js';
import {
  actsV1,
  caseIntakeV1,
  officersV1,
  complaintsV1,
  crossRegionV1,
  coordinationV1,
  importsV1,
  publicDisclosureV1,
  supervisionV1,
  caseFileReviewV1,
  randomInspectionV1,
  governanceV1,
  rectificationV1,
  statisticsV1,
  operationsV1,
} from '@lesp/contracts';
import { ForbiddenError, type PlatformError, UnauthenticatedError, fromGrpcError } from '@lesp/core';
import { callUnary } from '@lesp/service-bootstrap';
import {
  devTokens,
  eventually,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceName,
  type ServiceProcess,
  REPO_ROOT,
  buildWebConsoleApp,
  startWebConsole,
  type WebConsoleProcess,
} from '@lesp/test-infra';
import type { DevTokenRequest } from '@lesp/auth';
import { MongoClient } from 'mongodb';

/**
 * Every role × every HTTP route and gRPC method × own county / other county, against the
 * four running services. The expectations are written out by hand below, not derived from
 * the policy code they test. Every denial must be in the service's audit log.
 */
const suffix = uniqueSuffix();
const SERVICES: ServiceName[] = ['case-intake', 'supervision', 'cross-region', 'public-disclosure'];
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `acl_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `acl-${suffix}`,
  KAFKA_PARTITIONS: '2',
});
const services = {} as Record<ServiceName, ServiceProcess>;

type RoleName = 'public' | 'clerk' | 'supervisor' | 'supervisor_expired_cert' | 'task_force' | 'regional_viewer' | 'operator';
/** Each role with the county that is its own and one that is not. */
const ROLES: Record<RoleName, { token?: DevTokenRequest; own: string; other: string }> = {
  public: { own: '431103', other: '433124' },
  clerk: { token: { subject: 'clerk', role: 'agency_clerk', countyCode: '431103', agencyId: 'm1' }, own: '431103', other: '433124' },
  supervisor: { token: { subject: 'sup', role: 'county_supervisor', countyCode: '431103' }, own: '431103', other: '433124' },
  supervisor_expired_cert: {
    token: {
      subject: 'sup-old',
      role: 'county_supervisor',
      countyCode: '431103',
      supervisionCertificate: { number: '过期证', validUntil: new Date('2025-12-31') },
    },
    own: '431103',
    other: '433124',
  },
  task_force: {
    token: { subject: 'tf', role: 'task_force_member', agreementCounties: ['433124', '522229', '500241'] },
    own: '433124',
    other: '431103',
  },
  regional_viewer: { token: { subject: 'viewer', role: 'regional_viewer', regionCode: '4311' }, own: '431103', other: '433124' },
  operator: { token: { subject: 'ops', role: 'operator' }, own: '431103', other: '433124' },
};
const ALL_ROLES = Object.keys(ROLES) as RoleName[];

/** Who may, for their own county; nobody may for another county unless listed in `otherToo`. */
interface Expectation {
  readonly own: readonly RoleName[];
  readonly otherToo?: readonly RoleName[];
}

interface HttpEndpoint extends Expectation {
  readonly service: ServiceName;
  readonly name: string;
  readonly request: (county: string, n: number) => { method: string; path: string; body?: unknown };
}

/** A valid officer registration (ID number with its GB 11643 check digit) in agency m1. */
const officerBody = (officerId: string) => ({
  officerId,
  agencyId: 'm1',
  name: '矩阵测试员',
  idNumber: '11010519491231002X',
  certificateNumber: `湘矩阵${officerId}`.slice(0, 32),
  certificateValidUntil: '2035-12-31T16:00:00Z',
  enforcementAreas: ['市场监管'],
});
const delegationBody = (delegationId: string) => ({
  delegationId,
  townshipName: '矩阵测试街道',
  entrustmentNumber: `委托〔2026〕${delegationId}`,
  itemCodes: ['p-1'],
  powers: '以委托机关名义实施检查',
  start: '2026-01-01T00:00:00Z',
  end: '2036-01-01T00:00:00Z',
});

/** Rectification: an id no rectification has (404 once allowed), and a notice resting on a supervisor's own finding. */
const NO_RECTIFICATION = 'no-such-rectification';
const NOTICE = (rectificationId: string) => ({
  rectificationId,
  documentKind: 'notice',
  documentNumber: `矩阵监通〔2026〕${rectificationId}`,
  supervisionForm: 'routine',
  agencyId: 'm1',
  grounds: [{ kind: 'finding', description: '矩阵测试发现的问题' }],
  findings: '矩阵测试发现的问题',
  requirements: '限期整改',
  deadlineWorkingDays: 5,
});
const ACCOUNTABILITY = {
  decidedBy: '区司法局',
  measure: '批评教育',
  persons: ['of-1'],
  basis: '矩阵测试依据',
  decidedAt: '2026-11-01T09:00:00+08:00',
};
const YEAR_REPORT = 'period=year&year=2026';

/** Cross-region: an id no agreement, meeting, incident or advice has, and a valid proposal between the caller's county and another. */
const NO_XR = 'no-such-xr';
const AGREEMENT_PROPOSAL = {
  name: '矩阵测试协议',
  members: ['431103', '433124', '500241'],
  fields: ['生态环境'],
  effectiveFrom: '2026-01-01T00:00:00+08:00',
};

const rebuildOf: Record<ServiceName, string> = {
  'case-intake': 'case-intake.agency-registry',
  supervision: 'supervision.supervised-agencies',
  'cross-region': 'cross-region.county-directory',
  'public-disclosure': 'public-disclosure.public-agencies',
};

/** An act of agency m1 with its officer of-1, and one of its evidence steps. */
const actOpening = (actId: string) => ({
  openedBy: 'filing',
  actId,
  agencyId: 'm1',
  category: 'penalty',
  caseNumber: `矩阵罚〔2026〕${actId}`,
  title: '矩阵测试案件',
  target: { kind: 'legal_person', name: '某公司', creditCode: '91350100M000100Y43', enterprise: true },
  officerIds: ['of-1'],
});
const evidenceStep = (evidenceId: string) => ({
  type: 'EvidenceCollected',
  evidenceId,
  kind: 'document',
  description: '询问笔录',
  officerIds: ['of-1'],
});

/** Supervision: an alert id no alert has, and valid bodies of its commands (agency m1 is the clerk's). */
const NO_ALERT = '00000000-0000-5000-8000-000000000000';
const RULE_PACK_SETTING = {
  packId: 'standard',
  enabled: true,
  effectiveFrom: '2027-01-01',
  parameters: [{ name: 'trainingHoursPerYear', value: 60 }],
};
const CALENDAR_2032 = { holidays: ['2032-10-01'], workdays: [], source: '矩阵测试通知' };
const INSPECTION_FILING = {
  agencyId: 'm1',
  enterpriseCreditCode: '91350100M000100Y43',
  enterpriseName: '某公司',
  plannedFrom: '2026-12-01T09:00:00+08:00',
  plannedTo: '2026-12-02T18:00:00+08:00',
};

/** Case-file review (案卷评查): valid criteria, and a review id no review has (404 once allowed). */
const REVIEW_CRITERIA = { agencyIds: ['m1'], categories: ['penalty'], size: { kind: 'total', count: 2 }, minEnterpriseShare: 0 };
const REVIEW_PERIOD = { from: '2026-01-01T00:00:00+08:00', to: '2026-01-31T23:59:59+08:00' };
const NO_REVIEW = 'no-review';
/** Random inspections: a valid plan of agency m1, and a plan id no plan has (404 once allowed). */
const INSPECTION_PLAN = {
  title: '矩阵抽查任务',
  year: 2026,
  leadAgencyId: 'm1',
  agencyIds: ['m1'],
  matters: ['矩阵抽查事项'],
  targetDraw: { kind: 'count', count: 1 },
  inspectorsPerTarget: 2,
  recusal: 'none',
};
const INSPECTION_PERIOD = { from: '2026-04-01T00:00:00+08:00', to: '2026-06-30T23:59:59+08:00' };
const NO_PLAN = 'no-plan';
/** Normative documents and competence disputes: valid bodies, and ids nothing has (404 once allowed). */
const NORMATIVE_DOCUMENT = {
  issuer: '区人民政府办公室',
  documentNumber: '矩阵政办发〔2026〕1号',
  title: '矩阵测试规范性文件',
  issuedAt: '2026-03-01T00:00:00+08:00',
  effectiveFrom: '2026-04-01T00:00:00+08:00',
  validUntil: '2028-03-31T00:00:00+08:00',
};
const DISPUTE = { kind: 'declined', agencyIds: ['m1', 'm2'], matter: '矩阵争议事项', description: '均认为不属本部门职责' };
const NO_DOCUMENT = 'no-document';
const NO_DISPUTE = 'no-dispute';
/** Community corrections: a valid person (by id only) and an id no person has. */
const PERSON = {
  category: 'probation',
  officeId: 'sfs-1',
  dutyCrime: false,
  startsAt: '2026-01-01T00:00:00+08:00',
  endsAt: '2027-12-31T00:00:00+08:00',
};
const NO_PERSON = 'no-person';
/** Yearly evaluation: an agency supervision does not know and an evaluation id nothing has (404 once allowed). */
const NO_EVALUATION = 'no-evaluation';
const EVALUATION_SCORES = [{ supervisorId: 's-1', indicatorCode: 'assessment', centipoints: 9000 }];

const HTTP_ENDPOINTS: HttpEndpoint[] = [
  // Enforcement acts: act-1 of agency m1 (the clerk's), opened in setup in both counties.
  {
    service: 'case-intake',
    name: 'POST acts (open)',
    own: ['clerk', 'supervisor'],
    request: (c, n) => ({ method: 'POST', path: `/api/v1/counties/${c}/acts`, body: actOpening(`act-new-${n}`) }),
  },
  {
    service: 'case-intake',
    name: 'POST acts/:id/steps',
    own: ['clerk', 'supervisor'],
    request: (c, n) => ({ method: 'POST', path: `/api/v1/counties/${c}/acts/act-1/steps`, body: evidenceStep(`ev-http-${n}`) }),
  },
  {
    service: 'case-intake',
    name: 'GET acts/:id',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/acts/act-1` }),
  },
  {
    service: 'case-intake',
    name: 'GET acts/:id/timeline',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/acts/act-1/timeline` }),
  },
  {
    service: 'case-intake',
    name: 'GET acts (search)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/acts?category=penalty` }),
  },
  {
    service: 'case-intake',
    name: 'POST agencies (register)',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/agencies`,
      body: { agencyId: `new-${n}`, name: `测试局${n}`, creditCode: '11431103MB1A23456Q', kind: '行政机关' },
    }),
  },
  {
    service: 'case-intake',
    name: 'PUT agency (update)',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'PUT',
      path: `/api/v1/counties/${c}/agencies/m2`,
      body: { name: `测试局更名${n}`, creditCode: '11431103MB1A23456Q', kind: '行政机关' },
    }),
  },
  {
    service: 'case-intake',
    name: 'POST suspension',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/agencies/m2/suspension`, body: { reason: '核查' } }),
  },
  {
    service: 'case-intake',
    name: 'POST reinstatement',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/agencies/m2/reinstatement` }),
  },
  {
    service: 'case-intake',
    name: 'GET agency (own agency m1)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/agencies/m1` }),
  },
  {
    service: 'case-intake',
    name: 'GET agencies (list)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/agencies` }),
  },
  // Complaints: c-read is assigned to m1 (the clerk's agency), c-change is what the supervisors dispatch.
  {
    service: 'case-intake',
    name: 'POST complaints (receive)',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/complaints`,
      body: { complaintId: `cm-${n}`, source: 'portal', summary: '矩阵测试投诉' },
    }),
  },
  {
    service: 'case-intake',
    name: 'POST complaint assignment',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/complaints/c-change/assignment`, body: { agencyId: 'm1' } }),
  },
  {
    service: 'case-intake',
    name: 'POST complaint handlings (agency m1)',
    own: ['clerk', 'supervisor'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/complaints/c-read/handlings`,
      body: { agencyId: 'm1', notes: '核查中', officerIds: ['o-1'] },
    }),
  },
  {
    service: 'case-intake',
    name: 'POST complaint answer (agency m1)',
    own: ['clerk', 'supervisor'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/complaints/c-read/answer`,
      body: { agencyId: 'm1', answer: '已答复' },
    }),
  },
  {
    service: 'case-intake',
    name: 'POST complaint closure',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/complaints/c-change/closure` }),
  },
  {
    service: 'case-intake',
    name: 'POST complaint rejection',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/complaints/c-change/rejection`, body: { reason: '不属于受理范围' } }),
  },
  {
    service: 'case-intake',
    name: 'GET complaint (assigned to m1)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/complaints/c-read` }),
  },
  {
    service: 'case-intake',
    name: 'GET complaints?agencyId=m1',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/complaints?agencyId=m1` }),
  },
  {
    service: 'case-intake',
    name: 'GET complaints (whole county)',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/complaints` }),
  },
  {
    service: 'case-intake',
    name: 'GET public complaint status',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    request: () => ({ method: 'GET', path: '/api/v1/public/complaints/0000-0000-0000' }),
  },
  {
    service: 'supervision',
    name: 'GET supervised-agencies',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/supervised-agencies` }),
  },
  // Supervision's rule engine: alerts (an alert id no alert has: 404 once allowed), rule packs, the national calendar, registries.
  {
    service: 'supervision',
    name: 'GET alerts',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/alerts?level=red` }),
  },
  {
    service: 'supervision',
    name: 'GET alert',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/alerts/${NO_ALERT}` }),
  },
  {
    service: 'supervision',
    name: 'POST alert acknowledgement',
    own: ['clerk', 'supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/alerts/${NO_ALERT}/acknowledgement`, body: { note: '已签收' } }),
  },
  {
    service: 'supervision',
    name: 'POST alert dismissal',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/alerts/${NO_ALERT}/dismissal`, body: { reason: '误报' } }),
  },
  {
    service: 'supervision',
    name: 'GET rules (catalogue, no county)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    otherToo: ['clerk', 'supervisor', 'regional_viewer'],
    request: () => ({ method: 'GET', path: '/api/v1/supervision/rules' }),
  },
  {
    service: 'supervision',
    name: 'GET rule-settings',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/rule-settings` }),
  },
  {
    service: 'supervision',
    name: 'POST rule-settings',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/rule-settings`, body: RULE_PACK_SETTING }),
  },
  {
    service: 'supervision',
    name: 'GET working-calendar (national)',
    own: ['clerk', 'supervisor', 'task_force', 'regional_viewer', 'operator'],
    otherToo: ['clerk', 'supervisor', 'task_force', 'regional_viewer', 'operator'],
    request: () => ({ method: 'GET', path: '/api/v1/working-calendar/2026' }),
  },
  {
    service: 'supervision',
    name: 'POST working-calendar (national)',
    own: ['operator'],
    otherToo: ['operator'],
    request: () => ({ method: 'POST', path: '/api/v1/working-calendar/2032', body: CALENDAR_2032 }),
  },
  {
    service: 'supervision',
    name: 'POST inspection-filings (agency m1)',
    own: ['clerk', 'supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/inspection-filings`, body: INSPECTION_FILING }),
  },
  {
    service: 'supervision',
    name: 'POST enterprise quiet-days',
    own: ['supervisor'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/enterprises/91350100M000100Y43/quiet-days`,
      body: { enterpriseName: '某公司', daysOfMonth: [1, 2, 3] },
    }),
  },
  {
    service: 'supervision',
    name: 'POST zero-enforcement-explanations (agency m1)',
    own: ['clerk', 'supervisor'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/zero-enforcement-explanations`,
      body: { agencyId: 'm1', period: '2026-Q3', explanation: '本季度无执法事项' },
    }),
  },
  // Case-file review: supervisors manage, regional viewers read.
  {
    service: 'supervision',
    name: 'POST case-file-review-definitions',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/case-file-review-definitions`,
      body: {
        definitionId: `def-${n}`,
        title: '矩阵评查方案',
        supervisionForm: 'routine',
        recurrence: { kind: 'every', months: 1, firstMonth: '2030-01' },
        criteria: REVIEW_CRITERIA,
      },
    }),
  },
  {
    service: 'supervision',
    name: 'GET case-file-review-definitions',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/case-file-review-definitions` }),
  },
  {
    service: 'supervision',
    name: 'POST case-file-review-definition retirement',
    own: ['supervisor'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/case-file-review-definitions/no-def/retirement`,
      body: { reason: '停止' },
    }),
  },
  {
    service: 'supervision',
    name: 'POST case-file-reviews (open)',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/case-file-reviews`,
      body: {
        reviewId: `cfr-${n}`,
        title: '矩阵评查',
        supervisionForm: 'routine',
        criteria: { ...REVIEW_CRITERIA, period: REVIEW_PERIOD },
      },
    }),
  },
  {
    service: 'supervision',
    name: 'GET case-file-reviews',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/case-file-reviews` }),
  },
  {
    service: 'supervision',
    name: 'GET case-file-review',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/case-file-reviews/${NO_REVIEW}` }),
  },
  ...(
    [
      ['sample-draws', { seed: 1 }],
      ['files/f-1/score', { assessments: [{ itemCode: 'documents', points: 15 }] }],
      ['summary', { conclusion: '通报' }],
      ['rectification-referrals', { agencyId: 'm1' }],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'supervision',
    name: `POST case-file-review ${action}`,
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/case-file-reviews/${NO_REVIEW}/${action}`, body }),
  })),
  // Random inspections: supervisors manage, regional viewers read.
  {
    service: 'supervision',
    name: 'POST inspection-targets',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/inspection-targets`,
      body: { targetId: `t-${n}`, name: '某公司', kind: 'enterprise', creditCode: '91350100M000100Y43' },
    }),
  },
  {
    service: 'supervision',
    name: 'GET inspection-targets',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/inspection-targets` }),
  },
  {
    service: 'supervision',
    name: 'POST random-inspections (plan)',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/random-inspections`,
      body: { ...INSPECTION_PLAN, planId: `ri-${n}`, period: INSPECTION_PERIOD },
    }),
  },
  {
    service: 'supervision',
    name: 'GET random-inspections',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/random-inspections?year=2026` }),
  },
  {
    service: 'supervision',
    name: 'GET random-inspection',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/random-inspections/${NO_PLAN}` }),
  },
  {
    service: 'supervision',
    name: 'GET random-inspection-figures',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/random-inspection-figures?year=2026` }),
  },
  ...(
    [
      ['publication', undefined],
      ['target-draws', { seed: 1 }],
      ['inspector-draws', { seed: 1 }],
      [
        'results',
        {
          targetId: 't-1',
          inspectorIds: ['of-1', 'of-2'],
          outcome: 'no_problem',
          findings: '未发现问题',
          inspectedAt: '2026-05-01T10:00:00+08:00',
        },
      ],
      ['results-publication', {}],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'supervision',
    name: `POST random-inspection ${action}`,
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/random-inspections/${NO_PLAN}/${action}`, ...(body ? { body } : {}) }),
  })),
  // Normative documents and competence disputes: supervisors record, regional viewers read.
  {
    service: 'supervision',
    name: 'POST normative-documents',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/normative-documents`,
      body: { ...NORMATIVE_DOCUMENT, documentId: `nd-${n}` },
    }),
  },
  {
    service: 'supervision',
    name: 'GET normative-documents',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/normative-documents` }),
  },
  {
    service: 'supervision',
    name: 'GET normative-document',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/normative-documents/${NO_DOCUMENT}` }),
  },
  ...(
    [
      ['filings', { filedWith: 'government', recipient: '区人民政府', filingNumber: '备-1', filedAt: '2026-05-01T10:00:00+08:00' }],
      ['reviews', { reviewedBy: 'government', outcome: 'passed' }],
      ['corrections', { summary: '已纠正' }],
      ['clean-ups', { cleanUp: '2026 年度清理', outcome: 'kept', reason: '仍适用' }],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'supervision',
    name: `POST normative-document ${action}`,
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/normative-documents/${NO_DOCUMENT}/${action}`, body }),
  })),
  {
    service: 'supervision',
    name: 'POST competence-disputes',
    own: ['supervisor'],
    request: (c, n) => ({ method: 'POST', path: `/api/v1/counties/${c}/competence-disputes`, body: { ...DISPUTE, disputeId: `dp-${n}` } }),
  },
  {
    service: 'supervision',
    name: 'GET competence-disputes',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/competence-disputes` }),
  },
  {
    service: 'supervision',
    name: 'GET competence-dispute',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/competence-disputes/${NO_DISPUTE}` }),
  },
  ...(
    [
      ['referral', { superior: '区人民政府', reason: '分歧较大' }],
      ['decision', { competentAgencyId: 'm1', reasoning: '属其职责', legalBasis: '三定方案' }],
      ['follow-ups', { note: '已督办' }],
      ['implementation', { agencyId: 'm1', summary: '已落实' }],
      ['withdrawal', { reason: '已自行协商' }],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'supervision',
    name: `POST competence-dispute ${action}`,
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/competence-disputes/${NO_DISPUTE}/${action}`, body }),
  })),
  {
    service: 'supervision',
    name: 'POST persons-under-correction',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/persons-under-correction`,
      body: { ...PERSON, personId: `p-${n}` },
    }),
  },
  {
    service: 'supervision',
    name: 'GET persons-under-correction',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/persons-under-correction` }),
  },
  {
    service: 'supervision',
    name: 'GET person-under-correction',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/persons-under-correction/${NO_PERSON}` }),
  },
  ...(
    [
      ['hours', { kind: 'education', month: '2026-05', hours: 4, occurredAt: '2026-05-10T10:00:00+08:00' }],
      ['absconding', { lostContactAt: '2026-05-10T10:00:00+08:00', measures: '电话联系' }],
      ['return', { returnedAt: '2026-05-11T10:00:00+08:00' }],
      ['end', { reason: 'revoked', endedAt: '2026-05-12T10:00:00+08:00' }],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'supervision',
    name: `POST person-under-correction ${action}`,
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/persons-under-correction/${NO_PERSON}/${action}`, body }),
  })),
  // Yearly evaluation of agencies (评议考核): supervisors evaluate, revise and publish; regional viewers read.
  {
    service: 'supervision',
    name: 'POST agency-evaluations',
    own: ['supervisor'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/agency-evaluations`,
      body: { agencyId: 'no-evaluated-agency', year: 2026, supervisorScores: EVALUATION_SCORES },
    }),
  },
  {
    service: 'supervision',
    name: 'POST correction-findings',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/correction-findings`,
      body: {
        findingId: `cf-${n}`,
        category: 'court_documents_not_served',
        description: '未依法送达',
        foundAt: '2026-05-10T10:00:00+08:00',
      },
    }),
  },
  {
    service: 'supervision',
    name: 'GET correction-findings',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/correction-findings` }),
  },
  {
    service: 'supervision',
    name: 'GET community-corrections-report',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/community-corrections-report?period=month&year=2026&month=5` }),
  },
  {
    service: 'supervision',
    name: 'GET agency-evaluations',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/agency-evaluations?year=2026` }),
  },
  {
    service: 'supervision',
    name: 'GET agency-evaluation',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/agency-evaluations/${NO_EVALUATION}` }),
  },
  ...(
    [
      ['revision', { supervisorScores: EVALUATION_SCORES, reason: '补充评分' }],
      ['publication', undefined],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'supervision',
    name: `POST agency-evaluation ${action}`,
    own: ['supervisor'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/agency-evaluations/${NO_EVALUATION}/${action}`,
      ...(body ? { body } : {}),
    }),
  })),
  // Rectification: supervisors issue, verify and close; the clerk of the addressed agency (m1) replies.
  {
    service: 'supervision',
    name: 'POST rectifications (issue)',
    own: ['supervisor'],
    request: (c, n) => ({ method: 'POST', path: `/api/v1/counties/${c}/rectifications`, body: NOTICE(`rf-http-${n}`) }),
  },
  {
    service: 'supervision',
    name: 'GET rectifications',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/rectifications?overdue=true` }),
  },
  {
    service: 'supervision',
    name: 'GET rectification',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/rectifications/${NO_RECTIFICATION}` }),
  },
  {
    service: 'supervision',
    name: 'POST rectification reply (agency m1)',
    own: ['clerk'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/rectifications/${NO_RECTIFICATION}/reply`,
      body: { agencyId: 'm1', measures: ['已整改'] },
    }),
  },
  ...(
    [
      ['acceptance', { opinion: '整改到位' }],
      ['return', { reason: '整改不到位', newDeadlineWorkingDays: 5 }],
      ['closure', { outcome: 'rectified', publicSummary: '已整改' }],
      ['accountability', ACCOUNTABILITY],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'supervision',
    name: `POST rectification ${action}`,
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/rectifications/${NO_RECTIFICATION}/${action}`, body }),
  })),
  // Statistics reports: a county's, an agency's (its clerk too), a city's roll-up (regional viewers).
  {
    service: 'supervision',
    name: 'GET statistics (county)',
    own: ['supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/statistics?${YEAR_REPORT}` }),
  },
  {
    service: 'supervision',
    name: 'GET statistics (agency m1)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/agencies/m1/statistics?${YEAR_REPORT}` }),
  },
  {
    service: 'supervision',
    name: 'GET statistics (city roll-up)',
    own: ['regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/regions/${c.slice(0, 4)}/statistics?${YEAR_REPORT}&counties=${c}` }),
  },
  {
    service: 'cross-region',
    name: 'GET county-directory',
    own: ['supervisor', 'task_force', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/county-directory?countyCodes=${c}` }),
  },
  {
    service: 'cross-region',
    name: 'POST exchange-consent',
    own: ['supervisor'],
    request: (c) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/exchange-consent`,
      body: { recipients: [c.slice(0, 4)], dataKinds: ['incidents'] },
    }),
  },
  {
    service: 'cross-region',
    name: 'GET exchange-feed (upward exchange)',
    own: ['regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/regions/${c.slice(0, 4)}/exchange-feed/${c}?limit=10` }),
  },
  {
    service: 'cross-region',
    name: 'GET cross-region-summary (city roll-up)',
    own: ['regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/regions/${c.slice(0, 4)}/cross-region-summary?counties=${c}` }),
  },
  // Cross-region coordination: the caller's county acts and reads within its agreements (ids nothing has answer 404 once
  // allowed); supervisors change, supervisors and task-force members read, shared reads included.
  ...(
    [
      ['POST agreements (propose)', 'manage', 'POST', '/agreements', AGREEMENT_PROPOSAL],
      ['GET agreements', 'read', 'GET', '/agreements'],
      ['GET agreement', 'read', 'GET', `/agreements/${NO_XR}`],
      ['POST agreement signature', 'manage', 'POST', `/agreements/${NO_XR}/signature`, {}],
      [
        'POST agreement members',
        'manage',
        'POST',
        `/agreements/${NO_XR}/members`,
        { newMember: '522229', dataKinds: ['enforcement_acts'] },
      ],
      ['POST agreement withdrawal', 'manage', 'POST', `/agreements/${NO_XR}/withdrawal`, { reason: '矩阵测试' }],
      [
        'POST agreement amendments',
        'manage',
        'POST',
        `/agreements/${NO_XR}/amendments`,
        { summary: '矩阵测试', name: '矩阵协议', fields: ['生态环境'], leadOrder: ['433124', '500241'], hostOrder: ['433124', '500241'] },
      ],
      ['POST agreement termination', 'manage', 'POST', `/agreements/${NO_XR}/termination`, { reason: '矩阵测试' }],
      ['GET agreement lead-and-host', 'read', 'GET', `/agreements/${NO_XR}/lead-and-host?on=2027-01-01T00:00:00Z`],
      ['GET agreement meeting-years', 'read', 'GET', `/agreements/${NO_XR}/meeting-years`],
      [
        'POST joint-meetings (schedule)',
        'manage',
        'POST',
        `/agreements/${NO_XR}/joint-meetings`,
        { scheduledFor: '2026-12-01T09:00:00+08:00', agenda: ['矩阵'] },
      ],
      ['GET joint-meeting', 'read', 'GET', `/joint-meetings/${NO_XR}`],
      [
        'POST joint-meeting holding',
        'manage',
        'POST',
        `/joint-meetings/${NO_XR}/holding`,
        { heldAt: '2026-01-01T09:00:00+08:00', attendees: [{ countyCode: '433124', names: ['矩阵'] }], minutes: '纪要' },
      ],
      ['POST joint-meeting decisions', 'manage', 'POST', `/joint-meetings/${NO_XR}/decisions`, { decision: '矩阵决定' }],
      [
        'POST joint-meeting task completion',
        'manage',
        'POST',
        `/joint-meetings/${NO_XR}/decisions/${NO_XR}/completion`,
        { report: '完成' },
      ],
      [
        'POST cross-border-incidents (report)',
        'incident',
        'POST',
        `/agreements/${NO_XR}/cross-border-incidents`,
        { locationCounty: '500241', title: '矩阵事件', description: '矩阵', occurredAt: '2026-05-03T08:00:00+08:00' },
      ],
      ['GET cross-border-incidents', 'read', 'GET', '/cross-border-incidents'],
      ['GET cross-border-incident', 'read', 'GET', `/cross-border-incidents/${NO_XR}`],
      [
        'POST incident jurisdiction',
        'incident',
        'POST',
        `/cross-border-incidents/${NO_XR}/jurisdiction`,
        { handlingCounty: '500241', supervisingCounties: ['433124'], basis: 'consent', consentingCounties: ['433124', '500241'] },
      ],
      ['POST incident linked-acts', 'incident', 'POST', `/cross-border-incidents/${NO_XR}/linked-acts`, { actId: 'act-1' }],
      ['GET incident linked-acts (shared)', 'shared', 'GET', `/cross-border-incidents/${NO_XR}/linked-acts`],
      ['GET incident linked act (shared)', 'shared', 'GET', `/cross-border-incidents/${NO_XR}/linked-acts/act-1`],
      ['POST incident opinions', 'incident', 'POST', `/cross-border-incidents/${NO_XR}/opinions`, { opinion: '矩阵意见' }],
      ['POST incident closure-consents', 'incident', 'POST', `/cross-border-incidents/${NO_XR}/closure-consents`, {}],
      [
        'POST administrative-advice (send)',
        'incident',
        'POST',
        `/agreements/${NO_XR}/administrative-advice`,
        { toCounty: '500241', subject: '矩阵建议', content: '矩阵', dueAt: '2027-01-01T00:00:00+08:00' },
      ],
      ['GET administrative-advice', 'read', 'GET', '/administrative-advice'],
      ['GET administrative-advice item', 'read', 'GET', `/administrative-advice/${NO_XR}`],
      ['POST administrative-advice answer', 'incident', 'POST', `/administrative-advice/${NO_XR}/answer`, { answer: '矩阵答复' }],
      [
        'POST consultations (request)',
        'incident',
        'POST',
        `/agreements/${NO_XR}/consultations`,
        { kind: 'consultation', subject: '矩阵协商', parties: ['433124', '500241'], scheduledFor: '2026-12-01T09:00:00+08:00' },
      ],
      ['GET consultations', 'read', 'GET', '/consultations'],
      ['GET consultation', 'read', 'GET', `/consultations/${NO_XR}`],
      [
        'POST consultation outcome',
        'incident',
        'POST',
        `/consultations/${NO_XR}/outcome`,
        { heldAt: '2026-01-01T09:00:00+08:00', outcome: 'agreed', summary: '矩阵' },
      ],
    ] as const
  ).map(([name, kind, method, path, body]: readonly [string, string, string, string, unknown?]): HttpEndpoint => ({
    service: 'cross-region',
    name,
    own: kind === 'read' || kind === 'shared' ? ['supervisor', 'task_force'] : ['supervisor'],
    request: (c) => ({ method, path: `/api/v1/counties/${c}${path}`, ...(body === undefined ? {} : { body }) }),
  })),
  {
    service: 'public-disclosure',
    name: 'GET public agencies',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    request: (c) => ({ method: 'GET', path: `/api/v1/public/counties/${c}/agencies` }),
  },
  // Public disclosure: decisions, an agency's seven items, officers (public); the owning agency's reviewer (an act no entry has: 404 once allowed).
  ...(
    [
      [
        'GET public decisions',
        (c: string) => `/api/v1/public/counties/${c}/decisions?keyword=${encodeURIComponent('罚款')}&category=penalty`,
      ],
      ['GET public decision', (c: string) => `/api/v1/public/counties/${c}/decisions/no-such-act`],
      ['GET public agency seven items', (c: string) => `/api/v1/public/counties/${c}/agencies/m1/disclosure`],
      ['GET public officers', (c: string) => `/api/v1/public/counties/${c}/officers?agencyId=m1`],
      ['GET public random inspections', (c: string) => `/api/v1/public/counties/${c}/random-inspections?year=2026`],
      ['GET public random inspection', (c: string) => `/api/v1/public/counties/${c}/random-inspections/no-such-plan`],
      ['GET public rectifications', (c: string) => `/api/v1/public/counties/${c}/rectifications?agencyId=m1`],
      ['GET public evaluations', (c: string) => `/api/v1/public/counties/${c}/evaluations?year=2025`],
      ['GET public case-file reviews', (c: string) => `/api/v1/public/counties/${c}/case-file-reviews`],
      ['GET public case-file review', (c: string) => `/api/v1/public/counties/${c}/case-file-reviews/no-such-review`],
      ['GET portal random inspections', (c: string) => `/portal/counties/${c}/random-inspections?year=`],
      ['GET portal random inspection', (c: string) => `/portal/counties/${c}/random-inspections/no-such-plan`],
      ['GET portal rectifications', (c: string) => `/portal/counties/${c}/rectifications?agencyId=m1`],
      ['GET portal evaluations', (c: string) => `/portal/counties/${c}/evaluations?year=2025`],
      ['GET portal case-file reviews', (c: string) => `/portal/counties/${c}/case-file-reviews`],
      ['GET portal case-file review', (c: string) => `/portal/counties/${c}/case-file-reviews/no-such-review`],
      ['GET portal home', (c: string) => `/portal/counties/${c}`],
      ['GET portal complaint form', (c: string) => `/portal/counties/${c}/complaints/new`],
      ['GET portal complaint status', () => '/portal/complaints/0000-0000-0000'],
      ['GET public inspection trace', () => '/api/v1/public/inspection-traces/AAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['GET portal inspection trace', () => '/portal/trace/AAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['GET public annual statistics', (c: string) => `/api/v1/public/counties/${c}/statistics?year=2025`],
      ['GET portal annual statistics', (c: string) => `/portal/counties/${c}/statistics?year=2025`],
      [
        'GET portal decisions',
        (c: string) => `/portal/counties/${c}/decisions?keyword=${encodeURIComponent('罚款')}&category=&agencyId=&from=&to=`,
      ],
      ['GET portal decision', (c: string) => `/portal/counties/${c}/decisions/no-such-act`],
      ['GET portal agency', (c: string) => `/portal/counties/${c}/agencies/m1`],
      ['GET public daily digests', (c: string) => `/api/v1/public/counties/${c}/daily-digests?service=case-intake&from=2026-11-01`],
      ['GET portal daily digests', (c: string) => `/portal/counties/${c}/daily-digests?from=&to=&service=supervision`],
    ] as const
  ).map(([name, path]): HttpEndpoint => ({
    service: 'public-disclosure',
    name,
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    request: (c) => ({ method: 'GET', path: path(c) }),
  })),
  // Complaints from the portal: anyone may file (an empty summary is refused after the access check, before case intake is asked).
  ...(['/api/v1/public/counties/:c/complaints', '/portal/counties/:c/complaints'] as const).map((path): HttpEndpoint => ({
    service: 'public-disclosure',
    name: `POST ${path}`,
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    request: (c) => ({ method: 'POST', path: path.replace(':c', c), body: { subject: '矩阵测试', summary: ' ' } }),
  })),
  // Inspection traces (扫码留痕): anyone with the code confirms (a code no trace has: 404); the agency reads its own codes.
  ...(
    ['/api/v1/public/inspection-traces/AAAAAAAAAAAAAAAAAAAAAAAAAA/confirmation', '/portal/trace/AAAAAAAAAAAAAAAAAAAAAAAAAA'] as const
  ).map((path): HttpEndpoint => ({
    service: 'public-disclosure',
    name: `POST ${path}`,
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    request: () => ({ method: 'POST', path, body: { rating: 3 } }),
  })),
  {
    service: 'public-disclosure',
    name: 'GET inspection trace code (agency m1)',
    own: ['clerk'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/inspection-traces/no-such-act?agencyId=m1` }),
  },
  {
    service: 'public-disclosure',
    name: 'GET disclosures?agencyId=m1',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/disclosures?agencyId=m1` }),
  },
  {
    service: 'public-disclosure',
    name: 'GET disclosures (a clerk: own agency)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/disclosures` }),
  },
  ...(
    [
      ['approval', { agencyId: 'm1' }],
      ['refusal', { agencyId: 'm1', reason: '涉及国家秘密' }],
      ['withdrawal', { agencyId: 'm1', reason: '来源数据有误' }],
      ['typical-case', { agencyId: 'm1', note: '典型案例说明' }],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'public-disclosure',
    name: `POST disclosure ${action}`,
    own: ['clerk'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/disclosures/no-such-act/${action}`, body }),
  })),
  // Officers: of-1 belongs to m1 (the clerk's agency); of-2 walks the certificate lifecycle.
  {
    service: 'case-intake',
    name: 'POST officers (register)',
    own: ['supervisor'],
    request: (c, n) => ({ method: 'POST', path: `/api/v1/counties/${c}/officers`, body: officerBody(`of-new-${n}`) }),
  },
  {
    service: 'case-intake',
    name: 'GET officers (list)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/officers?agencyId=m1` }),
  },
  {
    service: 'case-intake',
    name: 'GET officer (of agency m1)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/officers/of-1` }),
  },
  ...(
    [
      ['certificate/suspension', { reason: '核查' }],
      ['certificate/reinstatement', undefined],
      ['certificate/loss-report', undefined],
      ['certificate/reissue', { certificateNumber: '湘矩阵补发001' }],
      ['transfer', { toAgencyId: 'm2' }],
      ['exam-results', { year: 2026, score: 90, passed: true }],
      ['training-records', { year: 2026, hours: 8, course: '行政执法培训' }],
      ['certificate/revocation', { reason: '调离' }],
    ] as const
  ).map(([action, body]): HttpEndpoint => ({
    service: 'case-intake',
    name: `POST officer ${action}`,
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/officers/of-2/${action}`, body }),
  })),
  // Power list and delegations: changed on m2 (set up with item p-1, item p-ret and delegation d-1), read on m1.
  {
    service: 'case-intake',
    name: 'POST power-items',
    own: ['supervisor'],
    request: (c, n) => ({
      method: 'POST',
      path: `/api/v1/counties/${c}/agencies/m2/power-items`,
      body: { itemCode: `pi-${n}`, name: '矩阵测试事项', category: 'inspection', legalBasis: '《矩阵测试条例》' },
    }),
  },
  {
    service: 'case-intake',
    name: 'POST power-item retirement',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/agencies/m2/power-items/p-ret/retirement`, body: { reason: '取消' } }),
  },
  {
    service: 'case-intake',
    name: 'POST delegations',
    own: ['supervisor'],
    request: (c, n) => ({ method: 'POST', path: `/api/v1/counties/${c}/agencies/m2/delegations`, body: delegationBody(`d-new-${n}`) }),
  },
  {
    service: 'case-intake',
    name: 'POST delegation ending',
    own: ['supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/agencies/m2/delegations/d-1/ending`, body: { reason: '提前终止' } }),
  },
  {
    service: 'case-intake',
    name: 'GET power-items (own agency m1)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/agencies/m1/power-items` }),
  },
  {
    service: 'case-intake',
    name: 'GET delegations (own agency m1)',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/agencies/m1/delegations` }),
  },
  // Bulk import: a header-only CSV (a job with no rows), an unknown job (404 when allowed), the templates (no county).
  {
    service: 'case-intake',
    name: 'POST imports/acts (CSV)',
    own: ['clerk', 'supervisor'],
    request: (c) => ({ method: 'POST', path: `/api/v1/counties/${c}/imports/acts`, body: IMPORT_CSV }),
  },
  {
    service: 'case-intake',
    name: 'GET import job',
    own: ['clerk', 'supervisor'],
    request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/imports/00000000-0000-7000-8000-000000000000` }),
  },
  ...(['csv', 'xlsx'] as const).map((format): HttpEndpoint => ({
    service: 'case-intake',
    name: `GET import template acts.${format}`,
    own: ['clerk', 'supervisor'],
    otherToo: ['clerk', 'supervisor'],
    request: () => ({ method: 'GET', path: `/api/v1/import-templates/acts.${format}` }),
  })),
  ...SERVICES.flatMap((service): HttpEndpoint[] => [
    { service, name: 'GET audit-log', own: ['supervisor'], request: (c) => ({ method: 'GET', path: `/api/v1/counties/${c}/audit-log` }) },
    {
      service,
      name: 'POST rebuild',
      // Operators' actions touch no county's data: "own" and "other" are the same to them.
      own: ['operator'],
      otherToo: ['operator'],
      request: () => ({ method: 'POST', path: `/api/v1/admin/projections/${rebuildOf[service]}/rebuild` }),
    },
    {
      service,
      // Prometheus scrapes without a user's token, like the probes read /healthz and /readyz: open to
      // every caller, public included, in every county. It shows operational figures only (labels are
      // route templates, methods, stable error codes, topics, projection and rule ids, never a county
      // or a person); deployments keep it off the public ingress (service-bootstrap's http-app.ts).
      name: 'GET metrics',
      own: ALL_ROLES,
      otherToo: ALL_ROLES,
      request: () => ({ method: 'GET', path: '/metrics' }),
    },
  ]),
];

interface GrpcEndpoint extends Expectation {
  readonly service: ServiceName;
  readonly name: string;
  readonly call: (county: string, n: number, token: string | undefined) => Promise<unknown>;
  /** The county its audit entries name when the call names none (operations: "000000"). */
  readonly auditCounty?: string;
}

/** An import file with the template's header and no rows (text: sent as text/csv). */
const IMPORT_CSV = '案件编号,执法主体编码,执法类别,案件名称,相对人类型,相对人名称,执法人员,立案或申请日期\r\n';

/** StartActImport is client-streaming: `start`, one chunk, end. */
function startActImport(county: string, token: string | undefined): Promise<importsV1.ImportJob> {
  const metadata = new Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve, reject) => {
    const call = clients.imports.startActImport(metadata, { deadline: Date.now() + 5000 }, (error, response) =>
      error ? reject(fromGrpcError(error)) : resolve(response),
    );
    call.write({ start: { countyCode: county, format: 'csv', fileName: 'matrix.csv' } });
    call.write({ chunk: Buffer.from(IMPORT_CSV) });
    call.end();
  });
}

const clients = {} as {
  acts: actsV1.ActServiceClient;
  imports: importsV1.ImportServiceClient;
  caseIntake: caseIntakeV1.CaseIntakeServiceClient;
  officers: officersV1.OfficerServiceClient;
  complaints: complaintsV1.ComplaintServiceClient;
  supervision: supervisionV1.SupervisionServiceClient;
  caseFileReview: caseFileReviewV1.CaseFileReviewServiceClient;
  randomInspection: randomInspectionV1.RandomInspectionServiceClient;
  governance: governanceV1.GovernanceServiceClient;
  rectification: rectificationV1.RectificationServiceClient;
  statistics: statisticsV1.StatisticsServiceClient;
  crossRegion: crossRegionV1.CrossRegionServiceClient;
  coordination: coordinationV1.CoordinationServiceClient;
  publicDisclosure: publicDisclosureV1.PublicDisclosureServiceClient;
  disclosureReview: publicDisclosureV1.DisclosureReviewServiceClient;
  publicParticipation: publicDisclosureV1.PublicParticipationServiceClient;
  operations: Record<ServiceName, operationsV1.OperationsServiceClient>;
};

/** A server-streaming call read to its end: its messages, or the error it ended with. */
function readStream<T>(open: (metadata: Metadata) => ClientReadableStream<T>, token: string | undefined): Promise<T[]> {
  const metadata = new Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return new Promise<T[]>((resolve, reject) => {
    const messages: T[] = [];
    const stream = open(metadata);
    stream.on('data', (message: T) => messages.push(message));
    stream.on('error', (error) => reject(fromGrpcError(error)));
    stream.on('end', () => resolve(messages));
  });
}
const options = (token: string | undefined) => ({ deadlineMs: 5000, ...(token ? { bearerToken: token } : {}) });
const meta = { idempotencyKey: '', expectedVersion: 0, correlationId: '' };

const GRPC_ENDPOINTS: GrpcEndpoint[] = [
  {
    service: 'case-intake',
    name: 'OpenAct',
    own: ['clerk', 'supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.acts,
        clients.acts.openAct,
        actsV1.OpenActRequest.fromPartial({
          countyCode: c,
          openedBy: 'filing',
          opening: { ...actOpening(`act-g-${n}`), openedBy: undefined } as never,
        }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RecordActStep',
    own: ['clerk', 'supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.acts,
        clients.acts.recordActStep,
        actsV1.RecordActStepRequest.fromPartial({
          countyCode: c,
          actId: 'act-1',
          evidence: { ...evidenceStep(`ev-g-${n}`), type: undefined } as never,
        }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'GetAct',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.acts, clients.acts.getAct, { countyCode: c, actId: 'act-1' }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'GetActTimeline',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.acts, clients.acts.getActTimeline, { countyCode: c, actId: 'act-1' }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'SearchActs',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.acts, clients.acts.searchActs, actsV1.SearchActsRequest.fromPartial({ countyCode: c }), options(t)),
  },
  { service: 'case-intake', name: 'StartActImport', own: ['clerk', 'supervisor'], call: (c, _n, t) => startActImport(c, t) },
  {
    service: 'case-intake',
    name: 'GetImportJob',
    own: ['clerk', 'supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.imports,
        clients.imports.getImportJob,
        { countyCode: c, jobId: '00000000-0000-7000-8000-000000000000' },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RegisterAgency',
    own: ['supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.caseIntake,
        clients.caseIntake.registerAgency,
        caseIntakeV1.RegisterAgencyRequest.create({
          countyCode: c,
          agencyId: `g-${n}`,
          name: `gRPC局${n}`,
          creditCode: '11431103MB1A23456Q',
          kind: '行政机关',
        }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'UpdateAgency',
    own: ['supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.caseIntake,
        clients.caseIntake.updateAgency,
        { countyCode: c, agencyId: 'm3', name: `更名局${n}`, creditCode: '11431103MB1A23456Q', kind: '行政机关', legalBasis: '', meta },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'SuspendAgency',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(clients.caseIntake, clients.caseIntake.suspendAgency, { countyCode: c, agencyId: 'm3', reason: '核查', meta }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'ReinstateAgency',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(clients.caseIntake, clients.caseIntake.reinstateAgency, { countyCode: c, agencyId: 'm3', meta }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'GetAgency',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.caseIntake, clients.caseIntake.getAgency, { countyCode: c, agencyId: 'm1' }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'ListAgencies',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.caseIntake, clients.caseIntake.listAgencies, { countyCode: c, page: undefined }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'ReceiveComplaint',
    own: ['supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.complaints,
        clients.complaints.receiveComplaint,
        complaintsV1.ReceiveComplaintRequest.create({ countyCode: c, complaintId: `gm-${n}`, source: 'media', summary: '矩阵测试' }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'AssignComplaint',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.complaints,
        clients.complaints.assignComplaint,
        complaintsV1.AssignComplaintRequest.create({ countyCode: c, complaintId: 'c-change', agencyId: 'm1' }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RecordComplaintHandling',
    own: ['clerk', 'supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.complaints,
        clients.complaints.recordComplaintHandling,
        complaintsV1.RecordComplaintHandlingRequest.create({
          countyCode: c,
          complaintId: 'c-read',
          agencyId: 'm1',
          notes: '核查中',
          officerIds: ['o-1'],
        }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'AnswerComplaint',
    own: ['clerk', 'supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.complaints,
        clients.complaints.answerComplaint,
        complaintsV1.AnswerComplaintRequest.create({ countyCode: c, complaintId: 'c-read', agencyId: 'm1', answer: '已答复' }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'CloseComplaint',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.complaints,
        clients.complaints.closeComplaint,
        complaintsV1.CloseComplaintRequest.create({ countyCode: c, complaintId: 'c-change' }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RejectComplaint',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.complaints,
        clients.complaints.rejectComplaint,
        complaintsV1.RejectComplaintRequest.create({ countyCode: c, complaintId: 'c-change', reason: '不属于受理范围' }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'GetComplaint',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.complaints, clients.complaints.getComplaint, { countyCode: c, complaintId: 'c-read' }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'ListComplaints',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.complaints,
        clients.complaints.listComplaints,
        complaintsV1.ListComplaintsRequest.create({ countyCode: c, agencyId: 'm1' }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    // Without an agency filter: the whole county, which a clerk may not list.
    name: 'ListComplaints',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.complaints,
        clients.complaints.listComplaints,
        complaintsV1.ListComplaintsRequest.create({ countyCode: c }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'GetComplaintStatus',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (_c, _n, t) =>
      callUnary(clients.complaints, clients.complaints.getComplaintStatus, { trackingNumber: '000000000000' }, options(t)),
  },
  {
    service: 'supervision',
    name: 'ListSupervisedAgencies',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.supervision, clients.supervision.listSupervisedAgencies, { countyCode: c, page: undefined }, options(t)),
  },
  {
    service: 'supervision',
    name: 'ListAlerts',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.supervision, clients.supervision.listAlerts, supervisionV1.ListAlertsRequest.create({ countyCode: c }), options(t)),
  },
  {
    service: 'supervision',
    name: 'GetAlert',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.supervision, clients.supervision.getAlert, { countyCode: c, alertId: NO_ALERT }, options(t)),
  },
  {
    service: 'supervision',
    name: 'AcknowledgeAlert',
    own: ['clerk', 'supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.supervision,
        clients.supervision.acknowledgeAlert,
        { countyCode: c, alertId: NO_ALERT, note: '已签收', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'DismissAlert',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.supervision,
        clients.supervision.dismissAlert,
        { countyCode: c, alertId: NO_ALERT, reason: '误报', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'ListRules',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.supervision, clients.supervision.listRules, { countyCode: c }, options(t)),
  },
  {
    service: 'supervision',
    name: 'GetRuleSettings',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.supervision, clients.supervision.getRuleSettings, { countyCode: c }, options(t)),
  },
  {
    service: 'supervision',
    name: 'ConfigureRulePack',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(clients.supervision, clients.supervision.configureRulePack, { countyCode: c, ...RULE_PACK_SETTING, meta }, options(t)),
  },
  {
    service: 'supervision',
    name: 'GetWorkingCalendar',
    own: ['clerk', 'supervisor', 'task_force', 'regional_viewer', 'operator'],
    otherToo: ['clerk', 'supervisor', 'task_force', 'regional_viewer', 'operator'],
    call: (c, _n, t) => callUnary(clients.supervision, clients.supervision.getWorkingCalendar, { year: 2026, countyCode: c }, options(t)),
  },
  {
    service: 'supervision',
    name: 'ReplaceWorkingCalendar',
    own: ['operator'],
    otherToo: ['operator'],
    call: (c, _n, t) =>
      callUnary(
        clients.supervision,
        clients.supervision.replaceWorkingCalendar,
        { year: 2033, holidays: ['2033-10-03'], workdays: [], source: '矩阵测试通知', reason: '', meta, countyCode: c },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'FileInspection',
    own: ['clerk', 'supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.supervision,
        clients.supervision.fileInspection,
        supervisionV1.FileInspectionRequest.create({
          ...INSPECTION_FILING,
          countyCode: c,
          plannedFrom: new Date(INSPECTION_FILING.plannedFrom),
          plannedTo: new Date(INSPECTION_FILING.plannedTo),
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'SetEnterpriseQuietDays',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.supervision,
        clients.supervision.setEnterpriseQuietDays,
        supervisionV1.SetEnterpriseQuietDaysRequest.create({
          countyCode: c,
          enterpriseCreditCode: '91350100M000100Y43',
          enterpriseName: '某公司',
          daysOfMonth: [1, 2, 3],
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'ExplainZeroEnforcement',
    own: ['clerk', 'supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.supervision,
        clients.supervision.explainZeroEnforcement,
        { countyCode: c, agencyId: 'm1', period: '2026-Q3', explanation: '本季度无执法事项', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'DefineCaseFileReview',
    own: ['supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.defineCaseFileReview,
        caseFileReviewV1.DefineCaseFileReviewRequest.fromPartial({
          countyCode: c,
          definitionId: `def-g-${n}`,
          title: '矩阵评查方案',
          supervisionForm: 'routine',
          recurrence: { kind: 'every', months: 1, firstMonth: '2030-01' },
          criteria: REVIEW_CRITERIA,
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'RetireCaseFileReviewDefinition',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.retireCaseFileReviewDefinition,
        { countyCode: c, definitionId: 'no-def', reason: '停止', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'ListCaseFileReviewDefinitions',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.listCaseFileReviewDefinitions,
        { countyCode: c, page: undefined },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'OpenCaseFileReview',
    own: ['supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.openCaseFileReview,
        caseFileReviewV1.OpenCaseFileReviewRequest.fromPartial({
          countyCode: c,
          reviewId: `cfr-g-${n}`,
          title: '矩阵评查',
          supervisionForm: 'routine',
          criteria: { ...REVIEW_CRITERIA, period: { from: new Date(REVIEW_PERIOD.from), to: new Date(REVIEW_PERIOD.to) } },
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'DrawCaseFileSample',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.drawCaseFileSample,
        { countyCode: c, reviewId: NO_REVIEW, seed: 1, redrawReason: '', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'ScoreCaseFile',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.scoreCaseFile,
        caseFileReviewV1.ScoreCaseFileRequest.fromPartial({
          countyCode: c,
          reviewId: NO_REVIEW,
          fileId: 'f-1',
          assessments: [{ itemCode: 'documents', kind: 'points', points: 15 }],
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'PublishCaseFileReviewSummary',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.publishCaseFileReviewSummary,
        { countyCode: c, reviewId: NO_REVIEW, conclusion: '通报', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'ReferReviewProblemsForRectification',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.referReviewProblemsForRectification,
        { countyCode: c, reviewId: NO_REVIEW, agencyId: 'm1', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'GetCaseFileReview',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.caseFileReview, clients.caseFileReview.getCaseFileReview, { countyCode: c, reviewId: NO_REVIEW }, options(t)),
  },
  {
    service: 'supervision',
    name: 'ListCaseFileReviews',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseFileReview,
        clients.caseFileReview.listCaseFileReviews,
        { countyCode: c, status: '', page: undefined },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'RegisterInspectionTarget',
    own: ['supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.randomInspection,
        clients.randomInspection.registerInspectionTarget,
        {
          countyCode: c,
          targetId: `t-g-${n}`,
          name: '某公司',
          kind: 'enterprise',
          creditCode: '91350100M000100Y43',
          unitAgencyId: '',
          meta,
        },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'ListInspectionTargets',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.randomInspection, clients.randomInspection.listInspectionTargets, { countyCode: c, page: undefined }, options(t)),
  },
  {
    service: 'supervision',
    name: 'PlanRandomInspection',
    own: ['supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.randomInspection,
        clients.randomInspection.planRandomInspection,
        randomInspectionV1.PlanRandomInspectionRequest.fromPartial({
          ...INSPECTION_PLAN,
          countyCode: c,
          planId: `ri-g-${n}`,
          period: { from: new Date(INSPECTION_PERIOD.from), to: new Date(INSPECTION_PERIOD.to) },
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'PublishInspectionPlan',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.randomInspection,
        clients.randomInspection.publishInspectionPlan,
        { countyCode: c, planId: NO_PLAN, meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'DrawInspectionTargets',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.randomInspection,
        clients.randomInspection.drawInspectionTargets,
        { countyCode: c, planId: NO_PLAN, seed: 1, meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'DrawInspectors',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.randomInspection,
        clients.randomInspection.drawInspectors,
        { countyCode: c, planId: NO_PLAN, seed: 1, meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'RecordInspectionResult',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.randomInspection,
        clients.randomInspection.recordInspectionResult,
        randomInspectionV1.RecordInspectionResultRequest.fromPartial({
          countyCode: c,
          planId: NO_PLAN,
          targetId: 't-1',
          inspectorIds: ['of-1', 'of-2'],
          outcome: 'no_problem',
          findings: '未发现问题',
          inspectedAt: new Date('2026-05-01T02:00:00Z'),
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'PublishInspectionResults',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.randomInspection,
        clients.randomInspection.publishInspectionResults,
        { countyCode: c, planId: NO_PLAN, targetIds: [], meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'GetRandomInspection',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.randomInspection, clients.randomInspection.getRandomInspection, { countyCode: c, planId: NO_PLAN }, options(t)),
  },
  {
    service: 'supervision',
    name: 'ListRandomInspections',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.randomInspection,
        clients.randomInspection.listRandomInspections,
        { countyCode: c, year: 2026, page: undefined },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'GetInspectionFigures',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.randomInspection, clients.randomInspection.getInspectionFigures, { countyCode: c, year: 2026 }, options(t)),
  },
  ...(
    [
      [
        'RegisterNormativeDocument',
        (c: string, n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.registerNormativeDocument,
            governanceV1.RegisterNormativeDocumentRequest.fromPartial({
              ...NORMATIVE_DOCUMENT,
              countyCode: c,
              documentId: `nd-g-${n}`,
              issuedAt: new Date(NORMATIVE_DOCUMENT.issuedAt),
              effectiveFrom: new Date(NORMATIVE_DOCUMENT.effectiveFrom),
              validUntil: new Date(NORMATIVE_DOCUMENT.validUntil),
            }),
            options(t),
          ),
      ],
      [
        'FileNormativeDocument',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.fileNormativeDocument,
            governanceV1.FileNormativeDocumentRequest.fromPartial({
              countyCode: c,
              documentId: NO_DOCUMENT,
              filedWith: 'government',
              recipient: '区人民政府',
              filingNumber: '备-1',
              filedAt: new Date('2026-05-01T02:00:00Z'),
            }),
            options(t),
          ),
      ],
      [
        'ReviewNormativeDocument',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.reviewNormativeDocument,
            { countyCode: c, documentId: NO_DOCUMENT, reviewedBy: 'government', outcome: 'passed', opinion: '', meta },
            options(t),
          ),
      ],
      [
        'CorrectNormativeDocument',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.correctNormativeDocument,
            { countyCode: c, documentId: NO_DOCUMENT, summary: '已纠正', meta },
            options(t),
          ),
      ],
      [
        'CleanUpNormativeDocument',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.cleanUpNormativeDocument,
            governanceV1.CleanUpNormativeDocumentRequest.fromPartial({
              countyCode: c,
              documentId: NO_DOCUMENT,
              cleanUp: '清理',
              outcome: 'kept',
              reason: '仍适用',
            }),
            options(t),
          ),
      ],
      [
        'FileDispute',
        (c: string, n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.fileDispute,
            { ...DISPUTE, countyCode: c, disputeId: `dp-g-${n}`, actIds: [], meta },
            options(t),
          ),
      ],
      [
        'ReferDisputeToSuperior',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.referDisputeToSuperior,
            { countyCode: c, disputeId: NO_DISPUTE, superior: '区人民政府', reason: '分歧较大', meta },
            options(t),
          ),
      ],
      [
        'DecideDispute',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.decideDispute,
            {
              countyCode: c,
              disputeId: NO_DISPUTE,
              competentAgencyId: 'm1',
              assistingAgencyIds: [],
              reasoning: '属其职责',
              legalBasis: '三定方案',
              meta,
            },
            options(t),
          ),
      ],
      [
        'RecordDisputeFollowUp',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.recordDisputeFollowUp,
            { countyCode: c, disputeId: NO_DISPUTE, note: '已督办', meta },
            options(t),
          ),
      ],
      [
        'ConfirmDisputeImplemented',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.confirmDisputeImplemented,
            { countyCode: c, disputeId: NO_DISPUTE, agencyId: 'm1', summary: '已落实', actIds: [], meta },
            options(t),
          ),
      ],
      [
        'WithdrawDispute',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.withdrawDispute,
            { countyCode: c, disputeId: NO_DISPUTE, reason: '已协商', meta },
            options(t),
          ),
      ],
    ] as const
  ).map(([name, call]): GrpcEndpoint => ({ service: 'supervision', name, own: ['supervisor'], call })),
  ...(
    [
      [
        'GetNormativeDocument',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.getNormativeDocument, { countyCode: c, documentId: NO_DOCUMENT }, options(t)),
      ],
      [
        'ListNormativeDocuments',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.listNormativeDocuments, { countyCode: c, page: undefined }, options(t)),
      ],
      [
        'GetDispute',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.getDispute, { countyCode: c, disputeId: NO_DISPUTE }, options(t)),
      ],
      [
        'ListDisputes',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.listDisputes, { countyCode: c, page: undefined }, options(t)),
      ],
    ] as const
  ).map(([name, call]): GrpcEndpoint => ({ service: 'supervision', name, own: ['supervisor', 'regional_viewer'], call })),
  ...(
    [
      [
        'ReceivePersonUnderCorrection',
        (c: string, n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.receivePersonUnderCorrection,
            governanceV1.ReceivePersonUnderCorrectionRequest.fromPartial({
              ...PERSON,
              countyCode: c,
              personId: `p-g-${n}`,
              startsAt: new Date(PERSON.startsAt),
              endsAt: new Date(PERSON.endsAt),
            }),
            options(t),
          ),
      ],
      [
        'RecordCorrectionHours',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.recordCorrectionHours,
            governanceV1.RecordCorrectionHoursRequest.fromPartial({
              countyCode: c,
              personId: NO_PERSON,
              kind: 'education',
              month: '2026-05',
              hours: 4,
              activity: '教育学习',
              occurredAt: new Date('2026-05-10T02:00:00Z'),
            }),
            options(t),
          ),
      ],
      [
        'ReportAbsconding',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.reportAbsconding,
            governanceV1.ReportAbscondingRequest.fromPartial({
              countyCode: c,
              personId: NO_PERSON,
              lostContactAt: new Date('2026-05-10T02:00:00Z'),
              measures: '电话联系',
            }),
            options(t),
          ),
      ],
      [
        'ReportReturnedToSupervision',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.reportReturnedToSupervision,
            governanceV1.ReportReturnedToSupervisionRequest.fromPartial({
              countyCode: c,
              personId: NO_PERSON,
              returnedAt: new Date('2026-05-11T02:00:00Z'),
            }),
            options(t),
          ),
      ],
      [
        'EndCorrection',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.endCorrection,
            governanceV1.EndCorrectionRequest.fromPartial({
              countyCode: c,
              personId: NO_PERSON,
              reason: 'revoked',
              endedAt: new Date('2026-05-12T02:00:00Z'),
            }),
            options(t),
          ),
      ],
    ] as const
  ).map(([name, call]): GrpcEndpoint => ({ service: 'supervision', name, own: ['supervisor'], call })),
  ...(
    [
      [
        'GetPersonUnderCorrection',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.getPersonUnderCorrection, { countyCode: c, personId: NO_PERSON }, options(t)),
      ],
      [
        'ListPersonsUnderCorrection',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.listPersonsUnderCorrection, { countyCode: c, page: undefined }, options(t)),
      ],
    ] as const
  ).map(([name, call]): GrpcEndpoint => ({ service: 'supervision', name, own: ['supervisor', 'regional_viewer'], call })),
  ...(
    [
      [
        'RecordCorrectionFinding',
        (c: string, n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.recordCorrectionFinding,
            governanceV1.RecordCorrectionFindingRequest.fromPartial({
              countyCode: c,
              findingId: `cf-g-${n}`,
              category: 'court_documents_not_served',
              description: '未依法送达',
              foundAt: new Date('2026-05-10T02:00:00Z'),
            }),
            options(t),
          ),
      ],
      [
        'RecordAgencyEvaluation',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.recordAgencyEvaluation,
            governanceV1.RecordAgencyEvaluationRequest.fromPartial({
              countyCode: c,
              agencyId: 'no-evaluated-agency',
              year: 2026,
              supervisorScores: EVALUATION_SCORES,
            }),
            options(t),
          ),
      ],
      [
        'ReviseAgencyEvaluation',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.reviseAgencyEvaluation,
            governanceV1.ReviseAgencyEvaluationRequest.fromPartial({
              countyCode: c,
              evaluationId: NO_EVALUATION,
              supervisorScores: EVALUATION_SCORES,
              reason: '补充评分',
            }),
            options(t),
          ),
      ],
      [
        'PublishAgencyEvaluation',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.publishAgencyEvaluation,
            governanceV1.PublishAgencyEvaluationRequest.fromPartial({ countyCode: c, evaluationId: NO_EVALUATION }),
            options(t),
          ),
      ],
    ] as const
  ).map(([name, call]): GrpcEndpoint => ({ service: 'supervision', name, own: ['supervisor'], call })),
  ...(
    [
      [
        'ListCorrectionFindings',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.listCorrectionFindings, { countyCode: c, page: undefined }, options(t)),
      ],
      [
        'GetCommunityCorrectionsReport',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(
            clients.governance,
            clients.governance.getCommunityCorrectionsReport,
            { countyCode: c, period: 'half', year: 2026, month: 0, half: 1, name: '' },
            options(t),
          ),
      ],
      [
        'GetAgencyEvaluation',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.getAgencyEvaluation, { countyCode: c, evaluationId: NO_EVALUATION }, options(t)),
      ],
      [
        'ListAgencyEvaluations',
        (c: string, _n: number, t: string | undefined) =>
          callUnary(clients.governance, clients.governance.listAgencyEvaluations, { countyCode: c, year: 2026 }, options(t)),
      ],
    ] as const
  ).map(([name, call]): GrpcEndpoint => ({ service: 'supervision', name, own: ['supervisor', 'regional_viewer'], call })),
  {
    service: 'supervision',
    name: 'IssueRectificationNotice',
    own: ['supervisor'],
    call: (c, n, t) => {
      const { deadlineWorkingDays, ...notice } = NOTICE(`rf-grpc-${n}`);
      const request = rectificationV1.IssueRectificationNoticeRequest.fromPartial({ ...notice, countyCode: c, deadlineWorkingDays });
      return callUnary(clients.rectification, clients.rectification.issueRectificationNotice, request, options(t));
    },
  },
  {
    service: 'supervision',
    name: 'ReplyToRectification',
    own: ['clerk'],
    call: (c, _n, t) =>
      callUnary(
        clients.rectification,
        clients.rectification.replyToRectification,
        { countyCode: c, rectificationId: NO_RECTIFICATION, agencyId: 'm1', measures: ['已整改'], explanation: '', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'AcceptRectification',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.rectification,
        clients.rectification.acceptRectification,
        { countyCode: c, rectificationId: NO_RECTIFICATION, opinion: '整改到位', meta },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'ReturnRectification',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.rectification,
        clients.rectification.returnRectification,
        rectificationV1.ReturnRectificationRequest.fromPartial({
          countyCode: c,
          rectificationId: NO_RECTIFICATION,
          reason: '整改不到位',
          newDeadlineWorkingDays: 5,
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'CloseRectification',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.rectification,
        clients.rectification.closeRectification,
        rectificationV1.CloseRectificationRequest.fromPartial({
          countyCode: c,
          rectificationId: NO_RECTIFICATION,
          outcome: 'rectified',
          publicSummary: '已整改',
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'RecordRectificationAccountability',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.rectification,
        clients.rectification.recordRectificationAccountability,
        rectificationV1.RecordRectificationAccountabilityRequest.fromPartial({
          countyCode: c,
          rectificationId: NO_RECTIFICATION,
          accountability: { ...ACCOUNTABILITY, decidedAt: new Date(ACCOUNTABILITY.decidedAt) },
        }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'ListRectifications',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.rectification,
        clients.rectification.listRectifications,
        rectificationV1.ListRectificationsRequest.fromPartial({ countyCode: c }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'GetRectification',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.rectification,
        clients.rectification.getRectification,
        { countyCode: c, rectificationId: NO_RECTIFICATION },
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'GetCountyStatistics',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.statistics,
        clients.statistics.getCountyStatistics,
        statisticsV1.GetCountyStatisticsRequest.fromPartial({ countyCode: c, period: { kind: 'year', year: 2026 } }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'GetAgencyStatistics',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.statistics,
        clients.statistics.getAgencyStatistics,
        statisticsV1.GetAgencyStatisticsRequest.fromPartial({ countyCode: c, agencyId: 'm1', period: { kind: 'year', year: 2026 } }),
        options(t),
      ),
  },
  {
    service: 'supervision',
    name: 'GetCityStatistics',
    own: ['regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.statistics,
        clients.statistics.getCityStatistics,
        statisticsV1.GetCityStatisticsRequest.fromPartial({
          regionCode: c.slice(0, 4),
          countyCodes: [c],
          period: { kind: 'year', year: 2026 },
        }),
        options(t),
      ),
  },
  // The same reports with their progress (server streams): the same permissions.
  {
    service: 'supervision',
    name: 'WatchCountyStatistics',
    own: ['supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      readStream(
        (m) =>
          clients.statistics.watchCountyStatistics(
            statisticsV1.WatchCountyStatisticsRequest.fromPartial({ countyCode: c, period: { kind: 'year', year: 2026 } }),
            m,
            { deadline: Date.now() + 5000 },
          ),
        t,
      ),
  },
  {
    service: 'supervision',
    name: 'WatchAgencyStatistics',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      readStream(
        (m) =>
          clients.statistics.watchAgencyStatistics(
            statisticsV1.WatchAgencyStatisticsRequest.fromPartial({ countyCode: c, agencyId: 'm1', period: { kind: 'year', year: 2026 } }),
            m,
            { deadline: Date.now() + 5000 },
          ),
        t,
      ),
  },
  {
    service: 'supervision',
    name: 'WatchCityStatistics',
    own: ['regional_viewer'],
    call: (c, _n, t) =>
      readStream(
        (m) =>
          clients.statistics.watchCityStatistics(
            statisticsV1.WatchCityStatisticsRequest.fromPartial({
              regionCode: c.slice(0, 4),
              countyCodes: [c],
              period: { kind: 'year', year: 2026 },
            }),
            m,
            { deadline: Date.now() + 5000 },
          ),
        t,
      ),
  },
  {
    service: 'cross-region',
    name: 'ListCountyDirectory',
    own: ['supervisor', 'task_force', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.crossRegion, clients.crossRegion.listCountyDirectory, { countyCodes: [c] }, options(t)),
  },
  {
    service: 'cross-region',
    name: 'SetExchangeConsent',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.coordination,
        clients.coordination.setExchangeConsent,
        { countyCode: c, recipients: [c.slice(0, 4)], dataKinds: ['incidents'], meta },
        options(t),
      ),
  },
  {
    service: 'cross-region',
    name: 'ReadExchangeFeed',
    own: ['regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.coordination,
        clients.coordination.readExchangeFeed,
        { regionCode: c.slice(0, 4), countyCode: c, after: '', limit: 10 },
        options(t),
      ),
  },
  {
    service: 'cross-region',
    name: 'SubscribeExchangeFeed',
    own: ['regional_viewer'],
    call: (c, _n, t) => {
      const metadata = new Metadata();
      if (t) metadata.set('authorization', `Bearer ${t}`);
      return new Promise((resolve, reject) => {
        const messages: unknown[] = [];
        const stream = clients.coordination.subscribeExchangeFeed(
          { regionCode: c.slice(0, 4), countyCode: c, after: '', followSeconds: 0 },
          metadata,
          { deadline: Date.now() + 5000 },
        );
        stream.on('data', (message) => messages.push(message));
        stream.on('error', (error) => reject(fromGrpcError(error)));
        stream.on('end', () => resolve(messages));
      });
    },
  },
  {
    service: 'cross-region',
    name: 'GetRegionalSummary',
    own: ['regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.coordination, clients.coordination.getRegionalSummary, { regionCode: c.slice(0, 4), countyCodes: [c] }, options(t)),
  },
  // Cross-region coordination (CoordinationService): supervisors change, supervisors and task-force members read.
  ...(
    [
      [
        'ProposeAgreement',
        'manage',
        (c: string) =>
          coordinationV1.ProposeAgreementRequest.fromPartial({
            ...AGREEMENT_PROPOSAL,
            countyCode: c,
            effectiveFrom: new Date('2026-01-01T00:00:00+08:00'),
          }),
      ],
      ['SignAgreement', 'manage', (c: string) => ({ countyCode: c, agreementId: NO_XR, meta })],
      ['AdmitMember', 'manage', (c: string) => ({ countyCode: c, agreementId: NO_XR, newMember: '522229', dataKinds: [], meta })],
      ['LeaveAgreement', 'manage', (c: string) => ({ countyCode: c, agreementId: NO_XR, reason: '矩阵', meta })],
      [
        'AmendAgreement',
        'manage',
        (c: string) =>
          coordinationV1.AmendAgreementRequest.fromPartial({
            countyCode: c,
            agreementId: NO_XR,
            summary: '矩阵',
            name: '矩阵',
            fields: ['生态环境'],
          }),
      ],
      ['EndAgreement', 'manage', (c: string) => ({ countyCode: c, agreementId: NO_XR, reason: '矩阵', meta })],
      ['GetAgreement', 'read', (c: string) => ({ countyCode: c, agreementId: NO_XR })],
      ['ListAgreements', 'read', (c: string) => ({ countyCode: c })],
      ['GetLeadAndHost', 'read', (c: string) => ({ countyCode: c, agreementId: NO_XR, on: new Date('2027-01-01T00:00:00Z') })],
      ['ListMeetingYears', 'read', (c: string) => ({ countyCode: c, agreementId: NO_XR })],
      [
        'ScheduleMeeting',
        'manage',
        (c: string) => ({ countyCode: c, agreementId: NO_XR, scheduledFor: new Date('2026-12-01T01:00:00Z'), agenda: ['矩阵'], meta }),
      ],
      [
        'HoldMeeting',
        'manage',
        (c: string) =>
          coordinationV1.HoldMeetingRequest.fromPartial({
            countyCode: c,
            meetingId: NO_XR,
            heldAt: new Date('2026-01-01T01:00:00Z'),
            minutes: '纪要',
          }),
      ],
      [
        'RecordMeetingDecision',
        'manage',
        (c: string) => coordinationV1.RecordMeetingDecisionRequest.fromPartial({ countyCode: c, meetingId: NO_XR, decision: '矩阵' }),
      ],
      ['CompleteMeetingTask', 'manage', (c: string) => ({ countyCode: c, meetingId: NO_XR, decisionId: NO_XR, report: '完成', meta })],
      ['GetMeeting', 'read', (c: string) => ({ countyCode: c, meetingId: NO_XR })],
      ['ListMeetings', 'read', (c: string) => ({ countyCode: c, agreementId: NO_XR })],
      [
        'ReportIncident',
        'manage',
        (c: string) =>
          coordinationV1.ReportIncidentRequest.fromPartial({
            countyCode: c,
            agreementId: NO_XR,
            locationCounty: '500241',
            title: '矩阵',
            description: '矩阵',
            occurredAt: new Date('2026-05-03T00:00:00Z'),
          }),
      ],
      [
        'DecideJurisdiction',
        'manage',
        (c: string) =>
          coordinationV1.DecideJurisdictionRequest.fromPartial({
            countyCode: c,
            incidentId: NO_XR,
            handlingCounty: '500241',
            supervisingCounties: ['433124'],
            basis: 'consent',
          }),
      ],
      ['LinkIncidentAct', 'manage', (c: string) => ({ countyCode: c, incidentId: NO_XR, actId: 'act-1', meta })],
      ['AddSupervisionOpinion', 'manage', (c: string) => ({ countyCode: c, incidentId: NO_XR, actId: '', opinion: '矩阵', meta })],
      ['ConsentToCloseIncident', 'manage', (c: string) => ({ countyCode: c, incidentId: NO_XR, note: '', meta })],
      ['GetIncident', 'read', (c: string) => ({ countyCode: c, incidentId: NO_XR })],
      ['ListIncidents', 'read', (c: string) => ({ countyCode: c })],
      ['ListIncidentActs', 'read', (c: string) => ({ countyCode: c, incidentId: NO_XR })],
      ['GetIncidentAct', 'read', (c: string) => ({ countyCode: c, incidentId: NO_XR, actId: 'act-1' })],
      [
        'SendAdvice',
        'manage',
        (c: string) =>
          coordinationV1.SendAdviceRequest.fromPartial({
            countyCode: c,
            agreementId: NO_XR,
            toCounty: '500241',
            subject: '矩阵',
            content: '矩阵',
            dueAt: new Date('2027-01-01T00:00:00Z'),
          }),
      ],
      ['AnswerAdvice', 'manage', (c: string) => ({ countyCode: c, adviceId: NO_XR, answer: '矩阵', meta })],
      ['GetAdvice', 'read', (c: string) => ({ countyCode: c, adviceId: NO_XR })],
      ['ListAdvice', 'read', (c: string) => ({ countyCode: c })],
      [
        'RequestConsultation',
        'manage',
        (c: string) =>
          coordinationV1.RequestConsultationRequest.fromPartial({
            countyCode: c,
            agreementId: NO_XR,
            kind: 'consultation',
            subject: '矩阵',
            parties: ['433124', '500241'],
            scheduledFor: new Date('2026-12-01T01:00:00Z'),
          }),
      ],
      [
        'RecordConsultationOutcome',
        'manage',
        (c: string) =>
          coordinationV1.RecordConsultationOutcomeRequest.fromPartial({
            countyCode: c,
            consultationId: NO_XR,
            heldAt: new Date('2026-01-01T01:00:00Z'),
            outcome: 'agreed',
            summary: '矩阵',
          }),
      ],
      ['GetConsultation', 'read', (c: string) => ({ countyCode: c, consultationId: NO_XR })],
      ['ListConsultations', 'read', (c: string) => ({ countyCode: c })],
    ] as const
  ).map(([name, kind, request]): GrpcEndpoint => ({
    service: 'cross-region',
    name,
    own: kind === 'read' ? ['supervisor', 'task_force'] : ['supervisor'],
    call: (c, _n, t) => {
      const method = (name.charAt(0).toLowerCase() + name.slice(1)) as keyof coordinationV1.CoordinationServiceClient;
      return callUnary(clients.coordination, clients.coordination[method] as never, request(c) as never, options(t));
    },
  })),
  {
    service: 'public-disclosure',
    name: 'ListPublicAgencies',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(clients.publicDisclosure, clients.publicDisclosure.listPublicAgencies, { countyCode: c, page: undefined }, options(t)),
  },
  {
    service: 'public-disclosure',
    name: 'SearchPublicDecisions',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(
        clients.publicDisclosure,
        clients.publicDisclosure.searchPublicDecisions,
        publicDisclosureV1.SearchPublicDecisionsRequest.fromPartial({ countyCode: c, keyword: '罚款' }),
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'GetPublicDecision',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(clients.publicDisclosure, clients.publicDisclosure.getPublicDecision, { countyCode: c, actId: 'no-such-act' }, options(t)),
  },
  {
    service: 'public-disclosure',
    name: 'GetAgencyDisclosure',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(clients.publicDisclosure, clients.publicDisclosure.getAgencyDisclosure, { countyCode: c, agencyId: 'm1' }, options(t)),
  },
  {
    service: 'public-disclosure',
    name: 'ListPublicOfficers',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(
        clients.publicDisclosure,
        clients.publicDisclosure.listPublicOfficers,
        { countyCode: c, agencyId: 'm1', page: undefined },
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'GetAnnualStatistics',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(clients.publicDisclosure, clients.publicDisclosure.getAnnualStatistics, { countyCode: c, year: 2025 }, options(t)),
  },
  {
    service: 'public-disclosure',
    name: 'ListPublicInspections',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(
        clients.publicDisclosure,
        clients.publicDisclosure.listPublicInspections,
        { countyCode: c, year: 2026, page: undefined },
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'ListPublicRectifications',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(
        clients.publicDisclosure,
        clients.publicDisclosure.listPublicRectifications,
        { countyCode: c, agencyId: 'm1', page: undefined },
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'ListPublicEvaluations',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(
        clients.publicDisclosure,
        clients.publicDisclosure.listPublicEvaluations,
        { countyCode: c, year: 2025, page: undefined },
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'ListPublicCaseFileReviews',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(
        clients.publicDisclosure,
        clients.publicDisclosure.listPublicCaseFileReviews,
        { countyCode: c, page: undefined },
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'ListDailyDigests',
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) =>
      callUnary(
        clients.publicDisclosure,
        clients.publicDisclosure.listDailyDigests,
        { countyCode: c, fromDay: '2026-11-01', toDay: '', service: 'case-intake', page: undefined },
        options(t),
      ),
  },
  // What the portal offers the public over gRPC (PublicParticipationService): anyone, any county. A code no
  // trace has: TRACE_NOT_FOUND; an empty summary: refused after the access check, before case intake is asked.
  ...(
    [
      ['GetInspectionTrace', () => clients.publicParticipation.getInspectionTrace, () => ({ code: 'A'.repeat(26) })],
      ['ConfirmInspectionVisit', () => clients.publicParticipation.confirmInspectionVisit, () => ({ code: 'A'.repeat(26), rating: 3 })],
      [
        'FileComplaint',
        () => clients.publicParticipation.fileComplaint,
        (c: string) => ({ countyCode: c, subject: '矩阵测试', summary: ' ', name: '', phone: '' }),
      ],
      ['GetComplaintStatus', () => clients.publicParticipation.getComplaintStatus, () => ({ trackingNumber: '0000-0000-0000' })],
      [
        'ListTypicalCases',
        () => clients.publicParticipation.listTypicalCases,
        (c: string) => ({ countyCode: c, agencyId: 'm1', category: '', page: undefined }),
      ],
    ] as const
  ).map(([name, method, request]): GrpcEndpoint => ({
    service: 'public-disclosure',
    name,
    own: ALL_ROLES,
    otherToo: ALL_ROLES,
    call: (c, _n, t) => callUnary(clients.publicParticipation, method() as never, request(c) as never, options(t)),
  })),
  {
    service: 'public-disclosure',
    name: 'ListDisclosures',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(
        clients.disclosureReview,
        clients.disclosureReview.listDisclosures,
        { countyCode: c, agencyId: 'm1', status: '', page: undefined },
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'ApproveDisclosure',
    own: ['clerk'],
    call: (c, _n, t) =>
      callUnary(
        clients.disclosureReview,
        clients.disclosureReview.approveDisclosure,
        { countyCode: c, actId: 'no-such-act', agencyId: 'm1', meta },
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'RefuseDisclosure',
    own: ['clerk'],
    call: (c, _n, t) =>
      callUnary(
        clients.disclosureReview,
        clients.disclosureReview.refuseDisclosure,
        { countyCode: c, actId: 'no-such-act', agencyId: 'm1', reason: '涉及国家秘密', meta },
        options(t),
      ),
  },
  {
    service: 'public-disclosure',
    name: 'WithdrawDecision',
    own: ['clerk'],
    call: (c, _n, t) =>
      callUnary(
        clients.disclosureReview,
        clients.disclosureReview.withdrawDecision,
        { countyCode: c, actId: 'no-such-act', agencyId: 'm1', reason: '来源数据有误', meta },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RegisterOfficer',
    own: ['supervisor'],
    call: (c, n, t) => {
      const body = officerBody(`og-new-${n}`);
      const request = officersV1.RegisterOfficerRequest.create({
        ...body,
        countyCode: c,
        certificateValidUntil: new Date(body.certificateValidUntil),
      });
      return callUnary(clients.officers, clients.officers.registerOfficer, request, options(t));
    },
  },
  {
    service: 'case-intake',
    name: 'SuspendCertificate',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.officers,
        clients.officers.suspendCertificate,
        { countyCode: c, officerId: 'of-3', reason: '核查', meta },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'ReinstateCertificate',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(clients.officers, clients.officers.reinstateCertificate, { countyCode: c, officerId: 'of-3', meta }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'ReportCertificateLost',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(clients.officers, clients.officers.reportCertificateLost, { countyCode: c, officerId: 'of-3', meta }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'ReissueCertificate',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.officers,
        clients.officers.reissueCertificate,
        officersV1.ReissueCertificateRequest.create({ countyCode: c, officerId: 'of-3', certificateNumber: '湘矩阵补发003' }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'TransferOfficer',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.officers,
        clients.officers.transferOfficer,
        { countyCode: c, officerId: 'of-3', toAgencyId: 'm2', meta },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RecordExamResult',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.officers,
        clients.officers.recordExamResult,
        { countyCode: c, officerId: 'of-3', year: 2026, score: 75, passed: true, meta },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RecordTrainingHours',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.officers,
        clients.officers.recordTrainingHours,
        { countyCode: c, officerId: 'of-3', year: 2026, hours: 8, course: '行政执法培训', meta },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RevokeCertificate',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.officers,
        clients.officers.revokeCertificate,
        { countyCode: c, officerId: 'of-3', reason: '调离', meta },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'GetOfficer',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) => callUnary(clients.officers, clients.officers.getOfficer, { countyCode: c, officerId: 'of-1' }, options(t)),
  },
  {
    service: 'case-intake',
    name: 'ListOfficers',
    own: ['clerk', 'supervisor', 'regional_viewer'],
    call: (c, _n, t) =>
      callUnary(clients.officers, clients.officers.listOfficers, officersV1.ListOfficersRequest.create({ countyCode: c }), options(t)),
  },
  {
    service: 'case-intake',
    name: 'AddPowerItem',
    own: ['supervisor'],
    call: (c, n, t) =>
      callUnary(
        clients.caseIntake,
        clients.caseIntake.addPowerItem,
        caseIntakeV1.AddPowerItemRequest.create({
          countyCode: c,
          agencyId: 'm3',
          itemCode: `gpi-${n}`,
          name: '矩阵测试事项',
          category: 'penalty',
          legalBasis: '《矩阵测试条例》',
        }),
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'RetirePowerItem',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseIntake,
        clients.caseIntake.retirePowerItem,
        { countyCode: c, agencyId: 'm2', itemCode: 'p-ret-g', reason: '取消', meta },
        options(t),
      ),
  },
  {
    service: 'case-intake',
    name: 'DelegateToTownship',
    own: ['supervisor'],
    call: (c, n, t) => {
      const body = delegationBody(`dg-new-${n}`);
      const request = caseIntakeV1.DelegateToTownshipRequest.create({
        ...body,
        countyCode: c,
        agencyId: 'm2',
        start: new Date(body.start),
        end: new Date(body.end),
      });
      return callUnary(clients.caseIntake, clients.caseIntake.delegateToTownship, request, options(t));
    },
  },
  {
    service: 'case-intake',
    name: 'EndDelegation',
    own: ['supervisor'],
    call: (c, _n, t) =>
      callUnary(
        clients.caseIntake,
        clients.caseIntake.endDelegation,
        { countyCode: c, agencyId: 'm2', delegationId: 'd-2', reason: '提前终止', meta },
        options(t),
      ),
  },
  // Every service's operations (read models and their rebuilds): operators only, no county's data.
  ...SERVICES.flatMap((service): GrpcEndpoint[] => [
    {
      service,
      name: 'ListProjections',
      own: ['operator'],
      otherToo: ['operator'],
      auditCounty: '000000',
      call: (_c, _n, t) => callUnary(clients.operations[service], clients.operations[service].listProjections, {}, options(t)),
    },
    {
      service,
      name: 'StartProjectionRebuild',
      own: ['operator'],
      otherToo: ['operator'],
      auditCounty: '000000',
      // A read model the service does not have: 404 once allowed (nothing is rebuilt by the matrix).
      call: (_c, _n, t) =>
        callUnary(
          clients.operations[service],
          clients.operations[service].startProjectionRebuild,
          { projection: 'no.such.projection' },
          options(t),
        ),
    },
    {
      service,
      name: 'GetProjectionRebuild',
      own: ['operator'],
      otherToo: ['operator'],
      auditCounty: '000000',
      call: (_c, _n, t) =>
        callUnary(clients.operations[service], clients.operations[service].getProjectionRebuild, { jobId: NO_XR }, options(t)),
    },
  ]),
];

const tokens = {} as Record<RoleName, string | undefined>;
let mongo: MongoClient;

beforeAll(async () => {
  const started = await Promise.all(SERVICES.map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name] = service;
  const issuer = await devTokens();
  for (const role of ALL_ROLES) tokens[role] = ROLES[role].token ? await issuer.issue(ROLES[role].token!) : undefined;
  clients.caseIntake = new caseIntakeV1.CaseIntakeServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());
  clients.acts = new actsV1.ActServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());
  clients.imports = new importsV1.ImportServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());
  clients.officers = new officersV1.OfficerServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());
  clients.complaints = new complaintsV1.ComplaintServiceClient(services['case-intake'].grpcAddress, credentials.createInsecure());
  clients.supervision = new supervisionV1.SupervisionServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
  clients.caseFileReview = new caseFileReviewV1.CaseFileReviewServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
  clients.randomInspection = new randomInspectionV1.RandomInspectionServiceClient(
    services.supervision.grpcAddress,
    credentials.createInsecure(),
  );
  clients.governance = new governanceV1.GovernanceServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
  clients.rectification = new rectificationV1.RectificationServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
  clients.statistics = new statisticsV1.StatisticsServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
  clients.crossRegion = new crossRegionV1.CrossRegionServiceClient(services['cross-region'].grpcAddress, credentials.createInsecure());
  clients.coordination = new coordinationV1.CoordinationServiceClient(services['cross-region'].grpcAddress, credentials.createInsecure());
  clients.publicDisclosure = new publicDisclosureV1.PublicDisclosureServiceClient(
    services['public-disclosure'].grpcAddress,
    credentials.createInsecure(),
  );
  clients.disclosureReview = new publicDisclosureV1.DisclosureReviewServiceClient(
    services['public-disclosure'].grpcAddress,
    credentials.createInsecure(),
  );
  clients.publicParticipation = new publicDisclosureV1.PublicParticipationServiceClient(
    services['public-disclosure'].grpcAddress,
    credentials.createInsecure(),
  );
  clients.operations = Object.fromEntries(
    SERVICES.map((name) => [name, new operationsV1.OperationsServiceClient(services[name].grpcAddress, credentials.createInsecure())]),
  ) as Record<ServiceName, operationsV1.OperationsServiceClient>;
  // Agencies the matrix reads and changes, in both counties.
  for (const county of ['431103', '433124']) {
    const supervisor = await issuer.issue({ subject: `setup-${county}`, role: 'county_supervisor', countyCode: county });
    for (const id of ['m1', 'm2', 'm3']) {
      const response = await fetch(`${services['case-intake'].httpUrl}/api/v1/counties/${county}/agencies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
        body: JSON.stringify({ agencyId: id, name: `矩阵测试局${id}`, creditCode: '11431103MB1A23456Q', kind: '行政机关' }),
      });
      expect(response.status).toBe(201);
    }
    // Complaints the matrix reads and changes: c-read assigned to m1, c-change only received.
    const post = (path: string, body: unknown) =>
      fetch(`${services['case-intake'].httpUrl}/api/v1/counties/${county}/complaints${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
        body: JSON.stringify(body),
      });
    for (const id of ['c-read', 'c-change']) {
      expect((await post('', { complaintId: id, source: 'portal', summary: '矩阵测试投诉' })).status).toBe(201);
    }
    expect((await post('/c-read/assignment', { agencyId: 'm1' })).status).toBe(200);
    // The clerk's reads check the assigned agency in the read model: wait until it is there.
    await eventually(
      `c-read of ${county} assigned in the read model`,
      () =>
        fetch(`${services['case-intake'].httpUrl}/api/v1/counties/${county}/complaints/c-read`, {
          headers: { authorization: `Bearer ${supervisor}` },
        }).then((r) => r.json() as Promise<{ agencyId?: string }>),
      (doc) => doc.agencyId === 'm1',
    );
  }
  mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
  // Officers, power items and delegations the matrix reads and changes, in both counties.
  for (const county of ['431103', '433124']) {
    const supervisor = await issuer.issue({ subject: `setup-officers-${county}`, role: 'county_supervisor', countyCode: county });
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${services['case-intake'].httpUrl}/api/v1/counties/${county}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
        body: JSON.stringify(body),
      });
      expect(response.status, `${path}: ${await response.text()}`).toBe(201);
    };
    for (const id of ['of-1', 'of-2', 'of-3']) await post('/officers', officerBody(id));
    for (const itemCode of ['p-1', 'p-ret', 'p-ret-g']) {
      await post('/agencies/m2/power-items', { itemCode, name: '矩阵测试事项', category: 'inspection', legalBasis: '《矩阵测试条例》' });
    }
    for (const id of ['d-1', 'd-2']) await post('/agencies/m2/delegations', delegationBody(id));
    await post('/acts', actOpening('act-1'));
  }
}, 180_000);

afterAll(async () => {
  for (const client of Object.values(clients).flatMap((c) => ('close' in (c as object) ? [c] : Object.values(c as object))) as Client[])
    client?.close();
  await Promise.all(Object.values(services).map((s) => s.stop()));
  for (const name of SERVICES)
    await mongo
      .db(env(name).MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
  await mongo.close();
});

function expectedAllowed(endpoint: Expectation, role: RoleName, which: 'own' | 'other'): boolean {
  return which === 'own' ? endpoint.own.includes(role) : (endpoint.otherToo ?? []).includes(role);
}

/**
 * The denials a service audited, read once after all requests: one query per service instead
 * of one per denial (on FerretDB every audit query reads the whole, growing log).
 */
async function deniedEntries(service: ServiceName): Promise<Record<string, unknown>[]> {
  return mongo.db(env(service).MONGO_DB).collection('audit_log').find({ outcome: 'denied' }).toArray();
}

describe('role × route × county access matrix', () => {
  it('allows and denies every HTTP route exactly as the policy says, and audits each denial', async () => {
    const mismatches: string[] = [];
    const toAudit: { service: ServiceName; correlationId: string; label: string }[] = [];
    let n = 0;
    let denials = 0;
    for (const endpoint of HTTP_ENDPOINTS) {
      for (const role of ALL_ROLES) {
        for (const which of ['own', 'other'] as const) {
          const county = ROLES[role][which];
          const { method, path, body } = endpoint.request(county, n++);
          const correlationId = `acl-${suffix}-${n}`;
          const token = tokens[role];
          const response = await fetch(`${services[endpoint.service].httpUrl}${path}`, {
            method,
            headers: {
              'x-correlation-id': correlationId,
              ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }),
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
          });
          const denied = response.status === 401 || response.status === 403;
          const expected = expectedAllowed(endpoint, role, which);
          const label = `${endpoint.service} ${endpoint.name} as ${role} (${which} county ${county}) → ${response.status}`;
          if (denied === expected) mismatches.push(`${label}: expected ${expected ? 'allowed' : 'denied'}`);
          if (!denied && response.status >= 500) mismatches.push(`${label}: server error ${await response.text()}`);
          if (denied) {
            denials++;
            expect(response.status).toBe(token ? 403 : 401);
            toAudit.push({ service: endpoint.service, correlationId, label });
          }
        }
      }
    }
    for (const service of new Set(toAudit.map((a) => a.service))) {
      const audited = new Set((await deniedEntries(service)).map((entry) => entry['correlationId']));
      for (const a of toAudit)
        if (a.service === service && !audited.has(a.correlationId)) mismatches.push(`${a.label}: denial not in the audit log`);
    }
    expect(mismatches).toEqual([]);
    console.log(`[access-matrix] HTTP: ${n} requests, ${denials} denied and audited`);
  }, 900_000);

  it('allows and denies every gRPC method exactly as the policy says, and audits each denial', async () => {
    const mismatches: string[] = [];
    const toAudit: { service: ServiceName; resource: string; subject: string; countyCode: string; label: string }[] = [];
    let n = 0;
    let denials = 0;
    for (const endpoint of GRPC_ENDPOINTS) {
      for (const role of ALL_ROLES) {
        for (const which of ['own', 'other'] as const) {
          const county = ROLES[role][which];
          let error: PlatformError | undefined;
          try {
            await endpoint.call(county, n++, tokens[role]);
          } catch (e) {
            error = e as PlatformError;
          }
          const denied = error instanceof ForbiddenError || error instanceof UnauthenticatedError;
          const expected = expectedAllowed(endpoint, role, which);
          const label = `${endpoint.service} ${endpoint.name} as ${role} (${which} county ${county}) → ${error?.code ?? 'OK'}`;
          if (denied === expected) mismatches.push(`${label}: expected ${expected ? 'allowed' : 'denied'}`);
          if (error && !denied && error.kind === 'internal') mismatches.push(`${label}: internal error`);
          if (denied) {
            denials++;
            toAudit.push({
              service: endpoint.service,
              resource: `grpc ${endpoint.name}`,
              subject: ROLES[role].token?.subject ?? 'public',
              countyCode: endpoint.auditCounty ?? county,
              label,
            });
          }
        }
      }
    }
    for (const service of new Set(toAudit.map((a) => a.service))) {
      const audited = new Set(
        (await deniedEntries(service)).map((e) => `${String(e['resource'])}|${String(e['subject'])}|${String(e['countyCode'])}`),
      );
      for (const a of toAudit) {
        if (a.service === service && !audited.has(`${a.resource}|${a.subject}|${a.countyCode}`))
          mismatches.push(`${a.label}: denial not in the audit log`);
      }
    }
    expect(mismatches).toEqual([]);
    console.log(`[access-matrix] gRPC: ${n} calls, ${denials} denied and audited`);
  }, 900_000);

  it("lets a county's supervisors read who accessed their data, and nobody else's", async () => {
    const response = await fetch(`${services['case-intake'].httpUrl}/api/v1/counties/431103/audit-log?outcome=denied&limit=200`, {
      headers: { authorization: `Bearer ${tokens.supervisor}` },
    });
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as { entries: { countyCode: string; outcome: string; role: string; source: string }[] };
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.countyCode === '431103' && e.outcome === 'denied' && e.source.length > 0)).toBe(true);
    expect(new Set(entries.map((e) => e.role))).toContain('public');
  });
});

/**
 * The web console (services/web-console): every route of its BFF × every role, each role signed
 * in with its own token (POST /api/session). The console takes no county from the request (the
 * user's own is the only one it asks the services about), so "other county" has no request to
 * make here; console-county-isolation.e2e.spec.ts shows no other county's data comes back.
 * Allowed: neither 401 nor 403 (a 404 of an id that is not there is allowed); denied: 401 or 403,
 * each one written to the console's own audit log (its refusals and those it passes on).
 */
type ConsoleRole = Exclude<RoleName, 'public'> | 'public';
const CONSOLE_CSV = 'actId,openedBy\n';
const CONSOLE_ROUTES: { name: string; method: string; path: string; body?: unknown; raw?: string; own: readonly ConsoleRole[] }[] = [
  {
    name: 'console GET /api/me',
    method: 'GET',
    path: '/api/me',
    own: ['clerk', 'supervisor', 'supervisor_expired_cert', 'task_force', 'regional_viewer', 'operator'],
  },
  {
    name: 'console GET /api/sign-in-options',
    method: 'GET',
    path: '/api/sign-in-options',
    own: ['public', 'clerk', 'supervisor', 'supervisor_expired_cert', 'task_force', 'regional_viewer', 'operator'],
  },
  {
    // Open like every service's /metrics (see the services' matrix above): operational figures only.
    name: 'console GET /metrics',
    method: 'GET',
    path: '/metrics',
    own: ['public', 'clerk', 'supervisor', 'supervisor_expired_cert', 'task_force', 'regional_viewer', 'operator'],
  },
  { name: 'console GET /api/agencies', method: 'GET', path: '/api/agencies', own: ['clerk', 'supervisor'] },
  { name: 'console GET /api/officers', method: 'GET', path: '/api/officers', own: ['clerk', 'supervisor'] },
  { name: 'console GET /api/acts', method: 'GET', path: '/api/acts', own: ['clerk', 'supervisor'] },
  { name: 'console GET /api/acts/:id', method: 'GET', path: '/api/acts/act-1', own: ['clerk', 'supervisor'] },
  { name: 'console GET /api/acts/:id/timeline', method: 'GET', path: '/api/acts/act-1/timeline', own: ['clerk', 'supervisor'] },
  {
    name: 'console POST /api/acts',
    method: 'POST',
    path: '/api/acts',
    body: { ...actOpening('console-act'), agencyId: undefined, occurredAt: '2026-11-02T09:00:00+08:00' },
    own: ['clerk'],
  },
  {
    name: 'console POST /api/acts/:id/steps',
    method: 'POST',
    path: '/api/acts/act-1/steps',
    body: { ...evidenceStep('console-ev'), occurredAt: '2026-11-02T10:00:00+08:00' },
    own: ['clerk'],
  },
  {
    name: 'console POST /api/imports',
    method: 'POST',
    path: '/api/imports?fileName=acts.csv',
    raw: CONSOLE_CSV,
    own: ['clerk', 'supervisor'],
  },
  { name: 'console GET /api/imports/:jobId', method: 'GET', path: '/api/imports/no-such-job', own: ['clerk', 'supervisor'] },
  { name: 'console GET /api/alerts', method: 'GET', path: '/api/alerts', own: ['clerk', 'supervisor'] },
  { name: 'console GET /api/alerts/:id', method: 'GET', path: '/api/alerts/no-such-alert', own: ['clerk', 'supervisor'] },
  { name: 'console GET /api/rectifications', method: 'GET', path: '/api/rectifications', own: ['clerk', 'supervisor'] },
  {
    name: 'console GET /api/rectifications/:id',
    method: 'GET',
    path: `/api/rectifications/${NO_RECTIFICATION}`,
    own: ['clerk', 'supervisor'],
  },
  {
    name: 'console POST /api/rectifications',
    method: 'POST',
    path: '/api/rectifications',
    body: {
      documentKind: 'notice',
      documentNumber: '矩阵工作台监通〔2026〕1号',
      supervisionForm: 'routine',
      agencyId: 'm1',
      findings: '矩阵测试发现的问题',
      requirements: '限期整改',
      deadlineWorkingDays: 5,
    },
    own: ['supervisor'],
  },
  {
    name: 'console POST /api/rectifications/:id/reply',
    method: 'POST',
    path: `/api/rectifications/${NO_RECTIFICATION}/reply`,
    body: { measures: ['已整改'], explanation: '' },
    own: ['clerk'],
  },
  {
    name: 'console POST /api/rectifications/:id/acceptance',
    method: 'POST',
    path: `/api/rectifications/${NO_RECTIFICATION}/acceptance`,
    body: { opinion: '整改到位' },
    own: ['supervisor'],
  },
  {
    name: 'console POST /api/rectifications/:id/return',
    method: 'POST',
    path: `/api/rectifications/${NO_RECTIFICATION}/return`,
    body: { reason: '未整改到位', newDeadlineWorkingDays: 5 },
    own: ['supervisor'],
  },
  {
    name: 'console POST /api/rectifications/:id/closure',
    method: 'POST',
    path: `/api/rectifications/${NO_RECTIFICATION}/closure`,
    body: { outcome: 'not_rectified', publicSummary: '未整改到位' },
    own: ['supervisor'],
  },
  { name: 'console GET /api/dashboard', method: 'GET', path: '/api/dashboard', own: ['supervisor'] },
  { name: 'console GET /api/reports', method: 'GET', path: '/api/reports?period=year&year=2026', own: ['clerk', 'supervisor'] },
  {
    name: 'console GET /api/reports/export.xlsx',
    method: 'GET',
    path: '/api/reports/export.xlsx?period=year&year=2026',
    own: ['clerk', 'supervisor'],
  },
  { name: 'console GET /api/region/report', method: 'GET', path: '/api/region/report?year=2026', own: ['regional_viewer'] },
  { name: 'console GET /api/case-file-reviews', method: 'GET', path: '/api/case-file-reviews', own: ['supervisor'] },
  {
    name: 'console POST /api/case-file-reviews/:id/sample-draws',
    method: 'POST',
    path: '/api/case-file-reviews/no-such-review/sample-draws',
    body: {},
    own: ['supervisor'],
  },
  { name: 'console GET /api/random-inspections', method: 'GET', path: '/api/random-inspections', own: ['supervisor'] },
  {
    name: 'console POST /api/random-inspections/:id/target-draws',
    method: 'POST',
    path: '/api/random-inspections/no-such-plan/target-draws',
    own: ['supervisor'],
  },
  {
    name: 'console POST /api/random-inspections/:id/inspector-draws',
    method: 'POST',
    path: '/api/random-inspections/no-such-plan/inspector-draws',
    own: ['supervisor'],
  },
  { name: 'console GET /api/task-force', method: 'GET', path: '/api/task-force', own: ['task_force'] },
  { name: 'console GET /api/cross-region', method: 'GET', path: '/api/cross-region', own: ['supervisor'] },
  {
    name: 'console POST /api/advice/:id/answer',
    method: 'POST',
    path: '/api/advice/no-such-advice/answer',
    body: { answer: '已整改' },
    own: ['supervisor'],
  },
  {
    name: 'console POST /api/rectifications/:id/accountability',
    method: 'POST',
    path: `/api/rectifications/${NO_RECTIFICATION}/accountability`,
    body: {
      decidedBy: '区纪委监委',
      measure: '诫勉谈话',
      persons: ['执法员甲'],
      basis: '《行政执法责任制规定》',
      decidedAt: '2026-11-20T09:00:00+08:00',
    },
    own: ['supervisor'],
  },
  // Reports as jobs with progress: started as the user's own report (a refusal of the service is the start's answer).
  {
    name: 'console POST /api/report-jobs',
    method: 'POST',
    path: '/api/report-jobs',
    body: { period: 'year', year: 2026 },
    own: ['clerk', 'supervisor', 'regional_viewer'],
  },
  {
    name: 'console GET /api/report-jobs/:id',
    method: 'GET',
    path: '/api/report-jobs/no-such-job',
    own: ['clerk', 'supervisor', 'supervisor_expired_cert', 'regional_viewer'],
  },
  {
    name: 'console GET /api/report-jobs/:id/export.xlsx',
    method: 'GET',
    path: '/api/report-jobs/no-such-job/export.xlsx',
    own: ['clerk', 'supervisor', 'supervisor_expired_cert', 'regional_viewer'],
  },
  // Joint meetings: task-force members read, a member county's supervisors act.
  { name: 'console GET /api/meetings', method: 'GET', path: '/api/meetings', own: ['supervisor', 'task_force'] },
  {
    name: 'console POST /api/meetings',
    method: 'POST',
    path: '/api/meetings',
    body: { agreementId: 'no-such-agreement', scheduledFor: '2026-12-01T09:00:00+08:00', agenda: ['矩阵议程'] },
    own: ['supervisor'],
  },
  {
    name: 'console POST /api/meetings/:id/holding',
    method: 'POST',
    path: '/api/meetings/no-such-meeting/holding',
    body: { heldAt: '2026-11-01T09:00:00+08:00', attendees: [{ countyCode: '431103', names: ['矩阵'] }], minutes: '纪要' },
    own: ['supervisor'],
  },
  {
    name: 'console POST /api/meetings/:id/decisions',
    method: 'POST',
    path: '/api/meetings/no-such-meeting/decisions',
    body: { decision: '矩阵决定' },
    own: ['supervisor'],
  },
  {
    name: 'console POST /api/meetings/:id/decisions/:id/completion',
    method: 'POST',
    path: '/api/meetings/no-such-meeting/decisions/no-such-decision/completion',
    body: { report: '已完成' },
    own: ['supervisor'],
  },
  // Read-model rebuilds: operators only (a read model no service has: 404 once allowed).
  { name: 'console GET /api/operations/projections', method: 'GET', path: '/api/operations/projections', own: ['operator'] },
  {
    name: 'console POST /api/operations/rebuilds',
    method: 'POST',
    path: '/api/operations/rebuilds',
    body: { service: 'supervision', projection: 'no.such.projection' },
    own: ['operator'],
  },
  {
    name: 'console GET /api/operations/rebuilds/:service/:id',
    method: 'GET',
    path: '/api/operations/rebuilds/supervision/no-such-job',
    own: ['operator'],
  },
  {
    name: 'console DELETE /api/session',
    method: 'DELETE',
    path: '/api/session',
    own: ['clerk', 'supervisor', 'supervisor_expired_cert', 'task_force', 'regional_viewer', 'operator'],
  },
];

describe('web console routes × role', () => {
  let webConsole: WebConsoleProcess;
  beforeAll(async () => {
    const staticDir = `${REPO_ROOT}test-results/web-console-acl-${suffix}`;
    await buildWebConsoleApp(staticDir);
    webConsole = await startWebConsole(
      {
        caseIntake: services['case-intake'].grpcAddress,
        supervision: services.supervision.grpcAddress,
        crossRegion: services['cross-region'].grpcAddress,
        publicDisclosure: services['public-disclosure'].grpcAddress,
      },
      { staticDir, env: { CONSOLE_SIGN_IN_PER_MINUTE: '1000' } },
    );
  }, 400_000);
  afterAll(async () => {
    await webConsole?.stop();
  });

  it('signs in only the roles the console serves, and allows and denies every route as each role may', async () => {
    const cookies: Partial<Record<ConsoleRole, string>> = {};
    for (const role of ALL_ROLES) {
      if (!tokens[role]) continue;
      const response = await fetch(`${webConsole.httpUrl}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: tokens[role] }),
      });
      // Every role signs in (operators to their rebuild screen only); the routes decide.
      expect(response.status, `${role} sign-in`).toBe(200);
      cookies[role] = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    }
    const mismatches: string[] = [];
    const denials: { correlationId: string; label: string }[] = [];
    let n = 0;
    // Sign-out last: it ends the session the other routes use.
    for (const route of [...CONSOLE_ROUTES.filter((r) => r.method !== 'DELETE'), ...CONSOLE_ROUTES.filter((r) => r.method === 'DELETE')]) {
      for (const role of ALL_ROLES) {
        const cookie = cookies[role];
        const correlationId = `console-acl-${suffix}-${n++}`;
        const response = await fetch(`${webConsole.httpUrl}${route.path}`, {
          method: route.method,
          headers: {
            'x-correlation-id': correlationId,
            ...(cookie ? { cookie } : {}),
            ...(route.method === 'GET' ? {} : { 'x-lesp-console': '1' }),
            ...(route.raw !== undefined
              ? { 'content-type': 'text/csv' }
              : route.body !== undefined
                ? { 'content-type': 'application/json' }
                : {}),
          },
          ...(route.raw !== undefined ? { body: route.raw } : route.body !== undefined ? { body: JSON.stringify(route.body) } : {}),
        });
        const denied = response.status === 401 || response.status === 403;
        const expected = route.own.includes(role);
        if (denied === expected || response.status >= 500) {
          mismatches.push(`${route.name} as ${role}: ${response.status} ${(await response.text()).slice(0, 200)}`);
        }
        if (denied) denials.push({ correlationId, label: `${route.name} as ${role} → ${response.status}` });
      }
    }
    // Each refusal, the console's own or one it passed on from a service, is in the console's audit log.
    const audited = new Set(
      (await mongo.db(webConsole.mongoDb).collection('audit_log').find({ outcome: 'denied' }).toArray()).map((e) => e['correlationId']),
    );
    for (const denial of denials)
      if (!audited.has(denial.correlationId)) mismatches.push(`${denial.label}: not in the console's audit log`);
    expect(denials.length).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
    // Without the console's header, a change is refused even with a session (a cross-site form cannot set it).
    const again = await fetch(`${webConsole.httpUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokens.supervisor }),
    });
    const noHeader = await fetch(`${webConsole.httpUrl}/api/rectifications/${NO_RECTIFICATION}/acceptance`, {
      method: 'POST',
      headers: { cookie: (again.headers.get('set-cookie') ?? '').split(';')[0]!, 'content-type': 'application/json' },
      body: JSON.stringify({ opinion: '跨站提交' }),
    });
    expect(noHeader.status).toBe(403);
    expect(((await noHeader.json()) as { error: { code: string } }).error.code).toBe('CONSOLE_HEADER_MISSING');
  }, 600_000);
});
