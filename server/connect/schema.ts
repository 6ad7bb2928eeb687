/**
 * Live metadata → entity schema (the format in schemas/README.md), the merge that keeps an admin's
 * edits, and the drift comparison.
 *
 * Who owns what when a schema is pulled again:
 * - Dynamics owns the facts: JSON `type`, `format`, `maxLength`, `minimum`, `maximum`, `enum`,
 *   `$ref`, and under `x-dataverse` the column `type`, `requiredLevel`, `format`, `dateOnly`,
 *   `targets`, option values and their `state`. These are rewritten from live metadata.
 * - The admin owns labels once written (every language, `en` included: a relabelled column stays
 *   relabelled; languages Dynamics has and the file lacks are filled in), `description`, `title`,
 *   `readOnly: true`, any other keyword, the column order, and `x-portico-exclude`.
 * - Which columns: a column in `x-portico-exclude` is never added. A live column that is neither in
 *   the file nor excluded is reported as new and added only when asked (`--add`), or recorded as
 *   excluded (`--exclude-new`).
 */
import { LOOKUP_TYPES } from '../config/compile.js';
import { STRING_FORMATS } from './metadata.js';
import type { LiveColumn, LiveEntity, Labels } from './metadata.js';

type Json = Record<string, unknown>;

/** The lenient phone-number pattern a first pull gives a Phone-format column. */
export const PHONE_PATTERN = '^(?:[ +()./xX-]*[0-9]){3}[0-9 +()./xX-]*$';

/** The top-level keyword listing columns an admin keeps out of the schema. */
export const EXCLUDE_KEYWORD = 'x-portico-exclude';

/** System columns a first pull leaves out (listed in `x-portico-exclude`, so an admin can take one back). */
export const SYSTEM_COLUMNS = new Set([
  'versionnumber',
  'importsequencenumber',
  'overriddencreatedon',
  'timezoneruleversionnumber',
  'utcconversiontimezonecode',
  'exchangerate',
  'transactioncurrencyid',
  'processid',
  'stageid',
  'traversedpath',
  'createdby',
  'modifiedby',
  'createdonbehalfby',
  'modifiedonbehalfby',
  'owningbusinessunit',
  'owninguser',
  'owningteam',
]);

const LOOKUP_DEF = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type'],
  properties: {
    id: { type: 'string', format: 'uuid', maxLength: 36 },
    type: { type: 'string', maxLength: 64 },
    name: { type: 'string', maxLength: 400 },
  },
};

const JSON_FACTS = ['type', 'format', 'maxLength', 'minimum', 'maximum', 'enum', '$ref'] as const;
const DV_FACTS = ['type', 'requiredLevel', 'format', 'dateOnly', 'targets'] as const;

/** Labels for the file: the live ones, with `en` first. */
function labelsOf(l: Labels, fallback: string): Labels {
  const out: Labels = { en: l.en ?? fallback };
  for (const [k, v] of Object.entries(l)) if (k !== 'en') out[k] = v;
  return out;
}

