import { assertAllowed, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, idFromIdempotencyKey, NotFoundError, ValidationError, type CommandContext } from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore } from '@lesp/event-store';
import { findInCounty, type ProjectionRunner } from '@lesp/projection-runner';
import {
  defaultScheme,
  disclosureFigure,
  evaluationDecider,
  litigationCounts,
  trainingFigure,
  yearFigures,
  type AlertFact,
  type EvaluationCommand,
  type EvaluationEvent,
  type EvaluationInput,
  type EvaluationScheme,
  type EvaluationState,
  type RectificationFact,
  type SupervisorScore,
} from '../../domain/evaluation/index.js';
import { handleOptions, type CommandOptions, type CommandOutcome } from '../aggregates.js';
import { alertsProjection, type AlertDocument } from '../projections/alerts.js';
import { supervisedAgenciesProjection, type SupervisedAgencyDocument } from '../projections/supervised-agencies.js';
import type { RectificationDocument } from '../rectification/rectifications-projection.js';
import { actSummariesProjection, summaryOf, type ActSummaryDocument } from '../statistics/act-summaries-projection.js';
import type { StatisticsQueries } from '../statistics/statistics-queries.js';
import { FactsReader, type FactDocument } from '../engine/facts-store.js';
import type { SettingsAt } from '../../domain/rules/engine.js';
import { agencyEvaluationCodec } from './evaluation-codec.js';

/** Stream `${county}/AgencyEvaluation/${id}`; the id follows from agency and year (one evaluation each). */
export const AGENCY_EVALUATION_AGGREGATE = 'AgencyEvaluation';
export const RECTIFICATIONS_READ_MODEL = 'supervision.rectifications';

export const agencyEvaluationAggregate: AggregateType<EvaluationCommand, EvaluationEvent, EvaluationState> = {
  source: 'supervision',
  aggregateType: AGENCY_EVALUATION_AGGREGATE,
  decider: evaluationDecider,
  codec: agencyEvaluationCodec,
};

export const evaluationIdOf = (countyCode: string, agencyId: string, year: number) =>
  idFromIdempotencyKey(countyCode, `agency-evaluation:${agencyId}:${year}`);

/** What supervisors give; the figures of the year are computed here. */
export interface EvaluationScores {
  readonly supervisorScores: readonly SupervisorScore[];
  readonly lostLawsuits: number;
  readonly headAbsentFromCourt: number;
  readonly vetoes: readonly { readonly code: string; readonly reason: string }[];
}

/**
 * Yearly evaluation of agencies (评议考核). The figures of the agency's year are computed as of
 * the command's time from what supervision keeps — the agency's annual statistics (acts, case-file
 * reviews, random inspections), its rectifications and its alerts — and recorded in the event with
 * the scheme and the supervisors' scores, so a published grade can always be traced back.
 */
export class EvaluationCommands {
  private readonly handler: CommandHandler<EvaluationCommand, EvaluationEvent, EvaluationState>;

  constructor(
    store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly statistics: StatisticsQueries,
    /** The county's rule settings (the yearly training hours the training figure counts against). */
    private readonly settingsAt: (countyCode: string) => Promise<SettingsAt>,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.handler = new CommandHandler(store, agencyEvaluationAggregate);
  }

