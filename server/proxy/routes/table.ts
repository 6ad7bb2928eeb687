/**
 * Every route of the server, declared once: method, path, who may call, the schemas of its path,
 * query, headers and body, its answers, and its handler. Registration (routes/register.ts) walks
 * this table — authentication per entry, Ajv validation before the handler, 405 with `Allow` for
 * the other methods of a path — and the OpenAPI document (openapi.ts) is generated from it.
 */
import { IDEMPOTENCY_KEY_HEADER } from '../../api/contract.js';
import { schemaRef } from '../../api/schemas.js';
import type { JsonSchema } from '../../api/schemas.js';
import { IDEMPOTENCY_KEY_PATTERN, idempotentIds } from '../idempotency.js';
import { ACTION_REFUSAL, CASE_ACTION_BODIES, CASE_ACTION_NAMES } from './case-actions.js';
import {
  MODULE_ROLE_REFUSAL,
  OWNER_SEARCH_REFUSAL,
  formDefinition,
  formOwners,
  validatorModule,
} from './forms.js';
import { listDefinition, listPage } from './lists.js';
import { LOOKUP_REFUSAL, formLookups } from './lookups.js';
import { configStatus, health, openApi, readiness } from './public.js';
import { NOTE_DOWNLOAD_TYPES, NOTE_REFUSAL, addNote, downloadAttachment, listNotes } from './notes.js';
import { createRecord, deleteRecord, readRecord, runAction, updateRecord } from './records.js';
import { FORM_REFUSAL, LIST_REFUSAL, RECORD_REFUSAL } from './shared.js';
import type { HeaderSpec, ParamSpec, QuerySpec, ResponseHeader, ResponseSpec, RouteSpec } from './spec.js';
import { LANGUAGE_REFUSAL, WIDGET_CHUNKS, widgetFile, widgetLanguage } from './widgets.js';
import type { WidgetFile } from './widgets.js';

const formId: ParamSpec = { schema: schemaRef('FormId'), description: 'Form id.', refusal: FORM_REFUSAL };
const listId: ParamSpec = { schema: schemaRef('ListId'), description: 'List id.', refusal: LIST_REFUSAL };
const recordId: ParamSpec = {
  schema: schemaRef('RecordId'),
  description: 'Record id (GUID).',
  refusal: RECORD_REFUSAL,
};

/** The type-ahead searches (owners, lookup candidates): part of a name, given once. */
const nameSearch: Record<string, QuerySpec> = {
  search: {
    schema: { type: 'string' },
    description: 'Part of the name, at most 100 characters once trimmed; given once.',
    refusal: OWNER_SEARCH_REFUSAL,
  },
};

const ifMatch: Record<string, HeaderSpec> = {
  'If-Match': {
    required: true,
    description:
      'The `etag` of the last read of this record (a server-signed version token). Missing: 428 PORTICO_ETAG_REQUIRED.',
    schema: { type: 'string' },
  },
};

const etag: ResponseHeader = {
  required: true,
  description: 'Validator of this content, for `If-None-Match`.',
  schema: { type: 'string' },
};

/** A conditional GET: the copy the caller holds, and the answer when it is current. */
const ifNoneMatch: Record<string, HeaderSpec> = {
  'If-None-Match': { schema: { type: 'string' }, description: 'The `ETag` of a copy already held.' },
};
const notModified: ResponseSpec = {
  description: 'Not modified: the copy held (`If-None-Match`) is current.',
  headers: { ETag: etag },
};

const json = (schema: string, description: string): ResponseSpec => ({
  description,
  schema: schemaRef(schema),
});

