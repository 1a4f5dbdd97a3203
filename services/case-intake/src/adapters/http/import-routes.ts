import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { ValidationError } from '@lesp/core';
import { COUNTY_CODE_PATTERN, actorOf, countyParamsSchema, countyTarget } from '@lesp/service-bootstrap';
import type { ActImporter } from '../../application/import/act-import.js';
import { actTemplateCsv, actTemplateXlsx } from '../../application/import/act-template.js';
import type { ImportJobDocument } from '../../application/import/import-jobs.js';
import type { TableFormat } from '../../application/import/table-reader.js';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const jobParams = {
  type: 'object',
  required: ['countyCode', 'jobId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, jobId: { type: 'string', pattern: '^[0-9a-f-]{36}$' } },
} as const;

const startQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['csv', 'xlsx'] } },
} as const;

/**
 * A raw upload as the request body: the stream behind a private field, so that what walks
 * request bodies (the hostile-input guard) sees an empty object, not the socket.
 */
class RawUpload {
  readonly #stream: Readable;
  constructor(stream: Readable) {
    this.#stream = stream;
  }
  get stream(): Readable {
    return this.#stream;
  }
}

function formatOf(contentType: string | undefined, fileName = ''): TableFormat | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === CSV_TYPE || /\.csv$/i.test(fileName)) return 'csv';
  if (type === XLSX_TYPE || /\.xlsx$/i.test(fileName)) return 'xlsx';
  return undefined;
}

/** The job as the API shows it: progress, and the rows rejected with row number, column and reason. */
export function importJobView(job: ImportJobDocument) {
  return {
    jobId: job._id,
    countyCode: job.countyCode,
    kind: job.kind,
    format: job.format,
    fileName: job.fileName,
    status: job.status,
    startedBy: job.startedBy.userId,
    startedAt: job.startedAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    bytesReceived: job.bytesReceived,
    rowsRead: job.rowsRead,
    imported: job.imported,
    alreadyImported: job.alreadyImported,
    rejected: job.rejected,
    rejectedRows: job.rejectedRows,
    rejectedReasonsNotListed: job.rejectedReasonsNotListed,
    ignoredColumns: job.ignoredColumns,
    ...(job.error ? { error: job.error } : {}),
  };
}

/**
 * Import routes. The upload is a raw body (`text/csv`, the XLSX type, or
 * `application/octet-stream` with `?format=`) or `multipart/form-data` with one file; either
 * way it is streamed to a temp file with a size cap (`IMPORT_MAX_BYTES`), never held in memory.
 * The answer is 202 with the job; `GET …/imports/:jobId` shows its progress.
 */
export function importRoutes(deps: { importer: ActImporter; maxBytes: number; clock: () => Date }) {
  return async (app: FastifyInstance): Promise<void> => {
    // Own scope: the raw-body parsers and multipart apply to these routes only.
    await app.register(async (scope) => {
      await scope.register(multipart, { limits: { files: 1, fields: 4, fileSize: deps.maxBytes + 1 } });
      // The body stays a stream: the importer reads it (after the access check of the preHandler).
      scope.addContentTypeParser([CSV_TYPE, XLSX_TYPE, 'application/octet-stream'], (_request, payload, done) =>
        done(null, new RawUpload(payload)),
      );

      scope.post<{ Params: { countyCode: string }; Querystring: { format?: TableFormat } }>(
        '/api/v1/counties/:countyCode/imports/acts',
        {
          schema: { params: countyParamsSchema, querystring: startQuery },
          // A clerk's rows are checked one by one against their own agency by the importer.
          config: { access: { permission: 'import.run', target: countyTarget } },
        },
        async (request, reply) => {
          const { countyCode } = request.params;
          let body: AsyncIterable<Uint8Array>;
          let fileName = '';
          let format = request.query.format;
          if (request.isMultipart()) {
            const file = await request.file().catch((error: unknown) => {
              // busboy's own errors (no boundary, garbage) are the client's malformed upload.
              throw new ValidationError(
                [{ field: 'file', code: 'MULTIPART_MALFORMED', message: '上传内容不是有效的 multipart/form-data' }],
                { cause: error },
              );
            });
            if (!file) throw ValidationError.of('file', 'IMPORT_FILE_REQUIRED', '须上传一个文件');
            body = file.file;
            fileName = file.filename;
            format ??= formatOf(file.mimetype, file.filename);
          } else {
            if (!(request.body instanceof RawUpload)) {
              throw ValidationError.of('file', 'IMPORT_CONTENT_TYPE', `请以 ${CSV_TYPE}、${XLSX_TYPE} 或 multipart/form-data 上传文件`);
            }
            // Not destroyed when the importer stops reading (size cap): the 413 still reaches the client.
            body = request.body.stream.iterator({ destroyOnReturn: false });
            format ??= formatOf(request.headers['content-type']);
          }
          const job = await deps.importer.start({
            principal: request.principal,
            actor: actorOf(request.principal, countyCode),
            countyCode,
            ...(format ? { format } : {}),
            fileName,
            correlationId: request.id,
            body,
          });
          return reply.status(202).header('location', `/api/v1/counties/${countyCode}/imports/${job._id}`).send(importJobView(job));
        },
      );

      scope.get<{ Params: { countyCode: string; jobId: string } }>(
        '/api/v1/counties/:countyCode/imports/:jobId',
        { schema: { params: jobParams }, config: { access: { permission: 'import.read', target: countyTarget } } },
        async (request) => importJobView(await deps.importer.get(request.principal, request.params.countyCode, request.params.jobId)),
      );

      // The empty templates: header row and one example row.
      scope.get('/api/v1/import-templates/acts.csv', { config: { access: { permission: 'import.read' } } }, async (_request, reply) =>
        reply
          .header('content-type', `${CSV_TYPE}; charset=utf-8`)
          .header('content-disposition', `attachment; filename="acts.csv"; filename*=UTF-8''${encodeURIComponent('执法行为导入模板.csv')}`)
          .send(actTemplateCsv()),
      );
      scope.get('/api/v1/import-templates/acts.xlsx', { config: { access: { permission: 'import.read' } } }, async (_request, reply) =>
        reply
          .header('content-type', XLSX_TYPE)
          .header(
            'content-disposition',
            `attachment; filename="acts.xlsx"; filename*=UTF-8''${encodeURIComponent('执法行为导入模板.xlsx')}`,
          )
          .send(await actTemplateXlsx()),
      );
    });
  };
}
