import type { ErrorResponse, FieldError, RecordResponse } from '../../../server/api/contract.js';

/** What the host page hands Portico. */
export interface PorticoOptions {
  /** Origin (and optional base path) of the Portico server, e.g. `https://portal.example.com`. No default. */
  endpoint: string;
  /**
   * Returns the signed-in user's token from the host site's own sign-in. Called before every request,
   * and once more when the server answers 401 `PORTICO_AUTH_TOKEN_EXPIRED`; cache it yourself and
   * refresh it when that second call comes. No default.
   */
  getToken: () => Promise<string> | string;
}

/** A failed request, shaped after `ErrorResponse`; `status` 0 means the server was not reached. */
export class ApiError extends Error {
  status: number;
  code: string;
  requestId: string;
  fields: FieldError[];
  current: RecordResponse | undefined;
  constructor(message: string, status: number, code: string, e?: Partial<ErrorResponse['error']>) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = e?.requestId ?? '';
    this.fields = e?.fields ?? [];
    this.current = e?.current;
  }
}

let options: Partial<PorticoOptions> = {};
let wake: Array<() => void> = [];

const fail = (name: string, value: unknown, hint: string): never => {
  throw new TypeError(
    `PORTICO_CONFIG_INVALID: option "${name}" ${hint}; got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`,
  );
};

/**
 * Sets the endpoint and/or token provider (both are needed before any request goes out; requests
 * made earlier wait). Throws `PORTICO_CONFIG_INVALID` naming the option and the bad value.
 */
export function configure(o: Partial<PorticoOptions>): void {
  if ('endpoint' in o) {
    const e = o.endpoint;
    if (typeof e !== 'string' || !/^https?:\/\/[^/]/.test(e))
      fail('endpoint', e, 'must be an absolute http(s) URL, e.g. "https://portal.example.com"');
  }
  if ('getToken' in o && typeof o.getToken !== 'function')
    fail('getToken', o.getToken, 'must be a function returning a token');
  options = { ...options, ...o };
  if (options.endpoint && options.getToken) {
    for (const w of wake) w();
    wake = [];
  }
}

/** Resolves with the endpoint once both options are set. */
export const endpoint = (): Promise<string> =>
  new Promise<void>((r) => (options.endpoint && options.getToken ? r() : wake.push(r))).then(() =>
    (options.endpoint as string).replace(/\/+$/, ''),
  );

/** Forgets the configuration (tests). */
export const reset = (): void => {
  options = {};
};

/**
 * The endpoint and the `Authorization` header with the signed-in user's token, once both options
 * are set; also for the requests `api` cannot make (an upload with progress, a file download).
 */
export const auth = async (): Promise<[base: string, headers: Record<string, string>]> => [
  await endpoint(),
  { Authorization: `Bearer ${await (options.getToken as PorticoOptions['getToken'])()}` },
];

/**
 * The failure an answer stands for, as an `ApiError`; `undefined` for an expired token while the
 * caller may still ask again (`again`) with a fresh one. Shared with the timeline's upload, which
 * cannot use `api` (it needs XMLHttpRequest for progress).
 */
export function failure(
  status: number,
  statusText: string,
  data: unknown,
  again: boolean,
): ApiError | undefined {
  const err = (data as ErrorResponse | null)?.error;
  if (again && status === 401 && err?.code === 'PORTICO_AUTH_TOKEN_EXPIRED') return undefined;
  return new ApiError(err?.message ?? statusText, status, err?.code ?? 'PORTICO_WIDGET_HTTP_' + status, err);
}

