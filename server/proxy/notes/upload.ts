/**
 * A new note's upload: `multipart/form-data` read as it streams with busboy, under limits of its
 * own derived from the form's timeline (not the JSON body limit): the text at most `maxLength`
 * characters, at most `maxFiles` files of at most `maxBytes` each, and the request no larger than
 * those can make it. Nothing is written before the whole upload has arrived and passed every
 * check, so a truncated or aborted upload writes nothing.
 *
 * Each file is checked three ways, each refusal a field error naming the file and the rule: its
 * extension (after cleaning the name: files.ts) must be one the form allows and not one Dynamics
 * blocks, the type the browser declares must be the type the form gives that extension, and its
 * content must be of that type by its first bytes (shared/attachments.ts). A file over the size
 * limit is a 413 naming the file.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import busboy from 'busboy';
import type { FieldError } from '../../api/contract.js';
import type { CompiledTimeline } from '../../config/types.js';
import {
  DEFAULT_BLOCKED_ATTACHMENTS,
  FILE_TYPES,
  blockedExtensions,
  extensionOf,
} from '../../shared/attachments.js';
import { PorticoError, validationError } from '../errors.js';
import { safeFileName } from './files.js';

export interface UploadedFile {
  /** The cleaned name (files.ts). */
  name: string;
  type: string;
  bytes: Buffer;
  sha256: string;
}

export interface NoteUpload {
  text: string;
  files: UploadedFile[];
}

/** What one upload may hold: the role's timeline limits. */
type Rules = Pick<CompiledTimeline, 'maxLength' | 'attachments'>;

const BLOCKED = blockedExtensions(DEFAULT_BLOCKED_ATTACHMENTS);
/** Room for multipart boundaries and part headers (name, file name, type) per part. */
const PART_OVERHEAD = 4096;

const KIND: Record<string, string> = {
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'image/gif': 'a GIF image',
  'application/pdf': 'a PDF document',
  'text/plain': 'plain text (UTF-8, without NUL characters)',
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The most bytes a valid upload can have: every file at its limit, the text at four bytes a character. */
export function uploadLimit(rules: Rules): number {
  const files = rules.attachments ? rules.attachments.maxFiles : 0;
  const fileBytes = rules.attachments ? files * rules.attachments.maxBytes : 0;
  return fileBytes + rules.maxLength * 4 + (files + 1) * PART_OVERHEAD;
}

const tooLarge = (message: string, fields?: FieldError[]) =>
  new PorticoError('PORTICO_UPLOAD_TOO_LARGE', message, {
    headers: { Connection: 'close' },
    ...(fields ? { fields } : {}),
  });
const malformed = (message: string) => new PorticoError('PORTICO_BODY_MALFORMED', message);

interface Received {
  text: string | undefined;
  textTruncated: boolean;
  files: Array<{ name: string; declared: string; bytes: Buffer; truncated: boolean }>;
  tooManyFiles: boolean;
  /** A `files` part without a file name (busboy reads it as a plain field). */
  unnamedFile: boolean;
  problem: PorticoError | undefined;
}

/** Reads and checks the upload of `req`; rejects with the catalogue answer when it is refused. */
export async function readNoteUpload(req: Request, rules: Rules): Promise<NoteUpload> {
  if (req.is('multipart/form-data') !== 'multipart/form-data') {
    throw new PorticoError(
      'PORTICO_CONTENT_TYPE_UNSUPPORTED',
      'Send a note as Content-Type: multipart/form-data, with a "text" part and "files" parts.',
    );
  }
  const limit = uploadLimit(rules);
  const declared = req.get('Content-Length');
  // Refused before a byte is read, so a large upload cannot hold the connection for nothing.
  if (declared !== undefined && Number(declared) > limit)
    throw tooLarge(`This upload is larger than a note with its files can be (${formatBytes(limit)}).`);
  const received = await receive(req, rules, limit);
  return check(received, rules);
}

function receive(req: Request, rules: Rules, limit: number): Promise<Received> {
  const maxFiles = rules.attachments?.maxFiles ?? 0;
  const got: Received = {
    text: undefined,
    textTruncated: false,
    files: [],
    tooManyFiles: false,
    unnamedFile: false,
    problem: undefined,
  };
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: {
          fieldNameSize: 16,
          fieldSize: rules.maxLength * 4,
          // The text, and `files` parts that came without a file name (refused by name below).
          fields: 1 + maxFiles,
          files: maxFiles,
          // One byte over the limit tells a file at the limit from one above it.
          fileSize: (rules.attachments?.maxBytes ?? 0) + 1,
          parts: maxFiles + 1,
        },
      });
    } catch {
      reject(malformed('The multipart body has no boundary in its Content-Type.'));
      return;
    }
    let done = false;
    const finish = (error?: PorticoError) => {
      if (done) return;
      done = true;
      req.unpipe(parser);
      if (error) {
        req.resume();
        reject(error);
      } else resolve(got);
    };
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit)
        finish(tooLarge(`This upload is larger than a note with its files can be (${formatBytes(limit)}).`));
    });
    // The client went away before the end of the body: a truncated upload, of which nothing is kept.
    req.on('close', () => {
      if (!req.complete) finish(malformed('The upload ended before it was complete; nothing was saved.'));
    });
    parser.on('field', (name, value, info) => {
      if (name === 'files') got.unnamedFile = true;
      else if (name !== 'text')
        got.problem ??= malformed(`Unexpected part "${name.slice(0, 16)}"; send "text" and "files".`);
      else if (got.text !== undefined) got.problem ??= malformed('Send one "text" part.');
      else {
        got.text = value;
        got.textTruncated = info.valueTruncated;
      }
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'files') {
        got.problem ??= malformed(`Unexpected part "${name.slice(0, 16)}"; send "text" and "files".`);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      const file = {
        name: info.filename ?? '',
        declared: info.mimeType ?? '',
        bytes: Buffer.alloc(0),
        truncated: false,
      };
      got.files.push(file);
      // A body cut off inside a file fails the file's stream too; the parser's error answers it.
      stream.on('error', () => undefined);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        file.truncated = true;
        stream.resume();
      });
      stream.on('close', () => {
        file.bytes = Buffer.concat(chunks);
      });
    });
    parser.on('filesLimit', () => {
      got.tooManyFiles = true;
    });
    parser.on('fieldsLimit', () => {
      got.problem ??= malformed('Send one "text" part and the files.');
    });
    parser.on('partsLimit', () => {
      got.tooManyFiles = true;
    });
    parser.on('error', () =>
      finish(
        malformed(
          'The upload is not complete multipart/form-data (it may have been cut off); nothing was saved.',
        ),
      ),
    );
    parser.on('close', () => finish(got.problem));
    req.pipe(parser);
  });
}

