/**
 * Forms (`forms/<id>.json`): an id that agrees with the file, columns of the form's entity shown
 * once each, hints and conditions that fit their columns, and actions the form's modes and entity
 * allow.
 */
import { CHOICE_TYPES, LOOKUP_TYPES, TEXT_TYPES, sectionColumns } from '../compile/columns.js';
import { pointer as ptr } from '../errors.js';
import type { ColumnSchema } from '../generated/entity-file.js';
import type { FormFile } from '../generated/form-file.js';
import { checkCondition } from './conditions.js';
import { INCIDENT_ONLY } from './context.js';
import { checkTimeline } from './timeline.js';
import type { CheckContext, Loaded } from './context.js';

export function checkForms(ctx: CheckContext, forms: ReadonlyArray<Loaded<FormFile>>): void {
  for (const f of forms) {
    if (!f.valid) continue;
    const form = f.raw;
    ctx.checkIdMatchesFile(f.file, form.id, f.stem);
    if (!ctx.checkEntityRef(f.file, '/entity', form.entity)) continue;
    checkTimeline(ctx, f);
    const onForm = checkSections(ctx, f);
    const cols = ctx.columnsOf(form.entity);
    if (!cols) continue;
    checkFieldHints(ctx, f, cols, onForm);
    checkActions(ctx, f, cols);
    checkLayout(ctx, f);
  }
}

/** What each header slot must be: the badge a choice, the owner a reference. */
const HEADER_TYPES: Partial<Record<string, { types: ReadonlySet<string>; expected: string }>> = {
  status: { types: CHOICE_TYPES, expected: 'a choice column (e.g. statuscode)' },
  owner: { types: LOOKUP_TYPES, expected: 'a lookup or owner column (e.g. ownerid)' },
};

/** Header columns of the form's entity that fit their slot, and spans that fit their section. */
function checkLayout(ctx: CheckContext, f: Loaded<FormFile>): void {
  const form = f.raw;
  for (const [slot, column] of Object.entries(form.header ?? {})) {
    const at = ptr('header', slot);
    const col = ctx.checkColumn(f.file, at, form.entity, column);
    const rule = HEADER_TYPES[slot];
    if (col && rule && !rule.types.has(col['x-dataverse'].type))
      ctx.err(
        'PORTICO_CONFIG_INVALID_VALUE',
        f.file,
        at,
        `the header's ${slot} "${column}" is ${col['x-dataverse'].type}; expected ${rule.expected}`,
      );
  }
  form.sections.forEach((section, si) => {
    const columns = sectionColumns(section);
    section.fields.forEach((field, fi) => {
      if (typeof field.span === 'number' && field.span > columns)
        ctx.err(
          'PORTICO_CONFIG_INVALID_VALUE',
          f.file,
          ptr('sections', si, 'fields', fi, 'span'),
          `span ${field.span} is wider than section "${section.id}", which has ${columns} column${columns > 1 ? 's' : ''}; expected at most ${columns}, or "full"`,
        );
    });
  });
}

/** Unique section ids and columns; returns the form's known columns, which conditions may test. */
function checkSections(ctx: CheckContext, f: Loaded<FormFile>): Map<string, ColumnSchema> {
  const form = f.raw;
  const onForm = new Map<string, ColumnSchema>();
  const sectionIds = new Set<string>();
  form.sections.forEach((section, si) => {
    if (sectionIds.has(section.id))
      ctx.err(
        'PORTICO_CONFIG_DUPLICATE_ID',
        f.file,
        ptr('sections', si, 'id'),
        `section id "${section.id}" is used twice; expected unique section ids`,
      );
    sectionIds.add(section.id);
    section.fields.forEach((field, fi) => {
      const at = ptr('sections', si, 'fields', fi);
      const col = ctx.checkColumn(f.file, `${at}/field`, form.entity, field.field);
      if (onForm.has(field.field))
        ctx.err(
          'PORTICO_CONFIG_DUPLICATE_FIELD',
          f.file,
          `${at}/field`,
          `column "${field.field}" is already on this form; expected each column once`,
        );
      if (col) onForm.set(field.field, col);
    });
  });
  return onForm;
}

