export const acceptedSchema = {
  type: 'object',
  properties: {
    aggregateId: { type: 'string' },
    version: { type: 'integer' },
    eventIds: { type: 'array', items: { type: 'string' } },
    replayed: { type: 'boolean' },
  },
} as const;
