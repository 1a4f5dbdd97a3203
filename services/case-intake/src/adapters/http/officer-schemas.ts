import { CERTIFICATE_STATUSES } from '@lesp/core';
import { COUNTY_CODE_PATTERN } from '@lesp/service-bootstrap';

/** JSON schemas of the officer routes: unknown fields refused, every length bounded. */
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const DATE_TIME = { type: 'string', format: 'date-time', maxLength: 40 } as const;
const YEAR = { type: 'integer', minimum: 1900, maximum: 2200 } as const;

export const officerParams = {
  type: 'object',
  required: ['countyCode', 'officerId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, officerId: ID },
} as const;

export const listOfficersQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    agencyId: ID,
    certificateStatus: { type: 'string', enum: [...CERTIFICATE_STATUSES] },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    cursor: { type: 'string', maxLength: 400 },
  },
} as const;

export const registerOfficerBody = {
  type: 'object',
  required: ['agencyId', 'name', 'idNumber', 'certificateNumber', 'certificateValidUntil', 'enforcementAreas'],
  additionalProperties: false,
  properties: {
    officerId: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' },
    agencyId: ID,
    name: { type: 'string', maxLength: 100 },
    idNumber: { type: 'string', maxLength: 32 },
    certificateNumber: { type: 'string', maxLength: 64 },
    certificateValidUntil: DATE_TIME,
    enforcementAreas: { type: 'array', maxItems: 40, items: { type: 'string', maxLength: 100 } },
  },
} as const;

export const reasonBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', maxLength: 4000 } },
} as const;

export const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

export const reissueBody = {
  type: 'object',
  required: ['certificateNumber'],
  additionalProperties: false,
  properties: { certificateNumber: { type: 'string', maxLength: 64 }, certificateValidUntil: DATE_TIME },
} as const;

export const transferBody = {
  type: 'object',
  required: ['toAgencyId'],
  additionalProperties: false,
  properties: { toAgencyId: ID },
} as const;

export const examBody = {
  type: 'object',
  required: ['year', 'score', 'passed'],
  additionalProperties: false,
  properties: { year: YEAR, score: { type: 'number', minimum: -1000, maximum: 1000 }, passed: { type: 'boolean' } },
} as const;

export const trainingBody = {
  type: 'object',
  required: ['year', 'hours', 'course'],
  additionalProperties: false,
  properties: { year: YEAR, hours: { type: 'number', minimum: -10000, maximum: 10000 }, course: { type: 'string', maxLength: 400 } },
} as const;
