export const acceptedSchema = {
  type: 'object',
  properties: { aggregateId: { type: 'string' }, version: { type: 'integer' }, eventIds: { type: 'array', items: { type: 'string' } } },
} as const;
