/**
 * Metadata endpoints: `EntityDefinitions` with `Attributes`, type casts, `ManyToOneRelationships`,
 * `OneToManyRelationships` and `$expand=OptionSet`, plus the empty `GlobalOptionSetDefinitions`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api).
 * Metadata queries are not paged; `$filter` is evaluated in memory with the same parser as tables.
 * The JSON itself comes from `definitions.ts`; the service document and CSDL from `csdl.ts`.
 */
import { DataverseError, errors } from '../errors.js';
import { jsonResponse, type EmuRequest, type EmuResponse } from '../wire.js';
import type { Expr } from '../odata/ast.js';
import { evaluateFilter } from '../odata/evaluate.js';
import { parseFilter } from '../odata/parse.js';
import { MODEL, type EntityModel } from './model.js';
import {
  BASE_PROPERTIES,
  CAST_PROPERTIES,
  METADATA_TYPE,
  NS,
  RELATIONSHIP_PROPS,
  allAttributes,
  entityJson,
  manyToOne,
  oneToMany,
  optionSetJson,
} from './definitions.js';

/** Keeps only `$select`ed properties (and MetadataId, always returned); names were checked by readMetaQuery. */
function project(obj: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  if (!select) return obj;
  const out: Record<string, unknown> = {};
  if (obj['@odata.type'] !== undefined) out['@odata.type'] = obj['@odata.type'];
  for (const k of ['MetadataId', ...select]) {
    if (k in obj) out[k] = obj[k];
  }
  return out;
}

interface MetaQuery {
  select: string[] | null;
  filter: Expr | undefined;
  expand: Map<string, string[] | null>;
  aliases: Map<string, string>;
}

function readMetaQuery(params: URLSearchParams, allowed: ReadonlySet<string>, typeName: string): MetaQuery {
  const mq: MetaQuery = { select: null, filter: undefined, expand: new Map(), aliases: new Map() };
  for (const [key, value] of params) {
    if (key.startsWith('@')) mq.aliases.set(key.slice(1), value);
    else if (key.startsWith('$') && !['$select', '$filter', '$expand'].includes(key)) {
      throw errors.query(`The query parameter ${key} is not supported`);
    }
  }
  const select = params.get('$select');
  if (select !== null) {
    mq.select = select.split(',').map((s) => s.trim());
    for (const s of mq.select) if (!allowed.has(s)) throw errors.propertyNotFound(s, typeName);
  }
  const filter = params.get('$filter');
  if (filter !== null) mq.filter = parseFilter(filter);
  const expand = params.get('$expand');
  if (expand !== null) {
    for (const item of expand.split(/,(?![^(]*\))/)) {
      const m = /^\s*(\w+)(?:\(\$select=([^)]*)\))?\s*$/.exec(item);
      if (!m) throw errors.query(`Syntax error in $expand: '${item}'.`);
      mq.expand.set(m[1]!, m[2] ? m[2].split(',').map((s) => s.trim()) : null);
    }
  }
  return mq;
}

function entityByKey(key: string): EntityModel {
  const byName = /^LogicalName='([^']*)'$/.exec(key);
  if (byName) {
    const m = MODEL.byLogicalName(byName[1]!);
    if (!m) throw notFoundMeta(`Could not find entity with name '${byName[1]}'.`);
    return m;
  }
  const m = MODEL.entities.find((e) => e.metadataId === key.toLowerCase());
  if (!m) throw notFoundMeta(`Could not find entity with key '${key}'.`);
  return m;
}

function notFoundMeta(message: string): DataverseError {
  return new DataverseError(404, '0x80040217', message);
}

const ENTITY_PROPS = new Set([...Object.keys(entityJson(MODEL.entities[0]!)), 'Attributes']);

/** GET EntityDefinitions…; anything else under it is a 405. */
export function handleMetadata(req: EmuRequest, segments: string[], params: URLSearchParams): EmuResponse {
  if (req.method !== 'GET') {
    throw errors.invalidArgument(
      'Metadata changes are not supported by the emulator; EntityDefinitions is read-only here.',
    );
  }
  const [first = '', second, third, fourth] = segments;
  if (first.startsWith('GlobalOptionSetDefinitions')) {
    // No global option sets: every choice column here uses a local option set.
    if (first === 'GlobalOptionSetDefinitions') {
      return jsonResponse(200, {
        '@odata.context': `${req.root}$metadata#GlobalOptionSetDefinitions`,
        value: [],
      });
    }
    throw notFoundMeta('Could not find optionset with the given key.');
  }
  const keyMatch = /^EntityDefinitions(?:\((.*)\))?$/.exec(first);
  if (!keyMatch) throw errors.segmentNotFound(first);
  const root = req.root;
  if (keyMatch[1] === undefined) {
    if (second !== undefined) throw errors.segmentNotFound(second);
    const mq = readMetaQuery(params, ENTITY_PROPS, 'EntityMetadata');
    const value = MODEL.entities
      .filter((m) => !mq.filter || evaluateFilter(mq.filter, entityJson(m), mq.aliases))
      .map((m) => withAttributes(m, project(entityJson(m), mq.select), mq));
    const shape = mq.select ? `(${mq.select.join(',')})` : '';
    return jsonResponse(200, { '@odata.context': `${root}$metadata#EntityDefinitions${shape}`, value });
  }
  const m = entityByKey(keyMatch[1]);
  if (second === undefined) {
    const mq = readMetaQuery(params, ENTITY_PROPS, 'EntityMetadata');
    const shape = mq.select ? `(${mq.select.join(',')})` : '';
    return jsonResponse(200, {
      '@odata.context': `${root}$metadata#EntityDefinitions${shape}/$entity`,
      ...withAttributes(m, project(entityJson(m), mq.select), mq),
    });
  }
  if (second === 'ManyToOneRelationships' || second === 'OneToManyRelationships') {
    if (third !== undefined) throw errors.segmentNotFound(third);
    const all = second === 'ManyToOneRelationships' ? manyToOne(m) : oneToMany(m);
    const mq = readMetaQuery(params, RELATIONSHIP_PROPS, 'OneToManyRelationshipMetadata');
    const list = mq.filter ? all.filter((r) => evaluateFilter(mq.filter!, r, mq.aliases)) : all;
    return jsonResponse(200, {
      '@odata.context': `${root}$metadata#EntityDefinitions('${m.metadataId}')/${second}`,
      value: list.map((r) => project(r, mq.select)),
    });
  }
  return attributes(req, m, second, third, fourth, params);
}

