/**
 * JSON Schemas of a form's `values` for one role: only writable fields, additionalProperties false,
 * lookups as `{ id, type }` with `type` among the column's targets, requirements (static and
 * `requiredWhen`) as if/then that respects `visibleWhen`. Create: required fields must be present
 * and non-empty. Update: partial, but a required field that is sent may not be null or ''.
 */
import type { Condition } from '../api/contract.js';
import type { ColumnInfo } from './types.js';

export interface ValueField {
  column: ColumnInfo;
  /** Required whenever visible (entity requiredLevel or form `required`). */
  required: boolean;
  requiredWhen?: Condition;
  visibleWhen?: Condition;
}

type Schema = Record<string, unknown>;

/** "Not empty": not null, not ''. An absent field is handled by `required`. */
const NON_EMPTY: Schema = { not: { enum: [null, ''] } };

function formatted(base: Schema, format?: string, pattern?: string): Schema {
  // '' means "no value" for an optional text field, so the format applies to non-empty text only.
  const then: Schema = format ? { format } : {};
  if (pattern !== undefined) then.pattern = pattern;
  return { ...base, if: { type: 'string', minLength: 1 }, then };
}

export function columnValueSchema(col: ColumnInfo): Schema {
  switch (col.type) {
    case 'String':
    case 'Memo': {
      const base: Schema = { type: ['string', 'null'], maxLength: col.maxLength ?? 4000 };
      const format = col.format === 'email' || col.format === 'uri' ? col.format : undefined;
      return format || col.pattern !== undefined ? formatted(base, format, col.pattern) : base;
    }
    case 'Integer':
    case 'Decimal':
    case 'Money': {
      const s: Schema = { type: [col.type === 'Integer' ? 'integer' : 'number', 'null'] };
      if (col.minimum !== undefined) s.minimum = col.minimum;
      if (col.maximum !== undefined) s.maximum = col.maximum;
      return s;
    }
    case 'Boolean':
      return { type: ['boolean', 'null'] };
    case 'DateTime':
      return formatted(
        { type: ['string', 'null'], maxLength: col.dateOnly ? 10 : 40 },
        col.dateOnly ? 'date' : 'date-time',
      );
    case 'Picklist':
    case 'State':
    case 'Status':
      return { enum: [...(col.options ?? []).map((o) => o.value), null] };
    case 'Lookup':
    case 'Customer':
    case 'Owner':
      return {
        type: ['object', 'null'],
        additionalProperties: false,
        required: ['id', 'type'],
        properties: {
          id: { type: 'string', maxLength: 36, format: 'uuid' },
          type: { enum: Object.keys(col.targets ?? {}) },
          // Read-only display name; accepted so a widget may send back what it read, never forwarded.
          name: { type: 'string', maxLength: 400 },
        },
      };
    case 'Uniqueidentifier':
      return formatted({ type: ['string', 'null'], maxLength: 36 }, 'uuid');
  }
}

/** A condition over `values` as a JSON Schema (strict equality; empty = null, absent or ''). */
export function conditionSchema(c: Condition): Schema {
  if ('all' in c) return { allOf: c.all.map(conditionSchema) };
  if ('any' in c) return { anyOf: c.any.map(conditionSchema) };
  if ('not' in c) return { not: conditionSchema(c.not) };
  const f = c.field;
  if ('equals' in c) return { type: 'object', required: [f], properties: { [f]: { const: c.equals } } };
  if ('notEquals' in c)
    return { not: { type: 'object', required: [f], properties: { [f]: { const: c.notEquals } } } };
  if ('in' in c) return { type: 'object', required: [f], properties: { [f]: { enum: c.in } } };
  return c.empty
    ? { type: 'object', properties: { [f]: { enum: [null, ''] } } }
    : { type: 'object', required: [f], properties: { [f]: NON_EMPTY } };
}

function when(visible: Condition | undefined, required: Condition | undefined): Schema | undefined {
  const parts = [visible, required].filter((c): c is Condition => c !== undefined).map(conditionSchema);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { allOf: parts };
}

export function valuesSchema(
  fields: readonly ValueField[],
  mode: 'create' | 'update',
  title: string,
): Schema {
  const properties: Schema = {};
  const required: string[] = [];
  const rules: Schema[] = [];
  for (const f of fields) {
    const name = f.column.name;
    const base = columnValueSchema(f.column);
    const needs = f.required || f.requiredWhen !== undefined;
    if (!needs) {
      properties[name] = base;
      continue;
    }
    const condition = when(f.visibleWhen, f.required ? undefined : f.requiredWhen);
    if (condition === undefined) {
      // Always required: create needs it present and non-empty; update may omit it but not empty it.
      properties[name] = { ...base, ...NON_EMPTY };
      if (mode === 'create') required.push(name);
      continue;
    }
    properties[name] = base;
    const then: Schema =
      mode === 'create'
        ? { type: 'object', required: [name], properties: { [name]: NON_EMPTY } }
        : { type: 'object', properties: { [name]: NON_EMPTY } };
    rules.push({ if: condition, then });
  }
  const schema: Schema = { title, type: 'object', additionalProperties: false, properties };
  if (required.length > 0) schema.required = required;
  if (rules.length > 0) schema.allOf = rules;
  return schema;
}
