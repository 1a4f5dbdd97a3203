import type { Collection, Db } from 'mongodb';
import { ensureIndexes } from '@lesp/event-store';
import { findInCounty } from '@lesp/projection-runner';
import type { TableFormat } from './table-reader.js';

export type ImportJobStatus = 'receiving' | 'running' | 'completed' | 'failed' | 'interrupted';

export interface RejectedRowEntry {
  readonly row: number;
  readonly column: string;
  readonly code: string;
  readonly reason: string;
}

/** One import job: what it read, imported, found already imported and rejected, and why. */
export interface ImportJobDocument {
  _id: string;
  countyCode: string;
  kind: 'acts';
  format: TableFormat;
  fileName: string;
  status: ImportJobStatus;
  startedBy: { userId: string; role: string; agencyId?: string };
  startedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
  bytesReceived: number;
  rowsRead: number;
  imported: number;
  alreadyImported: number;
  rejected: number;
  /** The first reasons (capped); `rejectedReasonsNotListed` counts the rest. */
  rejectedRows: RejectedRowEntry[];
  rejectedReasonsNotListed: number;
  ignoredColumns: string[];
  error?: { code: string; message: string };
}

export interface ImportProgress {
  readonly rowsRead: number;
  readonly imported: number;
  readonly alreadyImported: number;
  readonly rejected: number;
  readonly rejectedReasonsNotListed: number;
}

/**
 * The `import_jobs` collection: one document per job, updated after every batch, so progress
 * can be read while the job runs (from any replica).
 */
export class ImportJobs {
  readonly collection: Collection<ImportJobDocument>;
  private indexed?: Promise<void>;

  constructor(db: Db) {
    this.collection = db.collection<ImportJobDocument>('import_jobs');
  }

  private ready(): Promise<void> {
    this.indexed ??= ensureIndexes(this.collection, [{ key: { countyCode: 1, startedAt: -1 }, name: 'county_started' }]);
    return this.indexed;
  }

  async create(job: ImportJobDocument): Promise<void> {
    await this.ready();
    await this.collection.insertOne(job);
  }

  async get(countyCode: string, jobId: string): Promise<ImportJobDocument | null> {
    await this.ready();
    return findInCounty(this.collection, jobId, countyCode);
  }

  async update(jobId: string, set: Partial<Omit<ImportJobDocument, '_id'>>): Promise<void> {
    await this.collection.updateOne({ _id: jobId }, { $set: set });
  }

  async progress(jobId: string, progress: ImportProgress, newRejections: readonly RejectedRowEntry[], at: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: jobId },
      {
        $set: { ...progress, updatedAt: at },
        ...(newRejections.length > 0 ? { $push: { rejectedRows: { $each: [...newRejections] } } } : {}),
      },
    );
  }
}
