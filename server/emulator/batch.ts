/**
 * `$batch`: multipart/mixed requests with change sets
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api).
 * A change set runs inside one SQLite transaction, so it is all-or-nothing; `Content-ID` values of
 * earlier requests in the change set can be referenced as `$n` in URLs and `@odata.bind` values.
 * Without `Prefer: odata.continue-on-error` processing stops at the first failure.
 */
import { randomUUID } from 'node:crypto';
import { DataverseError, errors } from './errors.js';
import { errorResponse, type EmuRequest, type EmuResponse } from './wire.js';
import { parsePrefer } from './format.js';

const MAX_REQUESTS = 1000;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Unknown';
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

interface InnerRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  contentId?: string;
}

function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/mixed/i.test(contentType.trim())) return undefined;
  const m = /boundary=("?)([^";]+)\1/i.exec(contentType);
  return m?.[2];
}

function readHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw errors.payload(
        '$batch',
        `Microsoft.OData.ODataException: The header line '${line}' is not valid.`,
      );
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Splits a multipart body into parts (headers + raw content). */
function splitParts(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const start = body.indexOf(delimiter);
  const end = body.indexOf(`${delimiter}--`);
  if (start < 0 || end < 0) {
    throw errors.payload(
      '$batch',
      `Microsoft.OData.ODataException: The multipart body does not contain the boundary '${boundary}' and its closing delimiter.`,
    );
  }
  const chunks = body.slice(start + delimiter.length, end).split(`\r\n${delimiter}`);
  return chunks.map((chunk) => {
    const text = chunk.replace(/^[ \t]*\r\n/, '');
    const sep = text.indexOf('\r\n\r\n');
    if (sep < 0) return { headers: readHeaders(text), body: '' };
    return { headers: readHeaders(text.slice(0, sep)), body: text.slice(sep + 4) };
  });
}

function readRequest(part: Part): InnerRequest {
  const ct = part.headers.get('content-type') ?? '';
  if (!/^application\/http/i.test(ct)) {
    throw errors.payload(
      '$batch',
      `Microsoft.OData.ODataException: The content type '${ct}' of a batch part is not 'application/http'.`,
    );
  }
  const text = part.body;
  const lineEnd = text.indexOf('\r\n');
  const requestLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const m = /^(GET|POST|PATCH|PUT|DELETE) (\S+) HTTP\/1\.[01]$/.exec(requestLine.trim());
  if (!m)
    throw errors.payload(
      '$batch',
      `Microsoft.OData.ODataException: The request line '${requestLine}' is not valid.`,
    );
  const rest = lineEnd < 0 ? '' : text.slice(lineEnd + 2);
  const sep = rest.indexOf('\r\n\r\n');
  const headerBlock = sep < 0 ? rest : rest.slice(0, sep);
  const rawBody = sep < 0 ? '' : rest.slice(sep + 4).replace(/\r\n$/, '');
  const headers: Record<string, string> = {};
  for (const [k, v] of readHeaders(headerBlock.startsWith('\r\n') ? headerBlock.slice(2) : headerBlock))
    headers[k] = v;
  const contentId = part.headers.get('content-id');
  return {
    method: m[1]!,
    url: m[2]!,
    headers,
    body: rawBody.trim() === '' ? undefined : rawBody,
    ...(contentId ? { contentId } : {}),
  };
}

/** Turns an absolute, root-relative or relative URL (or a `$n` reference) into the path below the version. */
function innerPath(url: string, contentIds: Map<string, string>): { path: string; query: string } {
  let u = url;
  const ref = /^\$(\w+)(.*)$/.exec(u);
  if (ref) {
    const target = contentIds.get(ref[1]!);
    if (!target)
      throw errors.payload(
        '$batch',
        `Content-ID Reference: '$${ref[1]}' does not exist in the batch context.`,
      );
    u = target + ref[2];
  }
  const api = /\/api\/data\/v\d+\.\d+\/(.*)$/.exec(u);
  if (api) u = api[1]!;
  else if (/^https?:\/\//i.test(u))
    throw errors.payload('$batch', `The URL '${url}' of a batch part is not a Web API URL.`);
  u = u.replace(/^\//, '');
  const qi = u.indexOf('?');
  return qi < 0 ? { path: u, query: '' } : { path: u.slice(0, qi), query: u.slice(qi + 1) };
}

function renderResponse(res: EmuResponse, contentId?: string): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId) lines.push(`Content-ID: ${contentId}`);
  lines.push('', `HTTP/1.1 ${res.status} ${statusText(res.status)}`);
  // Failed parts carry a REQ_ID header, as Dataverse's do.
  const extra = res.status >= 400 ? { REQ_ID: randomUUID() } : {};
  for (const [k, v] of Object.entries({ ...extra, 'OData-Version': '4.0', ...res.headers }))
    lines.push(`${k}: ${v}`);
  lines.push('', res.body ?? '');
  return lines.join('\r\n');
}

