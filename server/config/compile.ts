/**
 * Compiles checked configuration into the Registry of types.ts. Per-role views of forms and lists
 * are built on first use and cached for the life of this registry version (a reload makes a new
 * registry), so loading stays fast and hot reload stays well under a second.
 */
import type { ValidateFunction } from 'ajv';
import { ACTION_IDS } from '../api/contract.js';
import type {
  ActionDefinition,
  ActionId,
  ChoiceOption,
  Condition,
  FieldDefinition,
  FieldError,
  FieldKind,
  FormMode,
  ListDefinitionResponse,
  LocalizedText,
  RowAction,
  SectionDefinition,
} from '../api/contract.js';
import { createAjv, VALUES_AJV_OPTIONS } from './ajv.js';
import { toFieldErrors } from './field-errors.js';
import type { AccessFile } from './generated/access-file.js';
import type { EntitySchemaFile } from './generated/entity-file.js';
import type { FormCondition, FormFile } from './generated/form-file.js';
import type { ListFile } from './generated/list-file.js';
import { buildValidatorModule } from './validator-module.js';
import { conditionSchema, valuesSchema } from './values.js';
import type { ValueField } from './values.js';
import type {
  ColumnInfo,
  CompiledForm,
  CompiledList,
  EntityInfo,
  Permission,
  Precondition,
  Privilege,
  Registry,
  RoleForm,
  RoleInfo,
  RoleList,
} from './types.js';

export interface CheckedConfig {
  dir: string;
  files: string[];
  entities: Array<{ file: string; raw: EntitySchemaFile }>;
  forms: Array<{ file: string; raw: FormFile }>;
  lists: Array<{ file: string; raw: ListFile }>;
  access: AccessFile;
}

const DEFAULT_ACTION_LABELS: Record<ActionId | 'open', LocalizedText> = {
  open: { en: 'Open', de: 'Öffnen' },
  save: { en: 'Save', de: 'Speichern' },
  delete: { en: 'Delete', de: 'Löschen' },
  assign: { en: 'Assign', de: 'Zuweisen' },
  resolve: { en: 'Resolve', de: 'Lösen' },
  cancel: { en: 'Cancel case', de: 'Fall abbrechen' },
  reopen: { en: 'Reopen', de: 'Wieder öffnen' },
};

const DEFAULT_BOOLEAN_LABELS = { true: { en: 'Yes', de: 'Ja' }, false: { en: 'No', de: 'Nein' } };

export const CHOICE_TYPES = new Set(['Picklist', 'State', 'Status']);
export const LOOKUP_TYPES = new Set(['Lookup', 'Customer', 'Owner']);
export const TEXT_TYPES = new Set(['String', 'Memo']);

export function columnInfo(name: string, raw: EntitySchemaFile['properties'][string]): ColumnInfo {
  const dv = raw['x-dataverse'];
  const info: ColumnInfo = {
    name,
    type: dv.type,
    label: dv.label,
    requiredLevel: dv.requiredLevel,
    readOnly: raw.readOnly === true,
  };
  if (raw.maxLength !== undefined) info.maxLength = raw.maxLength;
  if (raw.minimum !== undefined) info.minimum = raw.minimum;
  if (raw.maximum !== undefined) info.maximum = raw.maximum;
  if (dv.dateOnly !== undefined) info.dateOnly = dv.dateOnly;
  if (dv.format === 'Email') info.format = 'email';
  else if (dv.format === 'Phone') info.format = 'phone';
  else if (dv.format === 'Url') info.format = 'uri';
  if (dv.options)
    info.options = dv.options.map((o) =>
      o.state === undefined ? { value: o.value, label: o.label } : { ...o },
    );
  if (dv.targets) info.targets = { ...dv.targets };
  return info;
}

