import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@lesp/auth';
import { newId, type CommandContext } from '@lesp/core';
import { MongoEventStore } from '@lesp/event-store';
import { ProjectionRunner } from '@lesp/projection-runner';
import { AuditLog } from '@lesp/service-bootstrap';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { CoordinationCommands } from '../src/application/coordination-commands.js';
import { CoordinationQueries } from '../src/application/coordination-queries.js';
import { Consultations, consultationsProjection } from '../src/application/consultations.js';
import {
  adviceProjection,
  agreementsProjection,
  incidentsProjection,
  meetingAgendasProjection,
  meetingsProjection,
} from '../src/application/projections/coordination-projections.js';
import { RecordReader } from '../src/application/record-reader.js';

/**
 * Read-your-writes on the real database with read models that never catch up (no consumer runs
 * here): a client that has just created an agreement, incident, advice or meeting reads it by id
 * and acts on it at once, each record folded from its own stream.
 */
const HUAYUAN = '433124';
const XIUSHAN = '500241';
let database: TestDatabase;
let commands: CoordinationCommands;
let queries: CoordinationQueries;
let consultations: Consultations;

const supervisor = (countyCode: string): Principal => ({
  kind: 'user',
  subject: `sup-${countyCode}`,
  issuer: 'test',
  role: 'county_supervisor',
  countyCode,
  supervisionCertificate: { number: `监-${countyCode}`, validUntil: new Date('2099-01-01T00:00:00Z') },
});
const context = (countyCode: string): CommandContext => ({
  actor: { userId: `sup-${countyCode}`, role: 'county_supervisor', countyCode },
  correlationId: newId(),
  causationId: newId(),
  occurredAt: new Date(),
});
const read = { resource: 'test', source: 'test', correlationId: 'c' };

beforeAll(async () => {
  database = await createTestDatabase('xr_read_your_writes');
  const store = new MongoEventStore(database.db);
  await store.ensureIndexes();
  const projections = new ProjectionRunner(database.db, [
    agreementsProjection,
    incidentsProjection,
    adviceProjection,
    meetingsProjection,
    meetingAgendasProjection,
    consultationsProjection,
  ]);
  await projections.init();
  const reader = new RecordReader(store, projections, database.db);
  commands = new CoordinationCommands(store, projections, reader);
  const audit = new AuditLog(database.db);
  await audit.ensureIndexes();
  queries = new CoordinationQueries(projections, reader, audit);
  consultations = new Consultations(store, projections, reader, commands);
});
afterAll(async () => {
  await database?.drop();
});

describe('a record just created, before its read model has it', () => {
  it('is read by id and acted on at once: agreement, meeting, incident, advice, consultation', async () => {
    const proposed = await commands.proposeAgreement(
      supervisor(XIUSHAN),
      XIUSHAN,
      {
        name: '花垣—秀山联合监督协议',
        members: [XIUSHAN, HUAYUAN],
        hostOrder: [XIUSHAN, HUAYUAN],
        fields: ['生态环境'],
        sharedData: [],
        rulePacks: [],
        effectiveFrom: new Date('2026-01-01T00:00:00+08:00'),
      },
      context(XIUSHAN),
    );
    const agreementId = proposed.aggregateId;
    expect(await queries.agreement(supervisor(HUAYUAN), HUAYUAN, agreementId)).toMatchObject({ agreementId, status: 'proposed' });
    for (const county of [XIUSHAN, HUAYUAN]) await commands.signAgreement(supervisor(county), county, agreementId, context(county));
    expect((await queries.agreement(supervisor(XIUSHAN), XIUSHAN, agreementId)).status).toBe('in_force');

    const meeting = await commands.scheduleMeeting(
      supervisor(HUAYUAN),
      HUAYUAN,
      agreementId,
      { scheduledFor: new Date('2026-06-01T09:00:00+08:00'), agenda: ['汛期尾矿库'] },
      context(HUAYUAN),
    );
    expect(await queries.meeting(supervisor(XIUSHAN), XIUSHAN, meeting.aggregateId)).toMatchObject({
      status: 'scheduled',
      agendaAdvice: [],
    });

    const incident = await commands.reportIncident(
      supervisor(HUAYUAN),
      HUAYUAN,
      agreementId,
      { locationCounty: XIUSHAN, title: '尾矿库泄漏', description: '下游锰超标', occurredAt: new Date('2026-05-03T08:00:00+08:00') },
      context(HUAYUAN),
    );
    expect(await queries.incident(supervisor(XIUSHAN), XIUSHAN, incident.aggregateId, read)).toMatchObject({
      status: 'reported',
      version: 1,
    });

    const advice = await commands.sendAdvice(
      supervisor(XIUSHAN),
      XIUSHAN,
      agreementId,
      {
        toCounty: HUAYUAN,
        incidentId: incident.aggregateId,
        subject: '加密监测',
        content: '请加密下游断面监测',
        dueAt: new Date(Date.now() + 86_400_000),
      },
      context(XIUSHAN),
    );
    expect(await queries.advice(supervisor(HUAYUAN), HUAYUAN, advice.aggregateId)).toMatchObject({
      status: 'sent',
      awaitingMeeting: false,
    });
    await commands.answerAdvice(supervisor(HUAYUAN), HUAYUAN, advice.aggregateId, '已加密监测', context(HUAYUAN));
    expect((await queries.advice(supervisor(XIUSHAN), XIUSHAN, advice.aggregateId)).status).toBe('answered');

    const consultation = await consultations.request(
      supervisor(XIUSHAN),
      XIUSHAN,
      agreementId,
      {
        kind: 'consultation',
        subject: '界河管辖',
        incidentId: '',
        parties: [XIUSHAN, HUAYUAN],
        affectedParties: [],
        scheduledFor: new Date(),
      },
      context(XIUSHAN),
    );
    expect(await consultations.get(supervisor(HUAYUAN), HUAYUAN, consultation.aggregateId)).toMatchObject({ status: 'requested' });
    await consultations.recordOutcome(
      supervisor(HUAYUAN),
      HUAYUAN,
      consultation.aggregateId,
      { heldAt: new Date(), participants: ['花垣代表'], outcome: 'agreed', summary: '由秀山管辖' },
      context(HUAYUAN),
    );
    expect((await consultations.get(supervisor(XIUSHAN), XIUSHAN, consultation.aggregateId)).outcome).toBe('agreed');

    // The read models indeed never saw any of it.
    expect(await (await database.db.collection('rm_agreements__1')).countDocuments()).toBe(0);
  });

  it('is still not found when it does not exist', async () => {
    await expect(queries.advice(supervisor(HUAYUAN), HUAYUAN, 'no-such-advice')).rejects.toMatchObject({ code: 'ADVICE_NOT_FOUND' });
  });
});