/** Errors every record operation through a form may answer, beyond its own. */
const RECORD_ERRORS = [
  'PORTICO_FORM_NOT_FOUND',
  'PORTICO_ACCESS_DENIED',
  'PORTICO_RECORD_NOT_FOUND',
  'PORTICO_AUTH_ACCOUNT_UNBOUND',
] as const;
/** Errors of every write, beyond RECORD_ERRORS. */
const WRITE_ERRORS = [
  'PORTICO_VALIDATION_FAILED',
  'PORTICO_UPSTREAM_REJECTED',
  'PORTICO_RECORD_STATE',
] as const;
/** Errors of a write that sends `If-Match`. */
const VERSIONED_ERRORS = [
  'PORTICO_ETAG_REQUIRED',
  'PORTICO_ETAG_INVALID',
  'PORTICO_RECORD_CONFLICT',
] as const;

const PUBLIC_ROUTES: RouteSpec[] = [
  {
    operationId: 'getHealth',
    method: 'GET',
    path: '/healthz',
    auth: 'public',
    summary: 'Liveness: the process answers.',
    responses: { 200: json('HealthResponse', 'Alive.') },
    errors: [],
    upstream: false,
    handler: () => health(),
  },
  {
    operationId: 'getReadiness',
    method: 'GET',
    path: '/readyz',
    auth: 'public',
    summary:
      'Readiness: the configuration is loaded and Dynamics answers WhoAmI (checked at most every 5 s). With PORTICO_REDIS_URL, a Redis that does not answer makes it `degraded`, still 200.',
    responses: { 200: json('ReadinessResponse', 'Ready (or degraded: serving with per-instance limits).') },
    errors: ['PORTICO_SERVER_NOT_READY'],
    upstream: false,
    handler: (ctx) => readiness(ctx),
  },
  {
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/api/v1/openapi.json',
    auth: 'public',
    summary: 'This document.',
    responses: {
      200: {
        description: 'OpenAPI 3.1, generated from the route table.',
        schema: schemaRef('OpenApiDocument'),
      },
    },
    errors: [],
    upstream: false,
    handler: (ctx, routes) => openApi(ctx, routes),
  },
  {
    operationId: 'getConfigStatus',
    method: 'GET',
    path: '/api/v1/admin/config-status',
    auth: 'admin',
    summary: 'Configuration status: files, version, last load, last refused change.',
    description: 'Needs `Authorization: Bearer <PORTICO_ADMIN_TOKEN>`; 404 when that is not configured.',
    responses: { 200: json('ConfigStatusResponse', 'Status.') },
    errors: [],
    upstream: false,
    handler: (ctx) => configStatus(ctx),
  },
  {
    operationId: 'getValidatorModule',
    method: 'GET',
    path: '/api/v1/forms/:formId/validator.js',
    auth: 'public',
    summary: "The form's precompiled validator for a role (an ES module, no eval).",
    description:
      'Public, because a host page loads it with `import()`, which cannot send a token; it reveals only the rules of the fields the role may write. A URL whose `v` is current is cached for a year.',
    params: { formId },
    query: {
      role: {
        required: true,
        schema: schemaRef('RoleName'),
        description: 'The role the module is for.',
        refusal: MODULE_ROLE_REFUSAL,
      },
      v: {
        schema: { type: 'string' },
        description: 'Configuration version (cache key), from the form definition.',
      },
    },
    headers: ifNoneMatch,
    responses: {
      200: {
        description: 'The module.',
        contentType: 'text/javascript',
        schema: { type: 'string' },
        headers: { ETag: etag },
      },
      304: notModified,
    },
    errors: ['PORTICO_FORM_NOT_FOUND'],
    upstream: false,
    handler: (ctx) => validatorModule(ctx),
  },
  ...widgetRoutes(),
  {
    operationId: 'getWidgetLanguage',
    method: 'GET',
    path: '/widgets/lang/:lang.json',
    auth: 'public',
    summary: "The widgets' own messages in one language (schemas/languages/<lang>.json, as checked at load).",
    description:
      'Fetched by the widgets, from beside the script that loaded them, when an element speaks a language other than English. Public, with `Access-Control-Allow-Origin: *`, cached for 5 minutes, revalidated with the `ETag`. A message the file lacks is absent here: the widgets show it in English.',
    params: {
      lang: {
        schema: { type: 'string', pattern: '^[a-z]{2,3}$' },
        description: 'Primary language subtag in lower case (`de`, `fr`).',
        refusal: LANGUAGE_REFUSAL,
      },
    },
    headers: ifNoneMatch,
    responses: {
      200: {
        description: 'Message key → text.',
        schema: { type: 'object', additionalProperties: { type: 'string' } },
        headers: { ETag: etag },
      },
      304: notModified,
    },
    errors: ['PORTICO_LANGUAGE_NOT_FOUND'],
    upstream: false,
    handler: (ctx) => widgetLanguage(ctx),
  },
];

