/**
 * Metadata as the Web API returns it: the JSON of EntityMetadata, AttributeMetadata (with the
 * properties of each subtype and the helper name/type attributes beside lookups), option sets and
 * many-to-one relationships, all derived from the declarations in `entities.ts`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api).
 */
import { MODEL, isLookup, isPolymorphic, nameGuid, type EntityModel } from './model.js';
import type { AttributeDef, OptionDef } from './types.js';

export const NS = 'Microsoft.Dynamics.CRM';

function label(text: string): Record<string, unknown> {
  const localized = {
    Label: text,
    LanguageCode: 1033,
    IsManaged: true,
    MetadataId: nameGuid(`label:${text}`),
    HasChanged: null,
  };
  return text === ''
    ? { LocalizedLabels: [], UserLocalizedLabel: null }
    : { LocalizedLabels: [localized], UserLocalizedLabel: localized };
}

const managed = (value: boolean, name: string) => ({
  Value: value,
  CanBeChanged: false,
  ManagedPropertyLogicalName: name,
});

/** AttributeMetadata subtype per AttributeType (the cast segment names). */
export const METADATA_TYPE: Record<AttributeDef['type'], string> = {
  Uniqueidentifier: 'UniqueIdentifierAttributeMetadata',
  String: 'StringAttributeMetadata',
  Memo: 'MemoAttributeMetadata',
  Integer: 'IntegerAttributeMetadata',
  BigInt: 'BigIntAttributeMetadata',
  Boolean: 'BooleanAttributeMetadata',
  DateTime: 'DateTimeAttributeMetadata',
  Picklist: 'PicklistAttributeMetadata',
  State: 'StateAttributeMetadata',
  Status: 'StatusAttributeMetadata',
  Lookup: 'LookupAttributeMetadata',
  Customer: 'LookupAttributeMetadata',
  Owner: 'LookupAttributeMetadata',
  EntityName: 'EntityNameAttributeMetadata',
};

const TYPE_NAME: Record<AttributeDef['type'], string> = {
  Uniqueidentifier: 'UniqueidentifierType',
  String: 'StringType',
  Memo: 'MemoType',
  Integer: 'IntegerType',
  BigInt: 'BigIntType',
  Boolean: 'BooleanType',
  DateTime: 'DateTimeType',
  Picklist: 'PicklistType',
  State: 'StateType',
  Status: 'StatusType',
  Lookup: 'LookupType',
  Customer: 'CustomerType',
  Owner: 'OwnerType',
  EntityName: 'EntityNameType',
};

/** Properties every AttributeMetadata has (selectable without a cast). */
export const BASE_PROPERTIES = [
  'MetadataId',
  'LogicalName',
  'SchemaName',
  'EntityLogicalName',
  'AttributeType',
  'AttributeTypeName',
  'AttributeOf',
  'DisplayName',
  'Description',
  'RequiredLevel',
  'IsValidForCreate',
  'IsValidForUpdate',
  'IsValidForRead',
  'IsPrimaryId',
  'IsPrimaryName',
  'IsCustomAttribute',
  'IsLogical',
  'ColumnNumber',
  'SourceType',
] as const;

/** Type-specific properties per cast (AttributeMetadata subclasses in the Web API reference). */
export const CAST_PROPERTIES: Record<string, readonly string[]> = {
  StringAttributeMetadata: ['MaxLength', 'DatabaseLength', 'FormatName', 'Format'],
  MemoAttributeMetadata: ['MaxLength', 'Format', 'FormatName'],
  IntegerAttributeMetadata: ['MinValue', 'MaxValue', 'Format'],
  BigIntAttributeMetadata: ['MinValue', 'MaxValue'],
  DateTimeAttributeMetadata: ['Format', 'DateTimeBehavior', 'CanChangeDateTimeBehavior'],
  PicklistAttributeMetadata: ['DefaultFormValue'],
  BooleanAttributeMetadata: ['DefaultValue'],
  LookupAttributeMetadata: ['Targets'],
};

/** Helper attributes Dataverse exposes beside lookups (name and, for multi-table lookups, type). */
interface HelperAttr {
  readonly logicalName: string;
  readonly of: AttributeDef;
  readonly kind: 'name' | 'type';
}

function helpers(m: EntityModel): HelperAttr[] {
  const out: HelperAttr[] = [];
  for (const a of m.def.attributes) {
    if (!isLookup(a)) continue;
    out.push({ logicalName: `${a.logicalName}name`, of: a, kind: 'name' });
    if (isPolymorphic(a)) out.push({ logicalName: `${a.logicalName}type`, of: a, kind: 'type' });
  }
  return out;
}

