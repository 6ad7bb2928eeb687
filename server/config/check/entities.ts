/**
 * Entity schemas (`entities/<logicalName>.schema.json`): names that agree with their files, and
 * columns whose JSON Schema fits their Dataverse type, options and state model. The file must
 * also compile as a JSON Schema under Ajv strict mode, since the server validates values with it.
 */
import { didYouMean } from '../../shared/did-you-mean.js';
import { createAjv } from '../ajv.js';
import { CHOICE_TYPES, LOOKUP_TYPES, TEXT_TYPES } from '../compile/columns.js';
import { pointer as ptr } from '../errors.js';
import type { ColumnSchema, EntitySchemaFile } from '../generated/entity-file.js';
import type { Loaded, Report } from './context.js';

/**
 * Checks every entity file and returns them all by file name. Files that failed their meta-schema
 * are in the map too, so other files' references to them are not reported a second time.
 */
export function checkEntities(
  entities: ReadonlyArray<Loaded<EntitySchemaFile>>,
  err: Report,
): Map<string, Loaded<EntitySchemaFile>> {
  const entityByName = new Map<string, Loaded<EntitySchemaFile>>();
  const ids = new Map<string, string>();
  for (const e of entities) {
    if (!e.valid) {
      // Still known by file name, so other files' references to it are not reported twice.
      entityByName.set(e.stem, e);
      continue;
    }
    const dv = e.raw['x-dataverse'];
    if (dv.logicalName !== e.stem)
      err(
        'PORTICO_CONFIG_ID_MISMATCH',
        e.file,
        '/x-dataverse/logicalName',
        `logical name "${dv.logicalName}" differs from the file name; expected "${e.stem}" (or rename the file to entities/${dv.logicalName}.schema.json)`,
        e.stem,
      );
    if (entityByName.has(dv.logicalName) && dv.logicalName !== e.stem)
      err(
        'PORTICO_CONFIG_DUPLICATE_ID',
        e.file,
        '/x-dataverse/logicalName',
        `entity "${dv.logicalName}" is already defined by entities/${dv.logicalName}.schema.json`,
      );
    entityByName.set(e.stem, e);
    const previous = ids.get(e.raw.$id);
    if (previous)
      err(
        'PORTICO_CONFIG_DUPLICATE_ID',
        e.file,
        '/$id',
        `$id "${e.raw.$id}" is already used by ${previous}; expected a unique $id`,
      );
    ids.set(e.raw.$id, e.file);
    checkEntity(e, err);
  }
  return entityByName;
}

/** The JSON type each non-lookup Dataverse type is stored as. */
const JSON_TYPE_OF: Record<string, string | undefined> = {
  String: 'string',
  Memo: 'string',
  DateTime: 'string',
  Uniqueidentifier: 'string',
  Integer: 'integer',
  Picklist: 'integer',
  State: 'integer',
  Status: 'integer',
  Decimal: 'number',
  Money: 'number',
  Boolean: 'boolean',
};

function checkEntity(e: Loaded<EntitySchemaFile>, err: Report): void {
  const raw = e.raw;
  const dv = raw['x-dataverse'];
  if (!(dv.primaryName in raw.properties))
    err(
      'PORTICO_CONFIG_UNKNOWN_COLUMN',
      e.file,
      '/x-dataverse/primaryName',
      `primary name "${dv.primaryName}" is not one of the properties`,
      didYouMean(dv.primaryName, Object.keys(raw.properties)),
    );
  for (const [name, col] of Object.entries(raw.properties)) {
    checkColumnType(e, name, col, err);
    checkColumnFormats(e, name, col, err);
    checkColumnOptions(e, name, col, err);
  }
  checkCompilesAsJsonSchema(e, err);
}

/** Lookups are `$ref` objects of this file; every other type has one JSON type. */
function checkColumnType(e: Loaded<EntitySchemaFile>, name: string, col: ColumnSchema, err: Report): void {
  const raw = e.raw;
  const at = ptr('properties', name);
  const facts = col['x-dataverse'];
  const type = facts.type;
  const jsonType = col.type;
  if (LOOKUP_TYPES.has(type)) {
    if (col.$ref === undefined)
      err(
        'PORTICO_CONFIG_TYPE_MISMATCH',
        e.file,
        at,
        `${type} column "${name}" must be a lookup object; expected "$ref": "#/$defs/lookup"`,
      );
    else if (!raw.$defs || !(col.$ref.slice('#/$defs/'.length) in raw.$defs))
      err(
        'PORTICO_CONFIG_TYPE_MISMATCH',
        e.file,
        `${at}/$ref`,
        `"${col.$ref}" does not exist in this file's $defs`,
      );
    if (
      type === 'Customer' &&
      facts.targets &&
      Object.keys(facts.targets).some((t) => t !== 'account' && t !== 'contact')
    )
      err(
        'PORTICO_CONFIG_TYPE_MISMATCH',
        e.file,
        `${at}/x-dataverse/targets`,
        'a Customer column targets only account and contact',
      );
  } else if (jsonType !== JSON_TYPE_OF[type]) {
    err(
      'PORTICO_CONFIG_TYPE_MISMATCH',
      e.file,
      `${at}/type`,
      `Dataverse type ${type} needs JSON type "${JSON_TYPE_OF[type]}", found ${jsonType === undefined ? 'none' : `"${jsonType}"`}`,
    );
  }
}