/**
 * Calls `/api/v1` + `path`. Adds the bearer token, `If-Match` (a GET: `If-None-Match`) when an etag
 * is given, `Idempotency-Key` when a key is given, and retries once with a fresh token on
 * `PORTICO_AUTH_TOKEN_EXPIRED`. Every failure becomes an `ApiError`. With `raw`, a successful answer
 * (or a 304) is handed back unread. With `signed`, the first attempt uses that endpoint and token.
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  etag?: string | null,
  key?: string,
  raw?: boolean,
  signed?: [base: string, headers: Record<string, string>],
): Promise<T> {
  for (let again = true; ; again = false) {
    // `signed`: what `auth` gave the caller for this request (`definition`); a retry asks again.
    const [base, headers] = (again && signed) || (await auth());
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // A GET's tag is the copy held (`definition`); a write's, the version it changes.
    if (etag) headers[method == 'GET' ? 'If-None-Match' : 'If-Match'] = etag;
    if (key) headers['Idempotency-Key'] = key;
    let res: Response;
    try {
      res = await fetch(base + '/api/v1' + path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(String(e), 0, 'PORTICO_WIDGET_NETWORK');
    }
    if (raw && (res.ok || res.status == 304)) return res as T;
    // (A 204 has no body: null, as for any answer that is not JSON.)
    const data: unknown = await res.json().catch(() => null);
    if (res.ok) return data as T;
    const error = failure(res.status, res.statusText, data, again);
    if (error) throw error;
  }
}

/** Where the definitions this tab holds are kept: `[owner, { path: [etag, definition] }]`. */
const DEFS = 'portico:defs';
type Held = [owner: string, defs: Record<string, [etag: string | null, definition: unknown]>];

/**
 * The definitions this tab holds, read once per page when the first definition is asked for — in
 * the same turn, not a task later: that task would run after the host's own scripts and the
 * document's load events, and so hold back the definition's request once the token is there
 * (scripts/bench/render.ts). Blocked storage or an unreadable copy hold nothing.
 */
let held: Held | undefined;

/**
 * GETs a form or list definition (`path`), which changes only when an admin edits the
 * configuration. This tab keeps the last ones in sessionStorage (gone with the tab), so a page shows
 * one at once: `show` runs with the held copy (`held` true), then again with the server's answer
 * only when that differs (`If-None-Match` → 200 rather than 304). Resolves once the current
 * definition is shown; a failed check rejects as `api` does. The copies belong to one endpoint and
 * user: the token's claims but the times that change with every refresh (`exp`, `iat`, `nbf`,
 * `jti`); another user's token, or the same user's with another role, finds nothing held and
 * replaces it all. A token that is not a JWT, or storage that is blocked or full, means no cache,
 * not an error. Holds only what the server sends every user of the role, nothing personal.
 */
export async function definition<T>(
  path: string,
  show: (value: T, held?: boolean) => unknown,
): Promise<void> {
  if (!held) {
    let v: unknown;
    try {
      v = JSON.parse(sessionStorage.getItem(DEFS)!);
    } catch {
      /* blocked, or not JSON */
    }
    held = Array.isArray(v) && v[1] instanceof Object ? (v as Held) : ['', {}];
  }
  const store = held;
  const signed = await auth();
  let id = '';
  try {
    // The payload's JSON with the time claims cut out (a string `jti` included).
    id =
      signed[0] +
      atob(signed[1].Authorization!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')).replace(
        /"(exp|iat|nbf|jti)":("[^"]*"|[^,}]*)/g,
        '',
      );
  } catch {
    /* not a JWT */
  }
  // Another user's copies are dropped here, for every definition this page asks for after it.
  if (store[0] != id) store.splice(0, 2, id, {});
  const hit = id ? (store[1][path] as [string | null, T] | undefined) : undefined;
  const shown = hit && show(hit[1], true);
  const res = await api<Response>('GET', path, undefined, hit?.[0], undefined, true, signed);
  await shown;
  if (res.status != 304) {
    const value = (await res.json()) as T;
    store[1][path] = [res.headers.get('ETag'), value];
    try {
      if (id) sessionStorage.setItem(DEFS, JSON.stringify(store));
    } catch {
      /* storage full or blocked: shown, not kept */
    }
    await show(value);
  }
}

/** Path segment escaping for ids that come from attributes. */
export const segment = (id: string): string => encodeURIComponent(id);
