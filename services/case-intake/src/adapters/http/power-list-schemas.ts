import { COUNTY_CODE_PATTERN } from '@lesp/service-bootstrap';
import { ENFORCEMENT_CATEGORY_CODES } from '@lesp/core';

/** JSON schemas of the power-list and delegation routes: unknown fields refused, every length bounded. */
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const ITEM_CODE = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' } as const;
const DATE_TIME = { type: 'string', format: 'date-time', maxLength: 40 } as const;

export const agencyParams = {
  type: 'object',
  required: ['countyCode', 'agencyId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, agencyId: ID },
} as const;

export const powerItemParams = {
  type: 'object',
  required: ['countyCode', 'agencyId', 'itemCode'],
  properties: { ...agencyParams.properties, itemCode: ITEM_CODE },
} as const;

export const delegationParams = {
  type: 'object',
  required: ['countyCode', 'agencyId', 'delegationId'],
  properties: { ...agencyParams.properties, delegationId: ID },
} as const;

export const addPowerItemBody = {
  type: 'object',
  required: ['itemCode', 'name', 'category', 'legalBasis'],
  additionalProperties: false,
  properties: {
    itemCode: { type: 'string', maxLength: 64 },
    name: { type: 'string', maxLength: 400 },
    category: { type: 'string', enum: [...ENFORCEMENT_CATEGORY_CODES] },
    legalBasis: { type: 'string', maxLength: 8000 },
    discretionBenchmark: { type: 'string', maxLength: 16000 },
  },
} as const;

export const reasonBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', maxLength: 4000 } },
} as const;

export const delegateBody = {
  type: 'object',
  required: ['townshipName', 'entrustmentNumber', 'itemCodes', 'powers', 'start', 'end'],
  additionalProperties: false,
  properties: {
    delegationId: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' },
    townshipName: { type: 'string', maxLength: 200 },
    entrustmentNumber: { type: 'string', maxLength: 128 },
    itemCodes: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 64 } },
    powers: { type: 'string', maxLength: 8000 },
    start: DATE_TIME,
    end: DATE_TIME,
  },
} as const;
