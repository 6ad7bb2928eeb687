/**
 * The OpenAPI 3.1 description of the server, served at `/api/v1/openapi.json`, generated from the
 * route table (routes/table.ts), the API's schemas (server/api/schemas.ts) and the error catalogue
 * — never written by hand, so it cannot drift from what the server does. Besides each route's own
 * answers it describes what the shared middleware answers on the way (http.ts, routes/auth.ts):
 * 400 for requests that cannot be read, 401/403 for authentication, 405 with `Allow`, 413 and 415
 * for bodies, 429 with `Retry-After` and the `RateLimit` headers, 5xx.
 */
import { ALL_SCHEMAS } from '../api/schemas.js';
import type { JsonSchema } from '../api/schemas.js';
import { ERROR_CATALOGUE } from './errors.js';
import type { ErrorCode } from './errors.js';
import type { ResponseHeader, RouteSpec } from './routes/spec.js';

type Json = Record<string, unknown>;

const API_PREFIX = '/api/v1';

/** `#/$defs/X` (the schemas' own references) → `#/components/schemas/X`. */
function component<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

/** Answers any request can get, from the middleware in front of every route. */
const EVERY_ROUTE: readonly ErrorCode[] = [
  'PORTICO_REQUEST_MALFORMED',
  'PORTICO_METHOD_NOT_ALLOWED',
  'PORTICO_REQUEST_TIMEOUT',
  'PORTICO_HEADERS_TOO_LARGE',
  'PORTICO_RATE_LIMITED',
  'PORTICO_SERVER_INTERNAL',
];
/** Answers of the body reader (http.ts `jsonBody`). */
const WITH_BODY: readonly ErrorCode[] = [
  'PORTICO_BODY_MALFORMED',
  'PORTICO_BODY_UNSAFE_KEY',
  'PORTICO_BODY_TOO_LARGE',
  'PORTICO_CONTENT_TYPE_UNSUPPORTED',
];
/** Answers of user authentication (routes/auth.ts), which may look the contact up in Dynamics. */
const AS_USER: readonly ErrorCode[] = [
  'PORTICO_AUTH_TOKEN_MISSING',
  'PORTICO_AUTH_TOKEN_EXPIRED',
  'PORTICO_AUTH_TOKEN_INVALID',
  'PORTICO_AUTH_CLAIM_INVALID',
  'PORTICO_AUTH_ROLE_UNKNOWN',
  'PORTICO_AUTH_CONTACT_UNBOUND',
];
const AS_ADMIN: readonly ErrorCode[] = ['PORTICO_ADMIN_UNAUTHORIZED', 'PORTICO_ROUTE_NOT_FOUND'];
/** Answers when Dynamics fails (upstream/errors.ts). */
const UPSTREAM: readonly ErrorCode[] = [
  'PORTICO_UPSTREAM_BUSY',
  'PORTICO_UPSTREAM_TIMEOUT',
  'PORTICO_UPSTREAM_UNAVAILABLE',
  'PORTICO_UPSTREAM_MISCONFIGURED',
];

const text = { type: 'string' } as const;

/** Headers of every answer that passed the rate limiters (express-rate-limit, draft-8 headers). */
const RATE_HEADERS = {
  RateLimit: {
    description:
      'Remaining quota per policy (IETF draft-8), one item per limiter the request passed: `"per-ip"; r=<remaining>; t=<seconds to reset>` and, when signed in, `"per-user"; …`.',
    schema: text,
  },
  'RateLimit-Policy': {
    description: 'The policies: `"per-ip"; q=<limit>; w=<window seconds>; pk=:<partition key>:` and so on.',
    schema: text,
  },
} as const;

/**
 * Response headers, by component name. The `…IfCounted` ones are the rate-limit headers of an
 * error: present once the request has passed a limiter, absent on what is refused before it.
 */