function optionJson(o: OptionDef, type: AttributeDef['type']): Record<string, unknown> {
  const base: Record<string, unknown> = {
    Value: o.value,
    Color: null,
    IsManaged: true,
    ExternalValue: null,
    ParentValues: [],
    MetadataId: null,
    HasChanged: null,
    Label: label(o.label),
    Description: label(''),
  };
  if (type === 'State') {
    base['DefaultStatus'] = o.defaultStatus;
    base['InvariantName'] = o.invariantName;
  }
  if (type === 'Status') base['State'] = o.state;
  return base;
}

/** An attribute's option set, as `$expand=OptionSet` returns it (Boolean columns have two options). */
export function optionSetJson(m: EntityModel, a: AttributeDef): Record<string, unknown> {
  const common = {
    MetadataId: nameGuid(`optionset:${m.def.logicalName}.${a.logicalName}`),
    HasChanged: null,
    IsCustomOptionSet: false,
    IsGlobal: false,
    IsManaged: true,
    Name: a.optionSetName,
    ExternalTypeName: null,
    Description: label(''),
    DisplayName: label(a.displayName),
    IsCustomizable: managed(true, 'iscustomizable'),
  };
  if (a.type === 'Boolean') {
    return {
      ...common,
      OptionSetType: 'Boolean',
      TrueOption: optionJson(a.options![1]!, a.type),
      FalseOption: optionJson(a.options![0]!, a.type),
    };
  }
  return { ...common, OptionSetType: a.type, Options: (a.options ?? []).map((o) => optionJson(o, a.type)) };
}

/** Full JSON of one attribute's metadata, including the type-specific properties of its subtype. */
function attributeJson(m: EntityModel, a: AttributeDef, index: number): Record<string, unknown> {
  const json: Record<string, unknown> = {
    '@odata.type': `#${NS}.${METADATA_TYPE[a.type]}`,
    MetadataId: nameGuid(`attribute:${m.def.logicalName}.${a.logicalName}`),
    LogicalName: a.logicalName,
    SchemaName: a.schemaName,
    EntityLogicalName: m.def.logicalName,
    AttributeType: a.type,
    AttributeTypeName: { Value: TYPE_NAME[a.type] },
    AttributeOf: null,
    DisplayName: label(a.displayName),
    Description: label(a.description),
    RequiredLevel: managed(false, 'canmodifyrequirementlevelsettings'),
    IsValidForCreate: !a.computed && a.validForCreate !== false,
    IsValidForUpdate: !a.computed && a.validForUpdate !== false,
    IsValidForRead: true,
    IsPrimaryId: a.logicalName === m.def.primaryIdAttribute,
    IsPrimaryName: a.logicalName === m.def.primaryNameAttribute,
    IsCustomAttribute: false,
    IsLogical: false,
    ColumnNumber: index + 1,
    SourceType: a.computed ? 1 : 0,
  };
  (json['RequiredLevel'] as Record<string, unknown>)['Value'] = a.requiredLevel;
  switch (a.type) {
    case 'String':
      json['MaxLength'] = a.maxLength;
      json['DatabaseLength'] = (a.maxLength ?? 0) * 2;
      json['FormatName'] = { Value: a.formatName ?? 'Text' };
      json['Format'] = a.formatName ?? 'Text';
      break;
    case 'Memo':
      json['MaxLength'] = a.maxLength;
      json['Format'] = 'TextArea';
      json['FormatName'] = { Value: 'TextArea' };
      break;
    case 'Integer':
    case 'BigInt':
      json['MinValue'] = a.minValue;
      json['MaxValue'] = a.maxValue;
      if (a.type === 'Integer') json['Format'] = 'None';
      break;
    case 'DateTime':
      json['Format'] = a.dateFormat ?? 'DateAndTime';
      json['DateTimeBehavior'] = { Value: a.dateTimeBehavior ?? 'UserLocal' };
      json['CanChangeDateTimeBehavior'] = managed(false, 'canchangedatetimebehavior');
      break;
    case 'Picklist':
      json['DefaultFormValue'] = typeof a.defaultValue === 'number' ? a.defaultValue : -1;
      break;
    case 'Boolean':
      json['DefaultValue'] = a.defaultValue === true;
      break;
    case 'State':
    case 'Status':
      break;
    default:
      if (isLookup(a)) json['Targets'] = Object.keys(a.targets ?? {});
  }
  return json;
}

