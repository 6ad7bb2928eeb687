/**
 * A case's notes through a form with a timeline: older pages, adding a note (with files), and
 * downloading an attachment. Every read goes through the case in the caller's scope with the
 * timeline's publishing rule (notes/read.ts); upstream calls on warm caches:
 *   first page 0 (it rides along the record read) · older page 1 · download 1 ·
 *   add 1 with `If-Match` (the record's etag stands in for the scope read), 2 without.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { Note, NotesPage } from '../../api/contract.js';
import type { CompiledTimeline } from '../../config/types.js';
import type { Context } from '../context.js';
import { PorticoError } from '../errors.js';
import type { IdempotentIds } from '../idempotency.js';
import { FILE_TYPE_NAMES } from '../../shared/attachments.js';
import { contentDisposition, servedType } from '../notes/files.js';
import {
  NOTE_COLUMNS,
  authorSubject,
  expandedNotes,
  notesByIdExpand,
  pageExpand,
  toNote,
  toPage,
  type PagePosition,
} from '../notes/read.js';
import { readNoteUpload, type NoteUpload } from '../notes/upload.js';
import { isDateTime, isGuid, keySegment, queryString } from '../odata/index.js';
import { requirePrivilege } from '../policy/index.js';
import { hashQuery } from '../policy/tokens.js';
import { upstreamFailure } from '../upstream-errors.js';
import { RecordService, auditId } from './record-service.js';
import type { WriteFacts } from './record-service.js';
import { notFoundRecord, readInScope, recordId } from './shared.js';
import type { Refusal } from './spec.js';

type Handler = (req: Request<Record<string, string>>, res: Response) => Promise<void>;
type Row = Record<string, unknown>;

/** A note id that is not a GUID names no note. */
export const NOTE_REFUSAL: Refusal = {
  code: 'PORTICO_NOTE_NOT_FOUND',
  message: () => noteNotFound().message,
};

export function noteNotFound(): PorticoError {
  return new PorticoError(
    'PORTICO_NOTE_NOT_FOUND',
    'There is no such note or attachment on this case for you.',
  );
}

/** What a download may be served as: the types the timelines can allow, else octet-stream (notes/files.ts). */
export const NOTE_DOWNLOAD_TYPES = ['application/octet-stream', ...FILE_TYPE_NAMES] as const;

const CURSOR_QUERY = hashQuery({ notes: 'v1' });
const cursorScope = (formId: string, caseId: string) => `notes:${formId}:${caseId}`;

/** The form's timeline for this role, or 403: the role may not read notes (or the form has none). */
export function timelineOf(service: RecordService): CompiledTimeline {
  service.requireMode(['edit', 'view'], 'show existing records');
  requirePrivilege(service.roleForm.permission, 'read', 'read these records');
  const t = service.roleForm.timeline;
  if (!t) throw new PorticoError('PORTICO_ACCESS_DENIED', 'Your role may not read notes through this form.');
  return t;
}

/** A page of notes with, when older ones exist, a cursor signed for this user, form and case. */
export async function signedPage(
  ctx: Context,
  service: RecordService,
  caseId: string,
  rows: readonly Row[],
  after?: PagePosition,
): Promise<NotesPage> {
  const t = service.roleForm.timeline!;
  const { page, next } = toPage(rows, t, service.user, after);
  if (next) {
    page.next = await ctx.signer.signCursor(service.user, {
      listId: cursorScope(service.form.id, caseId),
      queryHash: CURSOR_QUERY,
      skiptoken: JSON.stringify(next),
    });
  }
  return page;
}

async function openCursor(
  ctx: Context,
  service: RecordService,
  caseId: string,
  cursor: string,
): Promise<PagePosition> {
  const text = await ctx.signer.verifyCursor(cursor, service.user, {
    listId: cursorScope(service.form.id, caseId),
    queryHash: CURSOR_QUERY,
  });
  const position = JSON.parse(text) as Partial<PagePosition>;
  // Signed by this server, so well formed; checked anyway, since it is written into a query.
  if (
    typeof position.t !== 'string' ||
    !isDateTime(position.t) ||
    !Array.isArray(position.seen) ||
    !position.seen.every((id) => isGuid(id))
  )
    throw new PorticoError('PORTICO_CURSOR_INVALID', 'The notes cursor is not valid; load the case again.');
  return { t: position.t, seen: position.seen };
}