/** One column's schema property, from live metadata only. */
export function columnSchema(col: LiveColumn): Json {
  const json: Json = {};
  const dv: Json = { type: col.type, requiredLevel: col.requiredLevel, label: labelsOf(col.label, col.name) };
  switch (col.type) {
    case 'Uniqueidentifier':
      Object.assign(json, { type: 'string', format: 'uuid', maxLength: 36 });
      break;
    case 'String':
    case 'Memo':
      json.type = 'string';
      if (col.type === 'String' && col.formatName === 'Email') json.format = 'email';
      if (col.maxLength !== undefined) json.maxLength = col.maxLength;
      // Dynamics stores a phone number as free text; a first pull proposes the lenient pattern the
      // shipped schemas use (at least three digits among spaces, + ( ) - . / x), which the admin
      // then owns like any other keyword: a later pull never rewrites it.
      if (col.type === 'String' && col.formatName === 'Phone') json.pattern = PHONE_PATTERN;
      if (
        col.type === 'String' &&
        col.formatName &&
        STRING_FORMATS.has(col.formatName) &&
        col.formatName !== 'Text'
      )
        dv.format = col.formatName;
      break;
    case 'Integer':
    case 'Decimal':
    case 'Money':
      json.type = col.type === 'Integer' ? 'integer' : 'number';
      if (col.minValue !== undefined) json.minimum = col.minValue;
      if (col.maxValue !== undefined) json.maximum = col.maxValue;
      break;
    case 'Boolean':
      json.type = 'boolean';
      if (col.default !== undefined) dv.default = col.default;
      if (col.trueLabel) dv.trueLabel = labelsOf(col.trueLabel, 'Yes');
      if (col.falseLabel) dv.falseLabel = labelsOf(col.falseLabel, 'No');
      break;
    case 'DateTime':
      Object.assign(
        json,
        col.dateOnly
          ? { type: 'string', format: 'date', maxLength: 10 }
          : { type: 'string', format: 'date-time', maxLength: 40 },
      );
      if (col.dateOnly) dv.dateOnly = true;
      break;
    case 'Picklist':
    case 'State':
    case 'Status':
      json.type = 'integer';
      json.enum = (col.options ?? []).map((o) => o.value);
      if (col.default !== undefined) dv.default = col.default;
      dv.options = (col.options ?? []).map((o) => ({
        value: o.value,
        ...(o.state !== undefined ? { state: o.state } : {}),
        label: labelsOf(o.label, String(o.value)),
      }));
      break;
    case 'Lookup':
    case 'Customer':
    case 'Owner':
      json.$ref = '#/$defs/lookup';
      dv.targets = col.targets ?? {};
      break;
  }
  // Portico never writes keys, state or owner directly (actions do), nor what Dynamics computes.
  if (
    col.isPrimaryId ||
    (!col.validForCreate && !col.validForUpdate) ||
    col.type === 'State' ||
    col.type === 'Status' ||
    col.type === 'Owner'
  ) {
    json.readOnly = true;
  }
  json['x-dataverse'] = dv;
  return json;
}

const mergeLabels = (live: unknown, kept: unknown): unknown =>
  kept && typeof kept === 'object' ? { ...(live as Labels), ...(kept as Labels) } : live;

/** One column: live facts over the admin's property, keeping what the admin owns. */
export function mergeColumn(generated: Json, existing: Json | undefined): Json {
  if (!existing) return generated;
  const out: Json = { ...existing };
  for (const k of JSON_FACTS) {
    if (generated[k] === undefined) delete out[k];
    else out[k] = generated[k];
  }
  if (generated.readOnly === true) out.readOnly = true;
  const gdv = generated['x-dataverse'] as Json;
  const edv = (existing['x-dataverse'] ?? {}) as Json;
  const dv: Json = { ...edv };
  for (const k of DV_FACTS) {
    if (gdv[k] === undefined) delete dv[k];
    else dv[k] = gdv[k];
  }
  dv.label = mergeLabels(gdv.label, edv.label);
  for (const k of ['trueLabel', 'falseLabel'] as const) {
    if (gdv[k] !== undefined) dv[k] = mergeLabels(gdv[k], edv[k]);
  }
  if (gdv.default !== undefined) dv.default = gdv.default;
  if (gdv.options !== undefined) {
    const old = new Map(((edv.options as Json[] | undefined) ?? []).map((o) => [o.value, o] as const));
    dv.options = (gdv.options as Json[]).map((o) => {
      const before = old.get(o.value);
      return before ? { ...before, ...o, label: mergeLabels(o.label, before.label) } : o;
    });
  } else delete dv.options;
  out['x-dataverse'] = dv;
  return out;
}

export interface PullOptions {
  /** First pull only: the columns to include (default: every supported non-system column). */
  columns?: readonly string[];
  /** Columns to add to an existing schema. */
  add?: readonly string[];
  /** Record every new live column in `x-portico-exclude` instead of only reporting it. */
  excludeNew?: boolean;
}

