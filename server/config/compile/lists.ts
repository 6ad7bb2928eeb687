/**
 * Lists per role: the columns, sorts, searches, filters and row actions this role may use, and
 * the list definition the browser gets. Built on first use per role and cached for the life of
 * the registry.
 */
import type { ListDefinitionResponse, RowAction } from '../../api/contract.js';
import type { ListFile } from '../generated/list-file.js';
import type { ColumnInfo, CompiledForm, CompiledList, EntityInfo, RoleList } from '../types.js';
import { choiceOptions, displayColumn, kindOf } from './columns.js';
import { offeredWhen } from './conditions.js';
import { offeredTo } from './context.js';
import type { CompileContext } from './context.js';
import { DEFAULT_ACTION_LABELS, locales } from './labels.js';

/** `forms`: the registry's compiled forms, which row actions and the create button open. */
export function compileLists(
  ctx: CompileContext,
  lists: ReadonlyArray<{ file: string; raw: ListFile }>,
  forms: ReadonlyMap<string, CompiledForm>,
): Map<string, CompiledList> {
  const out = new Map<string, CompiledList>();
  for (const { file, raw } of lists) {
    const entity = ctx.entities.get(raw.entity);
    if (!entity) continue;
    const cache = new Map<string, RoleList | undefined>();
    out.set(raw.id, {
      id: raw.id,
      entity,
      file,
      forRole(role) {
        if (!cache.has(role)) cache.set(role, compileRoleList(ctx, forms, raw, entity, role));
        return cache.get(role);
      },
    });
  }
  return out;
}

type ListColumn = ListDefinitionResponse['columns'][number];

function compileRoleList(
  ctx: CompileContext,
  forms: ReadonlyMap<string, CompiledForm>,
  raw: ListFile,
  entity: EntityInfo,
  role: string,
): RoleList | undefined {
  if (!offeredTo(raw.roles, role)) return undefined;
  const perm = ctx.permission(role, entity.logicalName);
  if (!perm || !perm.privileges.has('read')) return undefined;
  const visible = (name: string): boolean => entity.columns.has(name) && !perm.hidden.has(name);
  const sortable = new Set((raw.sortable ?? []).filter(visible));
  const columns = raw.columns
    .filter((c) => visible(c.field))
    .map((c): ListColumn => {
      const col = entity.columns.get(c.field) as ColumnInfo;
      return {
        ...displayColumn(col, ctx.booleans, entity.logicalName),
        label: c.label ?? col.label,
        sortable: sortable.has(col.name),
      };
    });
  const search = (raw.search ?? []).filter(visible);
  const { filters, filterDefs } = compileFilters(ctx, raw, entity, visible);
  const rowActions = compileRowActions(forms, raw, role, columns);
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
    card: compileCard(raw, entity, columns),
    locales: [],
  };
  if (raw.searchPlaceholder && search.length > 0) definition.searchPlaceholder = raw.searchPlaceholder;
  if (raw.links) definition.links = { ...raw.links };
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

/** The filters on columns this role sees: their columns for the server, their definitions for the browser. */
function compileFilters(
  ctx: CompileContext,
  raw: ListFile,
  entity: EntityInfo,
  visible: (name: string) => boolean,
): { filters: Map<string, ColumnInfo>; filterDefs: ListDefinitionResponse['filters'] } {
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
    const options = choiceOptions(col, ctx.booleans, entity.logicalName);
    if (options) def.options = options;
    filterDefs.push(def);
  }
  return { filters, filterDefs };
}

/**
 * The row actions whose form this role gets and which that form offers it, each with the
 * precondition the browser can test from the list's columns.
 */
function compileRowActions(
  forms: ReadonlyMap<string, CompiledForm>,
  raw: ListFile,
  role: string,
  columns: readonly ListColumn[],
): RowAction[] {
  const rowActions: RowAction[] = [];
  for (const a of raw.rowActions ?? []) {
    const target = forms.get(a.form)?.forRole(role);
    if (!target) continue;
    if (a.id !== 'open' && !target.definition.actions.some((x) => x.id === a.id)) continue;
    // The form's own label and confirmation, so a row asks in the same words as the form does.
    const onForm = target.definition.actions.find((x) => x.id === a.id);
    const row: RowAction = {
      id: a.id,
      label: a.label ?? onForm?.label ?? DEFAULT_ACTION_LABELS[a.id],
      form: a.form,
    };
    if (onForm?.confirm) row.confirm = onForm.confirm;
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
  return rowActions;
}

/** Columns whose values read as a record's state, the default card badge. */
const BADGE_TYPES = new Set(['State', 'Status']);

/**
 * The card of a narrow list, limited to the columns this role sees. Without one in the file: the
 * first column as title, the first state or status column as badge, the next two others as fields.
 */
function compileCard(
  raw: ListFile,
  entity: EntityInfo,
  columns: readonly ListColumn[],
): ListDefinitionResponse['card'] {
  const shown = columns.map((c) => c.name);
  const seen = (name: string | undefined): name is string => name !== undefined && shown.includes(name);
  if (raw.card && seen(raw.card.title)) {
    const card: ListDefinitionResponse['card'] = {
      title: raw.card.title,
      fields: (raw.card.fields ?? []).filter(seen),
    };
    if (seen(raw.card.badge)) card.badge = raw.card.badge;
    return card;
  }
  const title = shown[0] ?? entity.primaryName;
  const badge = shown.find((n) => BADGE_TYPES.has(entity.columns.get(n)?.type ?? ''));
  const card: ListDefinitionResponse['card'] = {
    title,
    fields: shown.filter((n) => n !== title && n !== badge).slice(0, 2),
  };
  if (badge) card.badge = badge;
  return card;
}
