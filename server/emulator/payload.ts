/**
 * A create or update payload to storage changes: every property is checked against the table's
 * metadata (reference §3, §10) — unknown and read-only properties are refused, columns are
 * converted by `convert.ts`, and `<nav>@odata.bind` references (also `$n` Content-ID references
 * inside a change set) are resolved into the lookup column and, for multi-table lookups, its type.
 */
import { typeColumn } from './db.js';
import { errors } from './errors.js';
import { normalizeGuid } from './format.js';
import { MODEL, isLookup, isPolymorphic, type EntityModel } from './metadata/model.js';
import type { AttributeDef } from './metadata/types.js';
import { isCaseCustomer } from './case-rules.js';
import { convert } from './convert.js';
import type { Changes, Store } from './store.js';
import type { EmuRequest } from './wire.js';

export type WriteMode = 'create' | 'update';

/** Turns a request payload into storage changes, validating every property (reference §3, §10). */
export function readPayload(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  body: Record<string, unknown>,
  mode: WriteMode,
): Changes {
  const set = m.def.entitySetName;
  const changes: Changes = new Map();
  const boundNavs = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (
        value !== `Microsoft.Dynamics.CRM.${m.def.logicalName}` &&
        value !== `#Microsoft.Dynamics.CRM.${m.def.logicalName}`
      ) {
        throw errors.payload(set, `A type named '${String(value)}' could not be resolved by the model.`);
      }
      continue;
    }
    if (key === '@odata.etag' || key === '@odata.context') continue;
    const at = key.indexOf('@');
    if (at >= 0) {
      const prop = key.slice(0, at);
      const annotation = key.slice(at + 1);
      if (annotation !== 'odata.bind') continue; // instance annotations are ignored, as OData allows
      if (m.collections.has(prop)) throw collectionWrite(prop);
      const nav = m.navigation.get(prop);
      if (!nav) throw errors.undeclaredAnnotation(set, prop);
      if (Array.isArray(value))
        throw errors.payload(
          set,
          `The navigation property '${prop}' is single-valued; a collection of references is not allowed.`,
        );
      bindLookup(store, req, m, nav.name, value, changes, mode);
      boundNavs.add(nav.attribute.logicalName + ':' + prop);
      continue;
    }
    if (key === m.def.primaryIdAttribute) continue; // handled by the caller
    if (m.collections.has(key)) throw collectionWrite(key);
    const nav = m.navigation.get(key);
    const attr = m.properties.get(key);
    if (nav && (attr === undefined || isLookup(attr))) {
      if (value !== null) {
        throw errors.payload(
          set,
          `Microsoft.OData.ODataException: A navigation property '${key}' was found with a value; use '${key}@odata.bind' to set a lookup.`,
        );
      }
      bindLookup(store, req, m, nav.name, null, changes, mode);
      continue;
    }
    if (!attr || isLookup(attr)) throw errors.invalidProperty(set, key, m.def.logicalName);
    checkWritable(m, attr, key, mode);
    changes.set(attr.logicalName, convert(m, attr, value));
  }
  checkOneBindingPerLookup(m, boundNavs);
  return changes;
}

/** Associating or deep-inserting rows through a collection-valued navigation property. */
function collectionWrite(name: string) {
  return errors.notSupported(
    `Writing the collection-valued navigation property '${name}' is not supported by the emulator; create each related row with its own lookup bound instead.`,
  );
}

function checkWritable(m: EntityModel, attr: AttributeDef, key: string, mode: WriteMode): void {
  if (
    attr.computed ||
    (mode === 'create' && attr.validForCreate === false) ||
    (mode === 'update' && attr.validForUpdate === false)
  ) {
    throw errors.payload(
      m.def.entitySetName,
      `The property '${key}' of 'Microsoft.Dynamics.CRM.${m.def.logicalName}' is not valid for ${mode}; it is read-only for this operation.`,
    );
  }
}