const HEADERS = {
  'X-Request-Id': {
    required: true,
    description:
      "The request's id (the client's own `X-Request-Id` when it is 8–64 of `[A-Za-z0-9._:-]`); quote it when reporting a problem.",
    schema: text,
  },
  RateLimit: { required: true, ...RATE_HEADERS.RateLimit },
  'RateLimit-Policy': { required: true, ...RATE_HEADERS['RateLimit-Policy'] },
  RateLimitIfCounted: RATE_HEADERS.RateLimit,
  RateLimitPolicyIfCounted: RATE_HEADERS['RateLimit-Policy'],
} as const;

const headerRef = (name: keyof typeof HEADERS): Json => ({ $ref: `#/components/headers/${name}` });

/** Headers an error of this status carries, beyond the request id. */
function errorHeaders(status: number): Record<string, Json> {
  const headers: Record<string, Json> = { 'X-Request-Id': headerRef('X-Request-Id') };
  if (status === 429) {
    return {
      ...headers,
      'Retry-After': {
        required: true,
        description: 'Seconds until the limit resets.',
        schema: { type: 'integer' },
      },
      RateLimit: headerRef('RateLimit'),
      'RateLimit-Policy': headerRef('RateLimit-Policy'),
    };
  }
  if (status === 405) {
    headers.Allow = { required: true, description: 'The methods this path accepts.', schema: text };
  }
  if (status === 503) {
    headers['Retry-After'] = {
      description: 'With PORTICO_UPSTREAM_BUSY: seconds to wait before trying again.',
      schema: { type: 'integer' },
    };
  }
  return {
    ...headers,
    RateLimit: headerRef('RateLimitIfCounted'),
    'RateLimit-Policy': headerRef('RateLimitPolicyIfCounted'),
  };
}

/** Every catalogue code an operation can answer with. */
export function operationErrors(route: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>(EVERY_ROUTE);
  const add = (list: readonly ErrorCode[]) => list.forEach((c) => codes.add(c));
  if (route.body) add(WITH_BODY);
  if (route.auth === 'user') add([...AS_USER, ...UPSTREAM]);
  if (route.auth === 'admin') add(AS_ADMIN);
  if (route.upstream) add(UPSTREAM);
  for (const param of Object.values(route.params ?? {})) codes.add(param.refusal.code);
  for (const query of Object.values(route.query ?? {})) if (query.refusal) codes.add(query.refusal.code);
  add(route.errors);
  return [...codes];
}

function errorResponses(route: RouteSpec): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of operationErrors(route)) {
    const { status } = ERROR_CATALOGUE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, Json> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    codes.sort();
    out[String(status)] = {
      description: `Refused: ${codes.join(', ')} (meanings under x-error-codes).`,
      headers: errorHeaders(status),
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/ErrorResponse' },
              {
                type: 'object',
                properties: { error: { type: 'object', properties: { code: { enum: codes } } } },
              },
            ],
          },
        },
      },
    };
  }
  return out;
}

function successHeaders(own: Readonly<Record<string, ResponseHeader>> | undefined): Record<string, Json> {
  return {
    ...Object.fromEntries(Object.entries(own ?? {}).map(([name, h]) => [name, component({ ...h })])),
    'X-Request-Id': headerRef('X-Request-Id'),
    RateLimit: headerRef('RateLimit'),
    'RateLimit-Policy': headerRef('RateLimit-Policy'),
  };
}

function parameters(route: RouteSpec): Json[] {
  const path = Object.entries(route.params ?? {}).map(([name, p]) => ({
    name,
    in: 'path',
    required: true,
    description: p.description,
    schema: component(p.schema),
  }));
  const query = Object.entries(route.query ?? {}).map(([name, q]) => ({
    name,
    in: 'query',
    ...(q.required ? { required: true } : {}),
    ...(q.explode ? { style: 'form', explode: true } : {}),
    description: q.description,
    schema: component(q.schema),
  }));
  const headers = Object.entries(route.headers ?? {}).map(([name, h]) => ({
    name,
    in: 'header',
    ...(h.required ? { required: true } : {}),
    description: h.description,
    schema: component(h.schema),
  }));
  return [...path, ...query, ...headers];
}

