/**
 * Reading a case's notes, always through the case (ARCHITECTURE.md, principle 'Scope inside the
 * query'): one query of the case's entity set whose `$filter` is the case id AND the caller's
 * scope, expanding its collection-valued navigation property `Incident_Annotation` with a nested
 * `$select`, a `$filter` holding the timeline's publishing rule (and, for one note, its id),
 * `$orderby=createdon desc` and `$top` (Microsoft Learn, "Join tables using OData", the options an
 * `$expand` of a collection-valued navigation property takes:
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/join-tables).
 * A note id therefore never reaches Dataverse without its case, the caller's scope and the
 * publishing rule in the same query: another case's note, a note out of scope and an internal
 * note all come back as nothing. The same page also rides along the record read of a form
 * (`$expand` in the one record call), so opening a case with its timeline is one upstream call.
 *
 * Who wrote a note: Dataverse records the integration user as `createdby` of everything Portico
 * writes, so a note a user adds carries its author in its `subject`,
 * `<name> (portal) [contact:<contact id>]`, written by the server only (users write `notetext`).
 * A note without it is staff's and shows the timeline's `staffName`, never a user's name.
 */
import type { Note, NotesPage } from '../../api/contract.js';
import type { CompiledTimeline, EntityInfo } from '../../config/types.js';
import type { PorticoUser } from '../identity/resolve.js';
import { and, dateTimeLiteral, guidLiteral, identifier, isGuid, or, stringLiteral } from '../odata/index.js';

/** The incident → annotation collection-valued navigation property (Dataverse's own name). */
export const NOTES_NAV = 'Incident_Annotation';

/** Columns of a note the timeline reads (never `documentbody`, which only a download selects). */
export const NOTE_COLUMNS = [
  'annotationid',
  'subject',
  'notetext',
  'createdon',
  'isdocument',
  'filename',
  'mimetype',
  'filesize',
];

/** Dataverse's `$expand` of a collection may serve cached rows unless told not to (join-tables page). */
export const FRESH_EXPAND = { 'If-None-Match': 'null' } as const;

/** The `$filter` clause of the timeline's publishing rule. */
export function ruleFilter(t: CompiledTimeline): string {
  return t.show.kind === 'marker'
    ? `startswith(notetext,${stringLiteral(t.show.marker)})`
    : `${identifier(t.show.column)} eq true`;
}

/** Where an older page starts: notes at or before `t`, less those of `t` already shown. */
export interface PagePosition {
  t: string;
  seen: string[];
}

/** `Incident_Annotation(...)` for one page of the timeline, from `after` when continuing. */
export function pageExpand(t: CompiledTimeline, after?: PagePosition): string {
  const position = after
    ? and(
        `createdon le ${dateTimeLiteral(after.t)}`,
        ...after.seen.map((id) => `annotationid ne ${guidLiteral(id)}`),
      )
    : null;
  return expandOf(and(ruleFilter(t), position)!, NOTE_COLUMNS, t.pageSize + 1);
}

/** `Incident_Annotation(...)` for some notes by id (a download, or the notes a replayed add made). */
export function notesByIdExpand(t: CompiledTimeline, ids: readonly string[], withBody: boolean): string {
  const byId = or(...ids.map((id) => `annotationid eq ${guidLiteral(id)}`));
  return expandOf(
    and(ruleFilter(t), byId)!,
    withBody ? [...NOTE_COLUMNS, 'documentbody'] : NOTE_COLUMNS,
    ids.length,
  );
}

function expandOf(filter: string, columns: readonly string[], top: number): string {
  return `${NOTES_NAV}($select=${columns.join(',')};$filter=${filter};$orderby=createdon desc,annotationid desc;$top=${top})`;
}

/** The expanded notes of a case row (undefined when the answer has none: a Dataverse that did not expand). */
export function expandedNotes(row: Record<string, unknown>): Array<Record<string, unknown>> {
  const notes = row[NOTES_NAV];
  return Array.isArray(notes)
    ? notes.filter((n): n is Record<string, unknown> => !!n && typeof n === 'object')
    : [];
}

const AUTHOR = /^(.{1,200}) \(portal\) \[contact:([0-9a-fA-F-]{36})\]$/s;

/** The subject a note added by `user` carries: their name and contact id. */
export function authorSubject(name: string, user: PorticoUser): string {
  const clean =
    name
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .trim()
      .slice(0, 200) || 'Customer';
  return `${clean} (portal) [contact:${user.contactId}]`;
}

/** A note row as the timeline shows it. */
export function toNote(row: Record<string, unknown>, t: CompiledTimeline, user: PorticoUser): Note {
  const subject = typeof row.subject === 'string' ? row.subject : '';
  const author = AUTHOR.exec(subject);
  const contact = author && isGuid(author[2]) ? author[2].toLowerCase() : undefined;
  let text = typeof row.notetext === 'string' ? row.notetext : '';
  if (t.show.kind === 'marker' && text.startsWith(t.show.marker)) {
    text = text.slice(t.show.marker.length).replace(/^ /, '');
  }
  const note: Note = {
    id: String(row.annotationid).toLowerCase(),
    text,
    createdOn: typeof row.createdon === 'string' ? row.createdon : '',
    author: contact ? { name: author![1]!, staff: false } : { name: t.staffName, staff: true },
    mine: contact !== undefined && contact === user.contactId,
  };
  const size = Number(row.filesize);
  if ((row.isdocument === true || size > 0) && typeof row.filename === 'string') {
    note.attachment = {
      name: row.filename,
      size: Number.isFinite(size) ? size : 0,
      type: typeof row.mimetype === 'string' ? row.mimetype : 'application/octet-stream',
    };
  }
  return note;
}

/**
 * One page from the expanded rows (`pageSize + 1` were asked for, so one more means an older page
 * exists) and where the next page starts.
 */
export function toPage(
  rows: ReadonlyArray<Record<string, unknown>>,
  t: CompiledTimeline,
  user: PorticoUser,
  after?: PagePosition,
): { page: NotesPage; next?: PagePosition } {
  const shown = rows.slice(0, t.pageSize).map((r) => toNote(r, t, user));
  const page: NotesPage = { value: shown };
  if (rows.length <= t.pageSize || shown.length === 0) return { page };
  const last = shown[shown.length - 1]!.createdOn;
  const sameSecond = shown.filter((n) => n.createdOn === last).map((n) => n.id);
  const seen = after && after.t === last ? [...after.seen, ...sameSecond] : sameSecond;
  return { page, next: { t: last, seen } };
}

/** The `$filter` of the case itself: its id and the caller's scope. */
export function caseFilter(entity: EntityInfo, caseId: string, scopeFilter: string | null): string {
  return and(`${identifier(entity.primaryKey)} eq ${guidLiteral(caseId)}`, scopeFilter)!;
}
