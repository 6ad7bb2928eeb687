/**
 * The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. Schemas mirror
 * server/api/contract.ts; error codes come from the catalogue, so the document cannot drift from
 * what the server returns.
 */
import { ACTION_IDS, FIELD_KINDS, IDEMPOTENCY_KEY_HEADER } from '../api/contract.js';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency.js';
import { ERROR_CATALOGUE } from './errors.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): Json => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...statuses: number[]): Json =>
  Object.fromEntries(
    statuses.map((status) => {
      const codes = Object.entries(ERROR_CATALOGUE)
        .filter(([, spec]) => spec.status === status)
        .map(([code]) => code);
      return [String(status), json(ref('ErrorResponse'), `Error. Codes: ${codes.join(', ')}.`)];
    }),
  );
const path = (name: string, description: string): Json => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const ifMatch: Json = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'The `etag` of the last read of this record (a server-signed version token).',
  schema: { type: 'string' },
};
const common = [401, 403, 404, 429, 500, 502, 503, 504];
const writes = [400, 401, 403, 404, 412, 413, 415, 422, 428, 429, 500, 502, 503, 504];

const localized: Json = {
  type: 'object',
  required: ['en'],
  properties: { en: { type: 'string' } },
  additionalProperties: { type: 'string' },
};
const lookup: Json = {
  type: 'object',
  required: ['id', 'type'],
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid' }, type: { type: 'string' }, name: { type: 'string' } },
};

