/**
 * File names and types of attachments, on the way in and on the way out. A name from a browser
 * (or from a note staff attached in Dynamics) is only ever a label: path parts, control
 * characters and invisible formatting characters (the bidi overrides that make `exe.png` out of
 * `gnp.exe`, zero-width joiners) are removed before it is checked, stored or sent back, and a
 * download names it in `Content-Disposition` per RFC 6266 with the RFC 5987 `filename*` form.
 */
import type { CompiledTimeline } from '../../config/types.js';
import { FILE_TYPES, extensionOf } from '../../shared/attachments.js';

/** Dataverse's `filename` holds 255 characters; a shorter cap leaves room for what a browser adds. */
const MAX_NAME = 200;

/** A file name safe to check, store and show: no path, no control or format characters, no leading dots. */
export function safeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  let name = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (name.length > MAX_NAME) {
    const ext = extensionOf(name);
    name = `${name.slice(0, MAX_NAME - ext.length)}${ext}`;
  }
  return name === '' ? 'file' : name;
}

/** `Content-Disposition: attachment` naming `name`: an ASCII fallback and the UTF-8 original. */
export function contentDisposition(name: string): string {
  const safe = safeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(safe).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The type a download is served as: the allowed type of its extension, when the note says it is
 * of that type and its content is; anything else — SVG, HTML, a staff upload of another kind, a
 * file whose content disagrees — is `application/octet-stream`, which no browser renders. The
 * form's list applies to roles that only read, too: they download what others attached.
 */
export function servedType(
  t: CompiledTimeline,
  name: string,
  storedType: unknown,
  bytes: Uint8Array,
): string {
  const ext = extensionOf(safeFileName(name));
  const declared = typeof storedType === 'string' ? storedType.split(';')[0]!.trim().toLowerCase() : '';
  const allowed = t.allowedTypes.find((a) => a.extension === ext && a.type === declared);
  if (!allowed || !FILE_TYPES[allowed.type]?.matches(bytes)) return 'application/octet-stream';
  return allowed.type === 'text/plain' ? 'text/plain; charset=utf-8' : allowed.type;
}
