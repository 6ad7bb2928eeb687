// generated — do not edit. Source: schemas/meta/access.schema.json; regenerate with `npm run gen`.
/* eslint-disable */

/**
 * Columns never returned to this role.
 *
 * @maxItems 500
 */
export type ColumnList = string[];
/**
 * Columns returned but never accepted from this role.
 *
 * @maxItems 500
 */
export type ColumnList1 = string[];
export type Guid = string;

/**
 * schemas/access.json: roles x entity x privileges x record scope, per-field restrictions and assignable owners.
 */
export interface AccessFile {
  $schema?: './meta/access.schema.json';
  /**
   * One entry per role; the key is the role id that the host site puts in the user's token.
   */
  roles: {
    [k: string]: RoleRule;
  };
}
export interface RoleRule {
  label: LocalizedText;
  description?: LocalizedText;
  /**
   * At most one permission per entity.
   *
   * @maxItems 100
   */
  permissions: PermissionRule[];
  assignTo?: AssignTo;
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
export interface PermissionRule {
  /**
   * Logical name of an entity that has a schema in entities/.
   */
  entity: string;
  /**
   * self: the user's own contact (contact only); contact: records whose `via` points at the user's contact; account: records whose `via` points at the user's account; global: all records.
   */
  scope: 'self' | 'contact' | 'account' | 'global';
  /**
   * Lookup column linking a record to the user's contact (scope contact) or account (scope account).
   */
  via?: string;
  /**
   * @minItems 1
   */
  privileges: [
    'read' | 'create' | 'update' | 'delete' | 'assign' | 'resolve' | 'cancel' | 'reopen',
    ...('read' | 'create' | 'update' | 'delete' | 'assign' | 'resolve' | 'cancel' | 'reopen')[],
  ];
  /**
   * Team (GUID) that owns the records this role creates, stamped by the server (never taken from the browser). Needs the create privilege and an entity with an owner column; when the role has assignTo teams, one of them.
   */
  defaultOwner?: string;
  fields?: FieldRestrictions;
}
export interface FieldRestrictions {
  hidden?: ColumnList;
  readOnly?: ColumnList1;
}
/**
 * Owners (team and user GUIDs) this role may assign records to; needed when a permission grants `assign`.
 */
export interface AssignTo {
  /**
   * @maxItems 500
   */
  teams?: Guid[];
  /**
   * @maxItems 500
   */
  users?: Guid[];
}
