/**
 * Forms per role: the definition the browser gets (fields the role may not see are absent), the
 * readable and writable columns, the values schemas and their validators, and each action's
 * precondition. Built on first use per role and cached for the life of the registry.
 */
import type { ValidateFunction } from 'ajv';
import type {
  ActionDefinition,
  ActionId,
  Condition,
  FieldDefinition,
  FieldError,
  FormDefinitionResponse,
  FormMode,
  SectionDefinition,
} from '../../api/contract.js';
import { toFieldErrors } from '../field-errors.js';
import type { FormFile } from '../generated/form-file.js';
import { buildValidatorModule } from '../validator-module.js';
import { valuesSchema } from '../values.js';
import type { ValueField } from '../values.js';
import type { ColumnInfo, CompiledForm, EntityInfo, Permission, Precondition, RoleForm } from '../types.js';
import {
  CHOICE_TYPES,
  choiceOptions,
  displayColumn,
  fieldSpan,
  kindOf,
  sectionColumns,
  TEXT_TYPES,
} from './columns.js';
import { conditionFields, offeredWhen, toCondition } from './conditions.js';
import { offeredTo } from './context.js';
import type { CompileContext } from './context.js';
import { DEFAULT_ACTION_LABELS, locales } from './labels.js';
import { preconditionsOf } from './preconditions.js';
import { compileTimeline, timelineDefinition } from './timeline.js';

type FormFieldFile = FormFile['sections'][number]['fields'][number];
type FormHeader = NonNullable<FormDefinitionResponse['header']>;

export function compileForms(
  ctx: CompileContext,
  forms: ReadonlyArray<{ file: string; raw: FormFile }>,
): Map<string, CompiledForm> {
  const out = new Map<string, CompiledForm>();
  for (const { file, raw } of forms) {
    const entity = ctx.entities.get(raw.entity);
    if (!entity) continue;
    const cache = new Map<string, RoleForm | undefined>();
    out.set(raw.id, {
      id: raw.id,
      entity,
      file,
      forRole(role) {
        if (!cache.has(role)) cache.set(role, compileRoleForm(ctx, raw, entity, role));
        return cache.get(role);
      },
    });
  }
  return out;
}

/** What one role may do with one form, from the form's modes and the role's privileges. */
interface FormAccess {
  perm: Permission;
  modes: FormMode[];
  canCreate: boolean;
  canUpdate: boolean;
  /** The role may open an existing record on this form. */
  readable: boolean;
}

function formAccess(
  ctx: CompileContext,
  raw: FormFile,
  entity: EntityInfo,
  role: string,
): FormAccess | undefined {
  if (!offeredTo(raw.roles, role)) return undefined;
  const perm = ctx.permission(role, entity.logicalName);
  if (!perm) return undefined;
  const modes = raw.modes as FormMode[];
  const has = (p: 'create' | 'update' | 'read'): boolean => perm.privileges.has(p);
  const canCreate = modes.includes('create') && has('create');
  const canUpdate = modes.includes('edit') && has('update');
  const readable = (modes.includes('edit') || modes.includes('view')) && has('read');
  if (!canCreate && !readable) return undefined;
  return { perm, modes, canCreate, canUpdate, readable };
}