export function kindOf(col: ColumnInfo, widget?: string): FieldKind {
  switch (col.type) {
    case 'String':
      if (widget === 'textarea') return 'textarea';
      return col.format === 'email'
        ? 'email'
        : col.format === 'phone'
          ? 'phone'
          : col.format === 'uri'
            ? 'url'
            : 'text';
    case 'Memo':
      return widget === 'text' ? 'text' : 'textarea';
    case 'Integer':
      return 'integer';
    case 'Decimal':
    case 'Money':
      return 'decimal';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return col.dateOnly ? 'date' : 'datetime';
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'choice';
    case 'Lookup':
    case 'Customer':
      return 'lookup';
    case 'Owner':
      return 'owner';
    case 'Uniqueidentifier':
      return 'text';
  }
}

/** The raw condition object (one shape with optional keys) as the contract's union. */
export function toCondition(c: FormCondition): Condition {
  if (c.all) return { all: c.all.map(toCondition) };
  if (c.any) return { any: c.any.map(toCondition) };
  if (c.not) return { not: toCondition(c.not) };
  const field = c.field ?? '';
  if ('equals' in c) return { field, equals: c.equals ?? null };
  if ('notEquals' in c) return { field, notEquals: c.notEquals ?? null };
  if (c.in) return { field, in: c.in };
  return { field, empty: c.empty ?? true };
}

/** Every column a condition tests. */
export function conditionFields(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionFields);
  if ('any' in c) return c.any.flatMap(conditionFields);
  if ('not' in c) return conditionFields(c.not);
  return [c.field];
}

function collectLocales(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectLocales(v, into);
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.en === 'string' && Object.values(obj).every((v) => typeof v === 'string'))
      for (const k of Object.keys(obj)) into.add(k);
    else for (const v of Object.values(obj)) collectLocales(v, into);
  }
}

function locales(value: unknown): string[] {
  const set = new Set<string>();
  collectLocales(value, set);
  return ['en', ...[...set].filter((l) => l !== 'en').sort()];
}

function choiceOptions(
  col: ColumnInfo,
  booleans: Map<string, { true: LocalizedText; false: LocalizedText }>,
  entity: string,
): ChoiceOption[] | undefined {
  if (col.options) return col.options.map((o) => ({ value: o.value, label: o.label }));
  if (col.type === 'Boolean') {
    const labels = booleans.get(`${entity}.${col.name}`) ?? DEFAULT_BOOLEAN_LABELS;
    return [
      { value: true, label: labels.true },
      { value: false, label: labels.false },
    ];
  }
  return undefined;
}

