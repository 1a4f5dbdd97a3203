/** JSON schemas that several services' routes share. */
export const COUNTY_CODE_PATTERN = '^[1-8][0-9]{5}$';

export const countyParamsSchema = {
  type: 'object',
  required: ['countyCode'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN } },
} as const;

export const pageQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, cursor: { type: 'string', maxLength: 400 } },
} as const;

/** Access targets read from validated route params. */
export const countyTarget = (request: { params: unknown }) => ({ countyCodes: [(request.params as { countyCode: string }).countyCode] });
export const agencyTarget = (request: { params: unknown }) => {
  const { countyCode, agencyId } = request.params as { countyCode: string; agencyId: string };
  return { countyCodes: [countyCode], agencyId };
};
