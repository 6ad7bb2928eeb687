/**
 * A form's notes timeline: only on incident forms that open existing records, with attachment
 * rules Dynamics accepts — no extension on its default blocked list, each extension one its
 * content type has (the server checks uploads by content too), and a size whose Base64 text fits
 * the organisation's `maxuploadfilesize`, which is what Dataverse measures.
 */
import {
  DEFAULT_BLOCKED_ATTACHMENTS,
  DEFAULT_MAX_UPLOAD_FILE_SIZE,
  FILE_TYPES,
  base64Length,
  blockedExtensions,
  largestFileFor,
} from '../../shared/attachments.js';
import { pointer as ptr } from '../errors.js';
import type { FormFile } from '../generated/form-file.js';
import type { CheckContext, Loaded } from './context.js';

const BLOCKED = blockedExtensions(DEFAULT_BLOCKED_ATTACHMENTS);

export function checkTimeline(ctx: CheckContext, f: Loaded<FormFile>): void {
  const { timeline } = f.raw;
  if (!timeline) return;
  const err = ctx.err;
  if (f.raw.entity !== 'incident')
    err(
      'PORTICO_CONFIG_TIMELINE_NOT_APPLICABLE',
      f.file,
      '/timeline',
      `a timeline shows a case's notes; this form is for ${f.raw.entity}; expected it on an incident form only`,
    );
  else if (!f.raw.modes.includes('edit') && !f.raw.modes.includes('view'))
    err(
      'PORTICO_CONFIG_TIMELINE_NOT_APPLICABLE',
      f.file,
      '/timeline',
      `a timeline belongs to an existing case and needs mode edit or view; this form's modes are ${f.raw.modes.join(', ')}`,
    );
  const attachments = timeline.attachments;
  if (!attachments) return;
  const seen = new Set<string>();
  attachments.types.forEach((t, i) => {
    const at = ptr('timeline', 'attachments', 'types', i, 'extension');
    if (seen.has(t.extension))
      err('PORTICO_CONFIG_DUPLICATE_ID', f.file, at, `extension "${t.extension}" is listed twice`);
    seen.add(t.extension);
    const known = FILE_TYPES[t.type]?.extensions ?? [];
    if (BLOCKED.has(t.extension.slice(1)))
      err(
        'PORTICO_CONFIG_ATTACHMENT_BLOCKED',
        f.file,
        at,
        `"${t.extension}" is on Dynamics' default list of blocked attachment extensions, so Dynamics would refuse every such file; expected another extension`,
      );
    // A blocked extension is refused for that reason alone: no allowed type has one.
    else if (!known.includes(t.extension))
      err(
        'PORTICO_CONFIG_ATTACHMENT_TYPE_MISMATCH',
        f.file,
        at,
        `files of type ${t.type} do not end in "${t.extension}", and uploads are checked by content; expected one of ${known.join(', ')}`,
        known[0],
      );
  });
  const limit = attachments.organizationLimit ?? DEFAULT_MAX_UPLOAD_FILE_SIZE;
  if (base64Length(attachments.maxBytes) > limit)
    err(
      'PORTICO_CONFIG_ATTACHMENT_TOO_LARGE',
      f.file,
      ptr('timeline', 'attachments', 'maxBytes'),
      `${attachments.maxBytes} bytes become ${base64Length(attachments.maxBytes)} characters of Base64, which is how Dynamics stores and measures attachments, above the organisation's maxuploadfilesize of ${limit}${attachments.organizationLimit === undefined ? ' (the default; set organizationLimit if yours is higher)' : ''}; expected at most ${largestFileFor(limit)}`,
    );
}
