/**
 * Conditions (a field's `visibleWhen`/`requiredWhen`, an action's `when`): exactly one operator,
 * a column the condition may test, and values of that column's type.
 */
import { didYouMean } from '../../shared/did-you-mean.js';
import { CHOICE_TYPES, LOOKUP_TYPES } from '../compile/columns.js';
import type { ColumnSchema } from '../generated/entity-file.js';
import type { FormCondition } from '../generated/form-file.js';
import type { Report } from './context.js';

/** `onForm`: the columns the condition may test; `where` names them in the message. */
export function checkCondition(
  err: Report,
  file: string,
  at: string,
  c: FormCondition,
  onForm: Map<string, ColumnSchema>,
  where = 'on this form',
): void {
  const ops = (['equals', 'notEquals', 'in', 'empty', 'all', 'any', 'not'] as const).filter((k) => k in c);
  if (ops.length !== 1) {
    err(
      'PORTICO_CONFIG_INVALID_CONDITION',
      file,
      at,
      ops.length === 0
        ? 'condition has no operator; expected exactly one of equals, notEquals, in, empty, all, any, not'
        : `condition has ${ops.join(' and ')}; expected exactly one operator (combine with all/any)`,
    );
    return;
  }
  const op = ops[0] as (typeof ops)[number];
  if (op === 'all' || op === 'any') {
    (c[op] ?? []).forEach((sub, i) => checkCondition(err, file, `${at}/${op}/${i}`, sub, onForm, where));
    if (c.field !== undefined)
      err(
        'PORTICO_CONFIG_INVALID_CONDITION',
        file,
        `${at}/field`,
        `"field" is not used with "${op}"; expected it inside each sub-condition`,
      );
    return;
  }
  if (op === 'not') {
    if (c.not) checkCondition(err, file, `${at}/not`, c.not, onForm, where);
    return;
  }
  if (c.field === undefined) {
    err('PORTICO_CONFIG_INVALID_CONDITION', file, at, `"${op}" needs "field": the column it tests`);
    return;
  }
  const col = onForm.get(c.field);
  if (!col) {
    err(
      'PORTICO_CONFIG_CONDITION_FIELD_NOT_ON_FORM',
      file,
      `${at}/field`,
      `condition tests "${c.field}", which is not ${where}; expected one of: ${[...onForm.keys()].join(', ')}`,
      didYouMean(c.field, onForm.keys()),
    );
    return;
  }
  if (op === 'empty') return;
  checkConditionValues(err, file, at, op, c, col);
}

/** The values compared with the column: option values for a choice, the JSON type otherwise. */
function checkConditionValues(
  err: Report,
  file: string,
  at: string,
  op: 'equals' | 'notEquals' | 'in',
  c: FormCondition,
  col: ColumnSchema,
): void {
  const values = op === 'in' ? (c.in ?? []) : [op === 'equals' ? c.equals : c.notEquals];
  const dv = col['x-dataverse'];
  values.forEach((v, i) => {
    const vAt = op === 'in' ? `${at}/in/${i}` : `${at}/${op}`;
    if (v === null) return;
    if (CHOICE_TYPES.has(dv.type)) {
      if (typeof v !== 'number')
        err(
          'PORTICO_CONFIG_CONDITION_VALUE_TYPE',
          file,
          vAt,
          `"${c.field}" is a choice column; expected an option value (a number), found ${JSON.stringify(v)}`,
        );
      else if (!(dv.options ?? []).some((o) => o.value === v))
        err(
          'PORTICO_CONFIG_UNKNOWN_OPTION',
          file,
          vAt,
          `${v} is not an option of "${c.field}"; expected one of: ${(dv.options ?? []).map((o) => `${o.value} (${o.label.en})`).join(', ')}`,
        );
    } else {
      const expected =
        dv.type === 'Boolean'
          ? 'boolean'
          : ['Integer', 'Decimal', 'Money'].includes(dv.type)
            ? 'number'
            : LOOKUP_TYPES.has(dv.type)
              ? 'none'
              : 'string';
      if (expected === 'none')
        err(
          'PORTICO_CONFIG_CONDITION_VALUE_TYPE',
          file,
          vAt,
          `"${c.field}" is a lookup; expected the "empty" operator`,
        );
      else if (typeof v !== expected)
        err(
          'PORTICO_CONFIG_CONDITION_VALUE_TYPE',
          file,
          vAt,
          `"${c.field}" is ${dv.type}; expected a ${expected}, found ${JSON.stringify(v)}`,
        );
    }
  });
}
