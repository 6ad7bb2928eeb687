import { ApiError, api, auth, failure } from '../../internal/api.js';

/** The code of an upload the user cancelled; nothing reached the server whole, so nothing was written. */
export const ABORTED = 'PORTICO_WIDGET_ABORTED';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export interface Upload<T> {
  /** The server's answer; rejects with an `ApiError` (code `ABORTED` after `abort()`). */
  done: Promise<T>;
  abort(): void;
}

/**
 * POSTs `body` to `/api/v1` + `path` with XMLHttpRequest, because fetch reports no upload progress
 * (https://developer.mozilla.org/docs/Web/API/XMLHttpRequest/upload). Adds the bearer token and the
 * `Idempotency-Key`, and sends again once with a fresh token on `PORTICO_AUTH_TOKEN_EXPIRED`, as
 * `api` does. `progress` gets bytes sent and the total (0 when the browser cannot tell).
 */
export function upload<T>(
  path: string,
  body: FormData,
  key: string,
  progress: (loaded: number, total: number) => void,
): Upload<T> {
  let request: XMLHttpRequest | undefined;
  let aborted = false;
  const cancelled = (): ApiError => new ApiError('cancelled', 0, ABORTED);
  const attempt = async (again: boolean): Promise<T> => {
    const [base, headers] = await auth();
    if (aborted) throw cancelled();
    const xhr = (request = new XMLHttpRequest());
    return new Promise<T>((resolve, reject) => {
      xhr.open('POST', `${base}/api/v1${path}`);
      for (const [name, value] of Object.entries({ ...headers, 'Idempotency-Key': key }))
        xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (event) => progress(event.loaded, event.lengthComputable ? event.total : 0);
      xhr.onload = () => {
        const data = parse(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
        const error = failure(xhr.status, xhr.statusText, data, again);
        if (error) reject(error);
        else resolve(attempt(false));
      };
      xhr.onerror = xhr.ontimeout = () => reject(new ApiError('network', 0, 'PORTICO_WIDGET_NETWORK'));
      xhr.onabort = () => reject(cancelled());
      xhr.send(body);
    });
  };
  return {
    done: attempt(true),
    abort: () => {
      aborted = true;
      request?.abort();
    },
  };
}

/**
 * Fetches the file at `/api/v1` + `path` with the bearer token (a plain link cannot send it) and
 * hands it to the browser's download as `name`, through an object URL released afterwards.
 */
export async function download(path: string, name: string): Promise<void> {
  const response = await api<Response>('GET', path, undefined, undefined, undefined, true);
  const url = URL.createObjectURL(await response.blob());
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  // The download has started from the URL by the time a task has passed; then it can go.
  setTimeout(() => URL.revokeObjectURL(url));
}
