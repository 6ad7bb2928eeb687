/**
 * A form's notes timeline for one role: present only when the form declares one and the role may
 * read notes (readNotes) and read the records; adding needs the form's `add` and addNotes. The
 * definition the browser gets is the projection of it (`TimelineDefinition`).
 */
import type { TimelineDefinition } from '../../api/contract.js';
import type { FormFile } from '../generated/form-file.js';
import type { CompiledTimeline, Permission } from '../types.js';

export const TIMELINE_DEFAULTS = { pageSize: 10, maxLength: 2000, staffName: 'Support' } as const;

export function compileTimeline(
  raw: FormFile,
  permission: Permission,
  readable: boolean,
): CompiledTimeline | undefined {
  const t = raw.timeline;
  if (!t || !readable || !permission.privileges.has('readNotes')) return undefined;
  const show: CompiledTimeline['show'] =
    t.show.marker !== undefined
      ? { kind: 'marker', marker: t.show.marker }
      : { kind: 'column', column: String(t.show.column) };
  const canAdd = t.add !== false && permission.privileges.has('addNotes');
  const allowedTypes = (t.attachments?.types ?? []).map((a) => ({ extension: a.extension, type: a.type }));
  const out: CompiledTimeline = {
    show,
    pageSize: t.pageSize ?? TIMELINE_DEFAULTS.pageSize,
    maxLength: t.maxLength ?? TIMELINE_DEFAULTS.maxLength,
    staffName: t.staffName ?? TIMELINE_DEFAULTS.staffName,
    canAdd,
    allowedTypes,
  };
  if (canAdd && t.attachments) {
    out.attachments = {
      types: allowedTypes,
      maxBytes: t.attachments.maxBytes,
      maxFiles: t.attachments.maxFiles,
    };
  }
  return out;
}

/** What the browser is told: limits to check before sending, never the rule that hides notes. */
export function timelineDefinition(t: CompiledTimeline): TimelineDefinition {
  const out: TimelineDefinition = { pageSize: t.pageSize, maxLength: t.maxLength, canAdd: t.canAdd };
  if (t.attachments) {
    out.attachments = {
      accept: [...new Set(t.attachments.types.map((a) => a.extension))],
      types: [...new Set(t.attachments.types.map((a) => a.type))],
      maxBytes: t.attachments.maxBytes,
      maxFiles: t.attachments.maxFiles,
    };
  }
  return out;
}
