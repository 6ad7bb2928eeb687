/**
 * Preconditions on a record's state: what each action of a form requires of the record as stored,
 * from the form's own `when` and Dynamics' built-in Case state model; and the columns a version
 * token therefore has to carry.
 */
import type { ValidateFunction } from 'ajv';
import { ACTION_IDS } from '../../api/contract.js';
import type { ActionId, Condition } from '../../api/contract.js';
import type { FormFile } from '../generated/form-file.js';
import { conditionSchema } from '../values.js';
import type { ColumnInfo, EntityInfo, Precondition } from '../types.js';
import { conditionFields, toCondition } from './conditions.js';

/**
 * Dynamics' own Case state model, enforced whatever the forms declare: only an active case
 * (statecode 0) is updated, assigned, resolved or cancelled; only a resolved or cancelled one is
 * reopened (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/entities/incident).
 * An admin who forgets a `when` therefore leaves no hole. Delete has no state rule.
 */
const ACTIVE: Condition = { field: 'statecode', equals: 0 };
const BUILT_IN_STATE_RULES: Record<string, Partial<Record<ActionId, Condition>>> = {
  incident: {
    save: ACTIVE,
    assign: ACTIVE,
    resolve: ACTIVE,
    cancel: ACTIVE,
    reopen: { field: 'statecode', notEquals: 0 },
  },
};

/**
 * Every action's precondition for one form: its declared `when` and the built-in Case rule, both.
 * `compileValues` compiles the condition's schema on first use.
 */
export function preconditionsOf(
  raw: FormFile,
  entity: EntityInfo,
  compileValues: (schema: object) => ValidateFunction,
): Map<ActionId, Precondition> {
  const out = new Map<ActionId, Precondition>();
  for (const id of ACTION_IDS) {
    const declared = raw.actions?.find((a) => a.id === id)?.when;
    const parts = [declared && toCondition(declared), BUILT_IN_STATE_RULES[entity.logicalName]?.[id]]
      .filter((c): c is Condition => c !== undefined)
      // A form that declares the built-in rule itself (as the shipped case forms do) gets it once.
      .filter((c, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(c)) === i);
    const condition = parts.length > 1 ? { all: parts } : parts[0];
    let check: ValidateFunction | undefined;
    out.set(id, {
      condition,
      columns: condition ? [...new Set(conditionFields(condition))] : [],
      holds(state) {
        if (!condition) return true;
        check ??= compileValues(conditionSchema(condition));
        return check(state) === true;
      },
    });
  }
  return out;
}

/** The columns whose values a version token carries for this entity (see EntityInfo.stateColumns). */
export function stateColumnsOf(
  entity: string,
  columns: ReadonlyMap<string, ColumnInfo>,
  forms: ReadonlyArray<{ raw: FormFile }>,
): string[] {
  // A table with a state always carries it, and its status reason with it, so that a status reason
  // written through a form can be checked against the state it belongs to.
  const names = new Set<string>(['statecode', 'statuscode']);
  for (const rules of Object.values(BUILT_IN_STATE_RULES[entity] ?? {}))
    for (const name of conditionFields(rules)) names.add(name);
  for (const { raw } of forms)
    if (raw.entity === entity)
      for (const action of raw.actions ?? [])
        if (action.when) for (const name of conditionFields(toCondition(action.when))) names.add(name);
  return [...names].filter((n) => columns.has(n)).sort();
}
