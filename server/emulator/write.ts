/**
 * Writing tables: create (POST), upsert and update (PATCH), one column or lookup reference (PUT
 * and DELETE on `<set>(<id>)/<property>` and `…/$ref`), and delete with the relationship cascade.
 * Each write is one SQLite transaction, stamps the audit columns and takes a new row version.
 */
import { randomUUID } from 'node:crypto';
import { q, typeColumn } from './db.js';
import { DataverseError, errors } from './errors.js';
import { isoSeconds, normalizeGuid, type Preferences } from './format.js';
import { MODEL, isLookup, isPolymorphic, type EntityModel } from './metadata/model.js';
import { parseQueryOptions } from './odata/query.js';
import { caseUpdateRules, checkStatus, isCaseCustomer, newCaseRules, stateTransition } from './case-rules.js';
import { computedColumns, defaultValues, ownerChanges } from './computed.js';
import { DEMO_IDS } from './demo-ids.js';
import { noteRules } from './note-rules.js';
import { readPayload } from './payload.js';
import { serialiseExpanded } from './expand.js';
import { contextUrl } from './serialise.js';
import { etagOf, type Row, type Store } from './store.js';
import {
  annotationsAppliedList,
  etagMatches,
  jsonResponse,
  parseJsonObject,
  type EmuRequest,
  type EmuResponse,
} from './wire.js';

export function create(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  params: URLSearchParams,
  prefs: Preferences,
): EmuResponse {
  const body = parseJsonObject(req.body, m.def.entitySetName);
  const pk = m.def.primaryIdAttribute;
  let id: string = randomUUID();
  if (pk in body) {
    const v = body[pk];
    const g = typeof v === 'string' ? normalizeGuid(v) : undefined;
    if (!g)
      throw errors.payload(
        m.def.entitySetName,
        `Cannot convert the literal '${String(v)}' to the expected type 'Edm.Guid'.`,
      );
    id = g;
  }
  const result = store.transaction(() => {
    if (store.findRow(m, id)) throw errors.duplicateRecord();
    insertRow(store, req, m, id, body);
    return store.findRow(m, id)!;
  });
  return writeResponse(store, req, m, result, params, prefs, 201);
}

/** 204 with `OData-EntityId`, or with `return=representation` the record itself. */
function writeResponse(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  row: Row,
  params: URLSearchParams,
  prefs: Preferences,
  representationStatus: number,
): EmuResponse {
  const id = String(row[m.def.primaryIdAttribute]);
  const entityPath = `${m.def.entitySetName}(${id})`;
  const entityUrl = `${req.root}${entityPath}`;
  if (prefs.returnRepresentation) {
    const opts = parseQueryOptions(m, params, false);
    // $expand is ignored when PATCH returns a representation.
    const expand = req.method === 'PATCH' ? [] : opts.expand;
    const body = {
      '@odata.context': contextUrl(req, m, { ...opts, expand }, true),
      ...serialiseExpanded(store, req, m, row, opts.select, prefs.annotations, expand),
    };
    const applied = ['return=representation', ...annotationsAppliedList(prefs)];
    const headers: Record<string, string> = {
      'Preference-Applied': applied.join(','),
      ETag: etagOf(row),
    };
    if (representationStatus === 201) headers['Location'] = entityUrl;
    return { ...jsonResponse(representationStatus, body, headers), entityPath };
  }
  return { status: 204, headers: { 'OData-EntityId': entityUrl }, entityPath };
}

function checkKeyMatches(m: EntityModel, id: string, body: Record<string, unknown>): void {
  const pk = m.def.primaryIdAttribute;
  if (pk in body && (typeof body[pk] !== 'string' || normalizeGuid(body[pk] as string) !== id)) {
    throw errors.payload(
      m.def.entitySetName,
      `The value of '${pk}' in the payload does not match the key in the URL.`,
    );
  }
}