/** The case in the caller's scope with `expand`, or 404 when the caller cannot see it. */
async function caseWith(ctx: Context, service: RecordService, caseId: string, expand: string): Promise<Row> {
  const row = await readInScope(ctx, service.entity, await service.scope(), caseId, [], expand);
  if (!row) throw notFoundRecord();
  return row;
}

/** GET …/records/:id/notes?before=<cursor>: an older page. One upstream call. */
export function listNotes(ctx: Context): Handler {
  return async (req, res) => {
    const service = new RecordService(ctx, res, req.params.formId);
    const t = timelineOf(service);
    const caseId = recordId(req.params.id);
    const before = req.query.before;
    const after = typeof before === 'string' ? await openCursor(ctx, service, caseId, before) : undefined;
    const row = await caseWith(ctx, service, caseId, pageExpand(t, after));
    res.json(await signedPage(ctx, service, caseId, expandedNotes(row), after));
  };
}

/** The annotation a note (or one of its files) becomes. */
function annotationBody(
  t: CompiledTimeline,
  service: RecordService,
  caseId: string,
  subject: string,
  text: string,
  file: NoteUpload['files'][number] | undefined,
): Row {
  const marked = t.show.kind === 'marker' ? (text === '' ? t.show.marker : `${t.show.marker} ${text}`) : text;
  const body: Row = {
    subject,
    notetext: marked,
    [`objectid_${service.entity.logicalName}@odata.bind`]: `/${keySegment(service.entity.entitySet, caseId)}`,
  };
  if (t.show.kind === 'column') body[t.show.column] = true;
  if (file) {
    body.filename = file.name;
    body.mimetype = file.type;
    body.documentbody = file.bytes.toString('base64');
  }
  return body;
}

const NOTE_SELECT = queryString({ select: NOTE_COLUMNS });

/**
 * Writes the notes: one PATCH (create-only upsert on the derived id) for one annotation, one
 * `$batch` change set for several, all or nothing. Returns the rows written, or `replayed` when
 * an earlier request with the same key had already written them.
 */
async function writeNotes(
  ctx: Context,
  ids: readonly string[],
  bodies: readonly Row[],
): Promise<{ rows: Row[] | undefined; replayed: boolean }> {
  const op = (id: string, body: Row) => ({
    method: 'PATCH' as const,
    path: `${keySegment('annotations', id)}${NOTE_SELECT}`,
    headers: { 'If-None-Match': '*', Prefer: 'return=representation' },
    body,
  });
  if (ids.length === 1) {
    const res = await ctx.upstream.request(op(ids[0]!, bodies[0]!));
    if (res.status === 200 || res.status === 201) return { rows: [res.body as Row], replayed: false };
    if (res.status === 204) return { rows: undefined, replayed: false };
    if (res.status === 412) return { rows: undefined, replayed: res.attempts === 1 };
    throw upstreamFailure(res, {});
  }
  const res = await ctx.upstream.changeset(ids.map((id, i) => op(id, bodies[i]!)));
  const failed = res.parts.find((p) => p.status >= 400);
  if (res.status === 200 && !failed && res.parts.length === ids.length) {
    const rows = res.parts.map((p) => (p.body && typeof p.body === 'object' ? (p.body as Row) : undefined));
    return { rows: rows.every((r) => r !== undefined) ? (rows as Row[]) : undefined, replayed: false };
  }
  if (failed?.status === 412) return { rows: undefined, replayed: res.attempts === 1 };
  throw upstreamFailure(
    {
      status: failed?.status ?? res.status,
      headers: {},
      body: failed?.body ?? res.body,
      attempts: res.attempts,
    },
    {},
  );
}

/**
 * POST …/records/:id/notes (multipart/form-data). The upload is read and checked whole before
 * anything is sent; the ids come from the Idempotency-Key, so a resend writes nothing new and is
 * answered with the notes the first send wrote.
 */
