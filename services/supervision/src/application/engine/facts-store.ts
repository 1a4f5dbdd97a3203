import type { Collection } from 'mongodb';
import { streamIdOf } from '@lesp/core';
import { addToListDocument } from '@lesp/projection-runner';
import { isDuplicateKeyError } from '@lesp/event-store';
import { addCalendarDays, chinaDayOf } from '../../domain/calendar/china-day.js';
import { explanationIdOf } from '../../domain/registry/registry-deciders.js';
import type { PersonState } from '../../domain/corrections/person-decider.js';
import type { NormativeDocumentState } from '../../domain/normative-document/normative-document-decider.js';
import type { AgencyFacts, PeriodWindow } from '../../domain/rules/rule.js';
import type { ActFacts, EnterpriseFacts, FilingFacts, InspectionFacts, OfficerFacts } from '../../domain/rules/facts.js';

/**
 * What the rule engine knows (rm_supervision_facts), with its county and the last stream
 * version applied (`_v`). Every read on the per-event path is by `_id`: FerretDB v1 (SQLite)
 * serves only `_id` from an index and scans the collection for any other filter. So the ids
 * say what a document is about:
 *   act:{stream}            an act's facts              officer:{stream}   an officer's facts
 *   agency:{stream}         an agency                   explanation:{stream}  a zero-enforcement explanation
 *   quiet:{county}/{credit code}                        an enterprise's quiet days
 *   filings:{county}/{credit code}                      the enterprise's inspection filings
 *   inspections:{county}/{credit code}/{yyyy-mm}        enterprise inspections opened that month (by
 *                                                       day until a release moved them: inspection-months.ts)
 *   activity:{county}/{agency}/{yyyy-mm}                the agency opened an act in that month
 *   disclosure:{county}/{act}                           the act's decision was published
 *   normative:{stream}                                  a normative document (规范性文件) as its decider folds it
 *   person:{stream}                                     a person under community correction (社区矫正, ids only), folded likewise
 */
export type FactKind =
  | 'act'
  | 'officer'
  | 'agency'
  | 'quiet'
  | 'filings'
  | 'inspections'
  | 'activity'
  | 'explanation'
  | 'disclosure'
  | 'normative_document'
  | 'person'
  /** A mark that a layout migration is done (inspection-months.ts). */
  | 'migration';

export interface FactDocument {
  _id: string;
  _v?: number;
  countyCode: string;
  kind: FactKind;
  agencyId?: string;
  act?: ActFacts;
  officer?: OfficerFacts;
  agency?: AgencyFacts;
  filings?: FilingFacts[];
  inspections?: InspectionFacts[];
  daysOfMonth?: number[];
  period?: string;
  /** The decision's publication on the disclosure portal. */
  disclosure?: { eventId: string; occurredAt: Date };
  normativeDocument?: NormativeDocumentState;
  person?: PersonState;
}

/** Only the period-end queries (agencies and officers of a county, a few times a year) filter on other fields. */
export const FACT_INDEXES = [{ key: { countyCode: 1, kind: 1 }, name: 'county_kind' }] as const;

export const factIds = {
  act: (countyCode: string, actId: string) => `act:${streamIdOf(countyCode, 'EnforcementAct', actId)}`,
  officer: (countyCode: string, officerId: string) => `officer:${streamIdOf(countyCode, 'Officer', officerId)}`,
  explanation: (countyCode: string, agencyId: string, period: string) =>
    `explanation:${streamIdOf(countyCode, 'ZeroEnforcementExplanation', explanationIdOf(agencyId, period))}`,
  quiet: (countyCode: string, creditCode: string) => `quiet:${countyCode}/${creditCode}`,
  filings: (countyCode: string, creditCode: string) => `filings:${countyCode}/${creditCode}`,
  inspections: (countyCode: string, creditCode: string, month: string) => `inspections:${countyCode}/${creditCode}/${month}`,
  activity: (countyCode: string, agencyId: string, period: string) => `activity:${countyCode}/${agencyId}/${period}`,
  disclosure: (countyCode: string, actId: string) => `disclosure:${countyCode}/${actId}`,
};

