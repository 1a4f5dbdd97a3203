import { supervisionV1 } from '@lesp/contracts';
import { actorOf, commandContext, unary, type GrpcDeps, type GrpcServiceRegistration, optionsOfMeta } from '@lesp/service-bootstrap';
import type { Principal } from '@lesp/auth';
import { ValidationError } from '@lesp/core';
import type { AlertView } from '../../application/alerts/alert-queries.js';
import type { RuleEngineQueries } from '../../application/supervision-api.js';
import type { SupervisedAgencyQueries } from '../../application/supervised-agency-queries.js';
import { NATIONAL_SCOPE } from '../../domain/calendar/calendar-decider.js';
import type { EngineParts } from '../../engine-module.js';
import { accepted, county } from './command-grpc.js';

export interface SupervisionGrpcDeps extends GrpcDeps {
  readonly queries: SupervisedAgencyQueries;
  readonly engine: EngineParts;
  readonly ruleQueries: RuleEngineQueries;
  readonly clock: () => Date;
}

export function alertMessage(view: AlertView): supervisionV1.Alert {
  return { ...view, evidenceEventIds: [...view.evidenceEventIds], dueAt: view.dueAt, raisedAt: view.raisedAt };
}

export function supervisionGrpcService(deps: SupervisionGrpcDeps): GrpcServiceRegistration {
  const { engine } = deps;
  const context = (principal: Principal, countyCode: string, correlationId: string) =>
    commandContext(actorOf(principal, countyCode), correlationId, deps.clock());
  const implementation: supervisionV1.SupervisionServiceServer = {
    listSupervisedAgencies: unary(
      'ListSupervisedAgencies',
      deps,
      { permission: 'supervision.agency.list', target: (req) => ({ countyCodes: [req.countyCode] }) },
      async (req: supervisionV1.ListSupervisedAgenciesRequest, call) => {
        const page = await deps.queries.list(call.principal, req.countyCode, {
          limit: req.page?.limit ?? 0,
          cursor: req.page?.cursor ?? '',
        });
        return { agencies: [...page.items], page: { nextCursor: page.nextCursor } };
      },
    ),
    listAlerts: unary(
      'ListAlerts',
      deps,
      { permission: 'supervision.alert.list', target: county },
      async (req: supervisionV1.ListAlertsRequest, call) => {
        const page = await engine.alertQueries.list(
          call.principal,
          req.countyCode,
          {
            ...(req.agencyId ? { agencyId: req.agencyId } : {}),
            ...(req.ruleId ? { ruleId: req.ruleId } : {}),
            ...(req.level ? { level: req.level } : {}),
            ...(req.status ? { status: req.status } : {}),
          },
          { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' },
        );
        return { alerts: page.items.map(alertMessage), page: { nextCursor: page.nextCursor } };
      },
    ),
    getAlert: unary(
      'GetAlert',
      deps,
      { permission: 'supervision.alert.read', target: county },
      async (req: supervisionV1.GetAlertRequest, call) =>
        alertMessage(await engine.alertQueries.get(call.principal, req.countyCode, req.alertId)),
    ),
    acknowledgeAlert: unary(
      'AcknowledgeAlert',
      deps,
      { permission: 'supervision.alert.acknowledge', target: county },
      async (req: supervisionV1.AcknowledgeAlertRequest, call) =>
        accepted(
          await engine.alerts.acknowledge(
            call.principal,
            req.countyCode,
            req.alertId,
            req.note,
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    dismissAlert: unary(
      'DismissAlert',
      deps,
      { permission: 'supervision.alert.dismiss', target: county },
      async (req: supervisionV1.DismissAlertRequest, call) =>
        accepted(
          await engine.alerts.dismiss(
            call.principal,
            req.countyCode,
            req.alertId,
            req.reason,
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    listRules: unary('ListRules', deps, { permission: 'supervision.rule.read', target: county }, async () => deps.ruleQueries.rules()),
    getRuleSettings: unary(
      'GetRuleSettings',
      deps,
      { permission: 'supervision.rule.read', target: county },
      async (req: supervisionV1.GetRuleSettingsRequest, call) => {
        const settings = await deps.ruleQueries.settings(call.principal, req.countyCode);
        return { ...settings, settings: settings.settings.map((s) => ({ ...s, parameters: [...s.parameters] })) };
      },
    ),
    configureRulePack: unary(
      'ConfigureRulePack',
      deps,
      { permission: 'supervision.rule.configure', target: county },
      async (req: supervisionV1.ConfigureRulePackRequest, call) =>
        accepted(
          await engine.settings.configure(
            req.countyCode,
            { packId: req.packId, enabled: req.enabled, effectiveFrom: req.effectiveFrom, parameters: req.parameters },
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    getWorkingCalendar: unary(
      'GetWorkingCalendar',
      deps,
      { permission: 'supervision.calendar.read', target: county },
      async (req: supervisionV1.GetWorkingCalendarRequest, call) => {
        const year = deps.ruleQueries.calendarYear(call.principal, req.year);
        return { year: year.year, holidays: [...year.holidays], workdays: [...year.workdays], source: year.source, version: year.version };
      },
    ),
    replaceWorkingCalendar: unary(
      'ReplaceWorkingCalendar',
      deps,
      { permission: 'supervision.calendar.change', target: county },
      async (req: supervisionV1.ReplaceWorkingCalendarRequest, call) =>
        accepted(
          await engine.calendar.replace(
            { year: req.year, holidays: req.holidays, workdays: req.workdays, source: req.source, reason: req.reason },
            context(call.principal, NATIONAL_SCOPE, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    fileInspection: unary(
      'FileInspection',
      deps,
      { permission: 'supervision.inspection.file', target: (req) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId }) },
      async (req: supervisionV1.FileInspectionRequest, call) => {
        if (!req.plannedFrom || !req.plannedTo) {
          throw ValidationError.of(req.plannedFrom ? 'plannedTo' : 'plannedFrom', 'FIELD_REQUIRED', '须填写计划检查的起止时间');
        }
        return accepted(
          await engine.registry.fileInspection(
            call.principal,
            req.countyCode,
            {
              agencyId: req.agencyId,
              enterpriseCreditCode: req.enterpriseCreditCode,
              enterpriseName: req.enterpriseName,
              plannedFrom: req.plannedFrom,
              plannedTo: req.plannedTo,
              purpose: req.purpose,
            },
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        );
      },
    ),
    setEnterpriseQuietDays: unary(
      'SetEnterpriseQuietDays',
      deps,
      { permission: 'supervision.quiet_days.set', target: county },
      async (req: supervisionV1.SetEnterpriseQuietDaysRequest, call) =>
        accepted(
          await engine.registry.setQuietDays(
            req.countyCode,
            {
              enterpriseCreditCode: req.enterpriseCreditCode,
              enterpriseName: req.enterpriseName,
              daysOfMonth: req.daysOfMonth,
              reason: req.reason,
            },
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    explainZeroEnforcement: unary(
      'ExplainZeroEnforcement',
      deps,
      { permission: 'supervision.zero_enforcement.explain', target: (req) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId }) },
      async (req: supervisionV1.ExplainZeroEnforcementRequest, call) =>
        accepted(
          await engine.registry.explainZeroEnforcement(
            call.principal,
            req.countyCode,
            { agencyId: req.agencyId, period: req.period, explanation: req.explanation },
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
  };
  return { definition: supervisionV1.SupervisionServiceService, implementation };
}
