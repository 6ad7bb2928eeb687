/**
 * Reads one table's live metadata from Dataverse through the upstream client (so the configured
 * authentication strategy applies): the table definition, its columns, the type-specific
 * properties behind each cast segment, option sets and lookup navigation properties.
 * Query shapes follow https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api
 * (type-specific properties need a cast per type; option sets need `$expand=OptionSet`; navigation
 * property names come from `ManyToOneRelationships`, never from column names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SCHEMAS_DIR } from '../config/index.js';
import type { UpstreamClient } from '../dataverse/client.js';
import { dataverseError } from '../dataverse/client.js';

/** Labels by language tag (`en`, `de`, …). */
export type Labels = Record<string, string>;

export interface LiveOption {
  value: number;
  label: Labels;
  /** Status options: the state they belong to. */
  state?: number;
}

export interface LiveColumn {
  name: string;
  type: string;
  requiredLevel: string;
  label: Labels;
  isPrimaryId: boolean;
  validForCreate: boolean;
  validForUpdate: boolean;
  maxLength?: number;
  formatName?: string;
  minValue?: number;
  maxValue?: number;
  dateOnly?: boolean;
  options?: LiveOption[];
  default?: number | boolean;
  trueLabel?: Labels;
  falseLabel?: Labels;
  targets?: Record<string, string>;
}

export interface LiveEntity {
  logicalName: string;
  entitySet: string;
  primaryKey: string;
  primaryName: string;
  label: Labels;
  columns: Map<string, LiveColumn>;
  /** Columns left out because Portico has no JSON mapping for their type (name → AttributeType). */
  unsupported: Map<string, string>;
}

/** Thrown when Dataverse refuses or the table does not exist; `code` is stable. */
export class MetadataError extends Error {
  readonly code: 'PORTICO_CONNECT_ENTITY_NOT_FOUND' | 'PORTICO_CONNECT_METADATA_FAILED';
  readonly status: number;
  constructor(code: MetadataError['code'], message: string, status: number) {
    super(message);
    this.name = 'MetadataError';
    this.code = code;
    this.status = status;
  }
}

/** Language codes (LCID) → language tags used in Portico's label objects. */
const LANGUAGES: Record<number, string> = {
  1025: 'ar',
  1028: 'zh-TW',
  1029: 'cs',
  1030: 'da',
  1031: 'de',
  1032: 'el',
  1033: 'en',
  1034: 'es',
  1035: 'fi',
  1036: 'fr',
  1038: 'hu',
  1040: 'it',
  1041: 'ja',
  1042: 'ko',
  1043: 'nl',
  1044: 'nb',
  1045: 'pl',
  1046: 'pt-BR',
  1049: 'ru',
  1053: 'sv',
  1055: 'tr',
  2052: 'zh-CN',
  2070: 'pt',
  3082: 'es',
};

/** The column facts the entity meta-schema accepts (`x-dataverse` of a column). */
const FACTS = (
  JSON.parse(readFileSync(join(DEFAULT_SCHEMAS_DIR, 'meta', 'entity.schema.json'), 'utf8')) as {
    $defs: { columnFacts: { properties: { type: { enum: string[] }; format: { enum: string[] } } } };
  }
).$defs.columnFacts.properties;

/**
 * Column types Portico maps to JSON Schema: exactly those the entity meta-schema accepts, so a pull
 * never writes a file the config loader refuses. Others (BigInt, Double, Virtual, …) are reported as
 * not mapped.
 */
export const SUPPORTED_TYPES = new Set<string>(FACTS.type.enum);
/** String formats the meta-schema accepts; others (PhoneticGuide, Json, RichText, …) are plain text to Portico. */
export const STRING_FORMATS = new Set<string>(FACTS.format.enum);

type Json = Record<string, unknown>;

function labels(label: unknown): Labels {
  const out: Labels = {};
  const list = (label as { LocalizedLabels?: unknown } | null)?.LocalizedLabels;
  if (Array.isArray(list)) {
    for (const l of list as Array<{ Label?: unknown; LanguageCode?: unknown }>) {
      const tag = LANGUAGES[Number(l.LanguageCode)];
      if (tag && typeof l.Label === 'string' && l.Label !== '' && out[tag] === undefined) out[tag] = l.Label;
    }
  }
  const user = (label as { UserLocalizedLabel?: { Label?: unknown } } | null)?.UserLocalizedLabel?.Label;
  if (out.en === undefined && typeof user === 'string' && user !== '') out.en = user;
  return out;
}

async function get(client: UpstreamClient, path: string, entity: string): Promise<Json> {
  const res = await client.request({ method: 'GET', path });
  if (res.status === 404) {
    throw new MetadataError(
      'PORTICO_CONNECT_ENTITY_NOT_FOUND',
      `Dynamics has no table with the logical name '${entity}'. Use the logical (lower-case) name, e.g. contact, incident or new_project.`,
      404,
    );
  }
  if (res.status !== 200) throw failed(res.status, res.body, path);
  return res.body as Json;
}