function check(got: Received, rules: Rules): NoteUpload {
  const errors: FieldError[] = [];
  const text = got.text ?? '';
  const attachments = rules.attachments;
  if (got.textTruncated || text.length > rules.maxLength)
    errors.push({
      pointer: '/text',
      code: 'maxLength',
      message: `A note may be at most ${rules.maxLength} characters.`,
    });
  else if (text.includes('\u0000'))
    errors.push({ pointer: '/text', code: 'text', message: 'A note cannot contain NUL characters.' });
  else if (text.trim() === '' && got.files.length === 0)
    errors.push({ pointer: '/text', code: 'required', message: 'Write a note or attach a file.' });
  if (!attachments && got.files.length > 0)
    errors.push({ pointer: '/files', code: 'notAllowed', message: 'Notes on this form cannot have files.' });
  else if (attachments && (got.tooManyFiles || got.files.length > attachments.maxFiles))
    errors.push({
      pointer: '/files',
      code: 'maxFiles',
      message: `A note may have at most ${attachments.maxFiles} file${attachments.maxFiles === 1 ? '' : 's'}.`,
    });
  if (got.unnamedFile)
    errors.push({ pointer: '/files', code: 'name', message: 'Every file needs a file name.' });
  const files: UploadedFile[] = [];
  const oversized: FieldError[] = [];
  got.files.forEach((f, i) => {
    if (!attachments) return;
    const name = safeFileName(f.name);
    const pointer = `/files/${i}`;
    if (f.truncated) {
      oversized.push({
        pointer,
        code: 'maxBytes',
        message: `${name}: files may be at most ${formatBytes(attachments.maxBytes)}.`,
      });
      return;
    }
    const problem = fileProblem(name, f.declared, f.bytes, attachments.types);
    if (problem) {
      errors.push({ pointer, ...problem });
      return;
    }
    const rule = attachments.types.find((t) => t.extension === extensionOf(name))!;
    files.push({
      name,
      type: rule.type,
      bytes: f.bytes,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
    });
  });
  if (oversized.length > 0) throw tooLarge(oversized.map((e) => e.message).join(' '), oversized);
  if (errors.length > 0) throw validationError(errors, errors.map((e) => e.message).join(' '));
  return { text, files };
}

/** The rule one file breaks, if any: extension, declared type, emptiness, content. */
function fileProblem(
  name: string,
  declared: string,
  bytes: Buffer,
  types: ReadonlyArray<{ extension: string; type: string }>,
): { code: string; message: string } | undefined {
  const ext = extensionOf(name);
  const rule = types.find((t) => t.extension === ext);
  if (!rule || BLOCKED.has(ext.slice(1)))
    return {
      code: 'type',
      message: `${name}: files of this type are not accepted; allowed are ${types.map((t) => t.extension).join(', ')}.`,
    };
  const sent = declared.split(';')[0]!.trim().toLowerCase();
  if (sent !== rule.type)
    return {
      code: 'declaredType',
      message: `${name}: it was sent as ${sent || 'no type'}, but ${ext} files must be ${rule.type}.`,
    };
  if (bytes.length === 0) return { code: 'empty', message: `${name}: the file is empty.` };
  if (!FILE_TYPES[rule.type]?.matches(bytes))
    return { code: 'content', message: `${name}: its content is not ${KIND[rule.type] ?? rule.type}.` };
  return undefined;
}
