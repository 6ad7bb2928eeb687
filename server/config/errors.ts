/**
 * The catalogue of configuration error codes and the one-line formatter. The did-you-mean that
 * fills `suggestion` is the repository's shared one (`server/shared/did-you-mean.ts`).
 * Codes are stable: documented in schemas/README.md, never reused for another meaning.
 */
import type { ConfigError } from './types.js';

export const CONFIG_ERROR_CODES = {
  PORTICO_CONFIG_MISSING_FILE: 'A required file or folder (access.json, entities/) is missing.',
  PORTICO_CONFIG_UNREADABLE: 'A file or folder exists but cannot be read.',
  PORTICO_CONFIG_FILE_TOO_LARGE: 'A configuration file is larger than 1 MiB (a language file: 32 KiB).',
  PORTICO_CONFIG_UNEXPECTED_FILE: 'A file in a configuration folder does not follow the naming rule.',
  PORTICO_CONFIG_INVALID_JSON: 'The file is not valid JSON (the message gives line and column).',
  PORTICO_CONFIG_UNKNOWN_PROPERTY: 'A property the meta-schema does not allow (often a typo).',
  PORTICO_CONFIG_MISSING_PROPERTY: 'A required property is missing.',
  PORTICO_CONFIG_WRONG_TYPE: 'A value has the wrong JSON type.',
  PORTICO_CONFIG_INVALID_VALUE:
    'A value is outside what the meta-schema allows (enum, pattern, range, length).',
  PORTICO_CONFIG_ID_MISMATCH: 'The id (or logical name) differs from the file name.',
  PORTICO_CONFIG_DUPLICATE_ID:
    'Two things share one id: files, sections, actions, list columns, permissions.',
  PORTICO_CONFIG_DUPLICATE_FIELD: 'A form shows the same column twice.',
  PORTICO_CONFIG_UNKNOWN_ENTITY: 'An entity without a schema in entities/.',
  PORTICO_CONFIG_UNKNOWN_COLUMN: 'A column the entity schema does not have.',
  PORTICO_CONFIG_UNKNOWN_FORM: 'A form id without a file in forms/.',
  PORTICO_CONFIG_UNKNOWN_ROLE: 'A form or list names a role that access.json does not define.',
  PORTICO_CONFIG_UNKNOWN_OPTION: 'An option value that is not in the column’s option set.',
  PORTICO_CONFIG_OPTION_MISMATCH: 'An entity column’s `enum` differs from its x-dataverse options.',
  PORTICO_CONFIG_TYPE_MISMATCH: 'An entity column’s JSON Schema does not fit its Dataverse type.',
  PORTICO_CONFIG_MISSING_MAX_LENGTH: 'A text column without maxLength (every string must be bounded).',
  PORTICO_CONFIG_SCHEMA_COMPILE: 'An entity schema is not a valid JSON Schema 2020-12 under Ajv strict mode.',
  PORTICO_CONFIG_NOT_IN_LIST:
    'A list sorts, searches or shows on its card a column that is not one of its columns.',
  PORTICO_CONFIG_NOT_SEARCHABLE: 'A list searches a column that is not text.',
  PORTICO_CONFIG_NOT_FILTERABLE: 'A list filters by a column that is not a choice or yes/no column.',
  PORTICO_CONFIG_FORM_ENTITY_MISMATCH: 'A list opens a form of another entity.',
  PORTICO_CONFIG_FORM_MODE_MISMATCH: 'A list opens a form that lacks the needed mode (create, or edit/view).',
  PORTICO_CONFIG_ACTION_NOT_APPLICABLE:
    'An action that cannot apply here (resolve/cancel/reopen outside incident, save on a view form, …).',
  PORTICO_CONFIG_ACTION_NOT_ON_FORM: 'A list row action performed through a form that does not offer it.',
  PORTICO_CONFIG_PRIVILEGE_NOT_APPLICABLE:
    'A privilege that cannot apply to the entity (resolve/cancel/reopen outside incident).',
  PORTICO_CONFIG_SELF_SCOPE_NOT_CONTACT: 'Scope `self` on an entity other than contact.',
  PORTICO_CONFIG_INVALID_VIA:
    '`via` missing, not allowed, or not a lookup that targets contact/account as the scope needs.',
  PORTICO_CONFIG_SCOPE_STEP_TABLE:
    'A scope path step through a lookup that may lead to several tables names none, or one it cannot lead to.',
  PORTICO_CONFIG_SCOPE_CYCLE: 'A scope path returns to a table it has already passed.',
  PORTICO_CONFIG_ASSIGN_WITHOUT_OWNERS: 'A role may assign but lists no team or user to assign to.',
  PORTICO_CONFIG_INVALID_DEFAULT_OWNER:
    'A `defaultOwner` on a permission without create, on an entity without an owner column, or outside the role’s assignTo teams.',
  PORTICO_CONFIG_INVALID_CONDITION:
    'A visibleWhen/requiredWhen condition without exactly one operator, or without `field`.',
  PORTICO_CONFIG_CONDITION_FIELD_NOT_ON_FORM: 'A condition refers to a field that is not on the form.',
  PORTICO_CONFIG_CONDITION_VALUE_TYPE: 'A condition compares a field with a value of another type.',
  PORTICO_CONFIG_REQUIRED_READ_ONLY: 'A form field is both required and read-only.',
  PORTICO_CONFIG_WIDGET_NOT_APPLICABLE: 'A widget/display hint that does not fit the column type.',
  PORTICO_CONFIG_TIMELINE_NOT_APPLICABLE:
    'A notes timeline on a form that cannot show one (not incident, or create-only).',
  PORTICO_CONFIG_ATTACHMENT_TOO_LARGE:
    "An attachment size limit above what Dynamics accepts (the organisation's maxuploadfilesize, in Base64).",
  PORTICO_CONFIG_ATTACHMENT_BLOCKED: "An allowed attachment extension on Dynamics' blocked list.",
  PORTICO_CONFIG_ATTACHMENT_TYPE_MISMATCH: 'An allowed attachment extension that its content type never has.',
  PORTICO_CONFIG_MISSING_MESSAGE:
    'A warning, not an error: a language file lacks a widget message, which the widgets then show in English.',
} as const;
export type ConfigErrorCode = keyof typeof CONFIG_ERROR_CODES;

export function configError(
  code: ConfigErrorCode,
  file: string,
  pointer: string,
  message: string,
  suggestion?: string,
): ConfigError {
  return suggestion === undefined
    ? { code, file, pointer, message }
    : { code, file, pointer, message, suggestion };
}

/** Escape one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}

/** One readable line: `file pointer: message — did you mean "x"? [CODE]`. */
export function formatConfigError(error: ConfigError): string {
  const at = error.line !== undefined ? `:${error.line}:${error.column ?? 1}` : '';
  const where = error.pointer ? `${error.file}${at} ${error.pointer}` : `${error.file}${at}`;
  const hint = error.suggestion !== undefined ? ` — did you mean "${error.suggestion}"?` : '';
  return `${where}: ${error.message}${hint} [${error.code}]`;
}

/** Sorted for stable output: by file, then pointer, then code. */
export function sortErrors(errors: ConfigError[]): ConfigError[] {
  return [...errors].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.pointer.localeCompare(b.pointer) || a.code.localeCompare(b.code),
  );
}