  async record(
    principal: Principal,
    countyCode: string,
    input: EvaluationScores & { readonly agencyId: string; readonly year: number; readonly scheme?: EvaluationScheme },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    assertIdentifier(input.agencyId, 'agencyId');
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) {
      throw ValidationError.of('year', 'YEAR_RANGE', '考核年度应为 2000 到 2100 之间的整数');
    }
    await this.requireAgency(countyCode, input.agencyId);
    const evaluationId = evaluationIdOf(countyCode, input.agencyId, input.year);
    const evaluationInput = await this.inputOf(principal, countyCode, input.agencyId, input.year, input, context.occurredAt);
    return this.run(
      countyCode,
      evaluationId,
      {
        type: 'RecordEvaluation',
        data: {
          evaluationId,
          scheme: input.scheme ?? defaultScheme(input.year),
          input: evaluationInput,
          evaluatedBy: context.actor.userId,
          evaluatedAt: context.occurredAt,
        },
      },
      context,
      options,
    );
  }

  async revise(
    principal: Principal,
    countyCode: string,
    evaluationId: string,
    input: EvaluationScores & { readonly reason: string },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    assertIdentifier(evaluationId, 'evaluationId');
    const { state } = await this.handler.load(countyCode, evaluationId);
    if (state.status === 'none') throw new NotFoundError('EVALUATION_NOT_FOUND', `评议考核 ${evaluationId} 不存在`);
    const { agencyId, year } = state.result;
    const evaluationInput = await this.inputOf(principal, countyCode, agencyId, year, input, context.occurredAt);
    return this.run(
      countyCode,
      evaluationId,
      {
        type: 'ReviseEvaluation',
        data: {
          evaluationId,
          input: evaluationInput,
          reason: input.reason,
          revisedBy: context.actor.userId,
          revisedAt: context.occurredAt,
        },
      },
      context,
      options,
    );
  }

  async publish(
    principal: Principal,
    countyCode: string,
    evaluationId: string,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    assertIdentifier(evaluationId, 'evaluationId');
    return this.run(
      countyCode,
      evaluationId,
      { type: 'PublishEvaluation', data: { evaluationId, publishedBy: context.actor.userId, publishedAt: context.occurredAt } },
      context,
      options,
    );
  }

  private allow(principal: Principal, countyCode: string): void {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'supervision.evaluation.manage', { countyCodes: [countyCode] }, this.clock());
  }

  private async requireAgency(countyCode: string, agencyId: string): Promise<void> {
    const agencies = await this.projections.collection<SupervisedAgencyDocument>(supervisedAgenciesProjection.name);
    if (!(await findInCounty(agencies, `${countyCode}/Agency/${agencyId}`, countyCode))) {
      throw new NotFoundError('AGENCY_NOT_FOUND', `agencyId：执法主体 ${agencyId} 不存在`);
    }
  }

  /** The agency's figures of the year as of `asOf`, with what the supervisors gave. */
  private async inputOf(
    principal: Principal,
    countyCode: string,
    agencyId: string,
    year: number,
    scores: EvaluationScores,
    asOf: Date,
  ): Promise<EvaluationInput> {
    const report = await this.statistics.agency(principal, countyCode, agencyId, { period: { kind: 'year', year }, asOf });
    const [rectifications, alerts, summaries, officers, settingsAt] = await Promise.all([
      this.rectifications(countyCode, agencyId),
      this.alerts(countyCode, agencyId),
      this.summaries(countyCode, agencyId),
      this.officers(countyCode),
      this.settingsAt(countyCode),
    ]);
    const litigation = litigationCounts(summaries, agencyId, year, asOf);
    const trainingHours = settingsAt(`${year}-12-31`).params['trainingHoursPerYear'] ?? 40;
    return {
      countyCode,
      agencyId,
      year,
      figures: {
        ...yearFigures(report, rectifications, alerts, asOf),
        disclosureOnTimeRate: disclosureFigure(summaries, alerts, agencyId, year, asOf),
        trainingCompletionRate: trainingFigure(officers, agencyId, year, trainingHours),
      },
      supervisorScores: scores.supervisorScores.map((s) => ({ ...s })),
      // Judgments recorded on the platform, or what the supervisors count when more were not recorded.
      lostLawsuits: Math.max(scores.lostLawsuits, litigation.lostLawsuits),
      headAbsentFromCourt: Math.max(scores.headAbsentFromCourt, litigation.headAbsentFromCourt),
      vetoes: scores.vetoes.map((v) => ({ ...v })),
    };
  }

  /** The agency's act summaries (lawsuits, decisions; a scan on FerretDB: county and agency filter). */
  private async summaries(countyCode: string, agencyId: string) {
    const collection = await this.projections.collection<ActSummaryDocument>(actSummariesProjection.name);
    const summaries = [];
    for await (const doc of collection.find({ countyCode, agencyId })) if (doc.countyCode === countyCode) summaries.push(summaryOf(doc));
    return summaries;
  }

  /** The county's officers as the rule engine keeps them (certificates, training hours per year). */
  private async officers(countyCode: string) {
    return new FactsReader(await this.projections.collection<FactDocument>('supervision.rule-engine')).allOfficers(countyCode);
  }

  /** The agency's rectifications (a scan on FerretDB: county and agency filter). */
  private async rectifications(countyCode: string, agencyId: string): Promise<RectificationFact[]> {
    const collection = await this.projections.collection<RectificationDocument>(RECTIFICATIONS_READ_MODEL);
    const facts: RectificationFact[] = [];
    for await (const doc of collection.find({ countyCode, agencyId })) {
      if (doc.countyCode !== countyCode || doc.agencyId !== agencyId) continue;
      facts.push({
        issuedAt: doc.issuedAt,
        deadline: doc.deadline,
        ...(doc.repliedAt ? { repliedAt: doc.repliedAt } : {}),
        repliedLate: doc.repliedLate,
      });
    }
    return facts;
  }

  private async alerts(countyCode: string, agencyId: string): Promise<AlertFact[]> {
    const collection = await this.projections.collection<AlertDocument>(alertsProjection.name);
    const facts: AlertFact[] = [];
    const fields = { countyCode: 1, agencyId: 1, raisedAt: 1, status: 1, ruleId: 1, subjectId: 1, level: 1 };
    for await (const doc of collection.find({ countyCode, agencyId }, { projection: fields })) {
      if (doc.countyCode !== countyCode || doc.agencyId !== agencyId) continue;
      facts.push({ raisedAt: doc.raisedAt, status: doc.status, ruleId: doc.ruleId, subjectId: doc.subjectId, level: doc.level });
    }
    return facts;
  }

  private async run(
    countyCode: string,
    evaluationId: string,
    command: EvaluationCommand,
    context: CommandContext,
    options: CommandOptions,
  ) {
    const handled = await this.handler.handle(countyCode, evaluationId, command, context, handleOptions(options));
    if (handled.records.length > 0 && !handled.replayed) this.afterAppend();
    return {
      aggregateId: evaluationId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }
}