function compileRoleForm(
  ctx: CompileContext,
  raw: FormFile,
  entity: EntityInfo,
  role: string,
): RoleForm | undefined {
  const access = formAccess(ctx, raw, entity, role);
  if (!access) return undefined;
  const { sections, valueFields, readableFields } = compileSections(ctx, raw, entity, access);
  const header = compileHeader(ctx, raw, entity, access, readableFields);
  const preconditions = preconditionsOf(raw, entity, ctx.compileValues);
  const actions = compileActions(raw, access, preconditions, readableFields);

  const definition: RoleForm['definition'] = {
    id: raw.id,
    entity: entity.logicalName,
    modes: access.modes,
    title: raw.title,
    sections,
    actions,
    locales: [],
  };
  if (header) definition.header = header;
  if (raw.onSuccess) definition.onSuccess = { ...raw.onSuccess };
  definition.locales = locales(definition);
  const timeline = compileTimeline(raw, access.perm, access.readable);
  if (timeline) definition.timeline = timelineDefinition(timeline);

  const createSchema = valuesSchema(valueFields, 'create', `${raw.id} values (create, role ${role})`);
  const updateSchema = valuesSchema(valueFields, 'update', `${raw.id} values (update, role ${role})`);
  let createValidator: ValidateFunction | undefined;
  let updateValidator: ValidateFunction | undefined;
  let moduleText: string | undefined;
  const run = (v: ValidateFunction, values: unknown): FieldError[] =>
    v(values) ? [] : toFieldErrors(v.errors);

  return {
    ...(timeline ? { timeline } : {}),
    definition,
    permission: access.perm,
    readable: readableFields,
    writable: valueFields.map((f) => f.column.name),
    createSchema,
    updateSchema,
    preconditions,
    validateCreate(values) {
      createValidator ??= ctx.compileValues(createSchema);
      return run(createValidator, values);
    },
    validateUpdate(values) {
      updateValidator ??= ctx.compileValues(updateSchema);
      return run(updateValidator, values);
    },
    get validatorModule() {
      moduleText ??= buildValidatorModule(createSchema, updateSchema);
      return moduleText;
    },
  };
}

/**
 * The sections with the fields this role sees, the fields it may write (for the values schemas)
 * and the columns it reads (the primary key aside).
 */
function compileSections(
  ctx: CompileContext,
  raw: FormFile,
  entity: EntityInfo,
  access: FormAccess,
): { sections: SectionDefinition[]; valueFields: ValueField[]; readableFields: string[] } {
  const { perm } = access;
  const sections: SectionDefinition[] = [];
  const valueFields: ValueField[] = [];
  const readableFields: string[] = [];
  // A condition on a column this role cannot see could never be evaluated in the browser; such a
  // condition is dropped for this role (the field is then always shown, and not conditionally required).
  const seen = new Set(
    raw.sections.flatMap((sec) => sec.fields.map((x) => x.field)).filter((n) => !perm.hidden.has(n)),
  );
  const usable = (c: Condition | undefined): Condition | undefined =>
    c && conditionFields(c).every((n) => seen.has(n)) ? c : undefined;
  for (const section of raw.sections) {
    const fields: FieldDefinition[] = [];
    const columns = sectionColumns(section);
    for (const f of section.fields) {
      const col = entity.columns.get(f.field);
      if (!col || perm.hidden.has(col.name)) continue;
      // A form that only creates would show the server-stamped scope lookup as an empty read-only
      // field: the user could neither fill it nor see its value before the record exists.
      if (col.name === perm.via && !access.readable) continue;
      const def = compileField(ctx, f, col, entity, access, usable);
      def.span = fieldSpan(def.kind, col, f.span, columns);
      fields.push(def);
      if (col.name !== entity.primaryKey) readableFields.push(col.name);
      if (!def.readOnly) {
        const vf: ValueField = { column: col, required: def.required };
        if (def.visibleWhen) vf.visibleWhen = def.visibleWhen;
        if (def.requiredWhen) vf.requiredWhen = def.requiredWhen;
        valueFields.push(vf);
      }
    }
    if (fields.length === 0) continue;
    const out: SectionDefinition = { id: section.id, columns, fields };
    if (section.label) out.label = section.label;
    sections.push(out);
  }
  return { sections, valueFields, readableFields };
}

