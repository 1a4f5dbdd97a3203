import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@lesp/auth';
import { rectificationEventCodec } from '@lesp/contracts';
import { ConflictError, ForbiddenError, ValidationError, newId, streamIdOf, type CommandContext, type EventRecord } from '@lesp/core';
import { MongoEventStore, readAllEvents } from '@lesp/event-store';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import type { Collection } from 'mongodb';
import { chineseDaysYears } from '../../src/adapters/calendar/chinese-days-seed.js';
import { AlertCommands } from '../../src/application/alerts/alert-commands.js';
import { caseFileReviewCodec } from '../../src/application/case-file-review/review-codec.js';
import { reviewReferralsProjection } from '../../src/application/rectification/review-referrals.js';
import { RectificationCommands, type IssueInput } from '../../src/application/rectification/rectification-commands.js';
import { RectificationQueries } from '../../src/application/rectification/rectification-queries.js';
import { RectificationTimers } from '../../src/application/rectification/rectification-timers.js';
import { rectificationsProjection, type RectificationDocument } from '../../src/application/rectification/rectifications-projection.js';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';

/**
 * Rectification wired over real MongoDB (FerretDB): alert grounds looked up in the Alert
 * streams, deadlines in working days of the official calendar, the read model fed from the
 * stored events (and fed again: nothing changes), the deadline timer set, moved, cancelled,
 * and fired once by two replicas racing for it, escalating an overdue notice.
 */
const COUNTY = '431103';
const cst = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const user = (subject: string, role: Principal['role'], agencyId?: string): Principal => ({
  kind: 'user',
  subject,
  issuer: 'test',
  role,
  countyCode: COUNTY,
  ...(agencyId ? { agencyId } : {}),
  ...(role === 'county_supervisor' ? { supervisionCertificate: { number: '湘监督001', validUntil: new Date('2030-01-01') } } : {}),
});
const supervisor = user('sup-1', 'county_supervisor');
const clerk = user('clerk-scjgj', 'agency_clerk', 'scjgj');
const otherClerk = user('clerk-zrzyj', 'agency_clerk', 'zrzyj');