function nextMonth(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** Where facts are read by `_id`: the collection, or a batch's facts in memory (fact-batch.ts). */
export type FactLookup = (id: string) => Promise<FactDocument | null>;

export class FactsReader {
  private readonly lookup: FactLookup;

  constructor(
    private readonly facts: Collection<FactDocument>,
    lookup?: FactLookup,
  ) {
    this.lookup = lookup ?? ((id) => facts.findOne({ _id: id }));
  }

  async byId(id: string): Promise<FactDocument | null> {
    return this.lookup(id);
  }

  async actById(countyCode: string, actId: string): Promise<ActFacts | undefined> {
    return (await this.byId(factIds.act(countyCode, actId)))?.act;
  }

  async officers(countyCode: string, officerIds: readonly string[]): Promise<Map<string, OfficerFacts>> {
    const docs = await Promise.all([...new Set(officerIds)].map((id) => this.byId(factIds.officer(countyCode, id))));
    return new Map(docs.flatMap((d) => (d?.officer ? [[d.officer.officerId, d.officer] as const] : [])));
  }

  async allOfficers(countyCode: string): Promise<OfficerFacts[]> {
    const docs = await this.facts.find({ countyCode, kind: 'officer' }).toArray();
    return docs.flatMap((d) => (d.officer ? [d.officer] : []));
  }

  /** Persons under community correction of a county (month ends of the corrections pack; the corrections report). */
  async allPersons(countyCode: string): Promise<PersonState[]> {
    const docs = await this.facts.find({ countyCode, kind: 'person' }).toArray();
    return docs.flatMap((d) => (d.person && d.countyCode === countyCode ? [d.person] : []));
  }

  async agencies(countyCode: string): Promise<AgencyFacts[]> {
    const docs = await this.facts.find({ countyCode, kind: 'agency' }).toArray();
    return docs.flatMap((d) => (d.agency ? [d.agency] : []));
  }

  /** Whether the agency opened at least one act in the period: a month marker in any of its months. */
  async hadActs(countyCode: string, agencyId: string, window: PeriodWindow): Promise<boolean> {
    for (let month = window.start.slice(0, 7); month < window.endExclusive.slice(0, 7); month = nextMonth(month)) {
      if (await this.activeInMonth(countyCode, agencyId, month)) return true;
    }
    return false;
  }

  /** Whether the agency opened an act in the month (yyyy-mm). */
  async activeInMonth(countyCode: string, agencyId: string, month: string): Promise<boolean> {
    return (await this.byId(factIds.activity(countyCode, agencyId, month))) !== null;
  }

  async explained(countyCode: string, agencyId: string, period: string): Promise<boolean> {
    return (await this.byId(factIds.explanation(countyCode, agencyId, period))) !== null;
  }

  /**
   * Filings, quiet days and the inspections of the months the `windowDays` days up to `around`
   * fall in (the rules keep those of the window): two reads for a 30-day window, where a
   * document per day cost 31, most of the rule engine's reads in a bulk import.
   */
  async enterprise(countyCode: string, creditCode: string, around: Date, windowDays: number): Promise<EnterpriseFacts> {
    const day = chinaDayOf(around);
    const months: string[] = [];
    for (
      let month = addCalendarDays(day, -Math.min(Math.max(windowDays, 0), 366)).slice(0, 7);
      month <= day.slice(0, 7);
      month = nextMonth(month)
    )
      months.push(month);
    const [filings, quiet, ...inspectionMonths] = await Promise.all([
      this.byId(factIds.filings(countyCode, creditCode)),
      this.byId(factIds.quiet(countyCode, creditCode)),
      ...months.map((month) => this.byId(factIds.inspections(countyCode, creditCode, month))),
    ]);
    return {
      filings: filings?.filings ?? [],
      quietDaysOfMonth: quiet?.daysOfMonth ?? [],
      inspections: inspectionMonths.flatMap((d) => d?.inspections ?? []),
    };
  }
}

/** The two idempotent writes of derived facts: straight to the collection, or into a batch's bulk write (fact-batch.ts). */
export interface FactSink {
  /** Inserts the document unless one with its `_id` exists. */
  insertOnce(doc: FactDocument): Promise<void>;
  /** Adds to a list document (the same element twice is kept once: redeliveries change nothing). */
  addToSet(id: string, countyCode: string, kind: FactKind, element: Partial<Record<'inspections' | 'filings', unknown>>): Promise<void>;
}

/** Each write at once, on the collection. */
export class CollectionFactSink implements FactSink {
  constructor(private readonly facts: Collection<FactDocument>) {}

  async insertOnce(doc: FactDocument): Promise<void> {
    try {
      await this.facts.updateOne({ _id: doc._id }, { $setOnInsert: doc }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async addToSet(
    id: string,
    countyCode: string,
    kind: FactKind,
    element: Partial<Record<'inspections' | 'filings', unknown>>,
  ): Promise<void> {
    await addToListDocument(this.facts, id, addToSetUpdate(countyCode, kind, element));
  }
}

export function addToSetUpdate(countyCode: string, kind: FactKind, element: Partial<Record<'inspections' | 'filings', unknown>>): never {
  return { $setOnInsert: { countyCode, kind }, $addToSet: element } as never;
}

export class FactsWriter {
  constructor(private readonly sink: FactSink) {}

  /** An act opened: its agency was active in every period containing the day; an enterprise inspection is kept by day. */
  async actOpened(countyCode: string, act: ActFacts, enterpriseInspection: boolean): Promise<void> {
    const day = chinaDayOf(act.openedAt);
    const month = day.slice(0, 7);
    await this.sink.insertOnce({
      _id: factIds.activity(countyCode, act.agencyId, month),
      countyCode,
      kind: 'activity',
      agencyId: act.agencyId,
      period: month,
    });
    if (enterpriseInspection) {
      const inspection: InspectionFacts = {
        actId: act.actId,
        agencyId: act.agencyId,
        creditCode: act.target.creditCode,
        at: act.openedAt,
        eventId: act.openingEventId,
      };
      await this.sink.addToSet(factIds.inspections(countyCode, act.target.creditCode, month), countyCode, 'inspections', {
        inspections: inspection,
      });
    }
  }

  async disclosed(countyCode: string, actId: string, meta: { eventId: string; occurredAt: Date }): Promise<void> {
    await this.sink.insertOnce({
      _id: factIds.disclosure(countyCode, actId),
      countyCode,
      kind: 'disclosure',
      disclosure: { eventId: meta.eventId, occurredAt: meta.occurredAt },
    });
  }

  async filing(countyCode: string, filing: FilingFacts): Promise<void> {
    await this.sink.addToSet(factIds.filings(countyCode, filing.creditCode), countyCode, 'filings', { filings: filing });
  }
}
