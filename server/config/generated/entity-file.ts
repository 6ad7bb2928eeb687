// generated — do not edit. Source: schemas/meta/entity.schema.json; regenerate with `npm run gen`.
/* eslint-disable */

/**
 * Dataverse facts about one column (see its AttributeMetadata).
 */
export type ColumnFacts = ColumnFacts1;

/**
 * An entity schema in schemas/entities/: a JSON Schema 2020-12 object schema for one Dataverse table, with the Dataverse facts under x-dataverse.
 */
export interface EntitySchemaFile {
  /**
   * Relative path of this meta-schema, so editors autocomplete.
   */
  $schema?: '../meta/entity.schema.json';
  /**
   * Unique URI of this schema, e.g. https://portico.dev/schemas/entities/contact.schema.json.
   */
  $id: string;
  title?: string;
  description?: string;
  type: 'object';
  /**
   * Always false: a record may carry only the columns declared here.
   */
  additionalProperties: false;
  'x-dataverse': EntityFacts;
  /**
   * Columns of the Dynamics table an admin keeps out of this schema: schemas:pull never adds them and schemas:drift does not report them as new.
   *
   * @maxItems 2000
   */
  'x-portico-exclude'?: string[];
  /**
   * Shared sub-schemas, e.g. `lookup` for lookup values.
   */
  $defs?: {
    [k: string]: {};
  };
  /**
   * One property per Dataverse column (logical name).
   */
  properties: {
    [k: string]: ColumnSchema;
  };
}
/**
 * Dataverse facts about the table (see the table's EntityMetadata).
 */
export interface EntityFacts {
  /**
   * LogicalName, e.g. contact; the file must be entities/<logicalName>.schema.json.
   */
  logicalName: string;
  /**
   * EntitySetName used in Web API URLs, e.g. contacts.
   */
  entitySet: string;
  /**
   * PrimaryIdAttribute, e.g. contactid.
   */
  primaryKey: string;
  /**
   * PrimaryNameAttribute, e.g. fullname; must be one of the properties.
   */
  primaryName: string;
  label: LocalizedText;
}
/**
 * Text per locale; `en` is required, other keys are locale codes such as `de` or `fr-CA`.
 */
export interface LocalizedText {
  en: string;
  /**
   * This interface was referenced by `LocalizedText`'s JSON-Schema definition
   * via the `patternProperty` "^(?!en$)[a-z]{2}(-[A-Z]{2})?$".
   */
  [k: string]: string;
}
/**
 * JSON Schema of one column's value, plus its Dataverse facts.
 */
export interface ColumnSchema {
  title?: string;
  description?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean';
  /**
   * Lookups: #/$defs/lookup.
   */
  $ref?: string;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  format?: 'email' | 'uri' | 'uuid' | 'date' | 'date-time';
  minimum?: number;
  maximum?: number;
  /**
   * Choice columns: every option value (must match x-dataverse.options).
   *
   * @minItems 1
   */
  enum?: [number, ...number[]];
  /**
   * Nobody writes this column through Portico (computed or system-managed).
   */
  readOnly?: boolean;
  'x-dataverse': ColumnFacts;
}
export interface ColumnFacts1 {
  /**
   * AttributeType.
   */
  type:
    | 'String'
    | 'Memo'
    | 'Integer'
    | 'Decimal'
    | 'Money'
    | 'Boolean'
    | 'DateTime'
    | 'Picklist'
    | 'State'
    | 'Status'
    | 'Lookup'
    | 'Customer'
    | 'Owner'
    | 'Uniqueidentifier';
  /**
   * RequiredLevel: only SystemRequired is enforced by Dataverse itself; Portico enforces ApplicationRequired too.
   */
  requiredLevel: 'None' | 'Recommended' | 'ApplicationRequired' | 'SystemRequired';
  label: LocalizedText;
  description?: LocalizedText;
  /**
   * String columns: the Dataverse string format.
   */
  format?: 'Text' | 'TextArea' | 'Email' | 'Phone' | 'Url';
  /**
   * DateTime columns: DateOnly behaviour.
   */
  dateOnly?: boolean;
  /**
   * Default value Dataverse applies on create (option value or boolean).
   */
  default?: number | boolean;
  /**
   * Picklist, State and Status columns: the option set, in display order.
   *
   * @minItems 1
   * @maxItems 500
   */
  options?: [OptionFacts, ...OptionFacts[]];
  trueLabel?: LocalizedText;
  falseLabel?: LocalizedText;
  /**
   * Lookup, Customer and Owner columns: target logical name -> navigation property used in <nav>@odata.bind.
   */
  targets?: {
    [k: string]: string;
  };
}
export interface OptionFacts {
  value: number;
  /**
   * Status options only: the statecode value this status belongs to.
   */
  state?: number;
  label: LocalizedText;
}
