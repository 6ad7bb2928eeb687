// generated — do not edit. Source: server/api/schemas.ts; regenerate with `npm run gen`.
/* eslint-disable */

/**
 * A form id (file name in schemas/forms).
 */
export type FormId = string;
/**
 * A list id (file name in schemas/lists).
 */
export type ListId = string;
/**
 * A record id (GUID).
 */
export type RecordId = string;
/**
 * A lookup column of the form (its logical name).
 */
export type LookupField = string;
/**
 * A role of schemas/access.json.
 */
export type RoleName = string;
/**
 * Field kinds the widgets render; derived from the entity column type and the form's `widget` hint.
 */
export type FieldKind =
  | 'text'
  | 'email'
  | 'phone'
  | 'url'
  | 'textarea'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'choice'
  | 'lookup'
  | 'owner';
export type ActionId = 'save' | 'delete' | 'assign' | 'resolve' | 'cancel' | 'reopen';
export type FormMode = 'create' | 'edit' | 'view';
/**
 * A condition over the current form values, written by admins in JSON (no code). Used for `visibleWhen`, `requiredWhen` and `when`. Values compare with strict equality; an empty value is `null`, `undefined` or `''`.
 */
export type Condition =
  | {
      field: string;
      equals: string | number | boolean | null;
    }
  | {
      field: string;
      notEquals: string | number | boolean | null;
    }
  | {
      field: string;
      in: (string | number | boolean)[];
    }
  | {
      field: string;
      empty: boolean;
    }
  | {
      all: Condition[];
    }
  | {
      any: Condition[];
    }
  | {
      not: Condition;
    };
export type FieldValue = string | number | boolean | null | LookupValue;

/**
 * A label in every configured locale; `en` is always present.
 */
export interface LocalizedText {
  en: string;
  [k: string]: string;
}
export interface ChoiceOption {
  value: number | boolean;
  label: LocalizedText;
}
/**
 * A column a widget shows as text. Records carry raw values only: the browser shows choices by these labels, dates and numbers with `Intl` in the reader's language and time zone, and lookups by their `name`.
 */
export interface DisplayColumn {
  /**
   * Column logical name; also the key in `RecordValues`.
   */
  name: string;
  kind: FieldKind;
  /**
   * Choice and yes/no columns: the label of each value, per language.
   */
  options?: ChoiceOption[];
}
/**
 * A reference to another record, as read; writes send `{ id, type }` only.
 */
export interface LookupValue {
  id: string;
  /**
   * Logical name of the target entity, e.g. `account`, `contact`, `systemuser`, `team`.
   */
  type: string;
  /**
   * Primary name of the target (read only; ignored on write).
   */
  name?: string;
}
/**
 * Field name → value.
 */
export interface RecordValues {
  [k: string]: FieldValue;
}
/**
 * One field-level problem; `pointer` is a JSON pointer into `values`, e.g. `/title`.
 */
export interface FieldError {
  pointer: string;
  code: string;
  message: string;
}
export interface FieldDefinition {
  /**
   * Column logical name; also the key in `RecordValues`.
   */
  name: string;
  kind: FieldKind;
  label: LocalizedText;
  help?: LocalizedText;
  placeholder?: LocalizedText;
  required: boolean;
  /**
   * True when this role may not write this field through this form (or the column is read-only).
   */
  readOnly: boolean;
  maxLength?: number;
  /**
   * Text fields: a regular expression (Unicode, as in JSON Schema) a non-empty value must match, e.g. the lenient phone pattern of the entity schema.
   */
  pattern?: string;
  /**
   * Grid columns the field takes in its section, never more than the section's `columns`.
   */
  span?: number;
  minimum?: number;
  maximum?: number;
  /**
   * Choice fields: allowed values with labels, in display order.
   */
  options?: ChoiceOption[];
  /**
   * Choice fields: how to render.
   */
  display?: 'select' | 'radios';
  /**
   * Lookup fields: entity types it may point to.
   */
  targets?: string[];
  visibleWhen?: Condition;
  requiredWhen?: Condition;
}
export interface SectionDefinition {
  id: string;
  label?: LocalizedText;
  /**
   * Columns of the section's grid; a narrow container shows one whatever this says.
   */
  columns?: number;
  fields: FieldDefinition[];
}
/**
 * An action the form offers. With `confirm`, the widget asks for confirmation with that text before acting; with `when`, it is offered only while that holds on the record's values (e.g. resolve only an active case).
 */
export interface ActionDefinition {
  id: ActionId;
  label: LocalizedText;
  confirm?: LocalizedText;
  when?: Condition;
}
/**
 * `GET /api/v1/forms/:formId` — the form as the caller's role may see it.
 */