function widgetRoutes(): RouteSpec[] {
  const files: Array<{ file: WidgetFile; operationId: string; summary: string; schema: JsonSchema }> = [
    {
      file: 'portico.js',
      operationId: 'getWidgetModule',
      summary: 'The widgets as an ES module.',
      schema: { type: 'string' },
    },
    {
      file: 'portico.iife.js',
      operationId: 'getWidgetScript',
      summary: 'The widgets as a classic script (`window.Portico`).',
      schema: { type: 'string' },
    },
    {
      file: 'custom-elements.json',
      operationId: 'getCustomElements',
      summary: 'The custom-elements manifest of the widgets.',
      schema: schemaRef('CustomElementsManifest'),
    },
    ...WIDGET_CHUNKS.map((file) => {
      const part = file.slice('portico-'.length, -'.js'.length);
      return {
        file,
        operationId: `getWidgetChunk${part[0]!.toUpperCase()}${part.slice(1)}`,
        summary: `An on-demand part of the ES module build (${part}), imported by portico.js when a page first needs it.`,
        schema: { type: 'string' } as JsonSchema,
      };
    }),
  ];
  return files.map(({ file, operationId, summary, schema }) => ({
    operationId,
    method: 'GET',
    path: `/widgets/${file}`,
    auth: 'public',
    summary,
    description:
      'Public, with `Access-Control-Allow-Origin: *`, cached for 5 minutes; conditional and range requests as for any static file.',
    headers: ifNoneMatch,
    responses: {
      200: {
        description: 'The file.',
        contentType: file.endsWith('.json') ? 'application/json' : 'text/javascript',
        schema,
        headers: {
          ETag: etag,
          'Last-Modified': {
            required: true,
            description: 'When the file was built.',
            schema: { type: 'string' },
          },
        },
      },
      206: {
        description: 'The byte range asked for with `Range`.',
        contentType: file.endsWith('.json') ? 'application/json' : 'text/javascript',
        schema: { type: 'string' },
        headers: {
          'Content-Range': { required: true, description: 'The range sent.', schema: { type: 'string' } },
        },
      },
      304: { description: 'Not modified: the copy held is current.', headers: { ETag: etag } },
    },
    errors: ['PORTICO_ROUTE_NOT_FOUND', 'PORTICO_SERVER_NOT_READY'],
    upstream: false,
    handler: () => widgetFile(file),
  }));
}

const FORM_ROUTES: RouteSpec[] = [
  {
    operationId: 'getForm',
    method: 'GET',
    path: '/api/v1/forms/:formId',
    auth: 'user',
    summary: "A form as the caller's role sees it (fields the role may not see are absent).",
    params: { formId },
    headers: ifNoneMatch,
    responses: {
      200: { ...json('FormDefinitionResponse', 'The form.'), headers: { ETag: etag } },
      304: notModified,
    },
    errors: ['PORTICO_FORM_NOT_FOUND'],
    upstream: false,
    handler: (ctx) => formDefinition(ctx),
  },
  {
    operationId: 'listOwners',
    method: 'GET',
    path: '/api/v1/forms/:formId/owners',
    auth: 'user',
    summary: 'Owners this role may assign records of this form to.',
    params: { formId },
    query: nameSearch,
    responses: { 200: json('OwnersResponse', 'Owners, by name.') },
    errors: ['PORTICO_FORM_NOT_FOUND', 'PORTICO_ACCESS_DENIED', 'PORTICO_QUERY_INVALID'],
    upstream: true,
    handler: (ctx) => formOwners(ctx),
  },
  {
    operationId: 'listLookupCandidates',
    method: 'GET',
    path: '/api/v1/forms/:formId/lookups/:field',
    auth: 'user',
    summary:
      "Records the caller may choose for a lookup field the form lets them write, within the caller's scope (primary name and id only).",
    params: {
      formId,
      field: { schema: schemaRef('LookupField'), description: 'Lookup column.', refusal: LOOKUP_REFUSAL },
    },
    query: nameSearch,
    responses: { 200: json('LookupCandidatesResponse', 'Candidates, by name.') },
    errors: ['PORTICO_FORM_NOT_FOUND', 'PORTICO_LOOKUP_NOT_FOUND', 'PORTICO_QUERY_INVALID'],
    upstream: true,
    handler: (ctx) => formLookups(ctx),
  },
];