export function compileRegistry(config: CheckedConfig, version: number): Registry {
  const entities = new Map<string, EntityInfo>();
  const booleans = new Map<string, { true: LocalizedText; false: LocalizedText }>();
  for (const { raw } of config.entities) {
    const dv = raw['x-dataverse'];
    const columns = new Map<string, ColumnInfo>();
    for (const [name, prop] of Object.entries(raw.properties)) {
      columns.set(name, columnInfo(name, prop));
      const facts = prop['x-dataverse'];
      if (facts.type === 'Boolean')
        booleans.set(`${dv.logicalName}.${name}`, {
          true: facts.trueLabel ?? DEFAULT_BOOLEAN_LABELS.true,
          false: facts.falseLabel ?? DEFAULT_BOOLEAN_LABELS.false,
        });
    }
    entities.set(dv.logicalName, {
      logicalName: dv.logicalName,
      entitySet: dv.entitySet,
      primaryKey: dv.primaryKey,
      primaryName: dv.primaryName,
      label: dv.label,
      columns,
      schema: Object.freeze(structuredClone(raw) as unknown as Record<string, unknown>),
      stateColumns: stateColumnsOf(dv.logicalName, columns, config.forms),
    });
  }

  const roles = new Map<string, RoleInfo>();
  for (const [id, role] of Object.entries(config.access.roles)) {
    roles.set(id, {
      id,
      label: role.label,
      permissions: role.permissions.map((p): Permission => ({
        entity: p.entity,
        scope: p.scope,
        ...(p.via !== undefined ? { via: p.via } : {}),
        privileges: new Set(p.privileges as Privilege[]),
        hidden: new Set(p.fields?.hidden ?? []),
        readOnly: new Set(p.fields?.readOnly ?? []),
      })),
      assignTo: { teams: role.assignTo?.teams ?? [], users: role.assignTo?.users ?? [] },
    });
  }
  const permission = (role: string, entity: string): Permission | undefined =>
    roles.get(role)?.permissions.find((p) => p.entity === entity);

  // One Ajv instance per registry for server-side values validation; compiled lazily per form/role.
  let valuesAjv: ReturnType<typeof createAjv> | undefined;
  const compileValues = (schema: object): ValidateFunction => {
    // allErrors is safe here: values schemas have no arrays, every string has maxLength and
    // additionalProperties is false, so errors are bounded by the (size-limited) body's keys.
    valuesAjv ??= createAjv(VALUES_AJV_OPTIONS);
    return valuesAjv.compile(schema);
  };

  /** Every action's precondition for one form: its declared `when` and the built-in Case rule, both. */
  const preconditionsOf = (raw: FormFile, entity: EntityInfo): Map<ActionId, Precondition> => {
    const out = new Map<ActionId, Precondition>();
    for (const id of ACTION_IDS) {
      const declared = raw.actions?.find((a) => a.id === id)?.when;
      const parts = [declared && toCondition(declared), BUILT_IN_STATE_RULES[entity.logicalName]?.[id]]
        .filter((c): c is Condition => c !== undefined)
        // A form that declares the built-in rule itself (as the shipped case forms do) gets it once.
        .filter((c, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(c)) === i);
      const condition = parts.length > 1 ? { all: parts } : parts[0];
      let check: ValidateFunction | undefined;
      out.set(id, {
        condition,
        columns: condition ? [...new Set(conditionFields(condition))] : [],
        holds(state) {
          if (!condition) return true;
          check ??= compileValues(conditionSchema(condition));
          return check(state) === true;
        },
      });
    }
    return out;
  };

  // `roles` on a form or list narrows who gets it at all; privileges still apply on top. Absent,
  // every role whose privileges allow it gets it.
  const offeredTo = (roles: readonly string[] | undefined, role: string): boolean =>
    roles === undefined || roles.includes(role);

  const forms = new Map<string, CompiledForm>();
  for (const { file, raw } of config.forms) {
    const entity = entities.get(raw.entity);
    if (!entity) continue;
    const cache = new Map<string, RoleForm | undefined>();
    forms.set(raw.id, {
      id: raw.id,
      entity,
      file,
      forRole(role) {
        if (!cache.has(role)) cache.set(role, compileRoleForm(raw, entity, role));
        return cache.get(role);
      },
    });
  }

  function compileRoleForm(raw: FormFile, entity: EntityInfo, role: string): RoleForm | undefined {
    if (!offeredTo(raw.roles, role)) return undefined;
    const perm = permission(role, entity.logicalName);
    if (!perm) return undefined;
    const modes = raw.modes as FormMode[];
    const has = (p: Privilege): boolean => perm.privileges.has(p);
    const canCreate = modes.includes('create') && has('create');
    const canUpdate = modes.includes('edit') && has('update');
    const readable = (modes.includes('edit') || modes.includes('view')) && has('read');
    if (!canCreate && !readable) return undefined;

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
      for (const f of section.fields) {
        const col = entity.columns.get(f.field);
        if (!col || perm.hidden.has(col.name)) continue;
        // Owner columns change only through the assign action, where assignTo is enforced; the
        // `via` column is stamped by the server from the user's identity, never by the client.
        const readOnly =
          col.readOnly ||
          f.readOnly === true ||
          perm.readOnly.has(col.name) ||
          col.name === perm.via ||
          col.type === 'Owner' ||
          (!canCreate && !canUpdate);
        const required =
          !readOnly &&
          (f.required === true ||
            col.requiredLevel === 'ApplicationRequired' ||
            col.requiredLevel === 'SystemRequired');
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
        if (col.minimum !== undefined) def.minimum = col.minimum;
        if (col.maximum !== undefined) def.maximum = col.maximum;
        const options = choiceOptions(col, booleans, entity.logicalName);
        if (options && CHOICE_TYPES.has(col.type)) {
          def.options = options;
          def.display = widget === 'radios' ? 'radios' : 'select';
        } else if (options && col.type === 'Boolean') def.options = options;
        if (col.targets) def.targets = Object.keys(col.targets);
        const visibleWhen = usable(f.visibleWhen ? toCondition(f.visibleWhen) : undefined);
        const requiredWhen = usable(!readOnly && f.requiredWhen ? toCondition(f.requiredWhen) : undefined);
        if (visibleWhen) def.visibleWhen = visibleWhen;
        if (requiredWhen) def.requiredWhen = requiredWhen;
        fields.push(def);
        if (col.name !== entity.primaryKey) readableFields.push(col.name);
        if (!readOnly) {
          const vf: ValueField = { column: col, required };
          if (visibleWhen) vf.visibleWhen = visibleWhen;
          if (requiredWhen) vf.requiredWhen = requiredWhen;
          valueFields.push(vf);
        }
      }
      if (fields.length === 0) continue;
      const out: SectionDefinition = { id: section.id, fields };
      if (section.label) out.label = section.label;
      sections.push(out);
    }

    const preconditions = preconditionsOf(raw, entity);
    const actions: ActionDefinition[] = [];
    for (const a of raw.actions ?? []) {
      const allowed = a.id === 'save' ? canCreate || canUpdate : has(a.id) && readable;
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

    const definition: RoleForm['definition'] = {
      id: raw.id,
      entity: entity.logicalName,
      modes,
      title: raw.title,
      sections,
      actions,
      locales: [],
    };
    if (raw.onSuccess) definition.onSuccess = { ...raw.onSuccess };
    definition.locales = locales(definition);

    const createSchema = valuesSchema(valueFields, 'create', `${raw.id} values (create, role ${role})`);
    const updateSchema = valuesSchema(valueFields, 'update', `${raw.id} values (update, role ${role})`);
    let createValidator: ValidateFunction | undefined;
    let updateValidator: ValidateFunction | undefined;
    let moduleText: string | undefined;
    const run = (v: ValidateFunction, values: unknown): FieldError[] =>
      v(values) ? [] : toFieldErrors(v.errors);

    return {
      definition,
      permission: perm,
      readable: readableFields,
      writable: valueFields.map((f) => f.column.name),
      createSchema,
      updateSchema,
      preconditions,
      validateCreate(values) {
        createValidator ??= compileValues(createSchema);
        return run(createValidator, values);
      },
      validateUpdate(values) {
        updateValidator ??= compileValues(updateSchema);
        return run(updateValidator, values);
      },
      get validatorModule() {
        moduleText ??= buildValidatorModule(createSchema, updateSchema);
        return moduleText;
      },
    };
  }

  const lists = new Map<string, CompiledList>();
  for (const { file, raw } of config.lists) {
    const entity = entities.get(raw.entity);
    if (!entity) continue;
    const cache = new Map<string, RoleList | undefined>();
    lists.set(raw.id, {
      id: raw.id,
      entity,
      file,
      forRole(role) {
        if (!cache.has(role)) cache.set(role, compileRoleList(raw, entity, role));
        return cache.get(role);
      },
    });
  }

  function compileRoleList(raw: ListFile, entity: EntityInfo, role: string): RoleList | undefined {
    if (!offeredTo(raw.roles, role)) return undefined;
    const perm = permission(role, entity.logicalName);
    if (!perm || !perm.privileges.has('read')) return undefined;
    const visible = (name: string): boolean => entity.columns.has(name) && !perm.hidden.has(name);
    const sortable = new Set((raw.sortable ?? []).filter(visible));
    const columns = raw.columns
      .filter((c) => visible(c.field))
      .map((c) => {
        const col = entity.columns.get(c.field) as ColumnInfo;
        return {
          name: col.name,
          kind: kindOf(col),
          label: c.label ?? col.label,
          sortable: sortable.has(col.name),
        };
      });
    const search = (raw.search ?? []).filter(visible);
    const filters = new Map<string, ColumnInfo>();
    const filterDefs: ListDefinitionResponse['filters'] = [];
    for (const f of raw.filters ?? []) {
      if (!visible(f.field)) continue;
      const col = entity.columns.get(f.field) as ColumnInfo;
      filters.set(col.name, col);
      const def: ListDefinitionResponse['filters'][number] = {
        field: col.name,
        label: f.label ?? col.label,
        kind: kindOf(col),
      };
      const options = choiceOptions(col, booleans, entity.logicalName);
      if (options) def.options = options;
      filterDefs.push(def);
    }
    const rowActions: RowAction[] = [];
    for (const a of raw.rowActions ?? []) {
      const target = forms.get(a.form)?.forRole(role);
      if (!target) continue;
      if (a.id !== 'open' && !target.definition.actions.some((x) => x.id === a.id)) continue;
      const row: RowAction = { id: a.id, label: a.label ?? DEFAULT_ACTION_LABELS[a.id], form: a.form };
      const when =
        a.id === 'open'
          ? undefined
          : offeredWhen(
              target.preconditions.get(a.id)?.condition,
              columns.map((c) => c.name),
            );
      if (when) row.when = when;
      rowActions.push(row);
    }
    const defaultSort = visible(raw.defaultSort.field)
      ? { ...raw.defaultSort }
      : { field: entity.primaryName, direction: 'asc' as const };
    const definition: ListDefinitionResponse = {
      id: raw.id,
      entity: entity.logicalName,
      title: raw.title,
      columns,
      defaultSort,
      searchable: search.length > 0,
      filters: filterDefs,
      pageSize: raw.pageSize,
      rowActions,
      locales: [],
    };
    if (raw.searchPlaceholder && search.length > 0) definition.searchPlaceholder = raw.searchPlaceholder;
    if (raw.createForm && perm.privileges.has('create') && forms.get(raw.createForm)?.forRole(role))
      definition.createForm = raw.createForm;
    definition.locales = locales(definition);
    return {
      definition,
      permission: perm,
      select: columns.map((c) => c.name).filter((n) => n !== entity.primaryKey),
      sortable,
      search,
      filters,
    };
  }

  return {
    version,
    loadedAt: new Date(),
    dir: config.dir,
    entities,
    forms,
    lists,
    roles,
    permission,
    files: config.files,
  };
}