class StopBatch extends Error {}

class Rollback extends Error {
  constructor(
    readonly response: EmuResponse,
    readonly contentId: string | undefined,
  ) {
    super('change set rolled back');
  }
}

/**
 * What a batch runs its parts against: the router, and the database's transactions for change
 * sets. Passed in rather than imported, so this module does not depend on the router that calls it.
 */
export interface BatchHost {
  handle(req: EmuRequest): EmuResponse;
  transaction<T>(work: () => T): T;
}

/** POST $batch. */
export function handleBatch(host: BatchHost, req: EmuRequest): EmuResponse {
  if (req.method !== 'POST') throw errors.noResource(`${req.root}$batch`);
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary) {
    throw errors.payload(
      '$batch',
      "Microsoft.OData.ODataException: The content type of a batch request must be 'multipart/mixed' with a boundary parameter.",
    );
  }
  const body = req.body ?? '';
  // Dataverse requires CRLF line endings in batch bodies; LF-only bodies fail to parse.
  if (!body.includes('\r\n') && body.includes('\n'))
    throw errors.payload('$batch', 'Stream was not readable.');
  const prefs = parsePrefer(req.headers['prefer']);
  const parts = splitParts(body, boundary);
  let total = 0;
  const out: string[] = [];
  const responseBoundary = `batchresponse_${randomUUID()}`;
  const run = (inner: InnerRequest, contentIds: Map<string, string>): EmuResponse => {
    const { path, query } = innerPath(inner.url, contentIds);
    if (path === '$batch') throw errors.payload('$batch', 'Nested batch requests are not supported.');
    return host.handle({
      method: inner.method,
      path,
      query,
      headers: inner.headers,
      body: inner.body,
      root: req.root,
      contentIds,
    });
  };
  try {
    for (const part of parts) {
      const changeset = boundaryOf(part.headers.get('content-type'));
      if (changeset) {
        const inner = splitParts(part.body, changeset).map(readRequest);
        total += inner.length;
        if (total > MAX_REQUESTS)
          throw errors.payload('$batch', `The batch contains more than ${MAX_REQUESTS} requests.`);
        const contentIds = new Map<string, string>();
        const csBoundary = `changesetresponse_${randomUUID()}`;
        let results: string[];
        try {
          results = host.transaction(() => {
            const rendered: string[] = [];
            for (const r of inner) {
              if (r.method === 'GET') {
                throw new Rollback(
                  errorResponse(
                    errors.payload('$batch', 'GET requests are not allowed inside a change set.'),
                  ),
                  r.contentId,
                );
              }
              let res: EmuResponse;
              try {
                res = run(r, contentIds);
              } catch (e) {
                if (e instanceof DataverseError) res = errorResponse(e);
                else throw e;
              }
              if (res.status >= 400) throw new Rollback(res, r.contentId);
              if (r.contentId && res.entityPath) contentIds.set(r.contentId, res.entityPath);
              if (res.entityPath && res.status === 204)
                res.headers['Location'] = `${req.root}${res.entityPath}`;
              rendered.push(renderResponse(res, r.contentId));
            }
            return rendered;
          });
        } catch (e) {
          if (!(e instanceof Rollback)) throw e;
          out.push(renderResponse(e.response, e.contentId));
          if (!prefs.continueOnError) throw new StopBatch();
          continue;
        }
        out.push(
          [
            `Content-Type: multipart/mixed; boundary=${csBoundary}`,
            '',
            ...results.map((r) => `--${csBoundary}\r\n${r}`),
            `--${csBoundary}--`,
            '',
          ].join('\r\n'),
        );
        continue;
      }
      const inner = readRequest(part);
      total += 1;
      if (total > MAX_REQUESTS)
        throw errors.payload('$batch', `The batch contains more than ${MAX_REQUESTS} requests.`);
      let res: EmuResponse;
      try {
        res = run(inner, new Map());
      } catch (e) {
        if (e instanceof DataverseError) res = errorResponse(e);
        else throw e;
      }
      if (res.status >= 400) {
        out.push(renderResponse(res));
        if (!prefs.continueOnError) throw new StopBatch();
        continue;
      }
      out.push(renderResponse(res));
    }
  } catch (e) {
    if (!(e instanceof StopBatch)) throw e;
    // Without continue-on-error the batch answers 400 with only the failed request's response.
    const last = out[out.length - 1]!;
    return multipart(400, responseBoundary, [last]);
  }
  return multipart(200, responseBoundary, out);
}

function multipart(status: number, boundary: string, parts: string[]): EmuResponse {
  const body = parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n') + `\r\n--${boundary}--\r\n`;
  return { status, headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` }, body };
}
