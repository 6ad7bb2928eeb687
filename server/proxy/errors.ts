/**
 * The catalogue of every error code the Portico server returns. Codes are stable: they are never
 * renamed or reused, and widgets branch on them (`PORTICO_AUTH_TOKEN_EXPIRED` → refresh the token,
 * `PORTICO_RECORD_CONFLICT` → show `current`). Messages are for people and may change.
 */
import type { ErrorResponse, FieldError, RecordResponse } from '../api/contract.js';

export interface ErrorSpec {
  status: number;
  /** What the code means and what the caller can do about it (published in the README and OpenAPI). */
  meaning: string;
}

export const ERROR_CATALOGUE = {
  PORTICO_AUTH_TOKEN_MISSING: {
    status: 401,
    meaning:
      'No `Authorization: Bearer <token>` header. Tokens are accepted only in that header (never cookies or query strings).',
  },
  PORTICO_AUTH_TOKEN_EXPIRED: {
    status: 401,
    meaning:
      'The token has expired (beyond the allowed clock skew). Get a fresh token from the host site and retry.',
  },
  PORTICO_AUTH_TOKEN_INVALID: {
    status: 401,
    meaning:
      'The token failed verification: signature, algorithm, issuer, audience, not-before or a required claim. The message names the check that failed.',
  },
  PORTICO_AUTH_CLAIM_INVALID: {
    status: 401,
    meaning:
      'A claim Portico reads (subject, role, contact id, email, names) has the wrong type or holds control characters, unpaired surrogates or invisible formatting characters. The message names the claim; the host site must fix the tokens it mints.',
  },
  PORTICO_AUTH_ROLE_UNKNOWN: {
    status: 403,
    meaning: 'The role claim is missing or names no role in `schemas/access.json`.',
  },
  PORTICO_AUTH_CONTACT_UNBOUND: {
    status: 403,
    meaning:
      'The token could not be bound to exactly one Dynamics contact (no contact id claim, and the email claim matched no contact or several).',
  },
  PORTICO_AUTH_ACCOUNT_UNBOUND: {
    status: 403,
    meaning: "The operation needs the user's parent account (account scope) but the user's contact has none.",
  },
  PORTICO_ADMIN_UNAUTHORIZED: {
    status: 401,
    meaning: 'The admin endpoint needs `Authorization: Bearer <PORTICO_ADMIN_TOKEN>`.',
  },
  PORTICO_ACCESS_DENIED: {
    status: 403,
    meaning:
      "The caller's role lacks the privilege for this operation on this form (for example delete, assign or resolve), or the form does not offer it.",
  },
  PORTICO_FORM_NOT_FOUND: {
    status: 404,
    meaning: "No form with this id exists for the caller's role.",
  },
  PORTICO_LIST_NOT_FOUND: {
    status: 404,
    meaning: "No list with this id exists for the caller's role.",
  },
  PORTICO_ACTION_NOT_FOUND: {
    status: 404,
    meaning: 'The action id is not one of assign, resolve, cancel, reopen.',
  },
  PORTICO_LOOKUP_NOT_FOUND: {
    status: 404,
    meaning:
      "The form has no lookup field of this name that the caller's role may choose (the field is absent, read-only, not a lookup, or the owner, which is chosen through Assign).",
  },
  PORTICO_RECORD_NOT_FOUND: {
    status: 404,
    meaning:
      "No record with this id is visible to the caller. A record outside the caller's scope gets exactly this answer, so existence is never revealed.",
  },
  PORTICO_NOTE_NOT_FOUND: {
    status: 404,
    meaning:
      "No published note (or no attachment) with this id on this case for the caller. A staff note kept internal, another case's note and a note outside the caller's scope all get exactly this answer.",
  },
  PORTICO_LANGUAGE_NOT_FOUND: {
    status: 404,
    meaning:
      'No messages in this language: the widgets show English. An admin adds a language as schemas/languages/<code>.json.',
  },
  PORTICO_ROUTE_NOT_FOUND: {
    status: 404,
    meaning: 'No such endpoint. The API lives under /api/v1 and is described at /api/v1/openapi.json.',
  },
  PORTICO_METHOD_NOT_ALLOWED: {
    status: 405,
    meaning:
      'The endpoint exists but not with this HTTP method; the `Allow` header lists the methods it accepts.',
  },
  PORTICO_VALIDATION_FAILED: {
    status: 400,
    meaning:
      '`values` failed validation. `fields` lists each problem with a JSON pointer; unknown, hidden, read-only and server-stamped fields are named here too.',
  },
  PORTICO_QUERY_INVALID: {
    status: 400,
    meaning:
      'A query parameter is not allowed by the list definition (sort field, direction, filter field or value, search length) or is malformed.',
  },
  PORTICO_CURSOR_INVALID: {
    status: 400,
    meaning:
      'The `page` cursor was forged, expired, or issued for another user, list or query. Start again from the first page.',
  },
  PORTICO_IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    meaning:
      'The `Idempotency-Key` header of a create or a new note is not 16–128 characters of letters, digits, `_` and `-` (a new note must have one). Nothing was written.',
  },
  PORTICO_REQUEST_MALFORMED: {
    status: 400,
    meaning:
      'The request is not well-formed HTTP: a broken request line or header, a `Content-Length` or `Transfer-Encoding` that does not frame the body, or no `Host` header. Nothing was processed.',
  },
  PORTICO_REQUEST_TIMEOUT: {
    status: 408,
    meaning:
      'The request headers or body did not arrive in time (30 s for headers, 60 s in all). Nothing was processed.',
  },
  PORTICO_HEADERS_TOO_LARGE: {
    status: 431,
    meaning: 'The request headers are larger than the server accepts (16 KB in all). Nothing was processed.',
  },
  PORTICO_BODY_MALFORMED: {
    status: 400,
    meaning:
      'The request body is not valid JSON, is not an object of the documented shape, nests too deeply, or is shorter than its `Content-Length`.',
  },
  PORTICO_BODY_UNSAFE_KEY: {
    status: 400,
    meaning:
      'The body contains a `__proto__`, `constructor` or `prototype` key; such bodies are refused whole.',
  },
  PORTICO_BODY_TOO_LARGE: {
    status: 413,
    meaning: 'The body exceeds the configured limit (PORTICO_BODY_LIMIT, default 64 KB).',
  },
  PORTICO_UPLOAD_TOO_LARGE: {
    status: 413,
    meaning:
      "A note's upload exceeds the form's limits: a file above its `maxBytes` (named in `fields`), or a request larger than its files and text can be. Nothing was written.",
  },
  PORTICO_CONTENT_TYPE_UNSUPPORTED: {
    status: 415,
    meaning:
      'Request bodies must be `Content-Type: application/json` (charset utf-8 if given), sent without `Content-Encoding` (or `identity`); a note with files is `multipart/form-data`.',
  },
  PORTICO_ETAG_REQUIRED: {
    status: 428,
    meaning:
      'Updates, deletes and actions need `If-Match: <etag>` with the `etag` from the last read of the record.',
  },
  PORTICO_ETAG_INVALID: {
    status: 412,
    meaning:
      'The `If-Match` value was not issued by this server for this user, role and record, or it has expired. Read the record again.',
  },
  PORTICO_RECORD_CONFLICT: {
    status: 412,
    meaning:
      'The record changed since it was read (its version no longer matches `If-Match`). `current` holds the record as it is now; nothing was written.',
  },
  PORTICO_RECORD_STATE: {
    status: 409,
    meaning:
      "The record's state does not allow this action (a closed case cannot be saved, assigned, resolved or cancelled; an open one cannot be reopened; or the form's own precondition). The message says why in the user's words and `current` holds the record as it is now; nothing was written.",
  },
  PORTICO_CASE_STATE_INVALID: {
    status: 409,
    meaning:
      'Retired: no longer returned (a code is never reused). A refusal for the state of a case is now PORTICO_RECORD_STATE.',
  },
  PORTICO_CORS_ORIGIN_DENIED: {
    status: 403,
    meaning: 'The page origin is not in PORTICO_ALLOWED_ORIGINS.',
  },
  PORTICO_RATE_LIMITED: {
    status: 429,
    meaning:
      'Too many requests from this user or IP address; the `RateLimit` and `Retry-After` headers say when to try again.',
  },
  PORTICO_UPSTREAM_BUSY: {
    status: 503,
    meaning:
      'Dynamics asked Portico to slow down (service protection limits) for longer than Portico waits, or answered others so slowly that no connection to it came free within the request deadline (PORTICO_REQUEST_DEADLINE_MS). Retry after `Retry-After` seconds; nothing was written.',
  },
  PORTICO_UPSTREAM_TIMEOUT: {
    status: 504,
    meaning:
      'Dynamics did not answer in time (DATAVERSE_TIMEOUT_MS per attempt, PORTICO_REQUEST_DEADLINE_MS in all). A write may or may not have been applied; read the record again.',
  },
  PORTICO_UPSTREAM_UNAVAILABLE: {
    status: 502,
    meaning: 'Dynamics could not be reached or failed (network error or 5xx). Retry later.',
  },
  PORTICO_UPSTREAM_REJECTED: {
    status: 422,
    meaning:
      'Dynamics refused the operation for a business rule Portico cannot attribute to one field. The message says what is safe to say; details are in the server log under the request id.',
  },
  PORTICO_UPSTREAM_MISCONFIGURED: {
    status: 502,
    meaning:
      "Dynamics refused Portico's integration identity (authentication or privileges). An operator must fix the connection; the server log has details.",
  },
  PORTICO_SERVER_NOT_READY: {
    status: 503,
    meaning:
      'Readiness check failed: the configuration is not loaded or Dynamics is unreachable; or, under /widgets, the widget bundle has not been built.',
  },
  PORTICO_SERVER_INTERNAL: {
    status: 500,
    meaning:
      'An unexpected server error. The server log has details under the request id; nothing internal is returned.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface PorticoErrorExtras {
  fields?: FieldError[];
  current?: RecordResponse;
  /** Extra response headers (e.g. `Retry-After`, `Allow`). */
  headers?: Record<string, string>;
  /** Server-log-only detail: never sent to the client. */
  cause?: unknown;
}

/** An error that becomes exactly one `ErrorResponse`. Anything else thrown becomes PORTICO_SERVER_INTERNAL. */
export class PorticoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[] | undefined;
  readonly current: RecordResponse | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, extras: PorticoErrorExtras = {}) {
    super(message, extras.cause === undefined ? undefined : { cause: extras.cause });
    this.name = 'PorticoError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.fields = extras.fields;
    this.current = extras.current;
    this.headers = extras.headers ?? {};
  }

  toResponse(requestId: string): ErrorResponse {
    return {
      error: {
        code: this.code,
        status: this.status,
        message: this.message,
        requestId,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.current ? { current: this.current } : {}),
      },
    };
  }
}

/** Shorthand for a validation failure naming one or more fields. */
export function validationError(fields: FieldError[], message?: string): PorticoError {
  const names = fields.map((f) => f.pointer).join(', ');
  return new PorticoError('PORTICO_VALIDATION_FAILED', message ?? `Some values are not accepted: ${names}.`, {
    fields,
  });
}