export function addNote(ctx: Context, idempotent: IdempotentIds): Handler {
  return async (req, res) => {
    const service = new RecordService(ctx, res, req.params.formId);
    const t = timelineOf(service);
    if (!t.canAdd)
      throw new PorticoError('PORTICO_ACCESS_DENIED', 'Your role may not add notes to these records.');
    const key = idempotent.keyOf(req.headers['idempotency-key']);
    if (key === undefined)
      throw new PorticoError(
        'PORTICO_IDEMPOTENCY_KEY_INVALID',
        'A new note needs an Idempotency-Key header (16 to 128 letters, digits, "_" and "-"), one per draft.',
      );
    const caseId = recordId(req.params.id);
    const user = service.user;
    let upload: NoteUpload | undefined;
    let refused: unknown;
    try {
      upload = await readNoteUpload(req, t);
    } catch (error) {
      refused = error;
    }
    const ids = upload
      ? idempotent.noteIds(user.sub, service.form.id, caseId, key, Math.max(1, upload.files.length))
      : [];
    const facts: WriteFacts = {
      operation: 'addNote',
      id: auditId(req.params.id),
      fields: upload ? ['text', ...(upload.files.length > 0 ? ['files'] : [])] : [],
      ...(upload ? { notes: ids } : {}),
      ...(upload?.files.length
        ? { files: upload.files.map((f) => ({ name: f.name, size: f.bytes.length, sha256: f.sha256 })) }
        : {}),
    };
    const notes = await service.audited(facts, async (): Promise<Note[]> => {
      if (!upload) throw refused;
      // The record's signed etag proves the case was in this user's scope; without it, read the case.
      if (req.get('If-Match') !== undefined) await service.version(req, caseId);
      else if (!(await service.read(caseId))) throw notFoundRecord();
      const subject = authorSubject(await ctx.identity.nameOf(user.contactId), user);
      const bodies = upload.files.length
        ? upload.files.map((f, i) =>
            annotationBody(t, service, caseId, subject, i === 0 ? upload.text : '', f),
          )
        : [annotationBody(t, service, caseId, subject, upload.text, undefined)];
      const written = await writeNotes(ctx, ids, bodies);
      let rows = written.rows;
      if (!rows) {
        if (written.replayed) Object.assign(facts, { replay: true, fields: [] });
        rows = expandedNotes(await caseWith(ctx, service, caseId, notesByIdExpand(t, ids, false)));
        if (rows.length === 0) throw noteNotFound();
      }
      const order = new Map(ids.map((id, i) => [id, i]));
      return rows
        .map((r) => toNote(r, t, user))
        .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    });
    res.status(201).json({ value: notes });
  };
}

/** The file in slices, so a slow reader holds the response back instead of Node buffering it all again. */
function* slices(bytes: Buffer): Generator<Buffer> {
  const size = 64 * 1024;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** GET …/notes/:noteId/attachment: the file, through the case and the publishing rule. One upstream call. */
export function downloadAttachment(ctx: Context): Handler {
  return async (req, res) => {
    const service = new RecordService(ctx, res, req.params.formId);
    const t = timelineOf(service);
    const caseId = recordId(req.params.id);
    const noteId = recordId(req.params.noteId);
    const row = await caseWith(ctx, service, caseId, notesByIdExpand(t, [noteId], true));
    const note = expandedNotes(row).find((n) => String(n.annotationid).toLowerCase() === noteId);
    const body = note?.documentbody;
    if (!note || typeof body !== 'string' || body === '') throw noteNotFound();
    const name = typeof note.filename === 'string' && note.filename !== '' ? note.filename : 'attachment';
    // Dataverse sends documentbody inside its JSON answer, so the file is in memory once, decoded;
    // its type needs the content (a text file is checked whole).
    const bytes = Buffer.from(body, 'base64');
    res.status(200);
    res.setHeader('Content-Type', servedType(t, name, note.mimetype, bytes));
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('Content-Disposition', contentDisposition(name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Opened directly, the file may run nothing and load nothing, whatever a browser makes of it.
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    res.setHeader('Cache-Control', 'no-store');
    await pipeline(Readable.from(slices(bytes)), res);
  };
}