function helperJson(m: EntityModel, h: HelperAttr, index: number): Record<string, unknown> {
  const type = h.kind === 'name' ? 'String' : 'EntityName';
  return {
    '@odata.type': `#${NS}.${h.kind === 'name' ? 'StringAttributeMetadata' : 'EntityNameAttributeMetadata'}`,
    MetadataId: nameGuid(`attribute:${m.def.logicalName}.${h.logicalName}`),
    LogicalName: h.logicalName,
    SchemaName: `${h.of.schemaName}${h.kind === 'name' ? 'Name' : 'Type'}`,
    EntityLogicalName: m.def.logicalName,
    AttributeType: type,
    AttributeTypeName: { Value: h.kind === 'name' ? 'StringType' : 'EntityNameType' },
    AttributeOf: h.of.logicalName,
    DisplayName: label(''),
    Description: label(''),
    RequiredLevel: { ...managed(false, 'canmodifyrequirementlevelsettings'), Value: 'None' },
    IsValidForCreate: false,
    IsValidForUpdate: false,
    IsValidForRead: true,
    IsPrimaryId: false,
    IsPrimaryName: false,
    IsCustomAttribute: false,
    IsLogical: true,
    ColumnNumber: index,
    SourceType: 0,
    ...(h.kind === 'name'
      ? { MaxLength: 160, FormatName: { Value: 'Text' }, Format: 'Text', DatabaseLength: 320 }
      : {}),
  };
}

/** EntityMetadata of one table, without its attributes. */
export function entityJson(m: EntityModel): Record<string, unknown> {
  return {
    MetadataId: m.metadataId,
    LogicalName: m.def.logicalName,
    SchemaName: m.def.schemaName,
    EntitySetName: m.def.entitySetName,
    LogicalCollectionName: m.def.entitySetName,
    CollectionSchemaName: `${m.def.schemaName}s`,
    PrimaryIdAttribute: m.def.primaryIdAttribute,
    PrimaryNameAttribute: m.def.primaryNameAttribute,
    ObjectTypeCode: m.def.objectTypeCode,
    OwnershipType: m.def.ownershipType,
    IsActivity: m.def.isActivity,
    IsCustomEntity: false,
    IsManaged: true,
    DisplayName: label(m.def.displayName),
    DisplayCollectionName: label(m.def.displayCollectionName),
    Description: label(m.def.description),
    HasChanged: null,
  };
}

/** What a relationship carries (`manyToOne`), selectable even on a table without lookups. */
export const RELATIONSHIP_PROPS = new Set([
  'MetadataId',
  'SchemaName',
  'RelationshipType',
  'ReferencedEntity',
  'ReferencedAttribute',
  'ReferencingEntity',
  'ReferencingAttribute',
  'ReferencedEntityNavigationPropertyName',
  'ReferencingEntityNavigationPropertyName',
  'IsCustomRelationship',
]);

/**
 * One relationship per lookup target, as Dataverse lists them: the navigation property used in
 * `<nav>@odata.bind` is `ReferencingEntityNavigationPropertyName`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api).
 * A relationship the lookup names (`Incident_Annotation`) carries that name on both sides, and
 * it is the referenced table's collection-valued navigation property; the others get a made-up
 * name the emulator does not serve as a navigation property.
 */
export function manyToOne(m: EntityModel): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const a of m.def.attributes) {
    if (!isLookup(a)) continue;
    for (const [target, nav] of Object.entries(a.targets ?? {})) {
      const named = a.relationships?.[target];
      const schemaName = named ?? `${m.def.logicalName}_${a.logicalName}_${target}`;
      out.push({
        MetadataId: nameGuid(`relationship:${schemaName}`),
        SchemaName: schemaName,
        RelationshipType: 'OneToManyRelationship',
        ReferencedEntity: target,
        ReferencedAttribute: MODEL.byLogicalName(target)?.def.primaryIdAttribute ?? `${target}id`,
        ReferencingEntity: m.def.logicalName,
        ReferencingAttribute: a.logicalName,
        ReferencedEntityNavigationPropertyName: named ?? `${schemaName}_${m.def.entitySetName}`,
        ReferencingEntityNavigationPropertyName: nav,
        IsCustomRelationship: false,
      });
    }
  }
  return out;
}

/** The same relationships seen from the referenced table: every lookup of any table that targets `m`. */
export function oneToMany(m: EntityModel): Record<string, unknown>[] {
  return MODEL.entities.flatMap((other) =>
    manyToOne(other).filter((r) => r['ReferencedEntity'] === m.def.logicalName),
  );
}

/** Every attribute of a table, then the helper name/type attributes of its lookups. */
export function allAttributes(m: EntityModel): Record<string, unknown>[] {
  const out = m.def.attributes.map((a, i) => attributeJson(m, a, i));
  helpers(m).forEach((h, i) => out.push(helperJson(m, h, m.def.attributes.length + i + 1)));
  return out;
}
