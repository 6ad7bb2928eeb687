/**
 * Lists (`lists/<id>.json`): an id that agrees with the file, columns of the list's entity listed
 * once, sorting and search within those columns, filters on choice or yes/no columns, and row
 * actions and a create form that open a form able to do what they ask.
 */
import { didYouMean } from '../../shared/did-you-mean.js';
import { CHOICE_TYPES, TEXT_TYPES } from '../compile/columns.js';
import { pointer as ptr } from '../errors.js';
import type { FormFile } from '../generated/form-file.js';
import type { ListFile } from '../generated/list-file.js';
import { INCIDENT_ONLY } from './context.js';
import type { CheckContext, Loaded } from './context.js';

export function checkLists(
  ctx: CheckContext,
  lists: ReadonlyArray<Loaded<ListFile>>,
  forms: ReadonlyArray<Loaded<FormFile>>,
): void {
  const formById = new Map<string, Loaded<FormFile>>();
  for (const f of forms) formById.set(f.stem, f);
  for (const l of lists) {
    if (!l.valid) continue;
    const list = l.raw;
    ctx.checkIdMatchesFile(l.file, list.id, l.stem);
    if (!ctx.checkEntityRef(l.file, '/entity', list.entity)) continue;
    const inList = checkColumns(ctx, l);
    checkSortAndSearch(ctx, l, inList);
    checkFilters(ctx, l);
    checkCard(ctx, l, inList);
    checkRowActions(ctx, l, formById);
  }
}

/** Known columns, each once; returns the list's column names. */
function checkColumns(ctx: CheckContext, l: Loaded<ListFile>): Set<string> {
  const list = l.raw;
  const inList = new Set<string>();
  list.columns.forEach((c, i) => {
    ctx.checkColumn(l.file, ptr('columns', i, 'field'), list.entity, c.field);
    if (inList.has(c.field))
      ctx.err(
        'PORTICO_CONFIG_DUPLICATE_ID',
        l.file,
        ptr('columns', i, 'field'),
        `column "${c.field}" is listed twice`,
      );
    inList.add(c.field);
  });
  return inList;
}

/** The default sort, the sortable columns and the searched ones are all among the list's columns. */
function checkSortAndSearch(ctx: CheckContext, l: Loaded<ListFile>, inList: Set<string>): void {
  const list = l.raw;
  const cols = ctx.columnsOf(list.entity);
  const mustBeInList = (at: string, name: string, what: string): boolean => {
    if (!ctx.checkColumn(l.file, at, list.entity, name)) return false;
    if (inList.has(name)) return true;
    ctx.err(
      'PORTICO_CONFIG_NOT_IN_LIST',
      l.file,
      at,
      `${what} "${name}" is not one of this list's columns; expected one of: ${[...inList].join(', ')} (or add it to columns)`,
      didYouMean(name, inList),
    );
    return false;
  };
  mustBeInList('/defaultSort/field', list.defaultSort.field, 'default sort column');
  (list.sortable ?? []).forEach((s, i) => mustBeInList(ptr('sortable', i), s, 'sortable column'));
  (list.search ?? []).forEach((s, i) => {
    if (!mustBeInList(ptr('search', i), s, 'search column') || !cols) return;
    const type = cols[s]?.['x-dataverse'].type ?? '';
    if (!TEXT_TYPES.has(type))
      ctx.err(
        'PORTICO_CONFIG_NOT_SEARCHABLE',
        l.file,
        ptr('search', i),
        `"${s}" is ${type}; free-text search needs a String or Memo column`,
      );
  });
}

/** The card shows columns of the list, each once. */
function checkCard(ctx: CheckContext, l: Loaded<ListFile>, inList: Set<string>): void {
  const card = l.raw.card;
  if (!card) return;
  const named: Array<[string, string]> = [
    ['/card/title', card.title],
    ...(card.badge === undefined ? [] : [['/card/badge', card.badge] as [string, string]]),
    ...(card.fields ?? []).map((f, i): [string, string] => [ptr('card', 'fields', i), f]),
  ];
  const used = new Set<string>();
  for (const [at, name] of named) {
    if (!inList.has(name))
      ctx.err(
        'PORTICO_CONFIG_NOT_IN_LIST',
        l.file,
        at,
        `card column "${name}" is not one of this list's columns; expected one of: ${[...inList].join(', ')}`,
        didYouMean(name, inList),
      );
    else if (used.has(name))
      ctx.err('PORTICO_CONFIG_DUPLICATE_ID', l.file, at, `card column "${name}" is shown twice on the card`);
    used.add(name);
  }
}

