/**
 * Translation between Portico's record shape (`RecordValues`, contract.ts) and Dataverse rows:
 * the `$select` for a set of readable columns, the projection of a row back to exactly those
 * columns (allow-list on the way out), and the write payload (lookups as `@odata.bind`).
 */
import type { FieldValue, LookupValue, RecordResponse, RecordValues } from '../api/contract.js';
import type { ColumnInfo, EntityInfo, Registry } from '../config/types.js';
import { guidLiteral, identifier, isGuid, queryString } from './odata/index.js';
import type { UpstreamClient } from '../dataverse/client.js';

export const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
export const LOOKUP_TYPE = 'Microsoft.Dynamics.CRM.lookuplogicalname';
/** Annotations every record read asks for: display text and the target table of lookups. */
export const PREFER_ANNOTATIONS = `odata.include-annotations="${FORMATTED},${LOOKUP_TYPE}"`;

const LOOKUP_TYPES = new Set(['Lookup', 'Customer', 'Owner']);

export function isLookup(column: ColumnInfo | undefined): boolean {
  return column !== undefined && LOOKUP_TYPES.has(column.type);
}

/** The Web API property a column is read (and filtered, sorted) as: `_x_value` for lookups. */
export function readProperty(entity: EntityInfo, name: string): string {
  const column = entity.columns.get(name);
  return isLookup(column) ? `_${identifier(name)}_value` : identifier(name);
}

/**
 * `$select` for these columns plus the primary key and the entity's state columns (which the version
 * token carries, whether or not the caller may see them). Never a wildcard.
 */
export function selectList(entity: EntityInfo, columns: readonly string[]): string[] {
  const out = new Set<string>([identifier(entity.primaryKey)]);
  for (const name of columns) out.add(readProperty(entity, name));
  for (const name of entity.stateColumns) out.add(identifier(name));
  return [...out];
}

/** The state columns' values in a row, as the version token carries them. */
export function stateOf(entity: EntityInfo, row: Record<string, unknown>): Record<string, FieldValue> {
  const state: Record<string, FieldValue> = {};
  for (const name of entity.stateColumns) state[name] = toFieldValue(row[name]);
  return state;
}

interface ColumnPlan {
  name: string;
  property: string;
  displayKey: string;
  /** For lookups: the annotation naming the target table, and the fallback target. */
  lookup: { typeKey: string; fallback: string } | undefined;
}

/**
 * The property names to read for each column, worked out once per (entity, column list) rather than
 * per row: a list page projects 25 rows, and the registry's entity and column-list objects live as
 * long as one registry version (a reload builds new ones, so new plans).
 */
const plans = new WeakMap<EntityInfo, WeakMap<readonly string[], ColumnPlan[]>>();

function planFor(entity: EntityInfo, columns: readonly string[]): ColumnPlan[] {
  let byColumns = plans.get(entity);
  if (!byColumns) {
    byColumns = new WeakMap();
    plans.set(entity, byColumns);
  }
  let plan = byColumns.get(columns);
  if (!plan) {
    plan = columns.map((name) => {
      const column = entity.columns.get(name);
      const property = readProperty(entity, name);
      return {
        name,
        property,
        displayKey: `${property}@${FORMATTED}`,
        lookup: isLookup(column)
          ? {
              typeKey: `${property}@${LOOKUP_TYPE}`,
              fallback: Object.keys(column?.targets ?? {})[0] ?? 'unknown',
            }
          : undefined,
      };
    });
    byColumns.set(columns, plan);
  }
  return plan;
}

/**
 * Row → the declared readable columns only, as raw values (a lookup with its target's name, from
 * Dynamics' display annotation). Dynamics' other formatted values are not passed on: they are in the
 * integration user's language and time zone, and the browser formats for its reader (DisplayColumn).
 * The etag is filled in by the caller.
 */
export function projectRow(
  entity: EntityInfo,
  row: Record<string, unknown>,
  columns: readonly string[],
): Omit<RecordResponse, 'etag'> & { upstreamEtag: string } {
  const values: RecordValues = {};
  for (const { name, property, displayKey, lookup: lookupPlan } of planFor(entity, columns)) {
    const raw = row[property];
    if (lookupPlan) {
      const display = row[displayKey];
      if (isGuid(raw)) {
        const typed = row[lookupPlan.typeKey];
        const lookup: LookupValue = {
          id: raw.toLowerCase(),
          type: typeof typed === 'string' ? typed : lookupPlan.fallback,
        };
        if (typeof display === 'string') lookup.name = display;
        values[name] = lookup;
      } else {
        values[name] = null;
      }
    } else {
      values[name] = toFieldValue(raw);
    }
  }
  const id = String(row[entity.primaryKey] ?? '').toLowerCase();
  const upstreamEtag = typeof row['@odata.etag'] === 'string' ? row['@odata.etag'] : '';
  return { id, values, upstreamEtag };
}