/** One field as this role gets it; `usable` drops a condition the role could not evaluate. */
function compileField(
  ctx: CompileContext,
  f: FormFieldFile,
  col: ColumnInfo,
  entity: EntityInfo,
  { perm, canCreate, canUpdate }: FormAccess,
  usable: (c: Condition | undefined) => Condition | undefined,
): FieldDefinition {
  // Owner columns change only through the assign action, where assignTo is enforced; the
  // `via` column is stamped by the server from the user's identity, never by the client.
  const readOnly =
    col.readOnly ||
    f.readOnly === true ||
    perm.readOnly.has(col.name) ||
    col.name === perm.via ||
    col.type === 'Owner' ||
    (!canCreate && !canUpdate);
  // A scope lookup the server can stamp (a one-step path) may be left empty: a create without it is
  // stamped with the user's own contact or account.
  const stamped = perm.paths.some((path) => path.length === 1 && path[0]!.column === col.name);
  const required =
    !readOnly &&
    (f.required === true ||
      (!stamped && (col.requiredLevel === 'ApplicationRequired' || col.requiredLevel === 'SystemRequired')));
  const widget = f.widget ?? f.display;
  const def: FieldDefinition = {
    name: col.name,
    kind: kindOf(col, widget),
    label: f.label ?? col.label,
    required,
    readOnly,
  };
  if (f.help) def.help = f.help;
  if (f.placeholder) def.placeholder = f.placeholder;
  if (col.maxLength !== undefined && TEXT_TYPES.has(col.type)) def.maxLength = col.maxLength;
  if (col.pattern !== undefined && TEXT_TYPES.has(col.type)) def.pattern = col.pattern;
  if (col.minimum !== undefined) def.minimum = col.minimum;
  if (col.maximum !== undefined) def.maximum = col.maximum;
  const options = choiceOptions(col, ctx.booleans, entity.logicalName);
  if (options && CHOICE_TYPES.has(col.type)) {
    def.options = options;
    def.display = widget === 'radios' ? 'radios' : 'select';
  } else if (options && col.type === 'Boolean') def.options = options;
  if (col.targets) def.targets = Object.keys(col.targets);
  const visibleWhen = usable(f.visibleWhen ? toCondition(f.visibleWhen) : undefined);
  const requiredWhen = usable(!readOnly && f.requiredWhen ? toCondition(f.requiredWhen) : undefined);
  if (visibleWhen) def.visibleWhen = visibleWhen;
  if (requiredWhen) def.requiredWhen = requiredWhen;
  return def;
}

/**
 * The record header's columns this role may see; each is read with the record (added to
 * `readable`), so a header may show a column the sections do not.
 */
function compileHeader(
  ctx: CompileContext,
  raw: FormFile,
  entity: EntityInfo,
  { perm }: FormAccess,
  readable: string[],
): FormHeader | undefined {
  const header: FormHeader = {};
  for (const [slot, column] of Object.entries(raw.header ?? {}) as Array<[keyof FormHeader, string]>) {
    const col = entity.columns.get(column);
    if (!col || perm.hidden.has(column)) continue;
    header[slot] = displayColumn(col, ctx.booleans, entity.logicalName);
    if (column !== entity.primaryKey && !readable.includes(column)) readable.push(column);
  }
  return Object.keys(header).length ? header : undefined;
}

/** The form's actions this role may perform, each with the precondition the browser can test. */
function compileActions(
  raw: FormFile,
  { perm, canCreate, canUpdate, readable }: FormAccess,
  preconditions: ReadonlyMap<ActionId, Precondition>,
  readableFields: readonly string[],
): ActionDefinition[] {
  const actions: ActionDefinition[] = [];
  for (const a of raw.actions ?? []) {
    const allowed = a.id === 'save' ? canCreate || canUpdate : perm.privileges.has(a.id) && readable;
    if (!allowed) continue;
    const action: ActionDefinition = { id: a.id, label: a.label ?? DEFAULT_ACTION_LABELS[a.id] };
    if (a.confirm) action.confirm = a.confirm;
    // A form that also creates renders save before any record exists, where no state holds: its
    // save is always offered and the server alone checks the state of an existing record.
    const when =
      a.id === 'save' && canCreate
        ? undefined
        : offeredWhen(preconditions.get(a.id)?.condition, readableFields);
    if (when) action.when = when;
    actions.push(action);
  }
  return actions;
}