const RECORD_ROUTES: RouteSpec[] = [
  {
    operationId: 'createRecord',
    method: 'POST',
    path: '/api/v1/forms/:formId/records',
    auth: 'user',
    summary: 'Create a record through a create form. Scope lookups are stamped by the server.',
    params: { formId },
    headers: {
      [IDEMPOTENCY_KEY_HEADER]: {
        description:
          'One key per draft. Sending it again (a retry after a lost answer) returns the record the first send created instead of a duplicate; the repeat body is not applied. Per user and form. Malformed: 400 PORTICO_IDEMPOTENCY_KEY_INVALID.',
        schema: { type: 'string', minLength: 16, maxLength: 128, pattern: IDEMPOTENCY_KEY_PATTERN.source },
      },
    },
    body: { schema: 'WriteRequest' },
    responses: {
      201: {
        ...json(
          'RecordResponse',
          'Created (or, with a repeated Idempotency-Key, the record the first send created).',
        ),
        headers: {
          Location: {
            required: true,
            description: 'The URL of the record (through this form).',
            schema: { type: 'string', format: 'uri' },
          },
        },
      },
    },
    errors: ['PORTICO_IDEMPOTENCY_KEY_INVALID', ...RECORD_ERRORS, ...WRITE_ERRORS],
    upstream: true,
    handler: (ctx) => createRecord(ctx, idempotentIds(ctx.settings.signingSecret)),
  },
  {
    operationId: 'readRecord',
    method: 'GET',
    path: '/api/v1/forms/:formId/records/:id',
    auth: 'user',
    summary: 'Read a record through an edit or view form.',
    params: { formId, id: recordId },
    responses: { 200: json('RecordResponse', 'The record, with its version in `etag`.') },
    errors: RECORD_ERRORS,
    upstream: true,
    handler: (ctx) => readRecord(ctx),
  },
  {
    operationId: 'updateRecord',
    method: 'PATCH',
    path: '/api/v1/forms/:formId/records/:id',
    auth: 'user',
    summary: 'Update the given fields. 412 PORTICO_RECORD_CONFLICT carries `current`.',
    params: { formId, id: recordId },
    headers: ifMatch,
    body: { schema: 'WriteRequest' },
    responses: { 200: json('RecordResponse', 'The record as saved.') },
    errors: [...RECORD_ERRORS, ...WRITE_ERRORS, ...VERSIONED_ERRORS],
    upstream: true,
    handler: (ctx) => updateRecord(ctx),
  },
  {
    operationId: 'deleteRecord',
    method: 'DELETE',
    path: '/api/v1/forms/:formId/records/:id',
    auth: 'user',
    summary: 'Delete a record (the form must offer delete).',
    params: { formId, id: recordId },
    headers: ifMatch,
    responses: { 204: { description: 'Deleted.' } },
    errors: [...RECORD_ERRORS, 'PORTICO_UPSTREAM_REJECTED', 'PORTICO_RECORD_STATE', ...VERSIONED_ERRORS],
    upstream: true,
    handler: (ctx) => deleteRecord(ctx),
  },
  {
    operationId: 'runRecordAction',
    method: 'POST',
    path: '/api/v1/forms/:formId/records/:id/actions/:action',
    auth: 'user',
    summary:
      'assign (body AssignRequest), resolve (ResolveRequest), cancel (CancelRequest) or reopen (ReopenRequest).',
    description:
      "Each action runs only while its precondition holds on the record's state (409 PORTICO_RECORD_STATE with `current` otherwise); resolve and cancel apply to cases only.",
    params: {
      formId,
      action: {
        schema: { enum: [...CASE_ACTION_NAMES] },
        description: 'The action.',
        refusal: ACTION_REFUSAL,
      },
      id: recordId,
    },
    headers: ifMatch,
    body: {
      byParam: 'action',
      schemas: CASE_ACTION_BODIES,
      description: 'The body of the action named in the path.',
    },
    responses: { 200: json('RecordResponse', 'The record after the action.') },
    errors: [...RECORD_ERRORS, ...WRITE_ERRORS, ...VERSIONED_ERRORS],
    upstream: true,
    handler: (ctx) => runAction(ctx),
  },
];