function failed(status: number, body: unknown, path: string): MetadataError {
  const detail = dataverseError(body);
  return new MetadataError(
    'PORTICO_CONNECT_METADATA_FAILED',
    `Dynamics answered ${status} to GET ${path.split('?')[0]}${detail ? `: ${detail.message.slice(0, 300)}` : ''}`,
    status,
  );
}

const values = (body: Json): Json[] => (Array.isArray(body.value) ? (body.value as Json[]) : []);

/** Reads the live definition of one table. */
export async function readEntityMetadata(client: UpstreamClient, logicalName: string): Promise<LiveEntity> {
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(logicalName)) {
    throw new MetadataError(
      'PORTICO_CONNECT_ENTITY_NOT_FOUND',
      `'${logicalName.slice(0, 80)}' is not a table logical name (lower-case letters, digits and _).`,
      400,
    );
  }
  const base = `EntityDefinitions(LogicalName='${logicalName}')`;
  const def = await get(
    client,
    `${base}?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName`,
    logicalName,
  );
  const attrs = values(
    await get(
      client,
      `${base}/Attributes?$select=LogicalName,AttributeType,DisplayName,RequiredLevel,IsValidForCreate,IsValidForUpdate,IsValidForRead,AttributeOf,IsPrimaryId`,
      logicalName,
    ),
  );
  const facts = await readTypeFacts(client, base, logicalName);

  const columns = new Map<string, LiveColumn>();
  const unsupported = new Map<string, string>();
  for (const a of attrs) {
    const name = String(a.LogicalName);
    const type = String(a.AttributeType);
    if (a.AttributeOf || a.IsValidForRead === false) continue; // helper columns such as customeridname
    if (!SUPPORTED_TYPES.has(type)) {
      unsupported.set(name, type);
      continue;
    }
    const col: LiveColumn = {
      name,
      type,
      requiredLevel: String((a.RequiredLevel as { Value?: unknown } | null)?.Value ?? 'None'),
      label: labels(a.DisplayName),
      isPrimaryId: a.IsPrimaryId === true,
      validForCreate: a.IsValidForCreate !== false,
      validForUpdate: a.IsValidForUpdate !== false,
    };
    addTypeFacts(col, facts);
    columns.set(name, col);
  }
  return {
    logicalName: String(def.LogicalName),
    entitySet: String(def.EntitySetName),
    primaryKey: String(def.PrimaryIdAttribute),
    primaryName: String(def.PrimaryNameAttribute),
    label: labels(def.DisplayName),
    columns,
    unsupported,
  };
}

/** The type-specific properties of a table's columns, by cast type and column name. */
interface TypeFacts {
  strings: Map<string, Json>;
  memos: Map<string, Json>;
  integers: Map<string, Json>;
  decimals: Map<string, Json>;
  money: Map<string, Json>;
  dates: Map<string, Json>;
  picklists: Map<string, Json>;
  states: Map<string, Json>;
  statuses: Map<string, Json>;
  booleans: Map<string, Json>;
  lookups: Map<string, Json>;
  /** The table's many-to-one relationships: the navigation property behind each lookup target. */
  relationships: Json[];
}

/** One request per cast type, and one for the relationships, all at once. */
async function readTypeFacts(client: UpstreamClient, base: string, logicalName: string): Promise<TypeFacts> {
  const cast = async (type: string, query: string) =>
    new Map(
      values(
        await get(client, `${base}/Attributes/Microsoft.Dynamics.CRM.${type}?${query}`, logicalName),
      ).map((a) => [String(a.LogicalName), a] as const),
    );
  const [
    strings,
    memos,
    integers,
    decimals,
    money,
    dates,
    picklists,
    states,
    statuses,
    booleans,
    lookups,
    relationshipsBody,
  ] = await Promise.all([
    cast('StringAttributeMetadata', '$select=LogicalName,MaxLength,FormatName'),
    cast('MemoAttributeMetadata', '$select=LogicalName,MaxLength'),
    cast('IntegerAttributeMetadata', '$select=LogicalName,MinValue,MaxValue'),
    optionalCast(client, base, 'DecimalAttributeMetadata', '$select=LogicalName,MinValue,MaxValue'),
    optionalCast(client, base, 'MoneyAttributeMetadata', '$select=LogicalName,MinValue,MaxValue'),
    cast('DateTimeAttributeMetadata', '$select=LogicalName,Format,DateTimeBehavior'),
    cast(
      'PicklistAttributeMetadata',
      '$select=LogicalName,DefaultFormValue&$expand=OptionSet,GlobalOptionSet',
    ),
    cast('StateAttributeMetadata', '$select=LogicalName&$expand=OptionSet'),
    cast('StatusAttributeMetadata', '$select=LogicalName&$expand=OptionSet'),
    cast('BooleanAttributeMetadata', '$select=LogicalName,DefaultValue&$expand=OptionSet'),
    cast('LookupAttributeMetadata', '$select=LogicalName,Targets'),
    get(
      client,
      `${base}/ManyToOneRelationships?$select=ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName`,
      logicalName,
    ),
  ]);
  return {
    strings,
    memos,
    integers,
    decimals,
    money,
    dates,
    picklists,
    states,
    statuses,
    booleans,
    lookups,
    relationships: values(relationshipsBody),
  };
}

