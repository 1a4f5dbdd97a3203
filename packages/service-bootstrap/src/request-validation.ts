import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { assertNoHostileInput } from '@lesp/core';

/**
 * Strict request validation. Bodies are JSON with real types: nothing is coerced (a
 * number is not a string) and nothing unknown is silently dropped (it is refused).
 * Params and query strings arrive as text, so they are coerced to the schema's types,
 * and unknown query parameters are refused too.
 */
function ajv(options: Options): Ajv {
  const instance = new Ajv({ allErrors: false, useDefaults: true, removeAdditional: false, strict: false, ...options });
  addFormats.default(instance);
  return instance;
}

export function registerRequestValidation(app: FastifyInstance): void {
  const bodies = ajv({ coerceTypes: false });
  const text = ajv({ coerceTypes: true });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : text).compile(schema));

  // A route that declares no query string accepts none.
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as FastifySchema;
    if (schema.querystring === undefined && route.url !== undefined && !route.url.startsWith('/docs')) {
      route.schema = { ...schema, querystring: { type: 'object', additionalProperties: false, properties: {} } };
    }
  });

  // What no field may hold whatever its schema says (control characters, operator keys, ...).
  app.addHook('preValidation', async (request) => {
    assertNoHostileInput(request.params, {}, 'params');
    assertNoHostileInput(request.query, {}, 'query');
    if (request.body !== undefined && request.body !== null && typeof request.body === 'object') assertNoHostileInput(request.body);
  });
}