/** `EntityDefinitions(…)/Attributes`, optionally `(<key>)` and a type cast such as `…/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`. */
function attributes(
  req: EmuRequest,
  m: EntityModel,
  second: string,
  cast: string | undefined,
  fourth: string | undefined,
  params: URLSearchParams,
): EmuResponse {
  const root = req.root;
  const attrMatch = /^Attributes(?:\((.*)\))?$/.exec(second);
  if (!attrMatch) throw errors.propertyNotFound(second.replace(/\(.*$/, ''), 'EntityMetadata');
  if (fourth !== undefined) throw errors.segmentNotFound(fourth);
  const castType =
    cast === undefined ? undefined : cast.startsWith(`${NS}.`) ? cast.slice(NS.length + 1) : undefined;
  if (cast !== undefined && (castType === undefined || !Object.values(METADATA_TYPE).includes(castType))) {
    throw errors.segmentNotFound(cast);
  }
  const all = allAttributes(m);
  let list = castType ? all.filter((a) => a['@odata.type'] === `#${NS}.${castType}`) : all;
  const typeName = castType ?? 'AttributeMetadata';
  const allowed = new Set<string>(BASE_PROPERTIES);
  if (castType) for (const a of list) for (const k of Object.keys(a)) allowed.add(k);
  // A type's properties are selectable even when this table has no column of that type.
  for (const k of CAST_PROPERTIES[castType ?? ''] ?? []) allowed.add(k);
  const optionCast =
    castType !== undefined &&
    [
      'PicklistAttributeMetadata',
      'StateAttributeMetadata',
      'StatusAttributeMetadata',
      'BooleanAttributeMetadata',
    ].includes(castType);
  const mq = readMetaQuery(params, allowed, typeName);
  for (const nav of mq.expand.keys()) {
    if (!optionCast || (nav !== 'OptionSet' && nav !== 'GlobalOptionSet'))
      throw errors.propertyNotFound(nav, typeName);
  }
  if (attrMatch[1] !== undefined) {
    const key = attrMatch[1];
    const byName = /^LogicalName='([^']*)'$/.exec(key);
    const found = list.find((a) =>
      byName ? a['LogicalName'] === byName[1] : a['MetadataId'] === key.toLowerCase(),
    );
    if (!found) {
      if (all.some((a) => (byName ? a['LogicalName'] === byName[1] : a['MetadataId'] === key))) {
        throw errors.query(`The attribute '${key}' is not of type '${NS}.${castType}'.`);
      }
      throw notFoundMeta(`Could not find attribute with key '${key}' on entity '${m.def.logicalName}'.`);
    }
    return jsonResponse(200, {
      '@odata.context': `${root}$metadata#EntityDefinitions('${m.metadataId}')/Attributes/${castType ? `${NS}.${castType}` : ''}/$entity`,
      ...expandOptionSet(m, project(found, mq.select), mq),
    });
  }
  if (mq.filter) list = list.filter((a) => evaluateFilter(mq.filter!, a, mq.aliases));
  return jsonResponse(200, {
    '@odata.context': `${root}$metadata#EntityDefinitions('${m.metadataId}')/Attributes${castType ? `/${NS}.${castType}` : ''}`,
    value: list.map((a) => expandOptionSet(m, project(a, mq.select), mq)),
  });
}

function expandOptionSet(
  m: EntityModel,
  obj: Record<string, unknown>,
  mq: MetaQuery,
): Record<string, unknown> {
  const a = m.attributes.get(String(obj['LogicalName'] ?? ''));
  if (!a) return obj;
  if (mq.expand.has('OptionSet')) obj['OptionSet'] = optionSetJson(m, a);
  if (mq.expand.has('GlobalOptionSet')) obj['GlobalOptionSet'] = null;
  return obj;
}

function withAttributes(
  m: EntityModel,
  obj: Record<string, unknown>,
  mq: MetaQuery,
): Record<string, unknown> {
  if (!mq.expand.has('Attributes')) {
    for (const k of mq.expand.keys()) throw errors.propertyNotFound(k, 'EntityMetadata');
    return obj;
  }
  const sel = mq.expand.get('Attributes') ?? null;
  if (sel)
    for (const s of sel)
      if (!(BASE_PROPERTIES as readonly string[]).includes(s))
        throw errors.propertyNotFound(s, 'AttributeMetadata');
  obj['Attributes'] = allAttributes(m).map((a) => project(a, sel));
  return obj;
}
