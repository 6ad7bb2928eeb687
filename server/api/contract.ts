/**
 * The widget-facing HTTP API of the Portico server (`/api/v1`), as TypeScript shared by the server
 * (which produces these shapes) and the widgets (which consume them, with `import type` only, so
 * nothing here reaches the bundle but the constants). The types are generated from the API's JSON
 * Schemas (server/api/schemas.ts → generated/contract-types.ts, `npm run gen`); the same schemas
 * validate requests and describe every operation in the OpenAPI document. Only constants that
 * are not schemas are written here.
 *
 * Conventions:
 * - Every response body is JSON with `Content-Type: application/json; charset=utf-8`.
 * - Every request carries `Authorization: Bearer <host-site token>`; no cookies are used.
 * - Labels are localised maps (`{ en: "Title", de: "Titel" }`); the widget picks its locale and falls
 *   back to `en`.
 * - Record versions travel as an opaque, server-signed `etag` string (bound to the user and record);
 *   it goes back in `If-Match` on update, delete and actions.
 */

export type {
  ActionDefinition,
  ActionId,
  AssignRequest,
  CancelRequest,
  ChoiceOption,
  Condition,
  ConfigError,
  ConfigStatusResponse,
  DisplayColumn,
  ErrorResponse,
  FieldDefinition,
  FieldError,
  FieldKind,
  FieldValue,
  FormDefinitionResponse,
  FormMode,
  HealthResponse,
  ListColumn,
  ListDefinitionResponse,
  ListFilter,
  ListPageResponse,
  Note,
  NoteAttachment,
  NoteAuthor,
  NotesCreated,
  NotesPage,
  LocalizedText,
  LookupCandidate,
  LookupCandidatesResponse,
  LookupValue,
  Owner,
  OwnersResponse,
  ReadinessResponse,
  RecordResponse,
  RecordValues,
  ReopenRequest,
  ResolveRequest,
  RowAction,
  SectionDefinition,
  TimelineDefinition,
  WriteRequest,
} from './generated/contract-types.js';

/** Field kinds the widgets render (the `FieldKind` schema's values). */
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

/** The actions a form may offer (the `ActionId` schema's values). */
export const ACTION_IDS = ['save', 'delete', 'assign', 'resolve', 'cancel', 'reopen'] as const;

/**
 * Optional header of `POST /api/v1/forms/:formId/records`: one key per draft, 16–128 characters of
 * `[A-Za-z0-9_-]`. Sending the same key again (a retry after a lost answer, or a resubmit after a
 * reload) returns the record the first send created — `201` with that record — instead of creating
 * another; the body of the repeat is not applied. Keys are per user and form: another user's equal
 * key creates its own record. Malformed → `400 PORTICO_IDEMPOTENCY_KEY_INVALID`, nothing written.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
