/**
 * Record state in the user's words: why an action is refused in the record's current state, and
 * which status reasons a write may set. The preconditions themselves are data (each form action's
 * `when`, plus Dynamics' Case state model) compiled into `RoleForm.preconditions`; this module only
 * words the refusal. Messages never name Dynamics or a column's logical name: the user sees labels.
 */
import type { ActionId, FieldError } from '../../api/contract.js';
import type { EntityInfo } from '../../config/types.js';
import { PorticoError } from '../errors.js';

const PAST_TENSE: Record<ActionId, string> = {
  save: 'changed',
  delete: 'deleted',
  assign: 'assigned',
  resolve: 'resolved',
  cancel: 'cancelled',
  reopen: 'reopened',
};

/** A column's value as its label would show it: the option label for choices, else the value. */
function shown(entity: EntityInfo, column: string, value: unknown): string {
  const info = entity.columns.get(column);
  const option = info?.options?.find((o) => o.value === value);
  if (option) return option.label.en;
  if (value === null || value === undefined || value === '') return 'empty';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

/**
 * Why `action` cannot run on a record in `state`. Cases get Dynamics' own vocabulary (open,
 * resolved, cancelled) and the way out when the user has one; other tables name the state column
 * the admin's precondition tests, by its label and current value.
 */
export function stateMessage(
  entity: EntityInfo,
  action: ActionId,
  state: Readonly<Record<string, unknown>>,
  canReopen: boolean,
  tested: readonly string[],
): string {
  if (entity.logicalName === 'incident') {
    const statecode = state.statecode;
    if (action === 'reopen' && statecode === 0) return 'This case is already open.';
    if (statecode === 1 || statecode === 2) {
      const now = statecode === 1 ? 'resolved' : 'cancelled';
      if ((action === 'resolve' && statecode === 1) || (action === 'cancel' && statecode === 2))
        return `This case is already ${now}.`;
      return canReopen && action !== 'reopen'
        ? `This case is ${now}. Reopen it first.`
        : `This case is ${now}, so it cannot be ${PAST_TENSE[action]}.`;
    }
  }
  const noun = entity.label.en.toLowerCase();
  const column = tested.find((c) => c in state) ?? 'statecode';
  const label = entity.columns.get(column)?.label.en ?? 'status';
  return `This ${noun} cannot be ${PAST_TENSE[action]} while its ${label.toLowerCase()} is ${shown(entity, column, state[column])}.`;
}

/**
 * Field errors for a write that sets the state or a status reason outside the record's state. The
 * state changes only through actions (resolve, cancel, reopen), as in Dynamics; a status reason
 * belongs to one state (its option's `state`). `statecode` is the state the record is in: the
 * version token's for an update, 0 (active) for a create.
 */
export function stateFieldErrors(
  entity: EntityInfo,
  values: Readonly<Record<string, unknown>>,
  statecode: unknown,
): FieldError[] {
  const errors: FieldError[] = [];
  const noun = entity.label.en.toLowerCase();
  if ('statecode' in values && entity.columns.has('statecode')) {
    errors.push({
      pointer: '/statecode',
      code: 'state',
      message: `The ${entity.columns.get('statecode')?.label.en.toLowerCase() ?? 'status'} of a ${noun} changes through its actions, not by saving.`,
    });
  }
  const status = values.statuscode;
  const option = entity.columns.get('statuscode')?.options?.find((o) => o.value === status);
  if (option?.state !== undefined && option.state !== statecode) {
    errors.push({
      pointer: '/statuscode',
      code: 'state',
      message: `"${option.label.en}" applies to a ${noun} that is ${shown(entity, 'statecode', option.state).toLowerCase()}; this one is ${shown(entity, 'statecode', statecode).toLowerCase()}.`,
    });
  }
  return errors;
}

/** The 409 for an action the record's state does not allow. */
export function stateRefused(
  message: string,
  extras: ConstructorParameters<typeof PorticoError>[2],
): PorticoError {
  return new PorticoError('PORTICO_RECORD_STATE', message, extras);
}
