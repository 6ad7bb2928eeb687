/**
 * The rules of the Note (annotation) table that a plain column write does not express: its
 * `objecttypecode` follows the regarding row, its attachment is Base64 text whose decoded size is
 * `filesize` and whose presence is `isdocument`, and the organisation's `maxuploadfilesize` and
 * `blockedattachments` refuse an attachment with Dataverse's errors
 * (https://learn.microsoft.com/power-apps/developer/data-platform/attachment-annotation-files).
 */
import { errors } from './errors.js';
import type { EntityModel } from './metadata/model.js';
import { blockedExtensions, organizationSettings } from './organization.js';
import type { Changes, Row, Store } from './store.js';

/**
 * Standard Base64 with padding, the encoding Dataverse stores `documentbody` in: the alphabet,
 * at most two `=` at the end, and whole groups of four (checked apart from this pattern, which
 * stays linear on a body of megabytes).
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Applies the note rules to a create (`existing` undefined) or an update of an annotation. */
export function noteRules(store: Store, m: EntityModel, changes: Changes, existing: Row | undefined): void {
  if (m.def.logicalName !== 'annotation') return;
  regarding(changes, existing);
  attachment(store, changes, existing);
}

/**
 * `objecttypecode` is the regarding row's table: set from the bound `objectid_<table>`. A payload
 * may send it too, as Microsoft's samples do, but only with the same table (a mismatch is refused
 * with InvalidArgument; the code is inferred).
 */
function regarding(changes: Changes, existing: Row | undefined): void {
  const bound = changes.has('objectid');
  const table = (bound ? changes.get('objectid__t') : existing?.['objectid__t']) ?? null;
  if (changes.has('objecttypecode')) {
    const given = changes.get('objecttypecode');
    if (given !== null && (table === null || String(given).toLowerCase() !== table)) {
      throw errors.invalidArgument(
        table === null
          ? `The objecttypecode '${String(given)}' cannot be set without the regarding record; bind objectid_${String(given)} instead.`
          : `The objecttypecode '${String(given)}' does not match the regarding record, which is of type '${String(table)}'.`,
      );
    }
  }
  if (bound || changes.has('objecttypecode')) changes.set('objecttypecode', table);
}

/**
 * `documentbody`: checked as Base64, against the size limit (which applies to the Base64 text,
 * as the file size limits section says) and, with `filename`, against the blocked extensions;
 * then `filesize` is the decoded size and `isdocument` is true. A note without a body has
 * `filesize` 0 (inferred) and keeps the `isdocument` it was given (false by default).
 */
function attachment(store: Store, changes: Changes, existing: Row | undefined): void {
  const bodyChanged = changes.has('documentbody');
  if (!bodyChanged && !changes.has('filename')) {
    if (!existing) changes.set('filesize', 0);
    return;
  }
  const body = (bodyChanged ? changes.get('documentbody') : existing?.['documentbody']) as string | null;
  const filename = (changes.has('filename') ? changes.get('filename') : existing?.['filename']) as
    string | null;
  const settings = organizationSettings(store);
  if (filename) {
    const dot = filename.lastIndexOf('.');
    const extension = dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
    if (extension !== '' && blockedExtensions(settings.blockedAttachments).has(extension))
      throw errors.attachmentBlocked();
  }
  if (!bodyChanged) return;
  if (body === null || body === '') {
    changes.set('documentbody', null);
    changes.set('filesize', 0);
    changes.set('isdocument', 0);
    return;
  }
  if (body.length > settings.maxUploadFileSize) throw errors.attachmentTooLarge();
  if (body.length % 4 !== 0 || !BASE64.test(body)) {
    // Code inferred: the platform refuses what .NET's Convert.FromBase64String cannot read.
    throw errors.invalidArgument(
      'The value of documentbody is not a valid Base-64 string: use standard Base64 with padding, without line breaks.',
    );
  }
  changes.set('filesize', Buffer.from(body, 'base64').length);
  changes.set('isdocument', 1);
}