export interface PullResult {
  schema: Json;
  /** Columns written into the schema that were not there before. */
  added: string[];
  /** Live columns neither in the schema nor excluded, left out (add with `--add`). */
  newColumns: string[];
  /** Schema columns Dynamics no longer has (kept, so forms do not break; remove them by hand). */
  missing: string[];
  /** Columns with types Portico cannot map (name: type). */
  unsupported: string[];
}

/** Builds (no existing file) or updates (existing file) an entity schema from live metadata. */
export function pullSchema(
  live: LiveEntity,
  existing: Json | undefined,
  options: PullOptions = {},
): PullResult {
  const liveNames = [...live.columns.keys()];
  for (const name of [...(options.columns ?? []), ...(options.add ?? [])]) {
    if (!live.columns.has(name)) {
      const unsupported = live.unsupported.get(name);
      throw new Error(
        unsupported
          ? `Column '${name}' has the type ${unsupported}, which Portico does not map to JSON.`
          : `Dynamics has no column '${name}' on ${live.logicalName}.`,
      );
    }
  }
  const oldProps = (existing?.properties ?? {}) as Record<string, Json>;
  let excluded: string[] = Array.isArray(existing?.[EXCLUDE_KEYWORD])
    ? [...(existing[EXCLUDE_KEYWORD] as string[])]
    : [];
  let chosen: string[];
  if (existing) {
    chosen = Object.keys(oldProps);
    for (const name of options.add ?? []) {
      if (!chosen.includes(name)) chosen.push(name);
      excluded = excluded.filter((e) => e !== name);
    }
  } else {
    // The primary key and name are always there: records are addressed by the one and named by the
    // other (the config loader requires both), whatever --columns lists.
    const always = [live.primaryKey, live.primaryName];
    chosen = options.columns
      ? liveNames.filter((n) => options.columns!.includes(n) || always.includes(n))
      : liveNames.filter((n) => !SYSTEM_COLUMNS.has(n));
    excluded = liveNames.filter((n) => !chosen.includes(n));
  }
  if (!chosen.includes(live.primaryKey) && live.columns.has(live.primaryKey)) chosen.unshift(live.primaryKey);
  excluded = excluded.filter((e) => !chosen.includes(e));
  const newColumns = liveNames.filter((n) => !chosen.includes(n) && !excluded.includes(n));
  if (options.excludeNew) excluded.push(...newColumns);
  const properties: Record<string, Json> = {};
  const missing: string[] = [];
  for (const name of chosen) {
    const col = live.columns.get(name);
    if (!col) {
      missing.push(name);
      properties[name] = oldProps[name]!;
      continue;
    }
    properties[name] = mergeColumn(columnSchema(col), oldProps[name]);
  }
  const liveLabel = labelsOf(live.label, live.logicalName);
  const oldDv = (existing?.['x-dataverse'] ?? {}) as Json;
  const hasLookup = Object.values(properties).some((p) =>
    LOOKUP_TYPES.has(String((p['x-dataverse'] as Json | undefined)?.type ?? '')),
  );
  const defs = { ...((existing?.$defs as Json | undefined) ?? {}) };
  if (hasLookup && !defs.lookup) defs.lookup = LOOKUP_DEF;
  const schema: Json = {
    $schema: '../meta/entity.schema.json',
    $id: `https://portico.dev/schemas/entities/${live.logicalName}.schema.json`,
    title: liveLabel.en,
    description: `Columns of the Dataverse ${live.logicalName} (${liveLabel.en}) table that Portico may read or write.`,
    ...(existing ?? {}),
    type: 'object',
    additionalProperties: false,
    'x-dataverse': {
      ...oldDv,
      logicalName: live.logicalName,
      entitySet: live.entitySet,
      primaryKey: live.primaryKey,
      primaryName: live.primaryName,
      label: mergeLabels(liveLabel, oldDv.label),
    },
    ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
    properties,
  };
  delete schema[EXCLUDE_KEYWORD];
  if (excluded.length > 0) schema[EXCLUDE_KEYWORD] = [...new Set(excluded)].sort();
  return {
    schema,
    added: chosen.filter((n) => !(n in oldProps)),
    newColumns: options.excludeNew ? [] : newColumns,
    missing,
    unsupported: [...live.unsupported].map(([n, t]) => `${n}: ${t}`),
  };
}