export interface FormDefinitionResponse {
  id: string;
  entity: string;
  modes: FormMode[];
  title: LocalizedText;
  /**
   * The record header shown above the sections in edit and view mode: the record's heading (`name`), its number, its status as a badge (a choice column) and who has it (`owner`); each a field of `RecordResponse.values`.
   */
  header?: {
    name?: DisplayColumn;
    number?: DisplayColumn;
    status?: DisplayColumn;
    owner?: DisplayColumn;
  };
  sections: SectionDefinition[];
  /**
   * Actions this role may perform through this form (others are absent).
   */
  actions: ActionDefinition[];
  onSuccess?: {
    message?: LocalizedText;
    redirect?: string;
  };
  /**
   * Absolute URL of the precompiled validator ES module for this form and role.
   */
  validator: string;
  /**
   * Locales for which labels exist.
   */
  locales: string[];
  timeline?: TimelineDefinition;
}
/**
 * The form's notes timeline, present only when the caller's role may read notes (`readNotes`).
 */
export interface TimelineDefinition {
  /**
   * Notes per page.
   */
  pageSize: number;
  /**
   * Longest note text, in characters.
   */
  maxLength: number;
  /**
   * The role may add notes.
   */
  canAdd: boolean;
  /**
   * Files the role may attach; absent: none.
   */
  attachments?: {
    /**
     * Allowed extensions, lower case with the dot, e.g. `.png`.
     */
    accept: string[];
    /**
     * Allowed MIME types.
     */
    types: string[];
    /**
     * Largest file, in bytes.
     */
    maxBytes: number;
    /**
     * Most files per note.
     */
    maxFiles: number;
  };
}
/**
 * One record as a form or list sees it: only the declared readable fields.
 */
export interface RecordResponse {
  id: string;
  /**
   * Opaque signed version token; send it back in `If-Match`.
   */
  etag: string;
  values: RecordValues;
  notes?: NotesPage;
}
/**
 * `GET …/records/:id/notes?before=<cursor>`, and `notes` of a record read through a form with a timeline.
 */
export interface NotesPage {
  /**
   * Newest first.
   */
  value: Note[];
  /**
   * Opaque signed cursor for the next older page (`before`); absent when there is none.
   */
  next?: string;
}
/**
 * One published note of a case (one Dataverse annotation: at most one file).
 */
export interface Note {
  id: string;
  /**
   * The note text, without the publishing marker.
   */
  text: string;
  createdOn: string;
  author: NoteAuthor;
  /**
   * Written by the caller.
   */
  mine: boolean;
  attachment?: NoteAttachment;
}
export interface NoteAuthor {
  /**
   * The contact's name, or the form's staff display name for staff notes.
   */
  name: string;
  staff: boolean;
}
export interface NoteAttachment {
  /**
   * File name.
   */
  name: string;
  /**
   * Bytes.
   */
  size: number;
  /**
   * MIME type as stored.
   */
  type: string;
}
/**
 * `POST …/records/:id/notes` (multipart/form-data).
 */
export interface NotesCreated {
  /**
   * The notes written: one per file, or one text note.
   */
  value: Note[];
}
/**
 * multipart/form-data: `text` (the note, may be empty only when a file is sent) and 0 or more `files` parts, each with its file name and Content-Type.
 */
export interface NoteUpload {
  text?: string;
  files?: string[];
}
/**
 * `POST /api/v1/forms/:formId/records` and `PATCH …/records/:id` request body. Which fields `values` may hold, and which values, depends on the form and the role: the form definition says, and the server checks them with the form's own validators (400 `PORTICO_VALIDATION_FAILED` naming each field).
 */
export interface WriteRequest {
  values: RecordValues;
}
export interface AssignRequest {
  /**
   * One of the owners `GET …/owners` lists for this form.
   */
  owner: {
    id: string;
    type: 'systemuser' | 'team';
  };
}
export interface ResolveRequest {
  /**
   * What resolved the case: 1 to 200 characters, not only spaces.
   */
  resolution: string;
}
/**
 * Body of `…/actions/cancel`: `{}`.
 */
export interface CancelRequest {}
/**
 * Body of `…/actions/reopen`: `{}`.
 */
export interface ReopenRequest {}
export interface Owner {
  id: string;
  type: 'systemuser' | 'team';
  name: string;
}
/**
 * `GET /api/v1/forms/:formId/owners?search=` — owners this role may assign to.
 */
export interface OwnersResponse {
  value: Owner[];
}
export interface LookupCandidate {
  id: string;
  /**
   * The record's primary name.
   */
  name: string;
  /**
   * Logical name of the table the record is in (the `type` of the lookup value to send).
   */
  table: string;
}
/**
 * `GET /api/v1/forms/:formId/lookups/:field?search=` — records the caller may choose for the lookup: only the primary name and id, each within the caller's scope for its table.
 */
