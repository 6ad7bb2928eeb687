/**
 * Conditional GETs for what changes only when an admin edits the configuration: form and list
 * definitions, validator modules, language files. The ETag is a hash of the bytes sent, so two
 * processes (or a restart) serving the same content agree on it and a copy a browser holds stays
 * good for as long as the content does.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** A strong validator for `content`: 27 base64url characters of its SHA-256 (162 bits). */
export const etagOf = (content: string): string =>
  `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;

/**
 * Whether `If-None-Match` names `etag`: `*`, or a comma-separated list in which one entry is the
 * same opaque tag, weak (`W/`) or not — the weak comparison RFC 9110 §13.1.2 prescribes for this
 * header. A header that is absent, empty or malformed matches nothing, so the full answer is sent.
 */
export function matches(req: Request, etag: string): boolean {
  const header = req.get('If-None-Match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((entry) => entry.trim().replace(/^W\//, '') === etag);
}

/**
 * Sends `content` with its ETag, or an empty 304 when the caller's copy is current. The caller
 * sets `Cache-Control` and `Content-Type` first; both go out on the 304 too.
 */
export function sendConditional(req: Request, res: Response, content: string, etag = etagOf(content)): void {
  res.setHeader('ETag', etag);
  if (matches(req, etag)) res.status(304).end();
  else res.send(content);
}

/**
 * A definition's text and ETag per compiled definition object and variant (a form's validator URL):
 * the objects live as long as their registry version, so each is serialised and hashed once, not on
 * every page a user opens.
 */
const serialised = new WeakMap<object, Map<string, { text: string; etag: string }>>();

/**
 * A definition (form or list) as the caller's role sees it: JSON, cached by the browser only for
 * this user (`private`) and checked on every use (`no-cache`), which the widgets do with the ETag
 * of the copy they keep (widgets/src/internal/api.ts `definition`). `compiled` is the registry's
 * definition object, `variant` what the body adds to it, `body` builds what is sent.
 */
export function sendDefinition(
  req: Request,
  res: Response,
  compiled: object,
  variant: string,
  body: () => unknown,
): void {
  let variants = serialised.get(compiled);
  if (!variants) serialised.set(compiled, (variants = new Map()));
  let entry = variants.get(variant);
  if (!entry) {
    const text = JSON.stringify(body());
    variants.set(variant, (entry = { text, etag: etagOf(text) }));
  }
  res.setHeader('Cache-Control', 'private, no-cache');
  res.vary('Authorization');
  res.type('application/json');
  sendConditional(req, res, entry.text, entry.etag);
}