export function upsert(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  params: URLSearchParams,
  prefs: Preferences,
): EmuResponse {
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  // https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
  const outcome = store.transaction(() => {
    const existing = store.findRow(m, id);
    if (ifNoneMatch === '*' && existing) throw errors.duplicateRecord();
    if (ifMatch !== undefined) {
      if (!existing) throw errors.notFound(m.def.logicalName, id);
      if (ifMatch !== '*' && !etagMatches(ifMatch, etagOf(existing))) throw errors.versionMismatch();
    }
    if (existing) {
      applyUpdate(store, req, m, id, existing, parseJsonObject(req.body, m.def.entitySetName));
      return { row: store.findRow(m, id)!, created: false };
    }
    const body = parseJsonObject(req.body, m.def.entitySetName);
    checkKeyMatches(m, id, body);
    insertRow(store, req, m, id, body);
    return { row: store.findRow(m, id)!, created: true };
  });
  return writeResponse(store, req, m, outcome.row, params, prefs, outcome.created ? 201 : 200);
}

/** PATCH/PUT/DELETE of one column or lookup reference; the record must exist. */
export function update(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  body: Record<string, unknown>,
): EmuResponse {
  store.transaction(() => {
    const existing = store.existingRow(m, id);
    applyUpdate(store, req, m, id, existing, body);
  });
  return { status: 204, headers: {}, entityPath: `${m.def.entitySetName}(${id})` };
}

/** PUT `<set>(<id>)/<nav>/$ref` with `{"@odata.id": "…"}`: binds the lookup. */
export function putReference(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  navName: string,
): EmuResponse {
  const body = parseJsonObject(req.body, m.def.entitySetName);
  const ref = body['@odata.id'];
  if (typeof ref !== 'string')
    throw errors.payload(m.def.entitySetName, "The '@odata.id' property is required.");
  return update(store, req, m, id, { [`${navName}@odata.bind`]: ref });
}

/** PUT `<set>(<id>)/<column>` with `{"value": …}`. */
export function putColumn(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  name: string,
): EmuResponse {
  const body = parseJsonObject(req.body, m.def.entitySetName);
  if (!('value' in body)) throw errors.payload(m.def.entitySetName, "The property 'value' is required.");
  store.existingRow(m, id);
  return update(store, req, m, id, { [name]: body['value'] });
}

export function remove(store: Store, req: EmuRequest, m: EntityModel, id: string): EmuResponse {
  const ifMatch = req.headers['if-match'];
  store.transaction(() => {
    const existing = store.existingRow(m, id);
    if (ifMatch !== undefined && ifMatch !== '*' && !etagMatches(ifMatch, etagOf(existing))) {
      throw errors.versionMismatch();
    }
    cascadeDelete(store, m, id);
    store.stmt(`DELETE FROM ${q(m.def.logicalName)} WHERE ${q(m.def.primaryIdAttribute)} = ?`).run(id);
  });
  return { status: 204, headers: {} };
}

/**
 * Child rows that go with their parent (relationship Delete behaviour Cascade): a case's
 * resolution activities, and the notes of a case, contact or account (`Incident_Annotation`,
 * `Contact_Annotation`, `Account_Annotation`).
 */
const PARENTAL: readonly { table: string; lookup: string }[] = [
  { table: 'incidentresolution', lookup: 'incidentid' },
  { table: 'annotation', lookup: 'objectid' },
];

/**
 * Relationship behaviour on delete, following the standard v9 cascade configuration: a contact or
 * account that is a case's customer cannot be deleted (Restrict → CannotDeleteDueToAssociation,
 * https://learn.microsoft.com/power-apps/developer/data-platform/configure-entity-relationship-cascading-behavior);
 * the parental children of `PARENTAL` are deleted with their parent (Cascade); other lookups to
 * the deleted row are cleared (Remove Link).
 */
