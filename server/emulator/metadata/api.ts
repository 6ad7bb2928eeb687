/**
 * Metadata endpoints: the service document, `$metadata` (CSDL) and `EntityDefinitions` with
 * `Attributes`, type casts and `$expand=OptionSet`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api).
 * Metadata queries are not paged; `$filter` is evaluated in memory with the same parser as tables.
 */
import { DataverseError, errors } from '../errors.js';
import type { EmuRequest, EmuResponse } from '../engine.js';
import { jsonResponse } from '../engine.js';
import { evaluateFilter, parseFilter, edmType } from '../odata/filter.js';
import { MODEL, isLookup, isPolymorphic, nameGuid, propertyName, type EntityModel } from './model.js';
import type { AttributeDef, OptionDef } from './types.js';

const NS = 'Microsoft.Dynamics.CRM';

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
const METADATA_TYPE: Record<AttributeDef['type'], string> = {
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
};

/** Properties every AttributeMetadata has (selectable without a cast). */
const BASE_PROPERTIES = [
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
const CAST_PROPERTIES: Record<string, readonly string[]> = {
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

function optionSetJson(m: EntityModel, a: AttributeDef): Record<string, unknown> {
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

function entityJson(m: EntityModel): Record<string, unknown> {
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
  filter: ReturnType<typeof parseFilter> | undefined;
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
  if (second === 'ManyToOneRelationships') {
    if (third !== undefined) throw errors.segmentNotFound(third);
    const all = manyToOne(m);
    const mq = readMetaQuery(params, RELATIONSHIP_PROPS, 'OneToManyRelationshipMetadata');
    const list = mq.filter ? all.filter((r) => evaluateFilter(mq.filter!, r, mq.aliases)) : all;
    return jsonResponse(200, {
      '@odata.context': `${root}$metadata#EntityDefinitions('${m.metadataId}')/ManyToOneRelationships`,
      value: list.map((r) => project(r, mq.select)),
    });
  }
  const attrMatch = /^Attributes(?:\((.*)\))?$/.exec(second);
  if (!attrMatch) throw errors.propertyNotFound(second.replace(/\(.*$/, ''), 'EntityMetadata');
  const cast = third;
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

/** What a relationship carries (`manyToOne`), selectable even on a table without lookups. */
const RELATIONSHIP_PROPS = new Set([
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
 */
function manyToOne(m: EntityModel): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const a of m.def.attributes) {
    if (!isLookup(a)) continue;
    for (const [target, nav] of Object.entries(a.targets ?? {})) {
      const schemaName = `${m.def.logicalName}_${a.logicalName}_${target}`;
      out.push({
        MetadataId: nameGuid(`relationship:${schemaName}`),
        SchemaName: schemaName,
        RelationshipType: 'OneToManyRelationship',
        ReferencedEntity: target,
        ReferencedAttribute: MODEL.byLogicalName(target)?.def.primaryIdAttribute ?? `${target}id`,
        ReferencingEntity: m.def.logicalName,
        ReferencingAttribute: a.logicalName,
        ReferencedEntityNavigationPropertyName: `${schemaName}_${m.def.entitySetName}`,
        ReferencingEntityNavigationPropertyName: nav,
        IsCustomRelationship: false,
      });
    }
  }
  return out;
}

function allAttributes(m: EntityModel): Record<string, unknown>[] {
  const out = m.def.attributes.map((a, i) => attributeJson(m, a, i));
  helpers(m).forEach((h, i) => out.push(helperJson(m, h, m.def.attributes.length + i + 1)));
  return out;
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

// ───────────────────────────── service document and CSDL ─────────────────────────────

export function serviceDocument(root: string): Record<string, unknown> {
  return {
    '@odata.context': `${root}$metadata`,
    value: MODEL.entities.map((m) => ({
      name: m.def.entitySetName,
      kind: 'EntitySet',
      url: m.def.entitySetName,
    })),
  };
}

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** CSDL of the served tables, WhoAmI and CloseIncident (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-service-documents). */
export function csdlDocument(annotations: boolean): string {
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="utf-8"?>');
  lines.push('<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">');
  lines.push(
    '<edmx:Reference Uri="http://vocabularies.odata.org/OData.Community.Keys.V1.xml"><edmx:Include Namespace="OData.Community.Keys.V1" Alias="Keys" /></edmx:Reference>',
  );
  lines.push(
    '<edmx:Reference Uri="http://vocabularies.odata.org/OData.Community.Display.V1.xml"><edmx:Include Namespace="OData.Community.Display.V1" Alias="Display" /></edmx:Reference>',
  );
  lines.push(
    '<edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml"><edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" /></edmx:Reference>',
  );
  lines.push('<edmx:DataServices>');
  lines.push(`<Schema Namespace="${NS}" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">`);
  lines.push('<EntityType Name="crmbaseentity" Abstract="true" />');
  lines.push(
    '<EntityType Name="principal" BaseType="mscrm.crmbaseentity" Abstract="true"><Key><PropertyRef Name="ownerid" /></Key><Property Name="ownerid" Type="Edm.Guid" /></EntityType>',
  );
  for (const m of MODEL.entities) {
    const isPrincipal = m.def.logicalName === 'systemuser' || m.def.logicalName === 'team';
    lines.push(
      `<EntityType Name="${m.def.logicalName}" BaseType="mscrm.${isPrincipal ? 'principal' : 'crmbaseentity'}">`,
    );
    if (!isPrincipal) lines.push(`<Key><PropertyRef Name="${m.def.primaryIdAttribute}" /></Key>`);
    for (const a of m.def.attributes) {
      const type = edmType(a);
      const unicode = type === 'Edm.String' ? ' Unicode="false"' : '';
      const readOnly =
        a.computed || (a.validForCreate === false && a.validForUpdate === false) || isLookup(a);
      if (annotations && readOnly) {
        lines.push(`<Property Name="${propertyName(a)}" Type="${type}"${unicode}>`);
        if (a.computed) lines.push('<Annotation Term="Org.OData.Core.V1.Computed" Bool="true" />');
        lines.push(
          '<Annotation Term="Org.OData.Core.V1.Permissions"><EnumMember>Org.OData.Core.V1.Permission/Read</EnumMember></Annotation>',
        );
        lines.push('</Property>');
      } else if (annotations && a.description) {
        lines.push(
          `<Property Name="${propertyName(a)}" Type="${type}"${unicode}><Annotation Term="Org.OData.Core.V1.Description" String="${xml(a.description)}" /></Property>`,
        );
      } else {
        lines.push(`<Property Name="${propertyName(a)}" Type="${type}"${unicode} />`);
      }
    }
    for (const nav of m.navigation.values()) {
      const target = nav.attribute.type === 'Owner' ? 'principal' : nav.target;
      const targetModel = MODEL.byLogicalName(nav.target);
      const referenced = nav.attribute.type === 'Owner' ? 'ownerid' : targetModel?.def.primaryIdAttribute;
      if (!targetModel && nav.attribute.type !== 'Owner') continue;
      lines.push(`<NavigationProperty Name="${nav.name}" Type="mscrm.${target}">`);
      lines.push(
        `<ReferentialConstraint Property="${propertyName(nav.attribute)}" ReferencedProperty="${referenced}" />`,
      );
      lines.push('</NavigationProperty>');
    }
    lines.push('</EntityType>');
  }
  lines.push(
    '<ComplexType Name="WhoAmIResponse"><Property Name="BusinessUnitId" Type="Edm.Guid" Nullable="false" /><Property Name="UserId" Type="Edm.Guid" Nullable="false" /><Property Name="OrganizationId" Type="Edm.Guid" Nullable="false" /></ComplexType>',
  );
  lines.push(
    '<Function Name="WhoAmI"><ReturnType Type="mscrm.WhoAmIResponse" Nullable="false" /></Function>',
  );
  lines.push(
    '<Action Name="CloseIncident"><Parameter Name="IncidentResolution" Type="mscrm.incidentresolution" Nullable="false" /><Parameter Name="Status" Type="Edm.Int32" Nullable="false" /></Action>',
  );
  lines.push('<EntityContainer Name="System">');
  for (const m of MODEL.entities)
    lines.push(`<EntitySet Name="${m.def.entitySetName}" EntityType="mscrm.${m.def.logicalName}" />`);
  lines.push('<FunctionImport Name="WhoAmI" Function="mscrm.WhoAmI" />');
  lines.push('<ActionImport Name="CloseIncident" Action="mscrm.CloseIncident" />');
  lines.push('</EntityContainer>');
  lines.push('</Schema>');
  lines.push('</edmx:DataServices>');
  lines.push('</edmx:Edmx>');
  return lines.join('\n');
}