/** Per field: required against read-only, widget and display against the column type, conditions. */
function checkFieldHints(
  ctx: CheckContext,
  f: Loaded<FormFile>,
  cols: Record<string, ColumnSchema>,
  onForm: Map<string, ColumnSchema>,
): void {
  const err = ctx.err;
  f.raw.sections.forEach((section, si) => {
    section.fields.forEach((field, fi) => {
      const at = ptr('sections', si, 'fields', fi);
      const col = cols[field.field];
      if (!col) return;
      const type = col['x-dataverse'].type;
      if (field.required === true && (field.readOnly === true || col.readOnly === true))
        err(
          'PORTICO_CONFIG_REQUIRED_READ_ONLY',
          f.file,
          `${at}/required`,
          `"${field.field}" is ${col.readOnly ? 'a read-only column' : 'marked readOnly'} and cannot also be required; expected one of required or readOnly`,
        );
      const hint = field.widget ?? field.display;
      if (hint === 'radios' || hint === 'select') {
        if (!CHOICE_TYPES.has(type))
          err(
            'PORTICO_CONFIG_WIDGET_NOT_APPLICABLE',
            f.file,
            `${at}/${field.widget ? 'widget' : 'display'}`,
            `"${hint}" needs a choice column, but "${field.field}" is ${type}; expected text or textarea, or remove it`,
          );
      } else if (hint === 'textarea' && !TEXT_TYPES.has(type)) {
        err(
          'PORTICO_CONFIG_WIDGET_NOT_APPLICABLE',
          f.file,
          `${at}/widget`,
          `"textarea" needs a text column, but "${field.field}" is ${type}`,
        );
      }
      if (field.widget && field.display && field.widget !== field.display)
        err(
          'PORTICO_CONFIG_WIDGET_NOT_APPLICABLE',
          f.file,
          `${at}/display`,
          `display "${field.display}" contradicts widget "${field.widget}"; expected only one of them`,
        );
      for (const key of ['visibleWhen', 'requiredWhen'] as const) {
        const cond = field[key];
        if (cond) checkCondition(err, f.file, `${at}/${key}`, cond, onForm);
      }
    });
  });
}

/** Each action once, allowed by the form's entity and modes, with a precondition it can test. */
function checkActions(ctx: CheckContext, f: Loaded<FormFile>, cols: Record<string, ColumnSchema>): void {
  const err = ctx.err;
  const form = f.raw;
  const modes = new Set(form.modes);
  const stateColumns = new Map(
    Object.entries(cols).filter(([, col]) => !LOOKUP_TYPES.has(col['x-dataverse'].type)),
  );
  const actionIds = new Set<string>();
  (form.actions ?? []).forEach((a, ai) => {
    const at = ptr('actions', ai, 'id');
    if (actionIds.has(a.id))
      err('PORTICO_CONFIG_DUPLICATE_ID', f.file, at, `action "${a.id}" is listed twice`);
    actionIds.add(a.id);
    if (INCIDENT_ONLY.has(a.id) && form.entity !== 'incident')
      err(
        'PORTICO_CONFIG_ACTION_NOT_APPLICABLE',
        f.file,
        at,
        `"${a.id}" applies only to incident (Case) forms; this form is for ${form.entity}; expected save, delete or assign`,
      );
    else if (a.id === 'save' && !modes.has('create') && !modes.has('edit'))
      err(
        'PORTICO_CONFIG_ACTION_NOT_APPLICABLE',
        f.file,
        at,
        `"save" needs mode create or edit; this form's modes are ${form.modes.join(', ')}`,
      );
    else if (a.id !== 'save' && !modes.has('edit') && !modes.has('view'))
      err(
        'PORTICO_CONFIG_ACTION_NOT_APPLICABLE',
        f.file,
        at,
        `"${a.id}" acts on an existing record and needs mode edit or view; this form's modes are ${form.modes.join(', ')}`,
      );
    // A precondition tests the record as stored, so any column of the entity will do, except
    // lookups: the version token carries plain values only.
    if (a.when)
      checkCondition(
        err,
        f.file,
        ptr('actions', ai, 'when'),
        a.when,
        stateColumns,
        'a non-lookup column of this entity',
      );
  });
}
