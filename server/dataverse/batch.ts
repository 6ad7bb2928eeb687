/**
 * `$batch` with one change set, the client's side of what the emulator's batch.ts serves
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api):
 * the multipart/mixed text of a request whose operations Dataverse applies in one transaction,
 * all or nothing, and the reading of its answer into one response per operation. Lines end in
 * CRLF, as Dataverse requires; each operation gets `Content-ID` n (1-based), so answers can be
 * matched to operations. Without `Prefer: odata.continue-on-error` the first failure stops the
 * batch, which answers 400 with that operation's response alone.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface BatchOperation {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the Web API root, as for `UpstreamClient.request`. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One operation's answer inside a batch response. */
export interface BatchPart {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON when the part has a JSON body, else its text ('' when empty). */
  body: unknown;
  /** The operation's `Content-ID`, when the answer carries it. */
  contentId?: string;
}

export interface ChangesetResponse {
  /** The `$batch` call's own status: 200 when every operation succeeded. */
  status: number;
  attempts: number;
  /** Every operation's answer on success; the failed one's alone when the change set failed. */
  parts: BatchPart[];
  /** The raw body (an error object when Dataverse refused the batch itself). */
  body: unknown;
}

const CRLF = '\r\n';

/**
 * The multipart text of one change set holding `operations`, in order, each addressed by its
 * absolute URL under `root` (the Web API root ending in `/`), the form every Dataverse version reads.
 */
export function changesetRequest(
  root: string,
  operations: readonly BatchOperation[],
): {
  raw: { contentType: string; data: Buffer };
  idempotent: boolean;
} {
  if (operations.length === 0) throw new TypeError('changeset: at least one operation is needed');
  const batch = `batch_${randomUUID()}`;
  const changeset = `changeset_${randomUUID()}`;
  const parts = operations.map((op, i) => {
    if (op.path.startsWith('/') || /^[a-z]+:/i.test(op.path))
      throw new TypeError('changeset: paths must be relative to the Web API root');
    const headers = Object.entries(op.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
    const body = op.body === undefined ? '' : JSON.stringify(op.body);
    return [
      `--${changeset}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${i + 1}`,
      '',
      `${op.method} ${new URL(op.path, root).href} HTTP/1.1`,
      ...(op.body === undefined ? [] : ['Content-Type: application/json; type=entry']),
      ...headers,
      '',
      body,
    ].join(CRLF);
  });
  const text = [
    `--${batch}`,
    `Content-Type: multipart/mixed; boundary=${changeset}`,
    '',
    ...parts,
    `--${changeset}--`,
    `--${batch}--`,
    '',
  ].join(CRLF);
  const idempotent = operations.every(
    (op) =>
      op.method === 'PATCH' &&
      Object.entries(op.headers ?? {}).some(([k, v]) => k.toLowerCase() === 'if-none-match' && v === '*'),
  );
  return {
    raw: { contentType: `multipart/mixed; boundary=${batch}`, data: Buffer.from(text, 'utf8') },
    idempotent,
  };
}

function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/mixed/i.test(contentType)) return undefined;
  return /boundary=("?)([^";\s]+)\1/i.exec(contentType)?.[2];
}

/** The parts between `--boundary` lines, each as its header block and its body. */
function split(text: string, boundary: string): Array<{ headers: Record<string, string>; body: string }> {
  const out: Array<{ headers: Record<string, string>; body: string }> = [];
  const delimiter = `--${boundary}`;
  for (const chunk of text.split(delimiter).slice(1)) {
    if (chunk.startsWith('--')) break;
    const part = chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    const [head, body] = cut(part);
    out.push({ headers: headerMap(head), body });
  }
  return out;
}

/** Splits at the first blank line. */
function cut(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ''];
}

function headerMap(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** One `application/http` part: its status line, headers and body. */
function readPart(part: { headers: Record<string, string>; body: string }): BatchPart | undefined {
  const [head, body] = cut(part.body);
  const [statusLine, ...lines] = head.split(/\r?\n/);
  const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1];
  if (!status) return undefined;
  const headers = headerMap(lines.join('\n'));
  let parsed: unknown = body.trim();
  if ((headers['content-type'] ?? '').startsWith('application/json') && body.trim() !== '') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = body;
    }
  }
  const contentId = part.headers['content-id'];
  return { status: Number(status), headers, body: parsed, ...(contentId ? { contentId } : {}) };
}

/** The operations' answers in a `$batch` response, change sets unfolded; [] when it is not multipart. */
export function readBatchResponse(res: { headers: IncomingHttpHeaders; body: unknown }): BatchPart[] {
  const boundary = boundaryOf(String(res.headers['content-type'] ?? ''));
  if (!boundary || typeof res.body !== 'string') return [];
  const out: BatchPart[] = [];
  for (const part of split(res.body, boundary)) {
    const inner = boundaryOf(part.headers['content-type']);
    const parts = inner ? split(part.body, inner) : [part];
    for (const p of parts) {
      const read = readPart(p);
      if (read) out.push(read);
    }
  }
  return out;
}
