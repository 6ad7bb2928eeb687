/**
 * Shapes of the emulator's declarative table definitions. One definition drives everything the
 * emulator does with a table: the SQLite columns, write validation, JSON serialisation,
 * `EntityDefinitions`/`Attributes` metadata and the `$metadata` CSDL document.
 */

/** Dataverse `AttributeTypeCode` values the emulator models. */
export type AttributeType =
  | 'Uniqueidentifier'
  | 'String'
  | 'Memo'
  | 'Integer'
  | 'BigInt'
  | 'Boolean'
  | 'DateTime'
  | 'Picklist'
  | 'State'
  | 'Status'
  | 'Lookup'
  | 'Customer'
  | 'Owner'
  /** A table's logical name as a string (`annotation.objecttypecode`). */
  | 'EntityName';

export type RequiredLevel = 'None' | 'Recommended' | 'ApplicationRequired' | 'SystemRequired';

export interface OptionDef {
  readonly value: number;
  readonly label: string;
  /** Status options: the state (statecode value) this status belongs to. */
  readonly state?: number;
  /** State options: the status a record gets when it enters this state without an explicit one. */
  readonly defaultStatus?: number;
  /** State options: the invariant (non-localised) name. */
  readonly invariantName?: string;
}

export interface AttributeDef {
  readonly logicalName: string;
  readonly schemaName: string;
  readonly type: AttributeType;
  readonly displayName: string;
  readonly description: string;
  readonly requiredLevel: RequiredLevel;
  /** String/Memo: maximum length in characters. */
  readonly maxLength?: number;
  /** String: `FormatName` (Text, Email, Phone, Url, TextArea). */
  readonly formatName?: 'Text' | 'Email' | 'Phone' | 'Url' | 'TextArea';
  /** Integer/BigInt: inclusive range. */
  readonly minValue?: number;
  readonly maxValue?: number;
  /** DateTime: `DateOnly` stores and returns `YYYY-MM-DD`; `DateAndTime` returns UTC without milliseconds. */
  readonly dateFormat?: 'DateOnly' | 'DateAndTime';
  readonly dateTimeBehavior?: 'UserLocal' | 'DateOnly' | 'TimeZoneIndependent';
  /** Picklist/State/Status options; Boolean uses `[falseOption, trueOption]` (values 0 and 1). */
  readonly options?: readonly OptionDef[];
  /** Name of the option set (`<entity>_<attribute>` for local sets). */
  readonly optionSetName?: string;
  /** Picklist/Boolean default applied on create when the column is not supplied. */
  readonly defaultValue?: number | boolean;
  /** Lookup/Customer/Owner: target logical name → single-valued navigation property name. */
  readonly targets?: Readonly<Record<string, string>>;
  /**
   * Lookups: target logical name → the relationship's schema name, where the emulator gives the
   * target table the collection-valued navigation property of that name (`Incident_Annotation`).
   * Without it the relationship has a made-up name and no collection-valued navigation.
   */
  readonly relationships?: Readonly<Record<string, string>>;
  /**
   * Returned only when `$select` names it, never with all columns or in an unselected `$expand`:
   * large values such as `annotation.documentbody`.
   */
  readonly selectOnly?: boolean;
  /** Defaults: true. `false` means a write that names the column is refused. */
  readonly validForCreate?: boolean;
  readonly validForUpdate?: boolean;
  /** Computed by the emulator (fullname, address1_composite, versionnumber, …). */
  readonly computed?: boolean;
}

export interface EntityDef {
  readonly logicalName: string;
  readonly schemaName: string;
  readonly entitySetName: string;
  readonly primaryIdAttribute: string;
  readonly primaryNameAttribute: string;
  readonly displayName: string;
  readonly displayCollectionName: string;
  readonly description: string;
  readonly ownershipType: 'UserOwned' | 'BusinessOwned' | 'OrganizationOwned';
  readonly objectTypeCode: number;
  readonly isActivity: boolean;
  readonly attributes: readonly AttributeDef[];
}

/** The lookup types, whose value lives in `_<name>_value` and is written through navigation properties. */
export const LOOKUP_TYPES: ReadonlySet<AttributeType> = new Set(['Lookup', 'Customer', 'Owner']);