/** Adds to a column what its type's cast says: lengths, formats, ranges, options, targets. */
function addTypeFacts(col: LiveColumn, facts: TypeFacts): void {
  const { name, type } = col;
  const number = (m: Map<string, Json>) => {
    const t = m.get(name);
    if (typeof t?.MinValue === 'number') col.minValue = t.MinValue;
    if (typeof t?.MaxValue === 'number') col.maxValue = t.MaxValue;
  };
  switch (type) {
    case 'String': {
      const t = facts.strings.get(name);
      if (typeof t?.MaxLength === 'number') col.maxLength = t.MaxLength;
      const format = (t?.FormatName as { Value?: unknown } | undefined)?.Value;
      if (typeof format === 'string') col.formatName = format;
      break;
    }
    case 'Memo': {
      const t = facts.memos.get(name);
      if (typeof t?.MaxLength === 'number') col.maxLength = t.MaxLength;
      break;
    }
    case 'Integer':
      number(facts.integers);
      break;
    case 'Decimal':
      number(facts.decimals);
      break;
    case 'Money':
      number(facts.money);
      break;
    case 'DateTime': {
      const t = facts.dates.get(name);
      const behavior = (t?.DateTimeBehavior as { Value?: unknown } | undefined)?.Value;
      col.dateOnly = t?.Format === 'DateOnly' || behavior === 'DateOnly';
      break;
    }
    case 'Picklist':
    case 'State':
    case 'Status':
      addOptions(
        col,
        (type === 'Picklist' ? facts.picklists : type === 'State' ? facts.states : facts.statuses).get(name),
      );
      break;
    case 'Boolean': {
      const t = facts.booleans.get(name);
      const set = t?.OptionSet as { TrueOption?: Json; FalseOption?: Json } | undefined;
      if (set?.TrueOption) col.trueLabel = labels(set.TrueOption.Label);
      if (set?.FalseOption) col.falseLabel = labels(set.FalseOption.Label);
      if (typeof t?.DefaultValue === 'boolean') col.default = t.DefaultValue;
      break;
    }
    case 'Lookup':
    case 'Customer':
    case 'Owner':
      addTargets(col, facts);
      break;
  }
}

/** A choice column's options (with each status reason's state) and a picklist's default. */
function addOptions(col: LiveColumn, t: Json | undefined): void {
  const { type } = col;
  const set = (t?.OptionSet ?? t?.GlobalOptionSet) as { Options?: Json[] } | null | undefined;
  col.options = (set?.Options ?? []).map((o) => ({
    value: Number(o.Value),
    label: labels(o.Label),
    ...(type === 'Status' && typeof o.State === 'number' ? { state: o.State } : {}),
  }));
  if (type === 'Picklist' && typeof t?.DefaultFormValue === 'number' && t.DefaultFormValue !== -1) {
    col.default = t.DefaultFormValue;
  }
}

/** A lookup's target tables, each with the navigation property that binds it. */
function addTargets(col: LiveColumn, facts: TypeFacts): void {
  const { name } = col;
  const targets = (facts.lookups.get(name)?.Targets as unknown[] | undefined) ?? [];
  const mine = facts.relationships.filter((r) => r.ReferencingAttribute === name);
  col.targets = {};
  for (const target of targets.map(String)) {
    // One relationship per target for Lookup/Customer; Owner has a single one to `owner`.
    const rel = mine.find((r) => r.ReferencedEntity === target) ?? (mine.length === 1 ? mine[0] : undefined);
    col.targets[target] = String(rel?.ReferencingEntityNavigationPropertyName ?? name);
  }
}

/**
 * A cast the emulator (or an older server) may not know: only an unknown cast segment (404) reads as
 * "no such columns". Any other failure (401, 429, 5xx) is an error, as for every other cast: read as
 * empty it would drop the columns' limits from the file and show drift that is not there.
 */
async function optionalCast(
  client: UpstreamClient,
  base: string,
  type: string,
  query: string,
): Promise<Map<string, Json>> {
  const path = `${base}/Attributes/Microsoft.Dynamics.CRM.${type}?${query}`;
  const res = await client.request({ method: 'GET', path });
  if (res.status === 404) return new Map();
  if (res.status !== 200) throw failed(res.status, res.body, path);
  return new Map(values(res.body as Json).map((a) => [String(a.LogicalName), a] as const));
}
