/**
 * A client of case intake's import API, for the start command and the benchmark: uploads a
 * CSV/XLSX file as a stream and follows the job until it ends.
 */
import { openAsBlob } from 'node:fs';

export interface ImportJobView {
  readonly jobId: string;
  readonly status: string;
  readonly rowsRead: number;
  readonly imported: number;
  readonly alreadyImported: number;
  readonly rejected: number;
  readonly rejectedRows: readonly { row: number; column: string; code: string; reason: string }[];
  readonly error?: { code: string; message: string };
}

const CONTENT_TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** Starts an import of a file (streamed from disk); returns the job as the service answered (202). */
export async function startImport(
  baseUrl: string,
  countyCode: string,
  token: string,
  path: string,
  format: 'csv' | 'xlsx' = 'csv',
): Promise<ImportJobView> {
  const response = await fetch(`${baseUrl}/api/v1/counties/${countyCode}/imports/acts?format=${format}`, {
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPES[format], authorization: `Bearer ${token}` },
    body: await openAsBlob(path),
  });
  const body = (await response.json()) as ImportJobView & { error?: { code: string; message: string } };
  if (response.status !== 202) throw new Error(`import refused: ${response.status} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`);
  return body;
}

export async function getImportJob(baseUrl: string, countyCode: string, token: string, jobId: string): Promise<ImportJobView> {
  const response = await fetch(`${baseUrl}/api/v1/counties/${countyCode}/imports/${jobId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) throw new Error(`import job ${jobId}: ${response.status} ${await response.text()}`);
  return (await response.json()) as ImportJobView;
}

/** Polls the job until it is no longer receiving or running; `onProgress` sees each answer. */
export async function waitForImport(
  baseUrl: string,
  countyCode: string,
  token: string,
  jobId: string,
  {
    intervalMs = 500,
    timeoutMs = 3_600_000,
    onProgress,
  }: { intervalMs?: number; timeoutMs?: number; onProgress?: (job: ImportJobView) => void } = {},
): Promise<ImportJobView> {
  const deadline = Date.now() + timeoutMs;
  let failures = 0;
  for (;;) {
    let job: ImportJobView;
    try {
      job = await getImportJob(baseUrl, countyCode, token, jobId);
      failures = 0;
    } catch (error) {
      // A busy database may fail one read; the job goes on regardless.
      if (++failures >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      continue;
    }
    onProgress?.(job);
    if (job.status !== 'receiving' && job.status !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`import job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
