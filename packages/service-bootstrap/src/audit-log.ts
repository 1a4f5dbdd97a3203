import type { Collection, Db } from 'mongodb';
import { newId } from '@lesp/core';
import { ensureIndexes } from '@lesp/event-store';
import { readModelPage, type Page, type PageQuery } from '@lesp/projection-runner';

/** One access to non-public data: who, in which role and county, what, when, from where, and the outcome. */
export interface AuditEntry {
  readonly at: Date;
  readonly service: string;
  readonly subject: string;
  readonly role: string;
  readonly actorCountyCode: string;
  /** The county that owns the data; its supervisors read these entries. */
  readonly countyCode: string;
  readonly permission: string;
  readonly action: 'read' | 'change';
  /** Route or gRPC method, e.g. "GET /api/v1/counties/:countyCode/agencies". */
  readonly resource: string;
  readonly outcome: 'allowed' | 'denied';
  readonly reason: string;
  /** Client address as the edge saw it. */
  readonly source: string;
  readonly correlationId: string;
}

interface AuditDocument extends AuditEntry {
  _id: string;
}

/** Append-only: this class has no update or delete, and nothing else writes the collection. */
export class AuditLog {
  private readonly entries: Collection<AuditDocument>;

  constructor(db: Db) {
    this.entries = db.collection<AuditDocument>('audit_log');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.entries, [{ key: { countyCode: 1, _id: 1 }, name: 'owner_order' }]);
  }

  async record(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // uuidv7 ids sort by time: paging by _id is paging by time.
    await this.entries.insertMany(entries.map((entry) => ({ ...entry, _id: newId() })));
  }

  async list(ownerCountyCode: string, page: PageQuery, outcome?: 'allowed' | 'denied'): Promise<Page<AuditEntry & { id: string }>> {
    const result = await readModelPage(this.entries, { countyCode: ownerCountyCode, ...(outcome ? { outcome } : {}) }, page);
    return { items: result.items.map(({ _id, ...entry }) => ({ ...entry, id: _id })), nextCursor: result.nextCursor };
  }
}
