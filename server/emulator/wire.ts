/**
 * The emulator's requests and responses as every handler sees them: already read off the socket
 * (or out of a `$batch` part), and not yet written back. Also the few helpers that shape them —
 * JSON bodies, the error envelope, ETag matching and the `Preference-Applied` header.
 */
import { errorBody, errors, type DataverseError } from './errors.js';
import type { Preferences } from './format.js';

export interface EmuRequest {
  readonly method: string;
  /** Path below the version segment, still percent-encoded (e.g. `contacts(…)/fullname`). */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly query: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string | undefined;
  /** Absolute Web API root the client used, ending in `/` (e.g. `http://127.0.0.1:1234/api/data/v9.2/`). */
  readonly root: string;
  /** `$batch` change sets: Content-ID → entity URL relative to root. */
  readonly contentIds?: Map<string, string>;
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  /** Set on created/updated records, for Content-ID references inside change sets. */
  entityPath?: string;
}

export const JSON_TYPE = 'application/json; odata.metadata=minimal';

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): EmuResponse {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function errorResponse(e: DataverseError): EmuResponse {
  return { status: e.status, headers: { 'Content-Type': JSON_TYPE, ...e.headers }, body: errorBody(e) };
}

/** Weak ETag comparison; a list of ETags matches when any does. */
export function etagMatches(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || `W/${v}` === etag;
  });
}

/** The `Preference-Applied` entries for the annotations a request asked for. */
export function annotationsAppliedList(prefs: Preferences): string[] {
  return prefs.annotations ? [`odata.include-annotations="${prefs.annotations}"`] : [];
}

export function annotationsApplied(prefs: Preferences): Record<string, string> {
  const list = annotationsAppliedList(prefs);
  return list.length > 0 ? { 'Preference-Applied': list.join(',') } : {};
}

/** Parses a JSON request body that must be an object; anything else is the 0x80048d19 payload error. */
export function parseJsonObject(body: string | undefined, entitySet: string): Record<string, unknown> {
  if (body === undefined || body.trim() === '') {
    throw errors.payload(
      entitySet,
      'Microsoft.OData.ODataException: The request body is empty; a JSON object was expected.',
    );
  }
  let parsed: unknown;
  try {
    // A UTF-8 byte order mark before the JSON is tolerated, as .NET readers do.
    parsed = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw errors.payload(entitySet, `Microsoft.OData.ODataException: Invalid JSON. ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.payload(
      entitySet,
      'Microsoft.OData.ODataException: A JSON object was expected in the request body.',
    );
  }
  return parsed as Record<string, unknown>;
}