/**
 * Dynamics' own Case state model, enforced whatever the forms declare: only an active case
 * (statecode 0) is updated, assigned, resolved or cancelled; only a resolved or cancelled one is
 * reopened (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/entities/incident).
 * An admin who forgets a `when` therefore leaves no hole. Delete has no state rule.
 */
const ACTIVE: Condition = { field: 'statecode', equals: 0 };
const BUILT_IN_STATE_RULES: Record<string, Partial<Record<ActionId, Condition>>> = {
  incident: {
    save: ACTIVE,
    assign: ACTIVE,
    resolve: ACTIVE,
    cancel: ACTIVE,
    reopen: { field: 'statecode', notEquals: 0 },
  },
};

/** The columns whose values a version token carries for this entity (see EntityInfo.stateColumns). */
function stateColumnsOf(
  entity: string,
  columns: ReadonlyMap<string, ColumnInfo>,
  forms: CheckedConfig['forms'],
): string[] {
  // A table with a state always carries it, and its status reason with it, so that a status reason
  // written through a form can be checked against the state it belongs to.
  const names = new Set<string>(['statecode', 'statuscode']);
  for (const rules of Object.values(BUILT_IN_STATE_RULES[entity] ?? {}))
    for (const name of conditionFields(rules)) names.add(name);
  for (const { raw } of forms)
    if (raw.entity === entity)
      for (const action of raw.actions ?? [])
        if (action.when) for (const name of conditionFields(toCondition(action.when))) names.add(name);
  return [...names].filter((n) => columns.has(n)).sort();
}

/**
 * The precondition as the browser gets it, to decide what to offer: only when every column it tests
 * is among the values the browser receives. Otherwise the action is offered and the server decides.
 */
function offeredWhen(condition: Condition | undefined, readable: readonly string[]): Condition | undefined {
  return condition && conditionFields(condition).every((n) => readable.includes(n)) ? condition : undefined;
}
