/**
 * What the configuration loader (server/config) hands the rest of the server: the admin's JSON in
 * `schemas/`, checked and compiled once per load into lookups that request handlers use directly.
 * The proxy (server/proxy) depends only on these types, never on the raw files.
 */
import type {
  ActionId,
  Condition,
  ConfigError,
  FieldError,
  FormDefinitionResponse,
  ListDefinitionResponse,
  LocalizedText,
} from '../api/contract.js';
import type { ColumnFacts1 } from './generated/entity-file.js';

export const PRIVILEGES = [
  'read',
  'create',
  'update',
  'delete',
  'assign',
  'resolve',
  'cancel',
  'reopen',
  'readNotes',
  'addNotes',
] as const;
export type Privilege = (typeof PRIVILEGES)[number];

export const SCOPES = ['self', 'contact', 'account', 'global'] as const;
export type Scope = (typeof SCOPES)[number];

/** The Dataverse attribute type of a column, as the entity meta-schema defines it. */
export type DataverseType = ColumnFacts1['type'];
/** How strictly a column is required, as the entity meta-schema defines it. */
export type RequiredLevel = ColumnFacts1['requiredLevel'];

export interface OptionInfo {
  value: number;
  label: LocalizedText;
  /** Status options only: the statecode this status belongs to. */
  state?: number;
}

export interface ColumnInfo {
  name: string;
  type: DataverseType;
  label: LocalizedText;
  requiredLevel: RequiredLevel;
  /** Nobody writes it through Portico (computed or system-managed). */
  readOnly: boolean;
  maxLength?: number;
  /** Text columns: what a non-empty value must match (JSON Schema `pattern`), e.g. a lenient phone number. */
  pattern?: string;
  minimum?: number;
  maximum?: number;
  dateOnly?: boolean;
  format?: 'email' | 'uri' | 'phone';
  options?: OptionInfo[];
  /** Lookups: target logical name → navigation property for `<nav>@odata.bind`. */
  targets?: Record<string, string>;
}

export interface EntityInfo {
  logicalName: string;
  entitySet: string;
  primaryKey: string;
  primaryName: string;
  label: LocalizedText;
  columns: ReadonlyMap<string, ColumnInfo>;
  /** The entity's JSON Schema as written by the admin. */
  schema: Readonly<Record<string, unknown>>;
  /**
   * Columns that action preconditions test (every form's `when`, plus `statecode` and `statuscode`
   * for Case). Every read selects them and every version token carries their values, so a write's
   * precondition is checked against the state its `If-Match` pins, with no extra read.
   */
  stateColumns: readonly string[];
}

/** One action's precondition on the record's state, as the server enforces it. */
export interface Precondition {
  /** The declared `when` and the built-in state rule, combined; undefined when the action has none. */
  condition: Condition | undefined;
  /** The columns the condition tests, in order of appearance. */
  columns: readonly string[];
  /** True when `state` (values of the entity's state columns) allows the action. */
  holds(state: Readonly<Record<string, unknown>>): boolean;
}

/** One lookup of a scope path: the column, the table it leads to, and the navigation property there. */
export interface ScopeStep {
  column: string;
  table: string;
  /** Single-valued navigation property of `column` towards `table` (e.g. `customerid_contact`). */
  navigation: string;
}

/** Lookups from a record to the user's contact or account, outermost first; the last targets the anchor. */
export type ScopePath = readonly ScopeStep[];

export interface Permission {
  entity: string;
  scope: Scope;
  /**
   * The column the server stamps on create and never accepts from the client: set when the scope
   * has exactly one path of one step (the simple `via` form). Under several paths or a chain the
   * scope columns may be chosen by the user, and every chosen value is checked to lead into scope.
   */
  via?: string;
  /** Team (GUID) the server makes owner of what this role creates; without it Dataverse's default applies. */
  defaultOwner?: string;
  /** Every path into scope (contact/account scope); a record is in scope when any of them leads there. */
  paths: readonly ScopePath[];
  privileges: ReadonlySet<Privilege>;
  /** Columns never returned to this role. */
  hidden: ReadonlySet<string>;
  /** Columns returned but never accepted from this role. */
  readOnly: ReadonlySet<string>;
}

export interface RoleInfo {
  id: string;
  label: LocalizedText;
  permissions: readonly Permission[];
  /** Owners this role may assign records to (GUIDs). */
  assignTo: { teams: readonly string[]; users: readonly string[] };
}