/** Bounded text, and the string formats that dates and e-mail addresses need. */
function checkColumnFormats(e: Loaded<EntitySchemaFile>, name: string, col: ColumnSchema, err: Report): void {
  const at = ptr('properties', name);
  const facts = col['x-dataverse'];
  const type = facts.type;
  if (TEXT_TYPES.has(type) && col.maxLength === undefined)
    err(
      'PORTICO_CONFIG_MISSING_MAX_LENGTH',
      e.file,
      at,
      `text column "${name}" has no maxLength; expected the column's MaxLength (e.g. 100), so input is bounded`,
    );
  if (type === 'DateTime' && col.format !== (facts.dateOnly ? 'date' : 'date-time'))
    err(
      'PORTICO_CONFIG_TYPE_MISMATCH',
      e.file,
      `${at}/format`,
      `DateTime column "${name}" needs format "${facts.dateOnly ? 'date' : 'date-time'}"${facts.dateOnly ? ' (dateOnly)' : ''}`,
    );
  if (facts.format === 'Email' && col.format !== 'email')
    err('PORTICO_CONFIG_TYPE_MISMATCH', e.file, `${at}/format`, `an Email column needs "format": "email"`);
}

/** A choice column's `enum` is exactly its options; a status reason belongs to an existing state. */
function checkColumnOptions(e: Loaded<EntitySchemaFile>, name: string, col: ColumnSchema, err: Report): void {
  const raw = e.raw;
  const at = ptr('properties', name);
  const facts = col['x-dataverse'];
  const type = facts.type;
  if (CHOICE_TYPES.has(type) && facts.options) {
    const values = facts.options.map((o) => o.value);
    const en: number[] = col.enum ?? [];
    const missing = values.filter((v) => !en.includes(v));
    const extra = en.filter((v) => !values.includes(v));
    if (missing.length > 0 || extra.length > 0)
      err(
        'PORTICO_CONFIG_OPTION_MISMATCH',
        e.file,
        `${at}/enum`,
        `enum must list exactly the option values ${JSON.stringify(values)}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; not an option: ${extra.join(', ')}` : ''}`,
      );
    const dup = values.find((v, i) => values.indexOf(v) !== i);
    if (dup !== undefined)
      err(
        'PORTICO_CONFIG_DUPLICATE_ID',
        e.file,
        `${at}/x-dataverse/options`,
        `option value ${dup} appears twice`,
      );
    if (typeof facts.default === 'number' && !values.includes(facts.default))
      err(
        'PORTICO_CONFIG_UNKNOWN_OPTION',
        e.file,
        `${at}/x-dataverse/default`,
        `default ${facts.default} is not an option; expected one of ${values.join(', ')}`,
      );
  }
  if (type === 'Status' && facts.options) {
    const stateCol = Object.values(raw.properties).find((c) => c['x-dataverse'].type === 'State');
    const states = (stateCol?.['x-dataverse'].options ?? []).map((o) => o.value);
    facts.options.forEach((o, i) => {
      if (o.state !== undefined && !states.includes(o.state))
        err(
          'PORTICO_CONFIG_UNKNOWN_OPTION',
          e.file,
          `${at}/x-dataverse/options/${i}/state`,
          `state ${o.state} is not an option of the State column; expected one of ${states.join(', ') || '(no State column)'}`,
        );
    });
  }
}

/** The file must also be a valid JSON Schema in Ajv strict mode (unknown keywords, bad $ref, …). */
function checkCompilesAsJsonSchema(e: Loaded<EntitySchemaFile>, err: Report): void {
  try {
    const copy = structuredClone(e.raw) as unknown as Record<string, unknown>;
    delete copy.$schema;
    createAjv().compile(copy);
  } catch (error) {
    err(
      'PORTICO_CONFIG_SCHEMA_COMPILE',
      e.file,
      '',
      `not a valid JSON Schema 2020-12: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
