/**
 * The widget-facing HTTP API of the Portico server (`/api/v1`), as TypeScript types shared by the
 * server (which produces these shapes) and the widgets (which consume them). Everything here is
 * derived from the admin's JSON in `schemas/`; nothing is hand-maintained twice.
 *
 * Conventions:
 * - Every response body is JSON with `Content-Type: application/json; charset=utf-8`.
 * - Every request carries `Authorization: Bearer <host-site token>`; no cookies are used.
 * - Labels are localised maps (`{ en: "Title", de: "Titel" }`); the widget picks its locale and falls
 *   back to `en`.
 * - Record versions travel as an opaque, server-signed `etag` string (bound to the user and record);
 *   it goes back in `If-Match` on update, delete and actions.
 */

/** A label in every configured locale; `en` is always present. */
export type LocalizedText = { en: string } & Record<string, string>;

/** Field kinds the widgets render; derived from the entity column type and the form's `widget` hint. */
export const FIELD_KINDS = [
  'text',
  'email',
  'phone',
  'url',
  'textarea',
  'integer',
  'decimal',
  'date',
  'datetime',
  'boolean',
  'choice',
  'lookup',
  'owner',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/**
 * A condition over the current form values, written by admins in JSON (no code). Used for
 * `visibleWhen` and `requiredWhen`. Values compare with strict equality; an empty value is
 * `null`, `undefined` or `''`.
 */
export type Condition =
  | { field: string; equals: string | number | boolean | null }
  | { field: string; notEquals: string | number | boolean | null }
  | { field: string; in: Array<string | number | boolean> }
  | { field: string; empty: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface ChoiceOption {
  value: number | boolean;
  label: LocalizedText;
}

/** A reference to another record, as read; writes send `{ id, type }` only. */
export interface LookupValue {
  id: string;
  /** Logical name of the target entity, e.g. `account`, `contact`, `systemuser`, `team`. */
  type: string;
  /** Primary name of the target (read only; ignored on write). */
  name?: string;
}

export type FieldValue = string | number | boolean | null | LookupValue;
export type RecordValues = Record<string, FieldValue>;

export interface FieldDefinition {
  /** Column logical name; also the key in `RecordValues`. */
  name: string;
  kind: FieldKind;
  label: LocalizedText;
  help?: LocalizedText;
  placeholder?: LocalizedText;
  required: boolean;
  /** True when this role may not write this field through this form (or the column is read-only). */
  readOnly: boolean;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** Choice fields: allowed values with labels, in display order. */
  options?: ChoiceOption[];
  /** Choice fields: how to render. */
  display?: 'select' | 'radios';
  /** Lookup fields: entity types it may point to. */
  targets?: string[];
  visibleWhen?: Condition;
  requiredWhen?: Condition;
}

export interface SectionDefinition {
  id: string;
  label?: LocalizedText;
  fields: FieldDefinition[];
}

export const ACTION_IDS = ['save', 'delete', 'assign', 'resolve', 'cancel', 'reopen'] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface ActionDefinition {
  id: ActionId;
  label: LocalizedText;
  /** When set, the widget asks for confirmation with this text before acting. */
  confirm?: LocalizedText;
  /** Offered only while this holds on the record's values (e.g. resolve only an active case). */
  when?: Condition;
}

export type FormMode = 'create' | 'edit' | 'view';

/** `GET /api/v1/forms/:formId` — the form as the caller's role may see it. */
export interface FormDefinitionResponse {
  id: string;
  entity: string;
  modes: FormMode[];
  title: LocalizedText;
  sections: SectionDefinition[];
  /** Actions this role may perform through this form (others are absent). */
  actions: ActionDefinition[];
  onSuccess?: { message?: LocalizedText; redirect?: string };
  /** Absolute URL of the precompiled validator ES module for this form and role. */
  validator: string;
  /** Locales for which labels exist. */
  locales: string[];
}

/** One record as a form or list sees it: only the declared readable fields. */
export interface RecordResponse {
  id: string;
  /** Opaque signed version token; send it back in `If-Match`. */
  etag: string;
  values: RecordValues;
  /** Display text for choice, lookup, boolean and date values, keyed by field name. */
  formatted: Record<string, string>;
}

/** `POST /api/v1/forms/:formId/records` and `PATCH .../records/:id` request body. */
export interface WriteRequest {
  values: RecordValues;
}

/**
 * Optional header of `POST /api/v1/forms/:formId/records`: one key per draft, 16–128 characters of
 * `[A-Za-z0-9_-]`. Sending the same key again (a retry after a lost answer, or a resubmit after a
 * reload) returns the record the first send created — `201` with that record — instead of creating
 * another; the body of the repeat is not applied. Keys are per user and form: another user's equal
 * key creates its own record. Malformed → `400 PORTICO_IDEMPOTENCY_KEY_INVALID`, nothing written.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Bodies of `POST /api/v1/forms/:formId/records/:id/actions/:action`. */
export interface AssignRequest {
  owner: { id: string; type: 'systemuser' | 'team' };
}
export interface ResolveRequest {
  resolution: string;
}
export type CancelRequest = Record<string, never>;
export type ReopenRequest = Record<string, never>;

/** `GET /api/v1/forms/:formId/owners?search=` — owners this role may assign to. */
export interface OwnersResponse {
  value: Array<{ id: string; type: 'systemuser' | 'team'; name: string }>;
}

export interface ListColumn {
  name: string;
  kind: FieldKind;
  label: LocalizedText;
  sortable: boolean;
}

export interface ListFilter {
  /** Query parameter is `filter.<field>`. */
  field: string;
  label: LocalizedText;
  kind: FieldKind;
  options?: ChoiceOption[];
}

export interface RowAction {
  id: 'open' | ActionId;
  label: LocalizedText;
  /** Form id the action opens (for `open`, and for actions performed through a form). */
  form?: string;
  /** Offered only on rows whose values satisfy this. */
  when?: Condition;
}

/** `GET /api/v1/lists/:listId` */
export interface ListDefinitionResponse {
  id: string;
  entity: string;
  title: LocalizedText;
  columns: ListColumn[];
  defaultSort: { field: string; direction: 'asc' | 'desc' };
  searchable: boolean;
  searchPlaceholder?: LocalizedText;
  filters: ListFilter[];
  pageSize: number;
  rowActions: RowAction[];
  /** Form id for "new record" when this role may create through the list, else absent. */
  createForm?: string;
  locales: string[];
}

/**
 * `GET /api/v1/lists/:listId/records?sort=<field>&direction=asc|desc&search=<text>&filter.<field>=<value>&page=<cursor>`
 * `page` is the opaque `nextPage` cursor of the previous response.
 */
export interface ListPageResponse {
  rows: RecordResponse[];
  nextPage?: string;
  /** Total matching rows when cheaply known (capped at 5000 as Dataverse does). */
  total?: number;
}

/** One field-level problem; `pointer` is a JSON pointer into `values`, e.g. `/title`. */
export interface FieldError {
  pointer: string;
  code: string;
  message: string;
}

/** Every non-2xx response. */
export interface ErrorResponse {
  error: {
    /** Stable code, `PORTICO_<AREA>_<NAME>`; see server/errors. */
    code: string;
    status: number;
    message: string;
    requestId: string;
    fields?: FieldError[];
    /** On 412 conflicts: the record as it is now, so the widget can show what changed. */
    current?: RecordResponse;
  };
}