/** A form as one role sees it. Absent when the role has no `read` (or, for create-only forms, `create`). */
export interface RoleForm {
  /** Sent to the browser; the server fills in `validator` with the module URL. */
  definition: Omit<FormDefinitionResponse, 'validator'>;
  permission: Permission;
  /** Columns returned by this form (the `$select`), excluding the primary key. */
  readable: readonly string[];
  /** Columns this role may write through this form. */
  writable: readonly string[];
  /** JSON Schemas of `values` (additionalProperties: false) for create and for update (partial). */
  createSchema: Readonly<Record<string, unknown>>;
  updateSchema: Readonly<Record<string, unknown>>;
  /** Server-side validation with the same schemas; [] when valid. */
  validateCreate(values: unknown): FieldError[];
  validateUpdate(values: unknown): FieldError[];
  /**
   * Every action's precondition (save covers updates), whether or not this form offers the action:
   * a form without a declared `when` still gets Dynamics' built-in Case state rules.
   */
  preconditions: ReadonlyMap<ActionId, Precondition>;
  /**
   * Browser validator: an ES module (Ajv standalone, bundled: no `require`, no `eval`, no
   * `new Function`). Its default export is the raw Ajv validate function for create-mode values
   * (returns a boolean, sets `.errors`); named exports `validateCreate`/`validateUpdate` return
   * FieldError[] exactly like the server's.
   */
  validatorModule: string;
  /** The notes timeline, when the form declares one and the role has readNotes. */
  timeline?: CompiledTimeline;
}

/** Which notes a timeline publishes: text starting with a marker, or a Boolean column that is true. */
export type TimelineRule = { kind: 'marker'; marker: string } | { kind: 'column'; column: string };

/** A form's timeline as one role may use it (absent on the role form when the role lacks readNotes). */
export interface CompiledTimeline {
  show: TimelineRule;
  pageSize: number;
  maxLength: number;
  /** Shown as the author of staff notes. */
  staffName: string;
  /** The form lets users add notes and the role has addNotes. */
  canAdd: boolean;
  /** The form's allowed attachment types, whoever may add: downloads are served as one of these or as octet-stream. */
  allowedTypes: ReadonlyArray<{ extension: string; type: string }>;
  /** What this role may attach; absent: no files. */
  attachments?: {
    types: ReadonlyArray<{ extension: string; type: string }>;
    maxBytes: number;
    maxFiles: number;
  };
}

export interface CompiledForm {
  id: string;
  entity: EntityInfo;
  file: string;
  forRole(role: string): RoleForm | undefined;
}

export interface RoleList {
  definition: ListDefinitionResponse;
  permission: Permission;
  /** Columns to `$select`, excluding the primary key. */
  select: readonly string[];
  sortable: ReadonlySet<string>;
  /** Columns a free-text search matches (OData `contains`, OR-ed). */
  search: readonly string[];
  /** Filterable columns by name. */
  filters: ReadonlyMap<string, ColumnInfo>;
}

export interface CompiledList {
  id: string;
  entity: EntityInfo;
  file: string;
  forRole(role: string): RoleList | undefined;
}

/** One language of the widgets' own messages (languages/<code>.json), as checked. */
export interface LanguageFile {
  file: string;
  messages: Readonly<Record<string, string>>;
  /** What the server sends: the checked messages, serialised once per load. */
  json: string;
}

export interface Registry {
  /** Increments on every successful (re)load. */
  version: number;
  loadedAt: Date;
  dir: string;
  entities: ReadonlyMap<string, EntityInfo>;
  forms: ReadonlyMap<string, CompiledForm>;
  lists: ReadonlyMap<string, CompiledList>;
  roles: ReadonlyMap<string, RoleInfo>;
  permission(role: string, entity: string): Permission | undefined;
  /** Every file that was loaded, relative to `dir`. */
  files: readonly string[];
  /** The widgets' messages in other languages, by primary language subtag (`de`). */
  languages: ReadonlyMap<string, LanguageFile>;
  /** What loads but deserves the admin's eye (a message a language file lacks). */
  warnings: readonly ConfigError[];
}

/**
 * One problem in the admin's configuration: the shape the admin status endpoint also sends, so it
 * is defined once, by the API schemas (server/api/schemas.ts).
 */
export type { ConfigError } from '../api/contract.js';