function cascadeDelete(store: Store, m: EntityModel, id: string): void {
  const name = m.def.logicalName;
  if (name === 'contact' || name === 'account') {
    const used = store.stmt('SELECT 1 FROM incident WHERE customerid = ? LIMIT 1').get(id);
    if (used) {
      throw new DataverseError(
        405,
        '0x80040227',
        'The object you tried to delete is associated with another object and cannot be deleted.',
      );
    }
  }
  for (const child of PARENTAL) {
    const a = MODEL.byLogicalName(child.table)!.attributes.get(child.lookup)!;
    if (!a.targets?.[name]) continue;
    const typeCheck = isPolymorphic(a) ? ` AND ${q(typeColumn(a))} = ?` : '';
    store
      .stmt(`DELETE FROM ${q(child.table)} WHERE ${q(child.lookup)} = ?${typeCheck}`)
      .run(...(isPolymorphic(a) ? [id, name] : [id]));
  }
  for (const other of MODEL.entities) {
    for (const a of other.def.attributes) {
      if (!isLookup(a) || a.computed || a.type === 'Owner' || !a.targets?.[name]) continue;
      if (isCaseCustomer(other, a.logicalName)) continue;
      if (PARENTAL.some((c) => c.table === other.def.logicalName && c.lookup === a.logicalName)) continue;
      const poly = isPolymorphic(a);
      const typeCheck = poly ? ` AND ${q(typeColumn(a))} = ?` : '';
      const clearType = poly ? `, ${q(typeColumn(a))} = NULL` : '';
      const sql = `UPDATE ${q(other.def.logicalName)} SET ${q(a.logicalName)} = NULL${clearType}, versionnumber = ? WHERE ${q(a.logicalName)} = ?${typeCheck}`;
      const params: unknown[] = [0, id];
      if (poly) params.push(name);
      // Only spend a row version when rows actually change.
      const hit = store
        .stmt(`SELECT 1 FROM ${q(other.def.logicalName)} WHERE ${q(a.logicalName)} = ?${typeCheck} LIMIT 1`)
        .get(...params.slice(1));
      if (!hit) continue;
      params[0] = store.counters.nextVersion();
      store.stmt(sql).run(...params);
    }
  }
}

/** Inserts a new record from a create payload; the caller runs it inside a transaction. */
export function insertRow(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  body: Record<string, unknown>,
): void {
  const changes = readPayload(store, req, m, body, 'create');
  const attrs = m.attributes;
  const caller = store.caller(req);
  changes.set(m.def.primaryIdAttribute, id);
  defaultValues(m, changes);
  const state = attrs.get('statecode');
  if (state) {
    changes.set('statecode', 0);
    const status = changes.get('statuscode');
    const defaultStatus = state.options?.find((o) => o.value === 0)?.defaultStatus;
    if (status === undefined || status === null) changes.set('statuscode', defaultStatus ?? null);
    else checkStatus(m, id, 0, status as number);
  }
  if (attrs.has('ownerid') && !changes.has('ownerid')) {
    changes.set('ownerid', caller);
    changes.set('ownerid__t', 'systemuser');
  }
  ownerChanges(changes);
  if (attrs.has('businessunitid') && !changes.has('businessunitid'))
    changes.set('businessunitid', DEMO_IDS.businessUnit);
  if (m.def.logicalName === 'systemuser' && !changes.has('isdisabled')) changes.set('isdisabled', 0);
  newCaseRules(store.counters, m, changes);
  noteRules(store, m, changes, undefined);
  const now = isoSeconds(store.now());
  changes.set('createdon', now);
  changes.set('modifiedon', now);
  changes.set('createdby', caller);
  changes.set('modifiedby', caller);
  computedColumns(m, changes, undefined);
  for (const a of m.def.attributes) {
    if (
      a.requiredLevel === 'SystemRequired' &&
      !a.computed &&
      (changes.get(a.logicalName) ?? null) === null
    ) {
      throw errors.invalidArgument(
        `The attribute '${a.logicalName}' of '${m.def.logicalName}' is required (SystemRequired) and was not provided.`,
      );
    }
  }
  changes.set('versionnumber', store.counters.nextVersion());
  const cols = [...changes.keys()];
  store
    .stmt(
      `INSERT INTO ${q(m.def.logicalName)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    )
    .run(...cols.map((c) => changes.get(c)));
}

function applyUpdate(
  store: Store,
  req: EmuRequest,
  m: EntityModel,
  id: string,
  existing: Row,
  body: Record<string, unknown>,
): void {
  checkKeyMatches(m, id, body);
  const changes = readPayload(store, req, m, body, 'update');
  if (m.attributes.has('statecode')) stateTransition(m, id, existing, changes);
  caseUpdateRules(m, changes);
  noteRules(store, m, changes, existing);
  ownerChanges(changes);
  changes.set('modifiedon', isoSeconds(store.now()));
  changes.set('modifiedby', store.caller(req));
  computedColumns(m, changes, existing);
  changes.set('versionnumber', store.counters.nextVersion());
  const cols = [...changes.keys()];
  store
    .stmt(
      `UPDATE ${q(m.def.logicalName)} SET ${cols.map((c) => `${q(c)} = ?`).join(', ')} WHERE ${q(m.def.primaryIdAttribute)} = ?`,
    )
    .run(...cols.map((c) => changes.get(c)), id);
}
