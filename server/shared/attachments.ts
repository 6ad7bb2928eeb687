/**
 * What Dataverse allows for note attachments and what Portico can recognise by content. Shared by
 * the configuration checks (a timeline may only allow what both accept), the server (every upload
 * is checked against it) and the emulator (which enforces the organisation's settings).
 *
 * Dataverse's limits (https://learn.microsoft.com/power-apps/developer/data-platform/attachment-annotation-files#file-size-limits,
 * https://learn.microsoft.com/power-apps/developer/data-platform/files-images-overview#block-files-by-extension):
 * the organisation's `maxuploadfilesize` (5 MB by default, at most 128 MB) is measured on the
 * Base64 text of `documentbody`, and `blockedattachments` lists refused extensions.
 *
 * Content is recognised by a small signature table rather than a library. `file-type` (ESM, large
 * table, reads many formats Portico never allows) and `mmmagic` (native libmagic binding, a build
 * step on every install) were considered; the allow-list is five formats whose signatures are
 * fixed by their specifications, so a table of a few lines is easier to audit than either.
 */

/** Dataverse's default `maxuploadfilesize`: 5 MB of Base64 text. */
export const DEFAULT_MAX_UPLOAD_FILE_SIZE = 5_242_880;
/** The highest `maxuploadfilesize` Dataverse accepts: 128 MB. */
export const MAX_UPLOAD_FILE_SIZE_CEILING = 131_072_000;

/** Dataverse's default list of blocked extensions, as the files overview on Microsoft Learn shows it. */
export const DEFAULT_BLOCKED_ATTACHMENTS = [
  'ade;adp;app;asa;ashx;asmx;asp;bas;bat;cdx;cer;chm;class;cmd;com;config;cpl;crt;csh;dll;exe;fxp;hlp',
  'hta;htr;htw;ida;idc;idq;inf;ins;isp;its;jar;js;jse;ksh;lnk;mad;maf;mag;mam;maq;mar;mas;mat;mau;mav',
  'maw;mda;mdb;mde;mdt;mdw;mdz;msc;msh;msh1;msh1xml;msh2;msh2xml;mshxml;msi;msp;mst;ops;pcd;pif;prf',
  'prg;printer;pst;reg;rem;scf;scr;sct;shb;shs;shtm;shtml;soap;stm;tmp;url;vb;vbe;vbs;vsmacros;vss',
  'vst;vsw;ws;wsc;wsf;wsh;svg',
].join(';');

/** The lower-case extensions (without dot) of a `blockedattachments` value. */
export function blockedExtensions(list: string): Set<string> {
  return new Set(
    list
      .split(';')
      .map((e) => e.trim().replace(/^\./, '').toLowerCase())
      .filter(Boolean),
  );
}

/** How many characters of Base64 a file of `bytes` bytes becomes (what `maxuploadfilesize` measures). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** The largest file whose Base64 text fits within `limit` characters. */
export function largestFileFor(limit: number): number {
  return Math.floor(limit / 4) * 3;
}

/** A type Portico can recognise by its content. */
export interface FileType {
  /** Extensions (lower case, with dot) files of this type may carry. */
  readonly extensions: readonly string[];
  /** True when the bytes are a file of this type. */
  matches(bytes: Uint8Array): boolean;
}

const startsWith = (bytes: Uint8Array, ...signature: number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Plain text: valid UTF-8 and no NUL (a NUL is how binary content gives itself away). */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The types attachments may have, by MIME type. Signatures: PNG (RFC 2083, section 3.1), JPEG
 * (SOI marker FF D8 then a marker's FF), GIF (GIF87a / GIF89a), PDF (`%PDF-`, ISO 32000-1 section 7.5.2).
 */
export const FILE_TYPES: Readonly<Record<string, FileType>> = {
  'image/png': {
    extensions: ['.png'],
    matches: (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  },
  'image/jpeg': { extensions: ['.jpg', '.jpeg'], matches: (b) => startsWith(b, 0xff, 0xd8, 0xff) },
  'image/gif': {
    extensions: ['.gif'],
    matches: (b) =>
      startsWith(b, 0x47, 0x49, 0x46, 0x38, 0x37, 0x61) || startsWith(b, 0x47, 0x49, 0x46, 0x38, 0x39, 0x61),
  },
  'application/pdf': { extensions: ['.pdf'], matches: (b) => startsWith(b, 0x25, 0x50, 0x44, 0x46, 0x2d) },
  'text/plain': { extensions: ['.txt', '.log', '.csv'], matches: isPlainText },
};

/** The MIME types of FILE_TYPES. */
export const FILE_TYPE_NAMES = Object.keys(FILE_TYPES);

/** The extension of a file name, lower case with its dot; '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot).toLowerCase();
}