function checkFilters(ctx: CheckContext, l: Loaded<ListFile>): void {
  const list = l.raw;
  (list.filters ?? []).forEach((f, i) => {
    const col = ctx.checkColumn(l.file, ptr('filters', i, 'field'), list.entity, f.field);
    if (!col) return;
    const type = col['x-dataverse'].type;
    if (!CHOICE_TYPES.has(type) && type !== 'Boolean')
      ctx.err(
        'PORTICO_CONFIG_NOT_FILTERABLE',
        l.file,
        ptr('filters', i, 'field'),
        `"${f.field}" is ${type}; filters need a choice (Picklist, State, Status) or Boolean column`,
      );
  });
}

/** Row actions once each, applicable to the entity, through a form that offers them; then createForm. */
function checkRowActions(
  ctx: CheckContext,
  l: Loaded<ListFile>,
  formById: ReadonlyMap<string, Loaded<FormFile>>,
): void {
  const list = l.raw;
  const rowIds = new Set<string>();
  (list.rowActions ?? []).forEach((a, i) => {
    if (rowIds.has(a.id))
      ctx.err(
        'PORTICO_CONFIG_DUPLICATE_ID',
        l.file,
        ptr('rowActions', i, 'id'),
        `row action "${a.id}" is listed twice`,
      );
    rowIds.add(a.id);
    if (INCIDENT_ONLY.has(a.id) && list.entity !== 'incident') {
      ctx.err(
        'PORTICO_CONFIG_ACTION_NOT_APPLICABLE',
        l.file,
        ptr('rowActions', i, 'id'),
        `"${a.id}" applies only to incident (Case) lists; this list shows ${list.entity}`,
      );
      return;
    }
    checkFormRef(
      ctx,
      l,
      formById,
      ptr('rowActions', i, 'form'),
      a.form,
      'record',
      a.id === 'open' ? undefined : a.id,
    );
  });
  if (list.createForm !== undefined) checkFormRef(ctx, l, formById, '/createForm', list.createForm, 'create');
}

/**
 * A form the list opens: it exists, shows the list's entity, has the mode needed (`create` for a
 * new record, `edit` or `view` for a row) and, for a row action other than open, offers it.
 */
function checkFormRef(
  ctx: CheckContext,
  l: Loaded<ListFile>,
  formById: ReadonlyMap<string, Loaded<FormFile>>,
  at: string,
  id: string,
  need: 'create' | 'record',
  action?: string,
): void {
  const list = l.raw;
  const target = formById.get(id);
  if (!target) {
    ctx.err(
      'PORTICO_CONFIG_UNKNOWN_FORM',
      l.file,
      at,
      `no form "${id}" in forms/; expected one of: ${[...formById.keys()].join(', ')}`,
      didYouMean(id, formById.keys()),
    );
    return;
  }
  if (!target.valid) return;
  if (target.raw.entity !== list.entity) {
    ctx.err(
      'PORTICO_CONFIG_FORM_ENTITY_MISMATCH',
      l.file,
      at,
      `form "${id}" is for ${target.raw.entity}, this list shows ${list.entity}; expected a ${list.entity} form`,
    );
    return;
  }
  const modes = new Set(target.raw.modes);
  if (need === 'create' && !modes.has('create'))
    ctx.err(
      'PORTICO_CONFIG_FORM_MODE_MISMATCH',
      l.file,
      at,
      `form "${id}" has no create mode; expected a form whose modes include "create"`,
    );
  if (need === 'record' && !modes.has('edit') && !modes.has('view'))
    ctx.err(
      'PORTICO_CONFIG_FORM_MODE_MISMATCH',
      l.file,
      at,
      `form "${id}" cannot show an existing record; expected a form whose modes include "edit" or "view"`,
    );
  if (action && !(target.raw.actions ?? []).some((a) => a.id === action))
    ctx.err(
      'PORTICO_CONFIG_ACTION_NOT_ON_FORM',
      l.file,
      at,
      `row action "${action}" runs through form "${id}", which does not offer it; expected "${action}" in that form's actions`,
    );
}