function toFieldValue(raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  return null;
}

/** Entity sets of standard tables a lookup may point to, so writes need no metadata call for them. */
const STANDARD_SETS: Record<string, string> = {
  account: 'accounts',
  contact: 'contacts',
  incident: 'incidents',
  systemuser: 'systemusers',
  team: 'teams',
  businessunit: 'businessunits',
};

/**
 * Entity-set names by logical name: the registry first, then the standard tables, then Dataverse
 * metadata (`EntityDefinitions(LogicalName='x')?$select=EntitySetName`), cached for the process
 * lifetime because an entity set name never changes once a table exists.
 */
export class EntitySets {
  private readonly cache = new Map<string, string>();
  constructor(private readonly upstream: UpstreamClient) {}

  async of(registry: Registry, logicalName: string): Promise<string | undefined> {
    const fromRegistry = registry.entities.get(logicalName)?.entitySet;
    if (fromRegistry) return fromRegistry;
    const known = STANDARD_SETS[logicalName] ?? this.cache.get(logicalName);
    if (known) return known;
    identifier(logicalName);
    const res = await this.upstream.request({
      method: 'GET',
      path: `EntityDefinitions(LogicalName='${logicalName}')${queryString({ select: ['EntitySetName'] })}`,
    });
    const set = res.status === 200 ? (res.body as { EntitySetName?: unknown }).EntitySetName : undefined;
    if (typeof set !== 'string') return undefined;
    this.cache.set(logicalName, set);
    return set;
  }
}

/**
 * `values` (already validated and allow-listed) → Dataverse body. Lookups become
 * `<navigation property>@odata.bind: "/<set>(<id>)"`, the navigation property taken from the
 * entity schema's `targets` (never derived from the column name; see "Associate and disassociate
 * table rows", https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api).
 * Returns the body, or the names of lookup fields whose target is not allowed.
 */
export async function toPayload(
  registry: Registry,
  entity: EntityInfo,
  values: RecordValues,
  sets: EntitySets,
): Promise<{ body: Record<string, unknown>; badLookups: string[] }> {
  const body: Record<string, unknown> = {};
  const badLookups: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const column = entity.columns.get(name);
    if (!column) {
      badLookups.push(name);
      continue;
    }
    if (isLookup(column)) {
      const targets = column.targets ?? {};
      if (value === null) {
        const nav = Object.values(targets)[0];
        if (!nav) badLookups.push(name);
        else body[`${identifier(nav)}@odata.bind`] = null;
        continue;
      }
      const lookup = value as Partial<LookupValue>;
      const nav =
        typeof lookup.type === 'string' && Object.hasOwn(targets, lookup.type)
          ? targets[lookup.type]
          : undefined;
      const set = nav && lookup.type ? await sets.of(registry, lookup.type) : undefined;
      if (!nav || !set || !isGuid(lookup.id)) {
        badLookups.push(name);
        continue;
      }
      body[`${identifier(nav)}@odata.bind`] = `/${identifier(set)}(${guidLiteral(lookup.id)})`;
      continue;
    }
    body[identifier(name)] = value;
  }
  return { body, badLookups };
}

/** The `via` stamp of a create: the scope lookup bound to the user's contact or account. */
export function stampFor(
  entity: EntityInfo,
  via: string,
  target: 'contact' | 'account',
  id: string,
): Record<string, string> | undefined {
  const nav = entity.columns.get(via)?.targets?.[target];
  if (!nav) return undefined;
  return {
    [`${identifier(nav)}@odata.bind`]: `/${target === 'contact' ? 'contacts' : 'accounts'}(${guidLiteral(id)})`,
  };
}

/**
 * The default-owner stamp of a create: the role's `defaultOwner` team bound to the entity's owner
 * column. Without it Dataverse makes the caller — the integration user — the owner, a name that
 * means nothing to the people who open cases.
 */
export function ownerStampFor(entity: EntityInfo, team: string | undefined): Record<string, string> {
  if (team === undefined) return {};
  for (const column of entity.columns.values()) {
    const nav = column.type === 'Owner' ? column.targets?.team : undefined;
    if (nav) return { [`${identifier(nav)}@odata.bind`]: `/teams(${guidLiteral(team)})` };
  }
  return {};
}
