/**
 * Ajv errors of a form's `values` schema → FieldError[] with JSON pointers like `/title` and stable
 * codes. Shared verbatim by the server (validateCreate/validateUpdate) and the browser validator
 * module (bundled into it), so both report exactly the same errors. No Node APIs here.
 */
import type { FieldError } from '../api/contract.js';

/** The slice of Ajv's ErrorObject this needs (kept structural so the browser bundle needs no Ajv types). */
export interface AjvErrorLike {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

export const FIELD_ERROR_CODES = {
  PORTICO_VALIDATION_REQUIRED: 'A required field is missing or empty.',
  PORTICO_VALIDATION_UNKNOWN_FIELD: 'A field this form does not accept from this role.',
  PORTICO_VALIDATION_TYPE: 'A value of the wrong type.',
  PORTICO_VALIDATION_TOO_LONG: 'Text longer than the column allows.',
  PORTICO_VALIDATION_FORMAT:
    'Not a valid email address, date, date and time, URL or id, or text that does not match the pattern its column declares (a phone number, say).',
  PORTICO_VALIDATION_OPTION: 'A value that is not one of the choice options.',
  PORTICO_VALIDATION_LOOKUP_TARGET: 'A lookup to a table the column cannot point to.',
  PORTICO_VALIDATION_RANGE: 'A number outside the allowed range.',
  PORTICO_VALIDATION_NOT_OBJECT: '`values` is not a JSON object.',
  PORTICO_VALIDATION_INVALID: 'Any other invalid value.',
} as const;

const FORMAT_WORDS: Record<string, string> = {
  email: 'Enter a valid email address.',
  date: 'Enter a date as YYYY-MM-DD.',
  'date-time': 'Enter a date and time (ISO 8601, e.g. 2025-01-31T09:30:00Z).',
  uuid: 'Not a valid record id.',
  uri: 'Enter a full URL, e.g. https://example.com.',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a record reference { id, type }',
};

function child(base: string, name: unknown): string {
  return `${base}/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function translate(e: AjvErrorLike): FieldError | undefined {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return {
        pointer: child(e.instancePath, p.missingProperty),
        code: 'PORTICO_VALIDATION_REQUIRED',
        message: 'This field is required.',
      };
    case 'not':
      // The only `not` in a values schema is the "must not be empty" rule of a required field.
      return {
        pointer: e.instancePath,
        code: 'PORTICO_VALIDATION_REQUIRED',
        message: 'This field is required.',
      };
    case 'additionalProperties':
      return {
        pointer: child(e.instancePath, p.additionalProperty),
        code: 'PORTICO_VALIDATION_UNKNOWN_FIELD',
        message: `Unknown field "${String(p.additionalProperty)}": this form does not accept it.`,
      };
    case 'type': {
      if (e.instancePath === '')
        return {
          pointer: '',
          code: 'PORTICO_VALIDATION_NOT_OBJECT',
          message: 'values must be a JSON object.',
        };
      const types = String(p.type)
        .split(',')
        .filter((t) => t !== 'null')
        .map((t) => TYPE_WORDS[t] ?? t);
      return {
        pointer: e.instancePath,
        code: 'PORTICO_VALIDATION_TYPE',
        message: `Expected ${types.join(' or ')}.`,
      };
    }
    case 'maxLength':
      return {
        pointer: e.instancePath,
        code: 'PORTICO_VALIDATION_TOO_LONG',
        message: `At most ${String(p.limit)} characters.`,
      };
    case 'format':
      return {
        pointer: e.instancePath,
        code: 'PORTICO_VALIDATION_FORMAT',
        message: FORMAT_WORDS[String(p.format)] ?? `Not a valid ${String(p.format)}.`,
      };
    case 'pattern':
      return {
        pointer: e.instancePath,
        code: 'PORTICO_VALIDATION_FORMAT',
        message: 'This is not in the form this field takes; check for letters or signs it does not allow.',
      };
    case 'enum':
      if (e.instancePath.endsWith('/type') && e.schemaPath.includes('/properties/type/'))
        return {
          pointer: e.instancePath.slice(0, -'/type'.length),
          code: 'PORTICO_VALIDATION_LOOKUP_TARGET',
          message: `Must refer to one of: ${((p.allowedValues as unknown[]) ?? []).join(', ')}.`,
        };
      return {
        pointer: e.instancePath,
        code: 'PORTICO_VALIDATION_OPTION',
        message: 'Choose one of the offered options.',
      };
    case 'minimum':
    case 'maximum':
      return {
        pointer: e.instancePath,
        code: 'PORTICO_VALIDATION_RANGE',
        message: `Must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}.`,
      };
    case 'if':
    case 'allOf':
    case 'anyOf':
      return undefined;
    default:
      return {
        pointer: e.instancePath,
        code: 'PORTICO_VALIDATION_INVALID',
        message: 'This value is not valid.',
      };
  }
}

/** One error per field (a missing/empty required field wins over other problems of that field). */
export function toFieldErrors(errors: readonly AjvErrorLike[] | null | undefined): FieldError[] {
  const byPointer = new Map<string, FieldError>();
  for (const e of errors ?? []) {
    const fe = translate(e);
    if (!fe) continue;
    // Errors inside a lookup value (e.g. `/customerid/id`) belong to the field itself.
    const top = fe.pointer === '' ? '' : `/${fe.pointer.split('/')[1] ?? ''}`;
    const normalised = { ...fe, pointer: top };
    const existing = byPointer.get(top);
    if (
      !existing ||
      (fe.code === 'PORTICO_VALIDATION_REQUIRED' && existing.code !== 'PORTICO_VALIDATION_REQUIRED')
    )
      byPointer.set(top, normalised);
  }
  return [...byPointer.values()];
}
