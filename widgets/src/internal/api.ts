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
 * Calls `/api/v1` + `path`. Adds the bearer token, `If-Match` when an etag is given, `Idempotency-Key`
 * when a key is given, and retries once with a fresh token on `PORTICO_AUTH_TOKEN_EXPIRED`. Every
 * failure becomes an `ApiError`. With `raw`, a successful answer is handed back unread (a file).
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  etag?: string,
  key?: string,
  raw?: boolean,
): Promise<T> {
  for (let again = true; ; again = false) {
    const [base, headers] = await auth();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (etag) headers['If-Match'] = etag;
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
    if (raw && res.ok) return res as T;
    const data: unknown = res.status === 204 ? null : await res.json().catch(() => null);
    if (res.ok) return data as T;
    const error = failure(res.status, res.statusText, data, again);
    if (error) throw error;
  }
}

/** Path segment escaping for ids that come from attributes. */
export const segment = (id: string): string => encodeURIComponent(id);