describe('rectification (MongoDB)', () => {
  let test: TestDatabase;
  let store: MongoEventStore;
  let now = cst('2026-09-29');
  let commands: RectificationCommands;
  let queries: RectificationQueries;
  let timers: RectificationTimers;
  let readModel: Collection<RectificationDocument>;
  let calendar: WorkingDayCalendar;
  const projection = rectificationsProjection(() => timers);
  const context = (): CommandContext => ({
    actor: { userId: 'test', role: 'county_supervisor', countyCode: COUNTY },
    correlationId: 'c',
    causationId: 'c',
    occurredAt: now,
  });

  /** Feeds every stored rectification event of the county to the projection (again: redelivery). */
  async function project(): Promise<void> {
    for await (const record of readAllEvents(store, { countyCode: COUNTY })) {
      if (rectificationEventCodec.handles(record.eventType)) await projection.apply(record, readModel);
    }
  }

  const issueInput = (alertIds: string[], extra: Partial<IssueInput> = {}): IssueInput => ({
    documentKind: 'notice',
    documentNumber: '冷司监通〔2026〕3号',
    supervisionForm: 'routine',
    agencyId: 'scjgj',
    grounds: alertIds.map((alertId) => ({ kind: 'alert', alertId })),
    findings: '处罚决定未按期公示',
    requirements: '限期公示并建立公示台账',
    deadline: { workingDays: 5 },
    copiedTo: [{ name: '冷水滩区人民政府', relation: '本级人民政府' }],
    ...extra,
  });

  async function violationCodes(promise: Promise<unknown>): Promise<string[]> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).violations.map((v) => v.code);
  }

  beforeAll(async () => {
    test = await createTestDatabase('rectification');
    store = new MongoEventStore(test.db);
    await store.ensureIndexes();
    timers = new RectificationTimers(test.db);
    await timers.ensureIndexes();
    readModel = test.db.collection<RectificationDocument>('rm_rectifications');
    calendar = new WorkingDayCalendar(chineseDaysYears().map((y) => ({ ...y, version: 1 })));
    const clock = () => now;
    commands = new RectificationCommands(
      store,
      () => calendar,
      () => {},
      clock,
    );
    const runner = { collection: async () => readModel } as unknown as ProjectionRunner;
    queries = new RectificationQueries(runner, projection, clock);
    const alerts = new AlertCommands(store, () => {}, clock);
    const raised = (alertId: string, agencyId: string) => ({
      alertId,
      ruleId: 'decision-not-disclosed',
      ruleVersion: 1,
      packId: 'standard',
      kind: 'deadline',
      level: 'red',
      agencyId,
      subjectType: 'act',
      subjectId: `act-${alertId}`,
      evidenceEventIds: [],
      title: '处罚决定未按期公示',
      message: '期限 2026-09-20',
      dueAt: undefined,
    });
    await alerts.raise(COUNTY, raised('al-scjgj', 'scjgj'), context(), 'k1');
    await alerts.raise(COUNTY, raised('al-scjgj-2', 'scjgj'), context(), 'k2');
    await alerts.raise(COUNTY, raised('al-zrzyj', 'zrzyj'), context(), 'k3');
    await alerts.raise(COUNTY, raised('al-dismissed', 'scjgj'), context(), 'k4');
    await alerts.dismiss(supervisor, COUNTY, 'al-dismissed', '误报', context());
  });
  afterAll(async () => test.drop());

  it('refuses grounds that are unknown, dismissed or of another agency, each named by field', async () => {
    expect(await violationCodes(commands.issue(supervisor, COUNTY, issueInput(['al-nothing']), context()))).toEqual(['ALERT_NOT_FOUND']);
    expect(await violationCodes(commands.issue(supervisor, COUNTY, issueInput(['al-dismissed']), context()))).toEqual(['ALERT_DISMISSED']);
    expect(await violationCodes(commands.issue(supervisor, COUNTY, issueInput(['al-zrzyj']), context()))).toEqual([
      'GROUND_OF_ANOTHER_AGENCY',
    ]);
    expect(await violationCodes(commands.issue(supervisor, COUNTY, issueInput(['al-scjgj'], { deadline: {} }), context()))).toEqual([
      'DEADLINE_REQUIRED',
    ]);
    expect(
      await violationCodes(
        commands.issue(supervisor, COUNTY, issueInput([], { grounds: [{ kind: 'case_file_problem', description: 'x' }] }), context()),
      ),
    ).toEqual(['GROUND_KIND_UNKNOWN']);
  });

  it('issues with a deadline in working days across the National Day holiday; the timer escalates it once, however many replicas race', async () => {
    const issued = await commands.issue(supervisor, COUNTY, issueInput(['al-scjgj'], { rectificationId: 'rf-1' }), context());
    expect(issued).toMatchObject({ aggregateId: 'rf-1', version: 1 });
    await project();
    // Tuesday 29 September + 5 working days: 30 Sep, (1–7 Oct off), 8, 9, 10 (调休 Saturday), 12 October.
    const deadline = new Date('2026-10-12T23:59:59.999+08:00');
    expect(await queries.get(supervisor, COUNTY, 'rf-1')).toMatchObject({
      status: 'awaiting_reply',
      overdue: false,
      agencyId: 'scjgj',
      deadline,
      grounds: [{ kind: 'alert', alertId: 'al-scjgj', description: '' }],
      copiedTo: [{ name: '冷水滩区人民政府', relation: '本级人民政府' }],
      issuedBy: 'sup-1',
      version: 1,
    });
    expect(await timers.get(COUNTY, 'rf-1', deadline)).toMatchObject({ nextAt: new Date(deadline.getTime() + 1), firedStage: -1 });

    // On the last day nothing fires; just after it, two replicas race and one escalation is recorded.
    const runnerA = timers.runner({
      owner: 'a',
      clock: () => now,
      pollMs: 1000,
      fire: fire,
      onError: (e) => {
        throw e;
      },
    });
    const runnerB = timers.runner({
      owner: 'b',
      clock: () => now,
      pollMs: 1000,
      fire: fire,
      onError: (e) => {
        throw e;
      },
    });
    async function fire(timer: { countyCode: string; rectificationId: string; dueAt: Date; _id: string }) {
      await commands
        .escalate(
          timer.countyCode,
          timer.rectificationId,
          await queries.copiedTo(timer.countyCode, timer.rectificationId),
          context(),
          `t:${timer._id}:${timer.dueAt.getTime()}`,
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConflictError)) throw error;
        });
    }
    now = cst('2026-10-12', 23);
    expect(await runnerA.tick()).toBe(0);
    now = cst('2026-10-13', 9);
    const fired = await Promise.all([runnerA.tick(), runnerB.tick(), runnerA.tick()]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    await project();
    const escalated = await queries.get(supervisor, COUNTY, 'rf-1');
    expect(escalated).toMatchObject({ status: 'awaiting_reply', overdue: true, escalationLevel: 1, version: 2 });
    expect(await timers.get(COUNTY, 'rf-1', deadline)).toBeNull();
    const overdue = await queries.list(supervisor, COUNTY, { overdueOnly: true }, {});
    expect(overdue.items.map((r) => r.rectificationId)).toEqual(['rf-1']);
    // Fed again, the same events change nothing.
    await project();
    expect((await queries.get(supervisor, COUNTY, 'rf-1')).version).toBe(2);

    // Only the addressed agency's clerk replies (late, after the deadline): then accepted and closed with accountability.
    await expect(
      commands.reply(otherClerk, COUNTY, 'rf-1', { agencyId: 'zrzyj', measures: ['x'], explanation: '' }, context()),
    ).rejects.toMatchObject({ code: 'RECTIFICATION_ADDRESSED_ELSEWHERE' });
    await expect(
      commands.reply(otherClerk, COUNTY, 'rf-1', { agencyId: 'scjgj', measures: ['x'], explanation: '' }, context()),
    ).rejects.toBeInstanceOf(ForbiddenError);
    now = cst('2026-10-14');
    await commands.reply(
      clerk,
      COUNTY,
      'rf-1',
      { agencyId: 'scjgj', measures: ['已在门户网站公示', '建立公示台账'], explanation: '' },
      context(),
    );
    now = cst('2026-10-15');
    await commands.accept(supervisor, COUNTY, 'rf-1', '整改到位', context());
    await commands.close(
      supervisor,
      COUNTY,
      'rf-1',
      {
        outcome: 'rectified',
        publicSummary: '已完成整改并公示',
        accountability: { decidedBy: '区司法局', measure: '批评教育', persons: ['o-1'], basis: '《行政执法责任制规定》', decidedAt: now },
      },
      context(),
    );
    await project();
    expect(await queries.get(clerk, COUNTY, 'rf-1')).toMatchObject({
      status: 'closed',
      overdue: false,
      repliedLate: true,
      measures: ['已在门户网站公示', '建立公示台账'],
      lastOpinion: '整改到位',
      outcome: 'rectified',
      accountabilityRecorded: true,
    });
    await expect(queries.get(otherClerk, COUNTY, 'rf-1')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('a reply cancels the timer; a return sets it to the new deadline; a clerk lists only their own agency', async () => {
    now = cst('2026-11-02');
    await commands.issue(
      supervisor,
      COUNTY,
      issueInput(['al-scjgj-2'], { rectificationId: 'rf-2', deadline: { deadline: cst('2026-11-20', 18) } }),
      context(),
    );
    await project();
    expect(await timers.get(COUNTY, 'rf-2', cst('2026-11-20', 18))).toMatchObject({ dueAt: cst('2026-11-20', 18) });
    await commands.reply(clerk, COUNTY, 'rf-2', { agencyId: 'scjgj', measures: ['已公示'], explanation: '附公示截图' }, context());
    await project();
    expect(await timers.get(COUNTY, 'rf-2', cst('2026-11-20', 18))).toBeNull();
    now = cst('2026-11-05');
    await commands.return(supervisor, COUNTY, 'rf-2', { reason: '公示内容不完整', newDeadline: { workingDays: 3 } }, context());
    await project();
    // Thursday 5 November + 3 working days: Friday 6, Monday 9, Tuesday 10.
    const newDeadline = new Date('2026-11-10T23:59:59.999+08:00');
    expect(await timers.get(COUNTY, 'rf-2', newDeadline)).toMatchObject({ dueAt: newDeadline, firedStage: -1 });
    expect(await timers.get(COUNTY, 'rf-2', cst('2026-11-20', 18))).toBeNull();
    expect(await queries.get(supervisor, COUNTY, 'rf-2')).toMatchObject({
      status: 'awaiting_reply',
      returns: 1,
      deadline: newDeadline,
      lastOpinion: '公示内容不完整',
    });
    const ownList = await queries.list(clerk, COUNTY, { agencyId: 'zrzyj' }, {});
    expect(ownList.items.map((r) => r.rectificationId).sort()).toEqual(['rf-1', 'rf-2']);
    expect((await queries.list(otherClerk, COUNTY, {}, {})).items).toEqual([]);
    expect((await queries.list(supervisor, COUNTY, { status: 'awaiting_reply' }, {})).items.map((r) => r.rectificationId)).toEqual([
      'rf-2',
    ]);
  });

  it('turns case-file review problems referred for rectification into the notice the referral names, once', async () => {
    const referrals = reviewReferralsProjection(() => ({ commands, calendar: () => calendar }));
    const referralsModel = test.db.collection('rm_rectification_referrals');
    const referral = (version: number, agencyId: string, rectificationId: string, problemAgency = agencyId): EventRecord => {
      const encoded = caseFileReviewCodec.encode({
        type: 'CaseFileReviewProblemsReferred',
        data: {
          reviewId: 'cfr-1',
          agencyId,
          rectificationId,
          problems: [
            { problemId: 'f-1#1', fileId: 'f-1', agencyId: problemAgency, itemCode: 'documents', description: '缺少送达回证' },
            { problemId: 'f-2#1', fileId: 'f-2', agencyId, itemCode: 'discretion', description: '未说明裁量理由' },
          ],
          referredAt: cst('2026-12-01'),
        },
      });
      return {
        ...encoded,
        eventId: newId(),
        source: 'supervision',
        countyCode: COUNTY,
        aggregateType: 'CaseFileReview',
        aggregateId: 'cfr-1',
        streamId: streamIdOf(COUNTY, 'CaseFileReview', 'cfr-1'),
        version,
        occurredAt: cst('2026-12-01'),
        recordedAt: cst('2026-12-01'),
        actor: { userId: 'sup-reviewer', role: 'county_supervisor', countyCode: COUNTY },
        correlationId: 'c',
        causationId: 'c',
        previousHash: '',
        hash: '',
      };
    };
    const first = referral(5, 'scjgj', 'rf-review-1');
    await referrals.apply(first, referralsModel as never);
    await referrals.apply(first, referralsModel as never);
    await referrals.apply({ ...first, eventId: newId(), version: 6 }, referralsModel as never);
    const { state, version } = await commands.load(COUNTY, 'rf-review-1');
    expect(version).toBe(1);
    // Tuesday 1 December + 15 working days: 22 December.
    expect(state).toMatchObject({ status: 'awaiting_reply', agencyId: 'scjgj', deadline: new Date('2026-12-22T23:59:59.999+08:00') });
    await project();
    expect(await queries.get(supervisor, COUNTY, 'rf-review-1')).toMatchObject({
      documentKind: 'notice',
      issuedBy: 'sup-reviewer',
      grounds: [
        { kind: 'case_file_problem', reviewId: 'cfr-1', problemId: 'f-1#1', description: '缺少送达回证' },
        { kind: 'case_file_problem', reviewId: 'cfr-1', problemId: 'f-2#1', description: '未说明裁量理由' },
      ],
    });
    // A problem of another agency cannot ground a notice to this one: refused, nothing issued.
    const mixed = referral(7, 'scjgj', 'rf-review-2', 'zrzyj');
    await expect(referrals.apply(mixed, referralsModel as never)).rejects.toBeInstanceOf(ValidationError);
    expect((await commands.load(COUNTY, 'rf-review-2')).version).toBe(0);
  });
});