export function openApiDocument(origin: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Portico API',
      version: '1.0.0',
      description:
        'Forms and lists over Dynamics 365 Contact and Case records for external users. Every request needs `Authorization: Bearer <host-site token>` except the health, OpenAPI and validator-module endpoints. Scope is enforced by the server: a record outside your scope is 404, exactly like one that does not exist.',
    },
    servers: [{ url: `${origin}/api/v1` }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        LocalizedText: localized,
        LookupValue: lookup,
        FieldValue: {
          oneOf: [
            { type: 'string' },
            { type: 'number' },
            { type: 'boolean' },
            { type: 'null' },
            ref('LookupValue'),
          ],
        },
        RecordValues: { type: 'object', additionalProperties: ref('FieldValue') },
        FieldError: {
          type: 'object',
          required: ['pointer', 'code', 'message'],
          properties: { pointer: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
        },
        RecordResponse: {
          type: 'object',
          required: ['id', 'etag', 'values', 'formatted'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            etag: { type: 'string', description: 'Opaque signed version token; send it back in If-Match.' },
            values: ref('RecordValues'),
            formatted: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        WriteRequest: {
          type: 'object',
          required: ['values'],
          additionalProperties: false,
          properties: { values: ref('RecordValues') },
        },
        AssignRequest: {
          type: 'object',
          required: ['owner'],
          additionalProperties: false,
          properties: {
            owner: {
              type: 'object',
              required: ['id', 'type'],
              additionalProperties: false,
              properties: { id: { type: 'string', format: 'uuid' }, type: { enum: ['systemuser', 'team'] } },
            },
          },
        },
        ResolveRequest: {
          type: 'object',
          required: ['resolution'],
          additionalProperties: false,
          properties: { resolution: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        EmptyRequest: { type: 'object', additionalProperties: false },
        FieldDefinition: {
          type: 'object',
          required: ['name', 'kind', 'label', 'required', 'readOnly'],
          properties: {
            name: { type: 'string' },
            kind: { enum: [...FIELD_KINDS] },
            label: ref('LocalizedText'),
            help: ref('LocalizedText'),
            placeholder: ref('LocalizedText'),
            required: { type: 'boolean' },
            readOnly: { type: 'boolean' },
            maxLength: { type: 'integer' },
            minimum: { type: 'number' },
            maximum: { type: 'number' },
            options: {
              type: 'array',
              items: { type: 'object', properties: { value: {}, label: ref('LocalizedText') } },
            },
            display: { enum: ['select', 'radios'] },
            targets: { type: 'array', items: { type: 'string' } },
            visibleWhen: { type: 'object' },
            requiredWhen: { type: 'object' },
          },
        },
        FormDefinitionResponse: {
          type: 'object',
          required: ['id', 'entity', 'modes', 'title', 'sections', 'actions', 'validator', 'locales'],
          properties: {
            id: { type: 'string' },
            entity: { type: 'string' },
            modes: { type: 'array', items: { enum: ['create', 'edit', 'view'] } },
            title: ref('LocalizedText'),
            sections: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'fields'],
                properties: {
                  id: { type: 'string' },
                  label: ref('LocalizedText'),
                  fields: { type: 'array', items: ref('FieldDefinition') },
                },
              },
            },
            actions: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { enum: [...ACTION_IDS] },
                  label: ref('LocalizedText'),
                  confirm: ref('LocalizedText'),
                },
              },
            },
            onSuccess: { type: 'object' },
            validator: {
              type: 'string',
              format: 'uri',
              description: 'URL of the ES module that validates create values for this role.',
            },
            locales: { type: 'array', items: { type: 'string' } },
          },
        },
        ListDefinitionResponse: {
          type: 'object',
          required: [
            'id',
            'entity',
            'title',
            'columns',
            'defaultSort',
            'searchable',
            'filters',
            'pageSize',
            'rowActions',
            'locales',
          ],
          properties: {
            id: { type: 'string' },
            entity: { type: 'string' },
            title: ref('LocalizedText'),
            columns: { type: 'array', items: { type: 'object' } },
            defaultSort: {
              type: 'object',
              properties: { field: { type: 'string' }, direction: { enum: ['asc', 'desc'] } },
            },
            searchable: { type: 'boolean' },
            searchPlaceholder: ref('LocalizedText'),
            filters: { type: 'array', items: { type: 'object' } },
            pageSize: { type: 'integer' },
            rowActions: { type: 'array', items: { type: 'object' } },
            createForm: { type: 'string' },
            locales: { type: 'array', items: { type: 'string' } },
          },
        },
        ListPageResponse: {
          type: 'object',
          required: ['rows'],
          properties: {
            rows: { type: 'array', items: ref('RecordResponse') },
            nextPage: {
              type: 'string',
              description: 'Opaque signed cursor for the next page (same query only).',
            },
            total: { type: 'integer', maximum: 5000 },
          },
        },
        OwnersResponse: {
          type: 'object',
          required: ['value'],
          properties: {
            value: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'type', 'name'],
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  type: { enum: ['systemuser', 'team'] },
                  name: { type: 'string' },
                },
              },
            },
          },
        },
        ErrorResponse: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'status', 'message', 'requestId'],
              properties: {
                code: { enum: Object.keys(ERROR_CATALOGUE) },
                status: { type: 'integer' },
                message: { type: 'string' },
                requestId: { type: 'string' },
                fields: { type: 'array', items: ref('FieldError') },
                current: ref('RecordResponse'),
              },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    'x-error-codes': Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, spec]) => [code, spec])),
    paths: {
      '/forms/{formId}': {
        get: {
          summary: "A form as the caller's role sees it (fields the role may not see are absent).",
          parameters: [path('formId', 'Form id (file name in schemas/forms).')],
          responses: { '200': json(ref('FormDefinitionResponse'), 'The form.'), ...errors(...common) },
        },
      },
      '/forms/{formId}/validator.js': {
        get: {
          summary: "The form's precompiled validator (an ES module, no eval).",
          security: [],
          parameters: [
            path('formId', 'Form id.'),
            { name: 'role', in: 'query', required: true, schema: { type: 'string' } },
            {
              name: 'v',
              in: 'query',
              required: false,
              schema: { type: 'string' },
              description: 'Configuration version (cache key).',
            },
          ],
          responses: {
            '200': {
              description: 'The module.',
              content: { 'text/javascript': { schema: { type: 'string' } } },
            },
            '304': { description: 'Not modified (ETag).' },
            ...errors(404),
          },
        },
      },
      '/forms/{formId}/owners': {
        get: {
          summary: 'Owners this role may assign records of this form to.',
          parameters: [
            path('formId', 'Form id.'),
            { name: 'search', in: 'query', schema: { type: 'string', maxLength: 100 } },
          ],
          responses: { '200': json(ref('OwnersResponse'), 'Owners.'), ...errors(400, ...common) },
        },
      },
      '/forms/{formId}/records': {
        post: {
          summary: 'Create a record through a create form. Scope lookups are stamped by the server.',
          parameters: [
            path('formId', 'Form id.'),
            {
              name: IDEMPOTENCY_KEY_HEADER,
              in: 'header',
              required: false,
              description:
                'One key per draft. Sending it again (a retry after a lost answer) returns the record the first send created instead of a duplicate; the repeat body is not applied. Per user and form. Malformed: 400 PORTICO_IDEMPOTENCY_KEY_INVALID.',
              schema: {
                type: 'string',
                minLength: 16,
                maxLength: 128,
                pattern: IDEMPOTENCY_KEY_PATTERN.source,
              },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('WriteRequest') } } },
          responses: { '201': json(ref('RecordResponse'), 'Created.'), ...errors(...writes) },
        },
      },
      '/forms/{formId}/records/{id}': {
        get: {
          summary: 'Read a record through an edit or view form.',
          parameters: [path('formId', 'Form id.'), path('id', 'Record id (GUID).')],
          responses: { '200': json(ref('RecordResponse'), 'The record.'), ...errors(...common) },
        },
        patch: {
          summary: 'Update the given fields. 412 PORTICO_RECORD_CONFLICT carries `current`.',
          parameters: [path('formId', 'Form id.'), path('id', 'Record id (GUID).'), ifMatch],
          requestBody: { required: true, content: { 'application/json': { schema: ref('WriteRequest') } } },
          responses: { '200': json(ref('RecordResponse'), 'Updated record.'), ...errors(...writes) },
        },
        delete: {
          summary: 'Delete a record (the form must offer delete).',
          parameters: [path('formId', 'Form id.'), path('id', 'Record id (GUID).'), ifMatch],
          responses: { '204': { description: 'Deleted.' }, ...errors(...writes) },
        },
      },
      '/forms/{formId}/records/{id}/actions/{action}': {
        post: {
          summary: 'assign (body AssignRequest), resolve (ResolveRequest), cancel or reopen ({}).',
          parameters: [
            path('formId', 'Form id.'),
            path('id', 'Record id (GUID).'),
            {
              name: 'action',
              in: 'path',
              required: true,
              schema: { enum: ['assign', 'resolve', 'cancel', 'reopen'] },
            },
            ifMatch,
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { oneOf: [ref('AssignRequest'), ref('ResolveRequest'), ref('EmptyRequest')] },
              },
            },
          },
          responses: {
            '200': json(ref('RecordResponse'), 'The record after the action.'),
            ...errors(409, ...writes),
          },
        },
      },
      '/lists/{listId}': {
        get: {
          summary: "A list as the caller's role sees it.",
          parameters: [path('listId', 'List id (file name in schemas/lists).')],
          responses: { '200': json(ref('ListDefinitionResponse'), 'The list.'), ...errors(...common) },
        },
      },
      '/lists/{listId}/records': {
        get: {
          summary: 'One page of records in scope. Every parameter is checked against the list definition.',
          parameters: [
            path('listId', 'List id.'),
            {
              name: 'sort',
              in: 'query',
              schema: { type: 'string' },
              description: "One of the list's sortable fields.",
            },
            { name: 'direction', in: 'query', schema: { enum: ['asc', 'desc'] } },
            {
              name: 'search',
              in: 'query',
              schema: { type: 'string', maxLength: 100 },
              description: "Matched with contains() on the list's search columns; wildcards are literal.",
            },
            {
              name: 'page',
              in: 'query',
              schema: { type: 'string' },
              description: '`nextPage` of the previous response, with the same other parameters.',
            },
            {
              name: 'filter.{field}',
              in: 'query',
              schema: { type: 'string' },
              description: 'One or more values per filterable field (repeat the parameter to OR values).',
            },
          ],
          responses: { '200': json(ref('ListPageResponse'), 'A page.'), ...errors(400, ...common) },
        },
      },
      '/admin/config-status': {
        get: {
          summary:
            'Configuration status (files, version, last reload, last refused change). Needs PORTICO_ADMIN_TOKEN; 404 when unset.',
          responses: { '200': json({ type: 'object' }, 'Status.'), ...errors(401, 404) },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document.',
          security: [],
          responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1.') },
        },
      },
    },
  };
}