/** Errors of every notes operation, beyond RECORD_ERRORS. */
const NOTE_ERRORS = ['PORTICO_CURSOR_INVALID'] as const;

const NOTE_ROUTES: RouteSpec[] = [
  {
    operationId: 'listNotes',
    method: 'GET',
    path: '/api/v1/forms/:formId/records/:id/notes',
    auth: 'user',
    summary:
      "An older page of a case's published notes, newest first (the first page comes with the record).",
    description:
      'Needs the readNotes privilege and a form with a timeline. Notes are read through the case in your scope, with the publishing rule: internal notes never appear.',
    params: { formId, id: recordId },
    query: {
      before: {
        schema: { type: 'string', maxLength: 8192 },
        description: '`next` of the previous page, given once.',
        refusal: {
          code: 'PORTICO_CURSOR_INVALID',
          message: () => 'Send the `next` of the previous page once as `before`.',
        },
      },
    },
    responses: { 200: json('NotesPage', 'A page of notes.') },
    errors: [...RECORD_ERRORS, ...NOTE_ERRORS],
    upstream: true,
    handler: (ctx) => listNotes(ctx),
  },
  {
    operationId: 'addNote',
    method: 'POST',
    path: '/api/v1/forms/:formId/records/:id/notes',
    auth: 'user',
    summary:
      'Add a note, with files, to a case: one annotation per file (the first with the text), or one text note; several are written all or nothing.',
    description:
      "Needs the addNotes privilege. The upload is checked whole before anything is written: the text against the form's maxLength, each file by extension, declared type and content (400 PORTICO_VALIDATION_FAILED naming the file and the rule), sizes against maxBytes (413). Send the record's `etag` in `If-Match` to save the server a read of the case.",
    params: { formId, id: recordId },
    headers: {
      [IDEMPOTENCY_KEY_HEADER]: {
        required: true,
        description:
          'One key per draft. Sending it again returns the notes the first send wrote instead of writing them twice; the repeat body is not applied. Missing or malformed: 400 PORTICO_IDEMPOTENCY_KEY_INVALID.',
        schema: { type: 'string', minLength: 16, maxLength: 128, pattern: IDEMPOTENCY_KEY_PATTERN.source },
      },
      'If-Match': {
        description:
          "Optional: the case's `etag` from its last read, which proves it is yours without a second call.",
        schema: { type: 'string' },
      },
    },
    body: {
      multipart: 'NoteUpload',
      description: 'multipart/form-data: a `text` part and up to `maxFiles` `files` parts.',
    },
    responses: {
      201: json('NotesCreated', 'Written (or, with a repeated Idempotency-Key, what the first send wrote).'),
    },
    errors: [
      ...RECORD_ERRORS,
      'PORTICO_IDEMPOTENCY_KEY_INVALID',
      'PORTICO_VALIDATION_FAILED',
      'PORTICO_UPLOAD_TOO_LARGE',
      'PORTICO_UPSTREAM_REJECTED',
      'PORTICO_NOTE_NOT_FOUND',
      'PORTICO_ETAG_INVALID',
    ],
    upstream: true,
    handler: (ctx) => addNote(ctx, idempotentIds(ctx.settings.signingSecret)),
  },
  {
    operationId: 'getNoteAttachment',
    method: 'GET',
    path: '/api/v1/forms/:formId/records/:id/notes/:noteId/attachment',
    auth: 'user',
    summary: "A published note's file, as a download.",
    description:
      "Always `Content-Disposition: attachment` with a cleaned file name, `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox; default-src 'none'`; the type is the form's allowed type for the file when its content agrees, else `application/octet-stream` (SVG and HTML are never served as themselves).",
    params: {
      formId,
      id: recordId,
      noteId: { schema: schemaRef('RecordId'), description: 'Note id (GUID).', refusal: NOTE_REFUSAL },
    },
    responses: {
      200: {
        description: 'The file.',
        contentType: [...NOTE_DOWNLOAD_TYPES],
        schema: { type: 'string', contentEncoding: 'binary' },
        headers: {
          'Content-Disposition': {
            required: true,
            description: 'attachment; filename="…"; filename*=UTF-8\'\'…',
            schema: { type: 'string' },
          },
        },
      },
    },
    errors: [...RECORD_ERRORS, 'PORTICO_NOTE_NOT_FOUND'],
    upstream: true,
    handler: (ctx) => downloadAttachment(ctx),
  },
];

