import { publicDisclosureV1 } from '@lesp/contracts';
import { actorOf, commandContext, optionsOfMeta, unary, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import type { PublicAgencyQueries } from '../../application/public-agency-queries.js';
import type { PublicStatisticsQueries } from '../../application/public-statistics-queries.js';
import type { PublicSupervisionQueries } from '../../application/public-supervision-queries.js';
import type { PublicDecisionQueries, PublicDecisionView } from '../../application/public-decision-queries.js';
import type { DisclosureCommands, CommandResult } from '../../application/disclosure-commands.js';
import type { DisclosureQueries, DisclosureView } from '../../application/disclosure-queries.js';
import type { PublicDigestQueries } from '../../application/public-digest-queries.js';

/** Every method public: what it answers is only what the public read models hold. */
export function publicDisclosureGrpcService(
  deps: GrpcDeps & {
    queries: PublicAgencyQueries;
    decisions: PublicDecisionQueries;
    statistics: PublicStatisticsQueries;
    supervision: PublicSupervisionQueries;
    digests: PublicDigestQueries;
  },
): GrpcServiceRegistration {
  const open = { permission: 'public.read' } as const;
  const implementation: publicDisclosureV1.PublicDisclosureServiceServer = {
    listPublicAgencies: unary('ListPublicAgencies', deps, open, async (req: publicDisclosureV1.ListPublicAgenciesRequest) => {
      const page = await deps.queries.list(req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
      return { agencies: [...page.items], page: { nextCursor: page.nextCursor } };
    }),
    searchPublicDecisions: unary('SearchPublicDecisions', deps, open, async (req: publicDisclosureV1.SearchPublicDecisionsRequest) => {
      const page = await deps.decisions.search(req.countyCode, {
        ...(req.agencyId ? { agencyId: req.agencyId } : {}),
        ...(req.category ? { category: req.category } : {}),
        ...(req.decidedFrom ? { decidedFrom: req.decidedFrom } : {}),
        ...(req.decidedTo ? { decidedTo: req.decidedTo } : {}),
        ...(req.keyword ? { keyword: req.keyword } : {}),
        limit: req.page?.limit ?? 0,
        ...(req.page?.cursor ? { cursor: req.page.cursor } : {}),
      });
      return { decisions: page.items.map(decisionMessage), page: { nextCursor: page.nextCursor } };
    }),
    getPublicDecision: unary('GetPublicDecision', deps, open, async (req: publicDisclosureV1.GetPublicDecisionRequest) =>
      decisionMessage(await deps.decisions.get(req.countyCode, req.actId)),
    ),
    getAgencyDisclosure: unary('GetAgencyDisclosure', deps, open, async (req: publicDisclosureV1.GetAgencyDisclosureRequest) => {
      const items = await deps.queries.sevenItems(req.countyCode, req.agencyId, (id) => deps.decisions.countForAgency(req.countyCode, id));
      return {
        agency: items.agency,
        legalBasis: items.legalBasis,
        powers: [...items.powers],
        procedures: items.procedures.map((p) => ({ category: p.category, categoryName: p.categoryName, steps: [...p.steps] })),
        officers: items.officers.map((o) => ({ ...o, certificateValidUntil: o.certificateValidUntil })),
        rightsOfParties: [...items.rightsOfParties],
        publishedDecisions: items.publishedDecisions,
        remedies: [...items.remedies],
      };
    }),
    listPublicOfficers: unary('ListPublicOfficers', deps, open, async (req: publicDisclosureV1.ListPublicOfficersRequest) => {
      const page = await deps.queries.officers(req.countyCode, req.agencyId, {
        limit: req.page?.limit ?? 0,
        cursor: req.page?.cursor ?? '',
      });
      return {
        officers: page.items.map((o) => ({ ...o, certificateValidUntil: o.certificateValidUntil })),
        page: { nextCursor: page.nextCursor },
      };
    }),
    getAnnualStatistics: unary('GetAnnualStatistics', deps, open, async (req: publicDisclosureV1.GetAnnualStatisticsRequest) => {
      const s = await deps.statistics.annual(req.countyCode, req.year);
      return {
        countyCode: s.countyCode,
        year: s.year,
        agencies: s.agencies.map((a) => ({
          agencyId: a.agencyId,
          agencyName: a.agencyName,
          categories: a.categories.map((c) => ({ ...c })),
        })),
        totals: s.totals.map((c) => ({ ...c })),
      };
    }),
    listPublicInspections: unary('ListPublicInspections', deps, open, async (req: publicDisclosureV1.ListPublicInspectionsRequest) => {
      const page = await deps.supervision.inspections(req.countyCode, req.year === 0 ? undefined : req.year, {
        limit: req.page?.limit ?? 0,
        cursor: req.page?.cursor ?? '',
      });
      return {
        inspections: page.items.map((i) => ({
          planId: i.planId,
          countyCode: i.countyCode,
          title: i.title,
          year: i.year,
          leadAgencyId: i.leadAgencyId,
          agencyIds: [...i.agencyIds],
          crossAgency: i.crossAgency,
          matters: [...i.matters],
          publishedAt: i.publishedAt,
          results: i.results.map((r) => ({
            targetId: r.targetId,
            name: r.name,
            kind: r.kind,
            outcome: r.outcome,
            inspectedAt: r.inspectedAt,
          })),
          resultsPublishedAt: i.resultsPublishedAt,
        })),
        page: { nextCursor: page.nextCursor },
      };
    }),
    listPublicRectifications: unary(
      'ListPublicRectifications',
      deps,
      open,
      async (req: publicDisclosureV1.ListPublicRectificationsRequest) => {
        const page = await deps.supervision.rectifications(req.countyCode, req.agencyId, {
          limit: req.page?.limit ?? 0,
          cursor: req.page?.cursor ?? '',
        });
        return {
          rectifications: page.items.map((r) => ({
            rectificationId: r.rectificationId,
            agencyId: r.agencyId,
            documentKind: r.documentKind,
            documentNumber: r.documentNumber,
            outcome: r.outcome,
            publicSummary: r.publicSummary,
            accountabilityRecorded: r.accountabilityRecorded,
            closedAt: r.closedAt,
          })),
          page: { nextCursor: page.nextCursor },
        };
      },
    ),
    listPublicEvaluations: unary('ListPublicEvaluations', deps, open, async (req: publicDisclosureV1.ListPublicEvaluationsRequest) => {
      const page = await deps.supervision.evaluations(req.countyCode, req.year === 0 ? undefined : req.year, {
        limit: req.page?.limit ?? 0,
        cursor: req.page?.cursor ?? '',
      });
      return {
        evaluations: page.items.map((e) => ({
          ...e,
          indicators: e.indicators.map((i) => ({
            code: i.code,
            name: i.name,
            weight: i.weight,
            ...(i.centipoints === null ? {} : { centipoints: i.centipoints }),
          })),
          gradeReasons: [...e.gradeReasons],
          publishedAt: e.publishedAt,
        })),
        page: { nextCursor: page.nextCursor },
      };
    }),
    listPublicCaseFileReviews: unary(
      'ListPublicCaseFileReviews',
      deps,
      open,
      async (req: publicDisclosureV1.ListPublicCaseFileReviewsRequest) => {
        const page = await deps.supervision.caseFileReviews(req.countyCode, {
          limit: req.page?.limit ?? 0,
          cursor: req.page?.cursor ?? '',
        });
        return {
          caseFileReviews: page.items.map(({ summary: s, ...r }) => ({
            ...r,
            ...s,
            byCategory: s.byCategory.map((c) => ({ ...c })),
            byAgency: s.byAgency.map((a) => ({ ...a })),
            problemsByItem: s.problemsByItem.map((p) => ({ ...p })),
            periodFrom: r.periodFrom,
            periodTo: r.periodTo,
            publishedAt: r.publishedAt,
          })),
          page: { nextCursor: page.nextCursor },
        };
      },
    ),
    listDailyDigests: unary('ListDailyDigests', deps, open, async (req: publicDisclosureV1.ListDailyDigestsRequest) => {
      const page = await deps.digests.list(req.countyCode, {
        ...(req.fromDay ? { fromDay: req.fromDay } : {}),
        ...(req.toDay ? { toDay: req.toDay } : {}),
        ...(req.service ? { service: req.service } : {}),
        limit: req.page?.limit ?? 0,
        ...(req.page?.cursor ? { cursor: req.page.cursor } : {}),
      });
      return {
        digests: page.items.map((d) => ({ ...d, coversFrom: d.coversFrom, coversTo: d.coversTo, sealedAt: d.sealedAt })),
        page: { nextCursor: page.nextCursor },
      };
    }),
  };
  return { definition: publicDisclosureV1.PublicDisclosureServiceService, implementation };
}

/** The owning agency's reviewer (保密审查), and supervisors reading the county's entries. */
export function disclosureReviewGrpcService(
  deps: GrpcDeps & { commands: DisclosureCommands; disclosures: DisclosureQueries },
): GrpcServiceRegistration {
  const review = {
    permission: 'disclosure.review',
    target: (req: { countyCode: string; agencyId: string }) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId }),
  } as const;
  const accepted = (result: CommandResult) => ({
    aggregateId: result.aggregateId,
    version: result.version,
    eventIds: [...result.eventIds],
  });
  const implementation: publicDisclosureV1.DisclosureReviewServiceServer = {
    listDisclosures: unary(
      'ListDisclosures',
      deps,
      {
        permission: 'disclosure.read',
        target: (req: publicDisclosureV1.ListDisclosuresRequest) => ({
          countyCodes: [req.countyCode],
          ...(req.agencyId ? { agencyId: req.agencyId } : {}),
        }),
      },
      async (req: publicDisclosureV1.ListDisclosuresRequest, call) => {
        const page = await deps.disclosures.list(
          call.principal,
          req.countyCode,
          { ...(req.agencyId ? { agencyId: req.agencyId } : {}), ...(req.status ? { status: req.status } : {}) },
          { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' },
        );
        return { disclosures: page.items.map(disclosureMessage), page: { nextCursor: page.nextCursor } };
      },
    ),
    approveDisclosure: unary('ApproveDisclosure', deps, review, async (req: publicDisclosureV1.ApproveDisclosureRequest, call) =>
      accepted(
        await deps.commands.approve(
          req.countyCode,
          req.actId,
          req.agencyId,
          commandContext(actorOf(call.principal, req.countyCode), call.correlationId, new Date()),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    refuseDisclosure: unary('RefuseDisclosure', deps, review, async (req: publicDisclosureV1.RefuseDisclosureRequest, call) =>
      accepted(
        await deps.commands.refuse(
          req.countyCode,
          req.actId,
          req.agencyId,
          req.reason,
          commandContext(actorOf(call.principal, req.countyCode), call.correlationId, new Date()),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    withdrawDecision: unary('WithdrawDecision', deps, review, async (req: publicDisclosureV1.WithdrawDecisionRequest, call) =>
      accepted(
        await deps.commands.withdraw(
          req.countyCode,
          req.actId,
          req.agencyId,
          req.reason,
          commandContext(actorOf(call.principal, req.countyCode), call.correlationId, new Date()),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
  };
  return { definition: publicDisclosureV1.DisclosureReviewServiceService, implementation };
}

/** A published decision as gRPC answers it: its fields listed, so nothing else of the view travels. */
export function decisionMessage(view: PublicDecisionView): publicDisclosureV1.PublicDecision {
  return {
    actId: view.actId,
    countyCode: view.countyCode,
    agencyId: view.agencyId,
    agencyName: view.agencyName,
    category: view.category,
    caseNumber: view.caseNumber,
    title: view.title,
    target: { ...view.target },
    decisionNumber: view.decisionNumber,
    outcome: view.outcome,
    legalBasis: view.legalBasis,
    content: view.content,
    fineFen: view.fineFen,
    confiscationFen: view.confiscationFen,
    decidedAt: view.decidedAt,
    publishedAt: view.publishedAt,
    status: view.status,
    correctionNote: view.correctionNote,
    correctedAt: view.correctedAt,
  };
}

function disclosureMessage(view: DisclosureView): publicDisclosureV1.Disclosure {
  return {
    decision: {
      actId: view.actId,
      countyCode: '',
      agencyId: view.agencyId,
      agencyName: '',
      category: view.category,
      caseNumber: view.caseNumber,
      title: view.title,
      target: { ...view.target },
      decisionNumber: view.decisionNumber,
      outcome: view.outcome,
      legalBasis: view.legalBasis,
      content: view.content,
      fineFen: view.fineFen,
      confiscationFen: view.confiscationFen,
      decidedAt: view.decidedAt,
      publishedAt: view.publishedAt,
      status: view.status,
      correctionNote: view.correctionNote,
      correctedAt: undefined,
    },
    status: view.status,
    dueAt: undefined,
    refusalReason: view.refusalReason,
    withdrawalReason: view.withdrawalReason,
    withdrawalCause: view.withdrawalCause,
    version: view.version,
  };
}
