/**
 * Request validation from the route table: each route's path parameters, fixed query parameters
 * and body are checked with Ajv against the API's schemas (server/api/schemas.ts) before its
 * handler runs. Everything is compiled once, when the app is built.
 *
 * A misfit maps to the catalogue: a path parameter to its route's refusal (an unknown id of that
 * kind: 404), a query parameter to its refusal, a body to `PORTICO_BODY_MALFORMED` naming the
 * property — unless the property's schema carries `x-portico-refusal`, whose text then becomes a
 * `PORTICO_VALIDATION_FAILED` naming that field (an owner or a resolution is the user's input).
 *
 * `values` of a write is only required to be an object here: which fields it may hold and which
 * values depends on the form and the role, and the form's compiled validators judge them, naming
 * each field.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { RequestHandler } from 'express';
import { ALL_SCHEMAS, API_SCHEMA_ID, apiSchemaBundle } from '../../api/schemas.js';
import type { JsonSchema, SchemaName } from '../../api/schemas.js';
import { VALUES_AJV_OPTIONS, createAjv } from '../../config/ajv.js';
import { PorticoError, validationError } from '../errors.js';
import { refuse } from './shared.js';
import type { QuerySpec, Refusal, RouteSpec } from './spec.js';

/** The annotation keywords the API's schemas carry beyond JSON Schema. */
export const API_KEYWORDS = ['x-portico-refusal'] as const;

/** The bundle requests are checked against: the API's, but with `RecordValues` only an object. */
const REQUEST_BUNDLE_ID = API_SCHEMA_ID.replace(/schemas\.json$/, 'requests.json');

/**
 * Ajv for requests: strict, no coercion, first error only (bodies are untrusted), and string
 * lengths in UTF-16 code units, as Dataverse counts them.
 */
function requestAjv() {
  const ajv = createAjv({ unicode: false, logger: VALUES_AJV_OPTIONS.logger });
  for (const keyword of API_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
  ajv.addSchema({
    ...apiSchemaBundle('all'),
    $id: REQUEST_BUNDLE_ID,
    $defs: { ...ALL_SCHEMAS, RecordValues: { type: 'object' } },
  });
  return ajv;
}

type Ajv = ReturnType<typeof requestAjv>;

/** Compiles a table's schema; its `#/$defs/X` references name the request bundle's definitions. */
function compile(ajv: Ajv, schema: JsonSchema): ValidateFunction {
  const rebased = JSON.stringify(schema).replaceAll('"#/$defs/', `"${REQUEST_BUNDLE_ID}#/$defs/`);
  return ajv.compile(JSON.parse(rebased) as JsonSchema);
}

function bodyValidator(ajv: Ajv, name: SchemaName): ValidateFunction {
  return compile(ajv, { $ref: `#/$defs/${name}` });
}

/** The text a property's schema gives for refusing its value, if any. */
function refusalText(schema: SchemaName, property: string): string | undefined {
  const root = ALL_SCHEMAS[schema] as { properties?: Record<string, { 'x-portico-refusal'?: string }> };
  return root.properties?.[property]?.['x-portico-refusal'];
}

/** `PORTICO_VALIDATION_FAILED` naming `property` of a `schema` body, in the words its schema gives. */
export function refusedProperty(schema: SchemaName, property: string): PorticoError {
  const message = refusalText(schema, property) ?? `"${property}" is not accepted.`;
  return validationError([{ pointer: `/${property}`, code: property, message }]);
}

const an = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** The catalogue answer to Ajv's first complaint about a body of the named schema. */
export function bodyRefusal(schema: SchemaName, error: ErrorObject): PorticoError {
  const path = error.instancePath.split('/').slice(1);
  const top = path[0];
  if (top !== undefined && refusalText(schema, top) !== undefined) return refusedProperty(schema, top);
  const where = path.length ? `"${path.join('.')}"` : 'the body';
  const malformed = (message: string) => new PorticoError('PORTICO_BODY_MALFORMED', message);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: unknown }).additionalProperty).slice(0, 64);
      if (path.length) return malformed(`Unexpected property "${key}" in ${where}.`);
      const known = Object.keys((ALL_SCHEMAS[schema] as { properties?: object }).properties ?? {});
      return malformed(
        `Unexpected property "${key}" in the body; expected ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'an empty object'}.`,
      );
    }
    case 'required': {
      const key = String((error.params as { missingProperty: unknown }).missingProperty);
      return malformed(`${path.length ? where : 'The body'} needs a "${key}" property.`);
    }
    case 'type': {
      const type = String((error.params as { type: unknown }).type).replace('object', 'JSON object');
      return malformed(`${path.length ? where : 'The body'} must be ${an(type)}.`);
    }
    default:
      return malformed(`${path.length ? where : 'The body'} ${error.message ?? 'is not accepted'}.`);
  }
}

interface Checked {
  name: string;
  check: ValidateFunction;
  refusal: Refusal;
}

function queryChecks(ajv: Ajv, query: Readonly<Record<string, QuerySpec>> | undefined): Checked[] {
  return Object.entries(query ?? {}).flatMap(([name, spec]) =>
    spec.refusal ? [{ name, check: compile(ajv, spec.schema), refusal: spec.refusal }] : [],
  );
}

/** The middleware that checks one route's request against its table entry. */
function routeValidator(ajv: Ajv, route: RouteSpec): RequestHandler {
  const params: Checked[] = Object.entries(route.params ?? {}).map(([name, spec]) => ({
    name,
    check: compile(ajv, spec.schema),
    refusal: spec.refusal,
  }));
  const query = queryChecks(ajv, route.query);
  const required = Object.entries(route.query ?? {}).filter(([, spec]) => spec.required && spec.refusal);
  const body = route.body;
  const bodies = new Map<string | undefined, { name: SchemaName; check: ValidateFunction }>();
  if (body && 'schema' in body)
    bodies.set(undefined, { name: body.schema, check: bodyValidator(ajv, body.schema) });
  if (body && 'byParam' in body) {
    for (const [value, name] of Object.entries(body.schemas))
      bodies.set(value, { name, check: bodyValidator(ajv, name) });
  }
  const byParam = body && 'byParam' in body ? body.byParam : undefined;
  return function porticoValidate(req, _res, next) {
    for (const { name, check, refusal } of params) {
      if (!check(req.params[name])) return next(refuse(refusal, req.params[name]));
    }
    const values = req.query as Record<string, unknown>;
    for (const [name, spec] of required) {
      if (values[name] === undefined) return next(refuse(spec.refusal!, undefined));
    }
    for (const { name, check, refusal } of query) {
      if (values[name] !== undefined && !check(values[name])) return next(refuse(refusal, values[name]));
    }
    if (bodies.size > 0) {
      const chosen = bodies.get(byParam === undefined ? undefined : String(req.params[byParam]));
      if (chosen && !chosen.check(req.body)) return next(bodyRefusal(chosen.name, chosen.check.errors![0]!));
    }
    next();
  };
}

/** One validator per route, compiled now; throws at start if a schema does not compile. */
export function requestValidators(routes: readonly RouteSpec[]): Map<RouteSpec, RequestHandler> {
  const ajv = requestAjv();
  return new Map(routes.map((route) => [route, routeValidator(ajv, route)]));
}