const LIST_ROUTES: RouteSpec[] = [
  {
    operationId: 'getList',
    method: 'GET',
    path: '/api/v1/lists/:listId',
    auth: 'user',
    summary: "A list as the caller's role sees it.",
    params: { listId },
    headers: ifNoneMatch,
    responses: {
      200: { ...json('ListDefinitionResponse', 'The list.'), headers: { ETag: etag } },
      304: notModified,
    },
    errors: ['PORTICO_LIST_NOT_FOUND'],
    upstream: false,
    handler: (ctx) => listDefinition(ctx),
  },
  {
    operationId: 'listRecords',
    method: 'GET',
    path: '/api/v1/lists/:listId/records',
    auth: 'user',
    summary: 'One page of records in scope. Every parameter is checked against the list definition.',
    params: { listId },
    query: {
      sort: { schema: { type: 'string' }, description: "One of the list's sortable fields." },
      direction: { schema: { enum: ['asc', 'desc'] }, description: 'Sort direction.' },
      search: {
        schema: { type: 'string', maxLength: 100 },
        description: "Matched with contains() on the list's search columns; wildcards are literal.",
      },
      page: {
        schema: { type: 'string' },
        description: '`nextPage` of the previous response, with the same other parameters.',
      },
      filters: {
        explode: true,
        schema: {
          type: 'object',
          propertyNames: { pattern: '^filter\\.[a-z_][a-z0-9_]{0,99}$', maxLength: 107 },
          additionalProperties: {
            anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 20 }],
          },
        },
        description:
          '`filter.<field>=<value>` for each filterable field of the list; repeat a parameter (up to 20 values) to match any of them.',
      },
    },
    responses: { 200: json('ListPageResponse', 'A page.') },
    errors: [
      'PORTICO_LIST_NOT_FOUND',
      'PORTICO_ACCESS_DENIED',
      'PORTICO_QUERY_INVALID',
      'PORTICO_CURSOR_INVALID',
      'PORTICO_AUTH_ACCOUNT_UNBOUND',
    ],
    upstream: true,
    handler: (ctx) => listPage(ctx),
  },
];

/** The route table. */
export const ROUTES: readonly RouteSpec[] = [
  ...PUBLIC_ROUTES,
  ...FORM_ROUTES,
  ...RECORD_ROUTES,
  ...NOTE_ROUTES,
  ...LIST_ROUTES,
];
