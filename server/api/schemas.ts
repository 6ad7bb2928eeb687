/**
 * The JSON Schemas (2020-12) of everything the HTTP API takes and gives: one place, used four
 * ways — the route table names them per operation (server/proxy/routes/table.ts), Ajv checks path
 * parameters and request bodies against them before a handler runs, the OpenAPI document is
 * generated from them (server/proxy/openapi.ts), and `npm run gen` writes the widget-facing
 * TypeScript types from them (server/api/generated/contract-types.ts, re-exported by contract.ts).
 *
 * References are `#/$defs/<Name>`: each name here is also a TypeScript type and an OpenAPI
 * component. Responses are closed (`additionalProperties: false`): the server projects what it
 * sends to declared fields, and the OpenAPI test proves every real answer fits.
 */
import { ACTION_IDS, FIELD_KINDS } from './contract.js';

/** A JSON Schema as data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The `$id` of the bundle Ajv resolves `#/$defs/…` against. */
export const API_SCHEMA_ID = 'https://portico.invalid/api/v1/schemas.json';

/** Names are checked where it counts: Ajv compiles the bundle at start and refuses a dangling `$ref`. */
const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const string = (description?: string): JsonSchema => ({
  type: 'string',
  ...(description ? { description } : {}),
});
const closed = (required: readonly string[], properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: [...required],
  additionalProperties: false,
  properties,
});
const arrayOf = (items: JsonSchema, description?: string): JsonSchema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
const scalar = { type: ['string', 'number', 'boolean', 'null'] } as const;

/** Ids of forms and lists: file names in `schemas/`, as the config loader accepts them. */
const CONFIG_ID = '^[a-z0-9][a-z0-9-]{0,63}$';
/** A Dataverse GUID, in either case (ids are lower-cased before use). */
const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const OWNER_TYPES = ['systemuser', 'team'] as const;