export interface ColumnChange {
  column: string;
  changes: string[];
}

export interface DriftReport {
  entity: string;
  /** In Dynamics, not in the schema and not excluded. */
  added: string[];
  /** In the schema, gone from Dynamics. */
  removed: string[];
  changed: ColumnChange[];
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** What differs between a schema file and live metadata. */
export function driftOf(live: LiveEntity, schema: Json): DriftReport {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const excluded = new Set(
    Array.isArray(schema[EXCLUDE_KEYWORD]) ? (schema[EXCLUDE_KEYWORD] as string[]) : [],
  );
  const report: DriftReport = { entity: live.logicalName, added: [], removed: [], changed: [] };
  for (const name of live.columns.keys())
    if (!(name in props) && !excluded.has(name)) report.added.push(name);
  for (const [name, prop] of Object.entries(props)) {
    const col = live.columns.get(name);
    if (!col) {
      report.removed.push(name);
      continue;
    }
    const want = columnSchema(col);
    const wdv = want['x-dataverse'] as Json;
    const hdv = (prop['x-dataverse'] ?? {}) as Json;
    const changes: string[] = [];
    for (const k of ['type', 'requiredLevel', 'format', 'dateOnly'] as const) {
      if (JSON.stringify(wdv[k]) !== JSON.stringify(hdv[k]))
        changes.push(`${k} ${show(hdv[k])} → ${show(wdv[k])}`);
    }
    for (const k of ['maxLength', 'minimum', 'maximum'] as const) {
      if (want[k] !== prop[k]) changes.push(`${k} ${show(prop[k])} → ${show(want[k])}`);
    }
    if (JSON.stringify(wdv.targets) !== JSON.stringify(hdv.targets)) {
      changes.push(`targets ${show(hdv.targets)} → ${show(wdv.targets)}`);
    }
    if (wdv.options || hdv.options) {
      const have = new Map(
        ((hdv.options as Json[] | undefined) ?? []).map((o) => [o.value as number, o] as const),
      );
      const live2 = new Map(
        ((wdv.options as Json[] | undefined) ?? []).map((o) => [o.value as number, o] as const),
      );
      const addedValues = [...live2.keys()].filter((v) => !have.has(v));
      const removedValues = [...have.keys()].filter((v) => !live2.has(v));
      if (addedValues.length > 0) changes.push(`option values added: ${addedValues.join(', ')}`);
      if (removedValues.length > 0) changes.push(`option values removed: ${removedValues.join(', ')}`);
      for (const [v, o] of live2) {
        const h = have.get(v);
        if (h && o.state !== h.state) changes.push(`option ${v} state ${show(h.state)} → ${show(o.state)}`);
      }
    }
    if (changes.length > 0) report.changed.push({ column: name, changes });
  }
  return report;
}

export const hasDrift = (r: DriftReport) => r.added.length + r.removed.length + r.changed.length > 0;

/** Human-readable lines for one report. */
export function formatDrift(r: DriftReport): string[] {
  if (!hasDrift(r)) return [`${r.entity}: matches Dynamics`];
  return [
    `${r.entity}:`,
    ...r.added.map((c) => `  + ${c} (new in Dynamics; add with schemas:pull --add ${c}, or exclude it)`),
    ...r.removed.map((c) => `  - ${c} (no longer in Dynamics)`),
    ...r.changed.flatMap((c) => c.changes.map((x) => `  ~ ${c.column}: ${x}`)),
  ];
}