export interface LookupCandidatesResponse {
  value: LookupCandidate[];
}
export interface ListColumn {
  name: string;
  kind: FieldKind;
  label: LocalizedText;
  sortable: boolean;
  /**
   * Choice and yes/no columns: the label of each value, per language.
   */
  options?: ChoiceOption[];
}
export interface ListFilter {
  /**
   * Query parameter is `filter.<field>`.
   */
  field: string;
  label: LocalizedText;
  kind: FieldKind;
  options?: ChoiceOption[];
}
/**
 * An action on a list row; with `when`, offered only on rows whose values satisfy it. `label` and `confirm` are the form action's unless the list names its own label, so the list asks in the form's words.
 */
export interface RowAction {
  id: 'open' | ActionId;
  label: LocalizedText;
  /**
   * Form id the action opens (for `open`, and for actions performed through a form).
   */
  form?: string;
  when?: Condition;
  confirm?: LocalizedText;
}
export interface ListLinks {
  /**
   * Path of a record's page on the host site with `{id}` in it; rows become links to it.
   */
  record?: string;
  /**
   * Path of the host site's page for a new record; "New" goes there.
   */
  create?: string;
}
/**
 * What a row shows as a card when the list is narrow (a phone, a sidebar).
 */
export interface ListCard {
  /**
   * Column shown as the card title.
   */
  title: string;
  /**
   * Column shown as a status badge.
   */
  badge?: string;
  /**
   * Up to three more columns, the most important first.
   */
  fields: string[];
}
/**
 * `GET /api/v1/lists/:listId`
 */
export interface ListDefinitionResponse {
  id: string;
  entity: string;
  title: LocalizedText;
  columns: ListColumn[];
  defaultSort: {
    field: string;
    direction: 'asc' | 'desc';
  };
  searchable: boolean;
  searchPlaceholder?: LocalizedText;
  filters: ListFilter[];
  pageSize: number;
  rowActions: RowAction[];
  /**
   * Form id for "new record" when this role may create through the list, else absent.
   */
  createForm?: string;
  links?: ListLinks;
  card: ListCard;
  locales: string[];
}
/**
 * `GET /api/v1/lists/:listId/records?sort=<field>&direction=asc|desc&search=<text>&filter.<field>=<value>&page=<cursor>`
 */
export interface ListPageResponse {
  rows: RecordResponse[];
  /**
   * Opaque signed cursor for the next page: send it as `page` with the same other parameters.
   */
  nextPage?: string;
  /**
   * Total matching rows when cheaply known (capped at 5000 as Dataverse does).
   */
  total?: number;
}
/**
 * Every non-2xx response. `fields` names each refused field; on 409 and 412, `current` is the record as it is now, so the widget can show what changed.
 */
export interface ErrorResponse {
  error: {
    /**
     * Stable code, `PORTICO_<AREA>_<NAME>`; see the catalogue.
     */
    code: string;
    status: number;
    message: string;
    requestId: string;
    fields?: FieldError[];
    current?: RecordResponse;
  };
}
export interface HealthResponse {
  status: 'ok';
}
export interface ReadinessResponse {
  /**
   * `degraded`: serving, but the Redis that PORTICO_REDIS_URL names is unreachable, so rate limits and the Dataverse budget hold per instance until it returns. Still 200: every instance shares that one Redis, so a 503 would take them all out of the load balancer for an outage they ride out.
   */
  status: 'ready' | 'degraded';
  /**
   * The version of the loaded configuration.
   */
  configVersion: number;
  /**
   * Where rate limits and the Dataverse budget are kept: `local` (no Redis configured: this process), `shared` (Redis, across every instance), `fallback` (Redis configured but unreachable: this process for now).
   */
  limits: 'local' | 'shared' | 'fallback';
}
export interface ConfigError {
  /**
   * Stable code, `PORTICO_CONFIG_<NAME>`.
   */
  code: string;
  /**
   * Path relative to the schemas directory, e.g. `forms/case-create.json`.
   */
  file: string;
  /**
   * JSON pointer inside that file, e.g. `/sections/0/fields/2/field`.
   */
  pointer: string;
  message: string;
  /**
   * For a misspelt name: the closest valid one.
   */
  suggestion?: string;
  /**
   * 1-based line of `pointer` in the file, when known.
   */
  line?: number;
  /**
   * 1-based column of `pointer` in the file, when known.
   */
  column?: number;
}
export interface ConfigStatusResponse {
  /**
   * Configuration version, counting from 1 at start.
   */
  version: number;
  loadedAt: string;
  /**
   * The files of the configuration, relative to the schemas directory.
   */
  files: string[];
  /**
   * The last change that was refused (the configuration before it keeps serving).
   */
  lastRefused?: {
    at: string;
    errors: ConfigError[];
    /**
     * Each error as one line for people.
     */
    formatted: string[];
  };
}
