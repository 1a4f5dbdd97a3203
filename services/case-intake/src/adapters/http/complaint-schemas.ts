import { COUNTY_CODE_PATTERN } from '@lesp/service-bootstrap';
import { COMPLAINT_SOURCES, COMPLAINT_STATUSES } from '../../domain/complaint/complaint-rules.js';

/** JSON schemas of the complaint routes: unknown fields refused, every length bounded. */
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
/**
 * RFC 3339 with seconds 00-59 and a full offset: a leap second (23:59:60) or an hour-only
 * offset (+08) passes `format: date-time` but is no JavaScript date (Invalid Date, then a 500).
 */
const DATE_TIME = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;

export const complaintParams = {
  type: 'object',
  required: ['countyCode', 'complaintId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, complaintId: ID },
} as const;

export const trackingParams = {
  type: 'object',
  required: ['trackingNumber'],
  properties: { trackingNumber: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[0-9A-Za-z -]+$' } },
} as const;

export const receiveBody = {
  type: 'object',
  required: ['source', 'summary'],
  additionalProperties: false,
  properties: {
    complaintId: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' },
    source: { type: 'string', enum: [...COMPLAINT_SOURCES] },
    subject: { type: 'string', maxLength: 400 },
    summary: { type: 'string', maxLength: 4000 },
    complainant: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string', maxLength: 100 }, phone: { type: 'string', maxLength: 32 } },
    },
    concernedAgencyId: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' },
    receivedAt: DATE_TIME,
    handlingDays: { type: 'integer', minimum: 1, maximum: 365 },
  },
} as const;

export const assignBody = {
  type: 'object',
  required: ['agencyId'],
  additionalProperties: false,
  properties: { agencyId: ID, note: { type: 'string', maxLength: 4000 } },
} as const;

export const handlingBody = {
  type: 'object',
  required: ['agencyId', 'notes', 'officerIds'],
  additionalProperties: false,
  properties: {
    agencyId: ID,
    notes: { type: 'string', maxLength: 4000 },
    officerIds: { type: 'array', minItems: 1, maxItems: 20, items: ID },
  },
} as const;

export const answerBody = {
  type: 'object',
  required: ['agencyId', 'answer'],
  additionalProperties: false,
  properties: { agencyId: ID, answer: { type: 'string', maxLength: 4000 } },
} as const;

export const rejectBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', maxLength: 4000 } },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [...COMPLAINT_STATUSES] },
    agencyId: ID,
    source: { type: 'string', enum: [...COMPLAINT_SOURCES] },
    overdue: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    cursor: { type: 'string', maxLength: 400 },
  },
} as const;

export const accepted = {
  type: 'object',
  properties: { aggregateId: { type: 'string' }, version: { type: 'integer' }, eventIds: { type: 'array', items: { type: 'string' } } },
} as const;

export const receipt = {
  type: 'object',
  properties: {
    ...accepted.properties,
    trackingNumber: { type: 'string' },
    dueAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** The public answer: these four fields and nothing else ever leave the public route. */
export const publicStatus = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string' },
    receivedAt: { type: 'string', format: 'date-time' },
    answeredAt: { type: 'string', format: 'date-time' },
    answer: { type: 'string' },
  },
} as const;
