import type { Collection } from 'mongodb';
import type { AgencyFacts } from '../../domain/rules/rule.js';
import type { ActFacts, EnterpriseFacts, FilingFacts, InspectionFacts, OfficerFacts } from '../../domain/rules/facts.js';

/**
 * What the rule engine knows (rm_supervision_facts): one document per act, officer, agency,
 * inspection filing, enterprise quiet-day setting and zero-enforcement explanation, each
 * with its county and the last stream version applied (`_v`). Fields the engine queries by
 * are lifted to the top level and indexed.
 */
export type FactKind = 'act' | 'officer' | 'agency' | 'filing' | 'quiet' | 'explanation';

export interface FactDocument {
  _id: string;
  _v: number;
  countyCode: string;
  kind: FactKind;
  agencyId?: string;
  officerId?: string;
  actId?: string;
  openedAt?: Date;
  /** Enterprise inspections (acts), filings and quiet days. */
  creditCode?: string;
  period?: string;
  act?: ActFacts;
  officer?: OfficerFacts;
  agency?: AgencyFacts;
  filing?: FilingFacts;
  daysOfMonth?: number[];
}

export const FACT_INDEXES = [
  { key: { countyCode: 1, kind: 1, agencyId: 1, openedAt: 1 }, name: 'county_kind_agency_opened' },
  { key: { countyCode: 1, kind: 1, creditCode: 1, openedAt: 1 }, name: 'county_kind_credit_opened' },
  { key: { countyCode: 1, kind: 1, officerId: 1 }, name: 'county_kind_officer' },
  { key: { countyCode: 1, kind: 1, actId: 1 }, name: 'county_kind_act' },
] as const;

const DAY_MS = 86_400_000;
/** The widest window a rule looks back over for one enterprise (the window parameter's maximum). */
const ENTERPRISE_LOOKBACK_DAYS = 366;

export class FactsReader {
  constructor(private readonly facts: Collection<FactDocument>) {}

  async act(streamId: string): Promise<FactDocument | null> {
    return this.facts.findOne({ _id: `act:${streamId}` });
  }

  async actById(countyCode: string, actId: string): Promise<ActFacts | undefined> {
    const doc = await this.facts.findOne({ countyCode, kind: 'act', actId });
    return doc?.act;
  }

  async officers(countyCode: string, officerIds: readonly string[]): Promise<Map<string, OfficerFacts>> {
    if (officerIds.length === 0) return new Map();
    const docs = await this.facts.find({ countyCode, kind: 'officer', officerId: { $in: [...officerIds] } }).toArray();
    return new Map(docs.flatMap((d) => (d.officer ? [[d.officer.officerId, d.officer] as const] : [])));
  }

  async allOfficers(countyCode: string): Promise<OfficerFacts[]> {
    const docs = await this.facts.find({ countyCode, kind: 'officer' }).toArray();
    return docs.flatMap((d) => (d.officer ? [d.officer] : []));
  }

  async agencies(countyCode: string): Promise<AgencyFacts[]> {
    const docs = await this.facts.find({ countyCode, kind: 'agency' }).toArray();
    return docs.flatMap((d) => (d.agency ? [d.agency] : []));
  }

  /** Whether the agency opened at least one act in [from, to). */
  async hadActs(countyCode: string, agencyId: string, from: Date, to: Date): Promise<boolean> {
    const doc = await this.facts.findOne({ countyCode, kind: 'act', agencyId, openedAt: { $gte: from, $lt: to } });
    return doc !== null;
  }

  async explainedAgencies(countyCode: string, period: string): Promise<Set<string>> {
    const docs = await this.facts.find({ countyCode, kind: 'explanation', period }).toArray();
    return new Set(docs.flatMap((d) => (d.agencyId ? [d.agencyId] : [])));
  }

  async enterprise(countyCode: string, creditCode: string, around: Date): Promise<EnterpriseFacts> {
    const [filings, quiet, inspections] = await Promise.all([
      this.facts.find({ countyCode, kind: 'filing', creditCode }).toArray(),
      this.facts.findOne({ _id: `quiet:${countyCode}/${creditCode}` }),
      this.facts
        .find({
          countyCode,
          kind: 'act',
          creditCode,
          openedAt: { $gte: new Date(around.getTime() - ENTERPRISE_LOOKBACK_DAYS * DAY_MS), $lte: around },
        })
        .toArray(),
    ]);
    return {
      filings: filings.flatMap((d) => (d.filing ? [d.filing] : [])),
      quietDaysOfMonth: quiet?.daysOfMonth ?? [],
      inspections: inspections.flatMap((d): InspectionFacts[] =>
        d.act ? [{ actId: d.act.actId, agencyId: d.act.agencyId, creditCode, at: d.act.openedAt, eventId: d.act.openingEventId }] : [],
      ),
    };
  }
}
