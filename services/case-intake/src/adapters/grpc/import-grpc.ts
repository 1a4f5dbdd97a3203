import { importsV1 } from '@lesp/contracts';
import { ValidationError } from '@lesp/core';
import { actorOf, clientStreaming, unary, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import type { ActImporter } from '../../application/import/act-import.js';
import type { ImportJobDocument } from '../../application/import/import-jobs.js';

export interface ImportGrpcDeps extends GrpcDeps {
  readonly importer: ActImporter;
}

/** ImportService: the file arrives as a client stream (`start`, then `chunk`s), the job is read with GetImportJob. */
export function importGrpcService(deps: ImportGrpcDeps): GrpcServiceRegistration {
  const implementation: importsV1.ImportServiceServer = {
    startActImport: clientStreaming(
      'StartActImport',
      deps,
      {
        permission: 'import.run',
        target: (req: importsV1.StartActImportRequest) => ({ countyCodes: req.start ? [req.start.countyCode] : [] }),
      },
      async (first, rest, call) => {
        const start = first?.start;
        if (!start) throw ValidationError.of('start', 'IMPORT_START_REQUIRED', '第一条消息须为 start（区县代码、格式）');
        if (start.format !== '' && start.format !== 'csv' && start.format !== 'xlsx') {
          throw ValidationError.of('format', 'IMPORT_FORMAT_UNKNOWN', '格式应为 csv 或 xlsx');
        }
        async function* chunks(): AsyncGenerator<Uint8Array> {
          for (;;) {
            const next = await rest.next();
            if (next.done) return;
            if (next.value.start) throw ValidationError.of('start', 'IMPORT_START_REPEATED', 'start 只能出现在第一条消息');
            if (next.value.chunk) yield next.value.chunk;
          }
        }
        const job = await deps.importer.start({
          principal: call.principal,
          actor: actorOf(call.principal, start.countyCode),
          countyCode: start.countyCode,
          ...(start.format ? { format: start.format as 'csv' | 'xlsx' } : {}),
          fileName: start.fileName,
          correlationId: call.correlationId,
          body: chunks(),
        });
        return toImportJob(job);
      },
    ),
    getImportJob: unary(
      'GetImportJob',
      deps,
      { permission: 'import.read', target: (req: importsV1.GetImportJobRequest) => ({ countyCodes: [req.countyCode] }) },
      async (req, call) => toImportJob(await deps.importer.get(call.principal, req.countyCode, req.jobId)),
    ),
  };
  return { definition: importsV1.ImportServiceService, implementation };
}

function toImportJob(job: ImportJobDocument): importsV1.ImportJob {
  return importsV1.ImportJob.fromPartial({
    jobId: job._id,
    countyCode: job.countyCode,
    kind: job.kind,
    format: job.format,
    fileName: job.fileName,
    status: job.status,
    bytesReceived: job.bytesReceived,
    rowsRead: job.rowsRead,
    imported: job.imported,
    alreadyImported: job.alreadyImported,
    rejected: job.rejected,
    startedAt: job.startedAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    rejectedRows: job.rejectedRows,
    rejectedReasonsNotListed: job.rejectedReasonsNotListed,
    ignoredColumns: job.ignoredColumns,
    errorCode: job.error?.code ?? '',
    errorMessage: job.error?.message ?? '',
    startedBy: job.startedBy.userId,
  });
}
