/**
 * What one entry of the route table (routes/table.ts) says about an operation. Registration
 * (routes/register.ts), request validation (routes/validate.ts) and the OpenAPI document
 * (openapi.ts) all read these entries; nothing about a route is written anywhere else.
 */
import type { RequestHandler } from 'express';
import type { JsonSchema, SchemaName } from '../../api/schemas.js';
import type { Context } from '../context.js';
import type { ErrorCode } from '../errors.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Who may call: anyone (`public`), a signed-in user (`user`: JWT → role → contact, then the
 * per-user rate limit) or the operator (`admin`: `Authorization: Bearer <PORTICO_ADMIN_TOKEN>`).
 */
export type Auth = 'public' | 'user' | 'admin';

/** A refusal: the catalogue code and the message for the value that was refused. */
export interface Refusal {
  code: ErrorCode;
  message(value: unknown): string;
}

export interface ParamSpec {
  schema: JsonSchema;
  description: string;
  /** The answer to a value that does not fit: the one any unknown id of this kind gets. */
  refusal: Refusal;
}

export interface QuerySpec {
  schema: JsonSchema;
  description: string;
  required?: boolean;
  /**
   * When set, Ajv checks the parameter before the handler and this is the answer to a misfit.
   * Unset where only the handler can judge it (a list's sort and filter fields depend on the list).
   */
  refusal?: Refusal;
  /** OpenAPI `style: form, explode: true`: an object whose properties are parameters of their own. */
  explode?: boolean;
}

export interface HeaderSpec {
  schema: JsonSchema;
  description: string;
  required?: boolean;
}

/** A request body: one schema, or one per value of a path parameter (the record actions). */
export type BodySpec =
  | { schema: SchemaName; description?: string }
  | { byParam: string; schemas: Readonly<Record<string, SchemaName>>; description?: string }
  /** `multipart/form-data`, read by the handler itself as it streams (its parts described by `schema`). */
  | { multipart: SchemaName; description?: string };

/** Response headers the OpenAPI document promises; `required` ones are on every such answer. */
export interface ResponseHeader {
  description: string;
  schema: JsonSchema;
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  /** Body schema; none for an empty answer (204, 304). */
  schema?: JsonSchema;
  /** Default `application/json`; several when the answer's type depends on what is sent (a download). */
  contentType?: string | readonly string[];
  headers?: Readonly<Record<string, ResponseHeader>>;
}

export interface RouteSpec {
  /** Stable name of the operation (OpenAPI `operationId`). */
  operationId: string;
  method: Method;
  /** Express path, e.g. `/api/v1/forms/:formId`. */
  path: string;
  auth: Auth;
  summary: string;
  description?: string;
  /** Path parameters in the order they are checked. */
  params?: Readonly<Record<string, ParamSpec>>;
  query?: Readonly<Record<string, QuerySpec>>;
  /** Request headers the operation reads. */
  headers?: Readonly<Record<string, HeaderSpec>>;
  body?: BodySpec;
  /** Successful answers (and 304) by status. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /**
   * Catalogue codes the handler itself may answer with. Those of shared middleware (rate limits,
   * bodies, authentication, 405), of the parameter refusals and of Dataverse failures are added
   * by the OpenAPI generator.
   */
  errors: readonly ErrorCode[];
  /** True when the handler calls Dataverse (so 502, 503 and 504 can happen). */
  upstream: boolean;
  /**
   * Made once at start, with the context and the whole table. Path parameters arrive as strings:
   * every path names each parameter once and none is a wildcard.
   */
  handler(ctx: Context, routes: readonly RouteSpec[]): RequestHandler<Record<string, string>>;
}
