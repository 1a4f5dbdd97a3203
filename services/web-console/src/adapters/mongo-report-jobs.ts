import type { Collection, Db } from 'mongodb';
import type { ReportJob, ReportJobStore } from '../application/report-jobs.js';

type ReportJobDocument = Omit<ReportJob, 'jobId'> & { _id: string };

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Report jobs in the console's database (`console_report_jobs`), read and written by `_id`; a
 * job expires an hour after it began (checked on read, FerretDB having no TTL index; expired
 * ones are swept now and then when a job is created).
 */
export class MongoReportJobStore implements ReportJobStore {
  private readonly jobs: Collection<ReportJobDocument>;
  private lastSweep = 0;

  constructor(db: Db) {
    this.jobs = db.collection<ReportJobDocument>('console_report_jobs');
  }

  async create(job: ReportJob): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = now;
      await this.jobs.deleteMany({ expiresAt: { $lte: new Date(now) } });
    }
    const { jobId, ...rest } = job;
    await this.jobs.insertOne({ _id: jobId, ...rest });
  }

  async update(jobId: string, change: Partial<Pick<ReportJob, 'status' | 'progress' | 'view' | 'error'>>): Promise<void> {
    await this.jobs.updateOne({ _id: jobId }, { $set: change });
  }

  async get(jobId: string): Promise<ReportJob | undefined> {
    const doc = await this.jobs.findOne({ _id: jobId });
    if (!doc) return undefined;
    const { _id, ...rest } = doc;
    return { jobId: _id, ...rest };
  }
}
