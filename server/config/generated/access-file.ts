// generated — do not edit. Source: schemas/meta/access.schema.json; regenerate with `npm run gen`.
/* eslint-disable */

/**
 * How a record leads to the user's contact (scope contact) or account (scope account): a lookup column of the record, or a chain of lookups, each step a lookup of the table the step before leads to. The last step's lookup must target the scope's table.
 */
export type ScopePath = ScopeColumn | [ScopeStep, ...ScopeStep[]];
export type ScopeColumn = string;
/**
 * A lookup column, or a lookup with the table it leads to (needed where the lookup may point at more than one table, e.g. customerid).
 */
export type ScopeStep =
  | ScopeColumn
  | {
      lookup: ScopeColumn;
      /**
       * Logical name of the table this step leads to.
       */
      table?: string;
    };
/**
 * One lookup column, or a chain of at most three steps (Dataverse filters through at most two navigation properties).
 */
export type ScopePath1 = ScopeColumn | [ScopeStep, ...ScopeStep[]];
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
   * self: the user's own contact (contact only); contact: records whose `via` (or one of the `or` paths) leads to the user's contact; account: records whose `via` (or one of the `or` paths) leads to the user's account; global: all records.
   */
  scope: 'self' | 'contact' | 'account' | 'global';
  via?: ScopePath;
  /**
   * Further paths, each like `via`: a record is in scope when `via` or any of these leads to the user's contact or account (Power Pages: a permission chained under a parent permission).
   *
   * @minItems 1
   * @maxItems 8
   */
  or?: [ScopePath1, ...ScopePath1[]];
  /**
   * readNotes: read the published notes of the cases in scope (the timeline); addNotes: add notes and attachments to them. Both apply to incident only and need a form that declares a timeline.
   *
   * @minItems 1
   */
  privileges: [
    (
      | 'read'
      | 'create'
      | 'update'
      | 'delete'
      | 'assign'
      | 'resolve'
      | 'cancel'
      | 'reopen'
      | 'readNotes'
      | 'addNotes'
    ),
    ...(
      | 'read'
      | 'create'
      | 'update'
      | 'delete'
      | 'assign'
      | 'resolve'
      | 'cancel'
      | 'reopen'
      | 'readNotes'
      | 'addNotes'
    )[],
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
