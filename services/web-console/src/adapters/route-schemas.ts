/** JSON-schema pieces the console's routes share: ids, bounded texts, closed objects. */
export const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' } as const;
export const shortText = (max: number) => ({ type: 'string', maxLength: max }) as const;
export const countyCode = { type: 'string', pattern: '^[1-8]\\d{5}$' } as const;
/** A date-time as the browser's pickers send it (ISO 8601); its meaning is checked by the form's rules. */
export const dateTime = { type: 'string', minLength: 1, maxLength: 40 } as const;
export const textList = (maxItems: number, maxLength: number) => ({ type: 'array', maxItems, items: shortText(maxLength) }) as const;
export const idParams = (...names: string[]) => ({
  type: 'object',
  required: names,
  additionalProperties: false,
  properties: Object.fromEntries(names.map((name) => [name, id])),
});
export const query = (properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, properties });
/** A request body: these fields and no others. */
export const body = (required: readonly string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required: [...required],
  additionalProperties: false,
  properties,
});