function requestBody(route: RouteSpec): Json | undefined {
  const body = route.body;
  if (!body) return undefined;
  if ('multipart' in body) {
    return {
      required: true,
      description: body.description ?? 'multipart/form-data.',
      content: { 'multipart/form-data': { schema: { $ref: `#/components/schemas/${body.multipart}` } } },
    };
  }
  const schema =
    'schema' in body
      ? { $ref: `#/components/schemas/${body.schema}` }
      : {
          anyOf: [...new Set(Object.values(body.schemas))].map((name) => ({
            $ref: `#/components/schemas/${name}`,
          })),
        };
  const chosen =
    'byParam' in body
      ? ` By \`${body.byParam}\`: ${Object.entries(body.schemas)
          .map(([value, name]) => `${value} → ${name}`)
          .join(', ')}.`
      : '';
  return {
    required: true,
    description: `${body.description ?? 'JSON.'}${chosen}`.trim(),
    content: { 'application/json': { schema } },
  };
}

function operation(route: RouteSpec): Json {
  const security = { public: [], user: [{ bearer: [] }], admin: [{ adminToken: [] }] }[route.auth];
  const success = Object.fromEntries(
    Object.entries(route.responses).map(([status, r]) => [
      status,
      {
        description: r.description,
        headers: successHeaders(r.headers),
        ...(r.schema
          ? {
              content: Object.fromEntries(
                [r.contentType ?? 'application/json']
                  .flat()
                  .map((type) => [type, { schema: component(r.schema!) }]),
              ),
            }
          : {}),
      },
    ]),
  );
  const body = requestBody(route);
  const params = parameters(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security,
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: { ...success, ...errorResponses(route) },
  };
}

/** The OpenAPI path of an Express path: relative to `/api/v1`, or to the origin for the rest. */
export function openApiPath(expressPath: string): { path: string; outside: boolean } {
  const outside = !expressPath.startsWith(`${API_PREFIX}/`);
  const relative = outside ? expressPath : expressPath.slice(API_PREFIX.length);
  return { path: relative.replace(/:([A-Za-z]+)/g, '{$1}'), outside };
}

function paths(origin: string, routes: readonly RouteSpec[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const route of routes) {
    const { path, outside } = openApiPath(route.path);
    // Health, readiness and the widget files live at the origin, not under /api/v1.
    out[path] ??= outside ? { servers: [{ url: origin }] } : {};
    out[path][route.method.toLowerCase()] = operation(route);
  }
  return out;
}

function componentSchemas(): Record<string, JsonSchema> {
  const schemas = component({ ...ALL_SCHEMAS }) as Record<string, Json>;
  // The catalogue is the server's, not the widgets': the document names every code it may send.
  const error = schemas.ErrorResponse as { properties: { error: { properties: Record<string, Json> } } };
  error.properties.error.properties.code = {
    enum: Object.keys(ERROR_CATALOGUE),
    description: 'Stable code; meanings under x-error-codes.',
  };
  return schemas;
}

export function openApiDocument(origin: string, routes: readonly RouteSpec[]): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Portico API',
      version: '1.0.0',
      description:
        "Forms and lists over Dynamics 365 Contact and Case records for external users. Every request needs `Authorization: Bearer <host-site token>` except the public ones (health, readiness, this document, validator modules, widget files) and the admin status, which takes the admin token. Scope is enforced by the server: a record outside your scope is 404, exactly like one that does not exist. Generated from the server's route table.",
    },
    servers: [{ url: `${origin}${API_PREFIX}` }],
    security: [{ bearer: [] }],
    paths: paths(origin, routes),
    components: {
      schemas: componentSchemas(),
      headers: HEADERS,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A short-lived token from the host site's sign-in.",
        },
        adminToken: { type: 'http', scheme: 'bearer', description: 'PORTICO_ADMIN_TOKEN.' },
      },
    },
    'x-error-codes': Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, spec]) => [code, spec])),
  };
}