/** Two bindings of one multi-table lookup in the same payload (customerid_account + customerid_contact). */
function checkOneBindingPerLookup(m: EntityModel, boundNavs: ReadonlySet<string>): void {
  const perAttr = new Map<string, number>();
  for (const b of boundNavs) perAttr.set(b.split(':')[0]!, (perAttr.get(b.split(':')[0]!) ?? 0) + 1);
  for (const [attrName, n] of perAttr) {
    if (n > 1) {
      if (isCaseCustomer(m, attrName)) throw errors.customerBoth();
      throw errors.payload(
        m.def.entitySetName,
        `More than one navigation property of the lookup '${attrName}' was set.`,
      );
    }
  }
}

/** Resolves `<nav>@odata.bind` (or null) into lookup storage changes. */
function bindLookup(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  navName: string,
  value: unknown,
  changes: Changes,
  mode: WriteMode,
): void {
  const set = m.def.entitySetName;
  const nav = m.navigation.get(navName)!;
  const a = nav.attribute;
  if (
    a.computed ||
    (mode === 'create' && a.validForCreate === false) ||
    (mode === 'update' && a.validForUpdate === false)
  ) {
    throw errors.payload(set, `The navigation property '${navName}' is read-only.`);
  }
  if (value === null) {
    if (a.requiredLevel === 'SystemRequired') {
      if (isCaseCustomer(m, a.logicalName)) throw errors.customerMissing();
      throw errors.invalidArgument(`Attribute '${a.logicalName}' cannot be set to NULL.`);
    }
    changes.set(a.logicalName, null);
    if (isPolymorphic(a)) changes.set(typeColumn(a), null);
    return;
  }
  if (typeof value !== 'string')
    throw errors.payload(
      set,
      `The value of '${navName}@odata.bind' must be a URL of the form '/<entityset>(<id>)'.`,
    );
  const { targetModel, id } = parseReference(req, set, navName, value);
  const target = targetModel.def.logicalName;
  if (a.targets?.[target] !== navName) {
    throw errors.payload(
      set,
      `Microsoft.OData.ODataException: The navigation property '${navName}' refers to 'Microsoft.Dynamics.CRM.${nav.target}' but the bound entity '${value}' is of type 'Microsoft.Dynamics.CRM.${target}'.`,
    );
  }
  const targetRow = store.existingRow(targetModel, id);
  if (a.type === 'Owner' && target === 'systemuser' && targetRow['isdisabled'] === 1)
    throw errors.ownerDisabled();
  changes.set(a.logicalName, id);
  if (isPolymorphic(a)) changes.set(typeColumn(a), target);
}

/** `/<entityset>(<id>)` (absolute or relative, or a `$n` Content-ID reference) to table and key. */
function parseReference(
  req: EmuRequest,
  set: string,
  navName: string,
  value: string,
): { targetModel: EntityModel; id: string } {
  let ref = value;
  const contentId = /^\$(\w+)$/.exec(ref.trim());
  if (contentId) {
    const resolved = req.contentIds?.get(contentId[1]!);
    if (!resolved)
      throw errors.payload(
        set,
        `Content-ID Reference: '$${contentId[1]}' does not exist in the batch context.`,
      );
    ref = resolved;
  }
  const mm = /(?:^|\/)([A-Za-z_][A-Za-z0-9_]*)\(([^()]*)\)$/.exec(ref.trim());
  if (!mm)
    throw errors.payload(
      set,
      `The URL '${value}' in '${navName}@odata.bind' is not a valid entity reference; expected '/<entityset>(<id>)'.`,
    );
  const targetModel = MODEL.bySetName(mm[1]!);
  if (!targetModel) throw errors.segmentNotFound(mm[1]!);
  const id = normalizeGuid(mm[2]!);
  if (!id) throw errors.payload(set, `The key '${mm[2]}' in '${navName}@odata.bind' is not a valid GUID.`);
  return { targetModel, id };
}