const definitions = {
  // ------------------------------------------------------------------ path and query values
  FormId: {
    type: 'string',
    maxLength: 64,
    pattern: CONFIG_ID,
    description: 'A form id (file name in schemas/forms).',
  },
  ListId: {
    type: 'string',
    maxLength: 64,
    pattern: CONFIG_ID,
    description: 'A list id (file name in schemas/lists).',
  },
  RecordId: { type: 'string', maxLength: 36, pattern: GUID, description: 'A record id (GUID).' },
  LookupField: {
    type: 'string',
    maxLength: 100,
    pattern: '^[a-z][a-z0-9_]{0,99}$',
    description: 'A lookup column of the form (its logical name).',
  },
  RoleName: {
    type: 'string',
    maxLength: 64,
    pattern: '^[A-Za-z0-9_-]{1,64}$',
    description: 'A role of schemas/access.json.',
  },

  // ------------------------------------------------------------------ shared shapes
  LocalizedText: {
    type: 'object',
    description: 'A label in every configured locale; `en` is always present.',
    required: ['en'],
    properties: { en: { type: 'string' } },
    additionalProperties: { type: 'string' },
  },
  FieldKind: {
    description:
      "Field kinds the widgets render; derived from the entity column type and the form's `widget` hint.",
    enum: [...FIELD_KINDS],
  },
  ActionId: { enum: [...ACTION_IDS] },
  FormMode: { enum: ['create', 'edit', 'view'] },
  Condition: {
    description:
      "A condition over the current form values, written by admins in JSON (no code). Used for `visibleWhen`, `requiredWhen` and `when`. Values compare with strict equality; an empty value is `null`, `undefined` or `''`.",
    anyOf: [
      closed(['field', 'equals'], { field: string(), equals: scalar }),
      closed(['field', 'notEquals'], { field: string(), notEquals: scalar }),
      closed(['field', 'in'], { field: string(), in: arrayOf({ type: ['string', 'number', 'boolean'] }) }),
      closed(['field', 'empty'], { field: string(), empty: { type: 'boolean' } }),
      closed(['all'], { all: arrayOf(ref('Condition')) }),
      closed(['any'], { any: arrayOf(ref('Condition')) }),
      closed(['not'], { not: ref('Condition') }),
    ],
  },
  ChoiceOption: closed(['value', 'label'], {
    value: { type: ['number', 'boolean'] },
    label: ref('LocalizedText'),
  }),
  DisplayColumn: {
    ...closed(['name', 'kind'], {
      name: string('Column logical name; also the key in `RecordValues`.'),
      kind: ref('FieldKind'),
      options: arrayOf(
        ref('ChoiceOption'),
        'Choice and yes/no columns: the label of each value, per language.',
      ),
    }),
    description:
      "A column a widget shows as text. Records carry raw values only: the browser shows choices by these labels, dates and numbers with `Intl` in the reader's language and time zone, and lookups by their `name`.",
  },
  LookupValue: {
    ...closed(['id', 'type'], {
      id: { type: 'string', format: 'uuid' },
      type: string('Logical name of the target entity, e.g. `account`, `contact`, `systemuser`, `team`.'),
      name: string('Primary name of the target (read only; ignored on write).'),
    }),
    description: 'A reference to another record, as read; writes send `{ id, type }` only.',
  },
  FieldValue: {
    anyOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: 'null' },
      ref('LookupValue'),
    ],
  },
  RecordValues: {
    type: 'object',
    description: 'Field name → value.',
    additionalProperties: ref('FieldValue'),
  },
  FieldError: {
    ...closed(['pointer', 'code', 'message'], { pointer: string(), code: string(), message: string() }),
    description: 'One field-level problem; `pointer` is a JSON pointer into `values`, e.g. `/title`.',
  },

  // ------------------------------------------------------------------ forms
  FieldDefinition: closed(['name', 'kind', 'label', 'required', 'readOnly'], {
    name: string('Column logical name; also the key in `RecordValues`.'),
    kind: ref('FieldKind'),
    label: ref('LocalizedText'),
    help: ref('LocalizedText'),
    placeholder: ref('LocalizedText'),
    required: { type: 'boolean' },
    readOnly: {
      type: 'boolean',
      description:
        'True when this role may not write this field through this form (or the column is read-only).',
    },
    maxLength: { type: 'integer' },
    pattern: string(
      'Text fields: a regular expression (Unicode, as in JSON Schema) a non-empty value must match, e.g. the lenient phone pattern of the entity schema.',
    ),
    span: {
      type: 'integer',
      minimum: 1,
      maximum: 3,
      description: "Grid columns the field takes in its section, never more than the section's `columns`.",
    },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
    options: arrayOf(ref('ChoiceOption'), 'Choice fields: allowed values with labels, in display order.'),
    display: { enum: ['select', 'radios'], description: 'Choice fields: how to render.' },
    targets: arrayOf(string(), 'Lookup fields: entity types it may point to.'),
    visibleWhen: ref('Condition'),
    requiredWhen: ref('Condition'),
  }),
  SectionDefinition: closed(['id', 'fields'], {
    id: string(),
    label: ref('LocalizedText'),
    columns: {
      type: 'integer',
      minimum: 1,
      maximum: 3,
      description: "Columns of the section's grid; a narrow container shows one whatever this says.",
    },
    fields: arrayOf(ref('FieldDefinition')),
  }),
  ActionDefinition: {
    ...closed(['id', 'label'], {
      id: ref('ActionId'),
      label: ref('LocalizedText'),
      confirm: ref('LocalizedText'),
      when: ref('Condition'),
    }),
    description:
      "An action the form offers. With `confirm`, the widget asks for confirmation with that text before acting; with `when`, it is offered only while that holds on the record's values (e.g. resolve only an active case).",
  },
  FormDefinitionResponse: {
    ...closed(['id', 'entity', 'modes', 'title', 'sections', 'actions', 'validator', 'locales'], {
      id: string(),
      entity: string(),
      modes: arrayOf(ref('FormMode')),
      title: ref('LocalizedText'),
      header: {
        ...closed([], {
          name: ref('DisplayColumn'),
          number: ref('DisplayColumn'),
          status: ref('DisplayColumn'),
          owner: ref('DisplayColumn'),
        }),
        description:
          "The record header shown above the sections in edit and view mode: the record's heading (`name`), its number, its status as a badge (a choice column) and who has it (`owner`); each a field of `RecordResponse.values`.",
      },
      sections: arrayOf(ref('SectionDefinition')),
      actions: arrayOf(
        ref('ActionDefinition'),
        'Actions this role may perform through this form (others are absent).',
      ),
      onSuccess: closed([], { message: ref('LocalizedText'), redirect: string() }),
      validator: {
        type: 'string',
        format: 'uri',
        description: 'Absolute URL of the precompiled validator ES module for this form and role.',
      },
      locales: arrayOf(string(), 'Locales for which labels exist.'),
      timeline: ref('TimelineDefinition'),
    }),
    description: "`GET /api/v1/forms/:formId` — the form as the caller's role may see it.",
  },

  TimelineDefinition: {
    ...closed(['pageSize', 'maxLength', 'canAdd'], {
      pageSize: { type: 'integer', description: 'Notes per page.' },
      maxLength: { type: 'integer', description: 'Longest note text, in characters.' },
      canAdd: { type: 'boolean', description: 'The role may add notes.' },
      attachments: {
        ...closed(['accept', 'types', 'maxBytes', 'maxFiles'], {
          accept: arrayOf(string(), 'Allowed extensions, lower case with the dot, e.g. `.png`.'),
          types: arrayOf(string(), 'Allowed MIME types.'),
          maxBytes: { type: 'integer', description: 'Largest file, in bytes.' },
          maxFiles: { type: 'integer', description: 'Most files per note.' },
        }),
        description: 'Files the role may attach; absent: none.',
      },
    }),
    description:
      "The form's notes timeline, present only when the caller's role may read notes (`readNotes`).",
  },

  // ------------------------------------------------------------------ records
  RecordResponse: {
    ...closed(['id', 'etag', 'values'], {
      id: { type: 'string', format: 'uuid' },
      etag: string('Opaque signed version token; send it back in `If-Match`.'),
      values: ref('RecordValues'),
      notes: ref('NotesPage'),
    }),
    description: 'One record as a form or list sees it: only the declared readable fields.',
  },
  NoteAuthor: closed(['name', 'staff'], {
    name: string("The contact's name, or the form's staff display name for staff notes."),
    staff: { type: 'boolean' },
  }),
  NoteAttachment: closed(['name', 'size', 'type'], {
    name: string('File name.'),
    size: { type: 'integer', description: 'Bytes.' },
    type: string('MIME type as stored.'),
  }),
  Note: {
    ...closed(['id', 'text', 'createdOn', 'author', 'mine'], {
      id: { type: 'string', format: 'uuid' },
      text: string('The note text, without the publishing marker.'),
      createdOn: { type: 'string', format: 'date-time' },
      author: ref('NoteAuthor'),
      mine: { type: 'boolean', description: 'Written by the caller.' },
      attachment: ref('NoteAttachment'),
    }),
    description: 'One published note of a case (one Dataverse annotation: at most one file).',
  },
  NotesPage: {
    ...closed(['value'], {
      value: arrayOf(ref('Note'), 'Newest first.'),
      next: string('Opaque signed cursor for the next older page (`before`); absent when there is none.'),
    }),
    description:
      '`GET …/records/:id/notes?before=<cursor>`, and `notes` of a record read through a form with a timeline.',
  },
  NotesCreated: {
    ...closed(['value'], {
      value: arrayOf(ref('Note'), 'The notes written: one per file, or one text note.'),
    }),
    description: '`POST …/records/:id/notes` (multipart/form-data).',
  },
  NoteUpload: {
    type: 'object',
    description:
      'multipart/form-data: `text` (the note, may be empty only when a file is sent) and 0 or more `files` parts, each with its file name and Content-Type.',
    properties: {
      text: { type: 'string' },
      files: { type: 'array', items: { type: 'string', contentEncoding: 'binary' } },
    },
  },
  WriteRequest: {
    ...closed(['values'], { values: ref('RecordValues') }),
    description:
      "`POST /api/v1/forms/:formId/records` and `PATCH …/records/:id` request body. Which fields `values` may hold, and which values, depends on the form and the role: the form definition says, and the server checks them with the form's own validators (400 `PORTICO_VALIDATION_FAILED` naming each field).",
  },
  AssignRequest: closed(['owner'], {
    owner: {
      ...closed(['id', 'type'], { id: { type: 'string', format: 'uuid' }, type: { enum: [...OWNER_TYPES] } }),
      description: 'One of the owners `GET …/owners` lists for this form.',
      'x-portico-refusal': 'Choose an owner from the list this form offers (GET …/owners).',
    },
  }),
  ResolveRequest: closed(['resolution'], {
    resolution: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: '\\S',
      description: 'What resolved the case: 1 to 200 characters, not only spaces.',
      'x-portico-refusal': 'Describe the resolution in 1 to 200 characters.',
    },
  }),
  CancelRequest: {
    type: 'object',
    additionalProperties: false,
    description: 'Body of `…/actions/cancel`: `{}`.',
  },
  ReopenRequest: {
    type: 'object',
    additionalProperties: false,
    description: 'Body of `…/actions/reopen`: `{}`.',
  },
  Owner: closed(['id', 'type', 'name'], {
    id: { type: 'string', format: 'uuid' },
    type: { enum: [...OWNER_TYPES] },
    name: string(),
  }),
  OwnersResponse: {
    ...closed(['value'], { value: arrayOf(ref('Owner')) }),
    description: '`GET /api/v1/forms/:formId/owners?search=` — owners this role may assign to.',
  },

  LookupCandidate: closed(['id', 'name', 'table'], {
    id: { type: 'string', format: 'uuid' },
    name: string("The record's primary name."),
    table: string('Logical name of the table the record is in (the `type` of the lookup value to send).'),
  }),
  LookupCandidatesResponse: {
    ...closed(['value'], { value: arrayOf(ref('LookupCandidate')) }),
    description:
      "`GET /api/v1/forms/:formId/lookups/:field?search=` — records the caller may choose for the lookup: only the primary name and id, each within the caller's scope for its table.",
  },

  // ------------------------------------------------------------------ lists
  ListColumn: closed(['name', 'kind', 'label', 'sortable'], {
    name: string(),
    kind: ref('FieldKind'),
    label: ref('LocalizedText'),
    sortable: { type: 'boolean' },
    options: arrayOf(
      ref('ChoiceOption'),
      'Choice and yes/no columns: the label of each value, per language.',
    ),
  }),
  ListFilter: closed(['field', 'label', 'kind'], {
    field: string('Query parameter is `filter.<field>`.'),
    label: ref('LocalizedText'),
    kind: ref('FieldKind'),
    options: arrayOf(ref('ChoiceOption')),
  }),
  RowAction: {
    ...closed(['id', 'label'], {
      id: { anyOf: [{ const: 'open' }, ref('ActionId')] },
      label: ref('LocalizedText'),
      form: string('Form id the action opens (for `open`, and for actions performed through a form).'),
      when: ref('Condition'),
      confirm: ref('LocalizedText'),
    }),
    description:
      "An action on a list row; with `when`, offered only on rows whose values satisfy it. `label` and `confirm` are the form action's unless the list names its own label, so the list asks in the form's words.",
  },
  ListLinks: closed([], {
    record: string("Path of a record's page on the host site with `{id}` in it; rows become links to it."),
    create: string('Path of the host site\'s page for a new record; "New" goes there.'),
  }),
  ListCard: {
    ...closed(['title', 'fields'], {
      title: string('Column shown as the card title.'),
      badge: string('Column shown as a status badge.'),
      fields: arrayOf(string(), 'Up to three more columns, the most important first.'),
    }),
    description: 'What a row shows as a card when the list is narrow (a phone, a sidebar).',
  },
  ListDefinitionResponse: {
    ...closed(
      [
        'id',
        'entity',
        'title',
        'columns',
        'defaultSort',
        'searchable',
        'filters',
        'pageSize',
        'rowActions',
        'card',
        'locales',
      ],
      {
        id: string(),
        entity: string(),
        title: ref('LocalizedText'),
        columns: arrayOf(ref('ListColumn')),
        defaultSort: closed(['field', 'direction'], {
          field: string(),
          direction: { enum: ['asc', 'desc'] },
        }),
        searchable: { type: 'boolean' },
        searchPlaceholder: ref('LocalizedText'),
        filters: arrayOf(ref('ListFilter')),
        pageSize: { type: 'integer' },
        rowActions: arrayOf(ref('RowAction')),
        createForm: string(
          'Form id for "new record" when this role may create through the list, else absent.',
        ),
        links: ref('ListLinks'),
        card: ref('ListCard'),
        locales: arrayOf(string()),
      },
    ),
    description: '`GET /api/v1/lists/:listId`',
  },
  ListPageResponse: {
    ...closed(['rows'], {
      rows: arrayOf(ref('RecordResponse')),
      nextPage: string(
        'Opaque signed cursor for the next page: send it as `page` with the same other parameters.',
      ),
      total: {
        type: 'integer',
        maximum: 5000,
        description: 'Total matching rows when cheaply known (capped at 5000 as Dataverse does).',
      },
    }),
    description:
      '`GET /api/v1/lists/:listId/records?sort=<field>&direction=asc|desc&search=<text>&filter.<field>=<value>&page=<cursor>`',
  },

  // ------------------------------------------------------------------ errors
  ErrorResponse: {
    ...closed(['error'], {
      error: closed(['code', 'status', 'message', 'requestId'], {
        code: {
          type: 'string',
          pattern: '^PORTICO_[A-Z]+_[A-Z_]+$',
          description: 'Stable code, `PORTICO_<AREA>_<NAME>`; see the catalogue.',
        },
        status: { type: 'integer' },
        message: string(),
        requestId: string(),
        fields: arrayOf(ref('FieldError')),
        current: ref('RecordResponse'),
      }),
    }),
    description:
      'Every non-2xx response. `fields` names each refused field; on 409 and 412, `current` is the record as it is now, so the widget can show what changed.',
  },

  // ------------------------------------------------------------------ operations
  HealthResponse: closed(['status'], { status: { const: 'ok' } }),
  ReadinessResponse: closed(['status', 'configVersion', 'limits'], {
    status: {
      enum: ['ready', 'degraded'],
      description:
        '`degraded`: serving, but the Redis that PORTICO_REDIS_URL names is unreachable, so rate limits and the Dataverse budget hold per instance until it returns. Still 200: every instance shares that one Redis, so a 503 would take them all out of the load balancer for an outage they ride out.',
    },
    configVersion: { type: 'integer', description: 'The version of the loaded configuration.' },
    limits: {
      enum: ['local', 'shared', 'fallback'],
      description:
        'Where rate limits and the Dataverse budget are kept: `local` (no Redis configured: this process), `shared` (Redis, across every instance), `fallback` (Redis configured but unreachable: this process for now).',
    },
  }),
  ConfigError: closed(['code', 'file', 'pointer', 'message'], {
    code: string('Stable code, `PORTICO_CONFIG_<NAME>`.'),
    file: string('Path relative to the schemas directory, e.g. `forms/case-create.json`.'),
    pointer: string('JSON pointer inside that file, e.g. `/sections/0/fields/2/field`.'),
    message: string(),
    suggestion: string('For a misspelt name: the closest valid one.'),
    line: { type: 'integer', description: '1-based line of `pointer` in the file, when known.' },
    column: { type: 'integer', description: '1-based column of `pointer` in the file, when known.' },
  }),
  ConfigStatusResponse: closed(['version', 'loadedAt', 'files'], {
    version: { type: 'integer', description: 'Configuration version, counting from 1 at start.' },
    loadedAt: { type: 'string', format: 'date-time' },
    files: arrayOf(string(), 'The files of the configuration, relative to the schemas directory.'),
    lastRefused: {
      ...closed(['at', 'errors', 'formatted'], {
        at: { type: 'string', format: 'date-time' },
        errors: arrayOf(ref('ConfigError')),
        formatted: arrayOf(string(), 'Each error as one line for people.'),
      }),
      description: 'The last change that was refused (the configuration before it keeps serving).',
    },
  }),
} as const satisfies Record<string, JsonSchema>;

