/**
 * Stored rows as the Web API returns them: the `@odata.etag`, each property under its Web API
 * name (`_x_value` for lookups) and the annotations the caller asked for right before the
 * property they describe
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/select-columns#formatted-values).
 * Expanded navigation properties are added by `expand.ts`.
 */
import { typeColumn } from './db.js';
import { ANN, formattedValue, wantsAnnotation } from './format.js';
import { MODEL, isLookup, isPolymorphic, propertyName, type EntityModel } from './metadata/model.js';
import type { AttributeDef } from './metadata/types.js';
import type { QueryOptions } from './odata/query.js';
import { etagOf, type Row, type Store } from './store.js';
import type { EmuRequest } from './wire.js';

/** A stored row as the Web API returns it: etag first, each annotation right before its property. */
export function serialise(
  store: Store,
  m: EntityModel,
  row: Row,
  select: readonly AttributeDef[] | null,
  annotations: string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
  for (const a of returnedAttributes(m, select)) {
    if (isLookup(a)) lookupProperty(store, a, row, annotations, out);
    else columnProperty(a, row, annotations, out);
  }
  // systemuser and team derive from `principal`, whose key `ownerid` equals the row's own id.
  if (m.def.logicalName === 'systemuser' || m.def.logicalName === 'team') {
    out['ownerid'] = row[m.def.primaryIdAttribute];
  }
  return out;
}

/**
 * The selected columns (without `$select`, all but the select-only ones), plus the primary key
 * and, when due, the address composite.
 */
function returnedAttributes(m: EntityModel, select: readonly AttributeDef[] | null): AttributeDef[] {
  const attrs = select ? [...select] : m.def.attributes.filter((a) => !a.selectOnly);
  const pk = m.attributes.get(m.def.primaryIdAttribute)!;
  if (!attrs.includes(pk)) attrs.push(pk);
  // Selecting one part of address 1 also returns the composite, as Dataverse does.
  const composite = m.attributes.get('address1_composite');
  if (
    select &&
    composite &&
    !attrs.includes(composite) &&
    attrs.some((a) => a.logicalName.startsWith('address1_'))
  ) {
    attrs.push(composite);
  }
  return attrs;
}

function lookupProperty(
  store: Store,
  a: AttributeDef,
  row: Row,
  annotations: string | undefined,
  out: Record<string, unknown>,
): void {
  const raw = row[a.logicalName];
  const prop = propertyName(a);
  if (raw !== null && raw !== undefined) {
    const target = isPolymorphic(a) ? String(row[typeColumn(a)]) : Object.keys(a.targets ?? {})[0]!;
    if (wantsAnnotation(annotations, ANN.formatted)) {
      const name = store.nameOf(target, String(raw));
      if (name !== null) out[`${prop}@${ANN.formatted}`] = name;
    }
    if (wantsAnnotation(annotations, ANN.navigation)) out[`${prop}@${ANN.navigation}`] = a.targets?.[target];
    if (wantsAnnotation(annotations, ANN.logicalName)) out[`${prop}@${ANN.logicalName}`] = target;
  }
  out[prop] = raw ?? null;
}

function columnProperty(
  a: AttributeDef,
  row: Row,
  annotations: string | undefined,
  out: Record<string, unknown>,
): void {
  const raw = row[a.logicalName];
  const prop = propertyName(a);
  // SQLite stores Booleans as 0/1.
  const value =
    a.type === 'Boolean'
      ? raw === null || raw === undefined
        ? null
        : raw === 1 || raw === true
      : (raw ?? null);
  if (wantsAnnotation(annotations, ANN.formatted)) {
    // A table name is shown as the table's display name (`incident` → Case).
    const f =
      a.type === 'EntityName' && value !== null
        ? MODEL.byLogicalName(String(value))?.def.displayName
        : formattedValue(a, value);
    if (f !== undefined) out[`${prop}@${ANN.formatted}`] = f;
  }
  out[prop] = value;
}

/** `@odata.context`: the entity set, the selected and expanded shape, and `/$entity` for one record. */
export function contextUrl(req: EmuRequest, m: EntityModel, opts: QueryOptions, entity: boolean): string {
  const parts: string[] = [];
  if (opts.selectText !== null) parts.push(...opts.select!.map(propertyName));
  for (const e of opts.expand)
    parts.push(`${e.nav.name}(${e.select ? e.select.map(propertyName).join(',') : ''})`);
  const shape = parts.length > 0 ? `(${parts.join(',')})` : '';
  return `${req.root}$metadata#${m.def.entitySetName}${shape}${entity ? '/$entity' : ''}`;
}
