import { statisticsV1 } from '@lesp/contracts';
import { ValidationError } from '@lesp/core';
import { serverStreaming, unary, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import {
  REPORT_STAGES,
  type ProgressListener,
  type ReportProgress,
  type ReportRequest,
  type StatisticsQueries,
} from '../../application/statistics/statistics-queries.js';
import type { StatisticsReport } from '../../domain/statistics/index.js';
import { statisticsView, type FigureView } from '../../reports/statistics-view.js';

export interface StatisticsGrpcDeps extends GrpcDeps {
  readonly queries: StatisticsQueries;
}

function requestOf(period: statisticsV1.StatisticsPeriod | undefined, asOf: Date | undefined, name = ''): ReportRequest {
  if (!period) throw ValidationError.of('period', 'FIELD_REQUIRED', '须填写统计周期（月报、半年报或年报）');
  return {
    period: {
      kind: period.kind,
      year: period.year,
      ...(period.month ? { month: period.month } : {}),
      ...(period.half ? { half: period.half } : {}),
    },
    ...(asOf ? { asOf } : {}),
    ...(name ? { name } : {}),
  };
}

const figure = (f: FigureView): statisticsV1.StatisticsFigure => ({
  key: f.key,
  label: f.label,
  text: f.text,
  ...(f.value === null ? {} : { value: f.value }),
  unit: f.unit,
});

/** The JSON view of the report (sections, figures with text and number, sentences, per-unit figures). */
export function statisticsMessage(report: StatisticsReport): statisticsV1.StatisticsView {
  const view = statisticsView(report);
  return {
    ...view,
    sentences: [...view.sentences],
    sections: view.sections.map((s) => ({ title: s.title, figures: s.figures.map(figure) })),
    units: view.units.map((u) => ({ unitId: u.unitId, name: u.name, figures: u.figures.map(figure) })),
  };
}

/** At most one progress message per this many ms (a stage change always goes out). */
const PROGRESS_INTERVAL_MS = 250;

/**
 * A report computed with progress: its listener's news sent as StatisticsProgress (one message
 * per stage change, at most one per PROGRESS_INTERVAL_MS in between), then the view as "done".
 */
async function watched(
  send: (message: statisticsV1.StatisticsProgress) => Promise<void>,
  compute: (progress: ProgressListener) => Promise<StatisticsReport>,
): Promise<void> {
  const stageCount = REPORT_STAGES.length + 1;
  const message = (p: ReportProgress): statisticsV1.StatisticsProgress => ({
    stage: p.stage,
    stageNumber: REPORT_STAGES.indexOf(p.stage) + 1,
    stageCount,
    recordsRead: p.recordsRead,
    recordsEstimate: p.recordsEstimate,
    view: undefined,
  });
  // The listener is called synchronously from the reads; sends are chained so they go out in order.
  // News held back by the interval is sent before the next stage's, so each stage ends with its last count.
  let sending = Promise.resolve();
  let last: { stage: string; at: number } | undefined;
  let held: ReportProgress | undefined;
  const enqueue = (p: ReportProgress) => (sending = sending.then(() => send(message(p))));
  const report = await compute((p) => {
    const now = Date.now();
    if (last && last.stage === p.stage && now - last.at < PROGRESS_INTERVAL_MS) {
      held = p;
      return;
    }
    if (held && held.stage !== p.stage) enqueue(held);
    held = undefined;
    last = { stage: p.stage, at: now };
    enqueue(p);
  });
  if (held) enqueue(held);
  await sending;
  await send({ stage: 'done', stageNumber: stageCount, stageCount, recordsRead: 0, recordsEstimate: 0, view: statisticsMessage(report) });
}

/** StatisticsService over gRPC: the reports as their JSON view (XLSX and the printable page are REST's). */
export function statisticsGrpcService(deps: StatisticsGrpcDeps): GrpcServiceRegistration {
  const { queries } = deps;
  const implementation: statisticsV1.StatisticsServiceServer = {
    getCountyStatistics: unary(
      'GetCountyStatistics',
      deps,
      { permission: 'supervision.statistics.county', target: (req) => ({ countyCodes: [req.countyCode] }) },
      async (req: statisticsV1.GetCountyStatisticsRequest, call) =>
        statisticsMessage(await queries.county(call.principal, req.countyCode, requestOf(req.period, req.asOf, req.name))),
    ),
    getAgencyStatistics: unary(
      'GetAgencyStatistics',
      deps,
      { permission: 'supervision.statistics.agency', target: (req) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId }) },
      async (req: statisticsV1.GetAgencyStatisticsRequest, call) =>
        statisticsMessage(await queries.agency(call.principal, req.countyCode, req.agencyId, requestOf(req.period, req.asOf))),
    ),
    getCityStatistics: unary(
      'GetCityStatistics',
      deps,
      {
        permission: 'supervision.statistics.city',
        target: (req) => ({ countyCodes: [`${req.regionCode}00`, ...req.countyCodes] }),
      },
      async (req: statisticsV1.GetCityStatisticsRequest, call) =>
        statisticsMessage(await queries.city(call.principal, req.regionCode, req.countyCodes, requestOf(req.period, req.asOf, req.name))),
    ),
    watchCountyStatistics: serverStreaming(
      'WatchCountyStatistics',
      deps,
      { permission: 'supervision.statistics.county', target: (req) => ({ countyCodes: [req.countyCode] }) },
      async (req: statisticsV1.WatchCountyStatisticsRequest, send, call) =>
        watched(send, (progress) => queries.county(call.principal, req.countyCode, requestOf(req.period, req.asOf, req.name), progress)),
    ),
    watchAgencyStatistics: serverStreaming(
      'WatchAgencyStatistics',
      deps,
      { permission: 'supervision.statistics.agency', target: (req) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId }) },
      async (req: statisticsV1.WatchAgencyStatisticsRequest, send, call) =>
        watched(send, (progress) =>
          queries.agency(call.principal, req.countyCode, req.agencyId, requestOf(req.period, req.asOf), progress),
        ),
    ),
    watchCityStatistics: serverStreaming(
      'WatchCityStatistics',
      deps,
      {
        permission: 'supervision.statistics.city',
        target: (req) => ({ countyCodes: [`${req.regionCode}00`, ...req.countyCodes] }),
      },
      async (req: statisticsV1.WatchCityStatisticsRequest, send, call) =>
        watched(send, (progress) =>
          queries.city(call.principal, req.regionCode, req.countyCodes, requestOf(req.period, req.asOf, req.name), progress),
        ),
    ),
  };
  return { definition: statisticsV1.StatisticsServiceService, implementation };
}
