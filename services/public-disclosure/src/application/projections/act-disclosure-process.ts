import { actEventCodec, type ActEvent } from '@lesp/contracts';
import { assertNever, type CommandContext, type EventRecord } from '@lesp/core';
import { applyStepsPerStream, type Inbox, type Projection, type StreamSteps } from '@lesp/projection-runner';
import type { Logger } from '@lesp/service-bootstrap';
import { decisionForDisclosure } from '../../domain/decision/decision-from-act.js';
import type { DisclosureCommands } from '../disclosure-commands.js';
import type { InspectionTraces } from '../inspection-traces.js';
import { isNaturalPerson, scrubText } from '../../domain/masking.js';

/**
 * Per act, what the process needs until the decision: the id of the event that opened it (its
 * target stays in the inbox, where every consumed event is kept; this document copies no
 * personal data), its agency and category. Never read by any route.
 */
export interface DisclosureActDocument {
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  openingEventId: string;
  agencyId: string;
  category: string;
  decided: boolean;
  /** For the annual statistics (China-time years); counts only, never shown per act. */
  openedYear?: number;
  decidedYear?: number;
  closedYear?: number;
  fineFen?: number;
}

/** The year of an instant in China Standard Time. */
export function chinaYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

export interface ActDisclosureDeps {
  readonly commands: DisclosureCommands;
  readonly traces: InspectionTraces;
  readonly inbox: Pick<Inbox, 'get'>;
  readonly logger: Logger;
}

/**
 * Process manager: case intake's act events become disclosure commands. Only a decision
 * (DecisionMade) makes an entry: nothing of an act that is not decided reaches a public read
 * model. Its service (DecisionServed) may be the configured publication point; reconsideration
 * and litigation outcomes withdraw or correct the entry. Each command carries an idempotency key
 * derived from the source event, so a redelivery or a rebuild records nothing twice.
 */
export const actDisclosureProcessName = 'public-disclosure.act-disclosure-process';

export function actDisclosureProcess(deps: () => ActDisclosureDeps | undefined): Projection<DisclosureActDocument> {
  const steps: StreamSteps<DisclosureActDocument> = {
    idOf: (record) => (record.source === 'case-intake' ? record.streamId : undefined),
    async step(doc, record, id) {
      const wired = deps();
      if (!wired) throw new Error('act disclosure process: not wired yet');
      const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
      const context: CommandContext = {
        actor: { userId: 'public-disclosure', role: 'service', countyCode: record.countyCode },
        correlationId: record.correlationId,
        causationId: record.eventId,
        occurredAt: record.occurredAt,
      };
      const key = (what: string) => ({ idempotencyKey: `${what}:${record.eventId}` });
      // The event is recorded on the act's document (its version moves on), with these fields changed.
      const recorded = (fields: Partial<DisclosureActDocument> = {}): DisclosureActDocument =>
        ({ ...(doc ?? { _id: id }), ...fields }) as DisclosureActDocument;
      switch (event.type) {
        case 'ApplicationReceived':
        case 'CaseFiled': {
          const opening = event.data.opening;
          const party = opening?.target;
          if (opening && opening.category === 'inspection' && party?.enterprise && !isNaturalPerson(party)) {
            // 扫码留痕: every enterprise inspection gets its code when it is opened.
            await wired.traces.issue(
              record.countyCode,
              {
                actId: record.aggregateId,
                agencyId: opening.agencyId,
                title: scrubText(opening.title, party),
                officerIds: opening.officerIds,
                inspectedAt: opening.occurredAt ?? record.occurredAt,
                enterpriseName: party.name.trim(),
                enterpriseCreditCode: party.creditCode.trim().toUpperCase(),
              },
              context,
              key('trace'),
            );
          }
          return recorded({
            actId: record.aggregateId,
            openingEventId: record.eventId,
            agencyId: opening?.agencyId ?? '',
            category: opening?.category ?? '',
            decided: false,
            openedYear: chinaYear(opening?.occurredAt ?? record.occurredAt),
          });
        }
        case 'DecisionMade': {
          const opening = doc ? await openingOf(wired.inbox, doc.openingEventId) : undefined;
          if (!opening) {
            // The act was opened before this service consumed the topic: no entry can be made.
            wired.logger.warn({ streamId: record.streamId }, 'decision of an act whose opening this service never received: not disclosed');
          } else {
            await wired.commands.recordDecision(record.countyCode, decisionForDisclosure(opening, event.data), context, key('decision'));
          }
          return recorded({
            decided: true,
            decidedYear: chinaYear(event.data.occurredAt ?? record.occurredAt),
            fineFen: Number(event.data.fineFen) + Number(event.data.confiscationFen),
          });
        }
        case 'DecisionServed':
          if (doc?.decided)
            await wired.commands.reachPublicationPoint(record.countyCode, record.aggregateId, 'service', context, key('served'));
          return recorded();
        case 'ReconsiderationDecided':
        case 'LitigationJudged': {
          const via = event.type === 'ReconsiderationDecided' ? 'reconsideration' : 'litigation';
          const body = event.type === 'ReconsiderationDecided' ? event.data.body : event.data.court;
          if (doc?.decided) {
            await wired.commands.recordReviewOutcome(
              record.countyCode,
              record.aggregateId,
              { via, body, outcome: event.data.outcome, at: event.data.occurredAt ?? record.occurredAt },
              context,
              key('review'),
            );
          }
          return recorded();
        }
        case 'ActClosed':
          return recorded({ closedYear: chinaYear(event.data.occurredAt ?? record.occurredAt) });
        case 'ApplicationDecidedOnAcceptance':
          // An application not accepted (不予受理) ends there: it is concluded that year.
          return event.data.accepted ? recorded() : recorded({ closedYear: chinaYear(event.data.occurredAt ?? record.occurredAt) });
        case 'EvidenceCollected':
        case 'HearingNoticed':
        case 'HearingHeld':
        case 'LegalReviewCompleted':
          // Steps on the way: the act is not closed by them (they once set closedYear, counting open acts as closed).
          return recorded();
        case 'ExecutionRecorded':
        case 'CourtEnforcementApplied':
        case 'ActArchived':
        case 'MajorPenaltyFiled':
        case 'CriminalReferralMade':
          // Internal steps: nothing of them is disclosed, and the document does not record them.
          return doc;
        default:
          return assertNever(event, 'act event');
      }
    },
  };
  return {
    name: actDisclosureProcessName,
    readModel: 'rm_disclosure_acts',
    indexes: [
      { key: { countyCode: 1, openedYear: 1 }, name: 'county_opened_year' },
      { key: { countyCode: 1, decidedYear: 1 }, name: 'county_decided_year' },
      { key: { countyCode: 1, closedYear: 1 }, name: 'county_closed_year' },
    ],
    handles: (eventType) => actEventCodec.handles(eventType),
    apply: (record, target) => applyStepsPerStream([record], target, steps),
    // An act's events touch only its own document and aggregates (its disclosure, its trace): acts go side by side.
    applyBatch: (records, target) => applyStepsPerStream(records, target, steps),
  };
}

async function openingOf(inbox: Pick<Inbox, 'get'>, eventId: string) {
  const record: EventRecord | undefined = await inbox.get(eventId);
  if (!record) return undefined;
  const event: ActEvent = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  return event.type === 'CaseFiled' || event.type === 'ApplicationReceived' ? event.data.opening : undefined;
}
