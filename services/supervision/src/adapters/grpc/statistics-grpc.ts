import { statisticsV1 } from '@lesp/contracts';
import { ValidationError } from '@lesp/core';
import { unary, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import type { ReportRequest, StatisticsQueries } from '../../application/statistics/statistics-queries.js';
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
  };
  return { definition: statisticsV1.StatisticsServiceService, implementation };
}