/**
 * The shape of the OpenAPI document itself (`GET /api/v1/openapi.json`), so that its answer is
 * described like any other. Server-side only: no widget reads it, so no type is generated. A
 * schema inside the document is any JSON Schema, checked against the 2020-12 meta-schema.
 */
const META_SCHEMA: JsonSchema = { $ref: 'https://json-schema.org/draft/2020-12/schema' };
const mapOf = (value: JsonSchema, description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: value,
});
const orRef = (name: string): JsonSchema => ({
  anyOf: [ref(name), ref('OpenApiReference')],
});
const media = mapOf(closed(['schema'], { schema: META_SCHEMA }), 'Media type → schema.');

const documentDefinitions = {
  CustomElementsManifest: {
    type: 'object',
    description:
      'A custom-elements manifest (https://github.com/webcomponents/custom-elements-manifest): the elements, their attributes, properties, events, slots and parts.',
    required: ['schemaVersion', 'modules'],
    properties: {
      schemaVersion: string(),
      readme: string(),
      modules: arrayOf({
        type: 'object',
        required: ['kind', 'path'],
        properties: {
          kind: { const: 'javascript-module' },
          path: string(),
          declarations: arrayOf({
            type: 'object',
            required: ['kind', 'name'],
            properties: { kind: string(), name: string() },
          }),
          exports: arrayOf({
            type: 'object',
            required: ['kind', 'name'],
            properties: { kind: string(), name: string() },
          }),
        },
      }),
    },
  },
  OpenApiReference: closed(['$ref'], { $ref: string() }),
  OpenApiParameter: closed(['name', 'in', 'schema'], {
    name: string(),
    in: { enum: ['path', 'query', 'header'] },
    required: { type: 'boolean' },
    style: { const: 'form' },
    explode: { type: 'boolean' },
    description: string(),
    schema: META_SCHEMA,
  }),
  OpenApiHeader: closed(['schema'], {
    description: string(),
    required: { type: 'boolean' },
    schema: META_SCHEMA,
  }),
  OpenApiResponse: closed(['description'], {
    description: string(),
    headers: mapOf(orRef('OpenApiHeader'), 'Header name → header.'),
    content: media,
  }),
  OpenApiOperation: closed(['operationId', 'summary', 'responses'], {
    operationId: string(),
    summary: string(),
    description: string(),
    tags: arrayOf(string()),
    security: arrayOf(mapOf(arrayOf(string()), 'Security scheme → scopes.')),
    parameters: arrayOf(orRef('OpenApiParameter')),
    requestBody: closed(['content'], {
      required: { type: 'boolean' },
      description: string(),
      content: media,
    }),
    responses: mapOf(orRef('OpenApiResponse'), 'Status → response.'),
  }),
  OpenApiPathItem: closed([], {
    servers: arrayOf(closed(['url'], { url: string() })),
    get: ref('OpenApiOperation'),
    post: ref('OpenApiOperation'),
    patch: ref('OpenApiOperation'),
    delete: ref('OpenApiOperation'),
  }),
  OpenApiDocument: closed(
    ['openapi', 'info', 'servers', 'paths', 'components', 'security', 'x-error-codes'],
    {
      openapi: { const: '3.1.0' },
      info: closed(['title', 'version'], { title: string(), version: string(), description: string() }),
      servers: arrayOf(closed(['url'], { url: string() })),
      security: arrayOf(mapOf(arrayOf(string()), 'Security scheme → scopes.')),
      paths: mapOf(ref('OpenApiPathItem'), 'Path → path item.'),
      components: closed(['schemas', 'headers', 'securitySchemes'], {
        schemas: mapOf(META_SCHEMA, 'Name → JSON Schema.'),
        headers: mapOf(ref('OpenApiHeader'), 'Name → header.'),
        securitySchemes: mapOf(
          closed(['type', 'scheme'], {
            type: string(),
            scheme: string(),
            bearerFormat: string(),
            description: string(),
          }),
          'Name → security scheme.',
        ),
      }),
      'x-error-codes': mapOf(
        closed(['status', 'meaning'], { status: { type: 'integer' }, meaning: string() }),
        'The error catalogue: code → HTTP status and meaning.',
      ),
    },
  ),
} as const satisfies Record<string, JsonSchema>;

export type ApiSchemaName = keyof typeof definitions;
export type DocumentSchemaName = keyof typeof documentDefinitions;
export type SchemaName = ApiSchemaName | DocumentSchemaName;

/** The widget-facing definitions, by name: each is also a TypeScript type of the contract. */
export const API_SCHEMAS: Readonly<Record<ApiSchemaName, JsonSchema>> = definitions;
/** Every definition, by name (the contract's and the OpenAPI document's own). */
export const ALL_SCHEMAS: Readonly<Record<SchemaName, JsonSchema>> = {
  ...definitions,
  ...documentDefinitions,
};

/** Definitions as one 2020-12 schema: all of them for Ajv, the contract's for the type generator. */
export function apiSchemaBundle(which: 'all' | 'contract' = 'all'): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: API_SCHEMA_ID,
    title: 'PorticoApi',
    $defs: which === 'all' ? ALL_SCHEMAS : API_SCHEMAS,
  };
}

/** `{ $ref }` to a definition, as tables and the OpenAPI generator write it. */
export { ref as schemaRef };
