/**
 * Indexes over the declarative table definitions: by logical name, by entity set, attribute maps and
 * navigation properties. Everything the request handlers need to resolve a name is looked up here.
 */
import { createHash } from 'node:crypto';
import { ENTITIES } from './entities.js';
import { LOOKUP_TYPES, type AttributeDef, type EntityDef } from './types.js';

/** A single-valued navigation property: `<nav>@odata.bind` writes, `$expand` and `nav/prop` filters. */
export interface NavProp {
  readonly name: string;
  readonly attribute: AttributeDef;
  readonly target: string;
}

/**
 * A collection-valued navigation property: the rows of another table whose lookup points at this
 * row (`incident.Incident_Annotation` → the notes whose `objectid` is the case). Named after the
 * relationship, as Dataverse names them, and only where the lookup declares that name.
 */
export interface CollectionNav {
  readonly name: string;
  /** The table whose rows are listed (`annotation`). */
  readonly source: string;
  /** Its lookup that points back (`objectid`). */
  readonly attribute: AttributeDef;
  /** The single-valued navigation property on the other side (`objectid_incident`). */
  readonly partner: string;
}

export interface EntityModel {
  readonly def: EntityDef;
  readonly attributes: ReadonlyMap<string, AttributeDef>;
  /** OData property name (`firstname`, `_parentcustomerid_value`) → attribute. */
  readonly properties: ReadonlyMap<string, AttributeDef>;
  readonly navigation: ReadonlyMap<string, NavProp>;
  readonly collections: ReadonlyMap<string, CollectionNav>;
  readonly metadataId: string;
}

/** Deterministic GUID from a name, so metadata ids are stable across runs (RFC 4122 v5 layout). */
export function nameGuid(name: string): string {
  const h = createHash('sha1').update(`portico-emulator:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** OData property name of an attribute: lookups surface as `_<name>_value`. */
export function propertyName(a: AttributeDef): string {
  return LOOKUP_TYPES.has(a.type) ? `_${a.logicalName}_value` : a.logicalName;
}

export function isLookup(a: AttributeDef): boolean {
  return LOOKUP_TYPES.has(a.type);
}

/** Whether a lookup can point at more than one table (Customer, Owner): a `<col>__t` column stores which. */
export function isPolymorphic(a: AttributeDef): boolean {
  return Object.keys(a.targets ?? {}).length > 1;
}

function build(def: EntityDef, collections: ReadonlyMap<string, CollectionNav>): EntityModel {
  const attributes = new Map<string, AttributeDef>();
  const properties = new Map<string, AttributeDef>();
  const navigation = new Map<string, NavProp>();
  for (const a of def.attributes) {
    attributes.set(a.logicalName, a);
    properties.set(propertyName(a), a);
    for (const [target, name] of Object.entries(a.targets ?? {})) {
      // ownerid has one navigation property for both targets (systemuser and team share `principal`).
      if (!navigation.has(name)) navigation.set(name, { name, attribute: a, target });
    }
  }
  return {
    def,
    attributes,
    properties,
    navigation,
    collections,
    metadataId: nameGuid(`entity:${def.logicalName}`),
  };
}

/** Each table's collection-valued navigation properties, from the named relationships of every lookup. */
function collectionsByTarget(): Map<string, Map<string, CollectionNav>> {
  const out = new Map<string, Map<string, CollectionNav>>();
  for (const def of ENTITIES) {
    for (const a of def.attributes) {
      for (const [target, name] of Object.entries(a.relationships ?? {})) {
        const partner = a.targets?.[target];
        if (!partner)
          throw new Error(
            `${def.logicalName}.${a.logicalName}: relationship to '${target}' without a target`,
          );
        if (!out.has(target)) out.set(target, new Map());
        out.get(target)!.set(name, { name, source: def.logicalName, attribute: a, partner });
      }
    }
  }
  return out;
}

const byLogical = new Map<string, EntityModel>();
const bySet = new Map<string, EntityModel>();
const collections = collectionsByTarget();
for (const def of ENTITIES) {
  const m = build(def, collections.get(def.logicalName) ?? new Map());
  byLogical.set(def.logicalName, m);
  bySet.set(def.entitySetName, m);
}

export const MODEL = {
  entities: [...byLogical.values()] as readonly EntityModel[],
  byLogicalName(name: string): EntityModel | undefined {
    return byLogical.get(name);
  },
  /** Entity set names are case-sensitive in Dataverse, so no case folding here. */
  bySetName(name: string): EntityModel | undefined {
    return bySet.get(name);
  },
};

/** The business unit every record belongs to; not a served table, so its name lives here. */
export const BUSINESS_UNIT_NAME = 'Portico Demo';
