/**
 * Dataverse answers → Portico errors. Nothing of the upstream answer reaches the client except
 * what is mapped here on purpose: no upstream URL, no platform message text, no trace. The
 * original is kept as the error's `cause` for the server log, under the request id.
 *
 * Messages are for the external user, who does not know Dynamics exists: they never name it, nor
 * a column's logical name (fields are named by their label), and say what the user can do.
 * Codes: https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes
 */
import type { FieldError } from '../api/contract.js';
import type { EntityInfo } from '../config/types.js';
import { PorticoError } from './errors.js';
import { UpstreamError, dataverseError } from '../dataverse/client.js';
import type { UpstreamResponse } from '../dataverse/client.js';

export interface FailureContext {
  /** Column names the request sent, so a column named in an upstream message can become a field error. */
  sentFields?: readonly string[];
  /** The table written, so messages can use its and its columns' labels. */
  entity?: EntityInfo;
}

/** Platform codes whose message names the offending column, with the pattern that finds it. */
const FIELD_CODES: Record<string, { pattern: RegExp; code: string; message: string }> = {
  '0x80044331': {
    pattern: /'([a-z0-9_]+)' attribute/i,
    code: 'maxLength',
    message: 'This is longer than this field allows.',
  },
  '0x8004431a': {
    pattern: /of '([a-z0-9_]+)'/i,
    code: 'enum',
    message: 'This option is not available for this field.',
  },
  '0x80048d19': {
    pattern: /property '([a-z0-9_]+)'/i,
    code: 'invalid',
    message: 'This value is not accepted for this field.',
  },
};

/**
 * Business rules on a record's state, refused upstream although Portico's own preconditions let the
 * request through (a rule of the organisation's, or a state that changed in between): each said in
 * the user's words. `{noun}` is the table's label.
 */
const STATE_CODES: Record<string, string> = {
  // CaseAlreadyResolved
  '0x800404cf': 'This case is already resolved.',
  // open activities on the case (organisations that require them closed first)
  '0x8004440a': 'This case still has open tasks, so it cannot be resolved yet.',
  // active child cases
  '0x8003f452': 'This case has open child cases, so it cannot be resolved yet.',
  // CaseStateChangeInvalid
  '0x80060740':
    'This case cannot move to that status from the one it has now. Reload it to see where it stands.',
  // a status reason that does not belong to the state
  '0x80043af9':
    "That status reason does not fit this {noun}'s current status. Reload it to see where it stands.",
};

/** The one answer for a record that does not exist and one the user may not see: they look alike. */
export function notFoundRecord(cause?: unknown): PorticoError {
  return new PorticoError(
    'PORTICO_RECORD_NOT_FOUND',
    'Record not found: no record with this id is visible to you.',
    cause === undefined ? undefined : { cause },
  );
}

export function upstreamFailure(res: UpstreamResponse, context: FailureContext): PorticoError {
  const detail = dataverseError(res.body);
  const code = (detail?.code ?? '').toLowerCase();
  const cause = { status: res.status, code: detail?.code, message: detail?.message };
  const noun = context.entity?.label.en.toLowerCase() ?? 'record';
  if (res.status === 404) return notFoundRecord(cause);
  if (res.status === 412) {
    return new PorticoError(
      'PORTICO_RECORD_CONFLICT',
      `This ${noun} was changed by someone else since you opened it. Reload it to see the changes.`,
      { cause },
    );
  }
  if (res.status === 401 || res.status === 403) {
    return new PorticoError(
      'PORTICO_UPSTREAM_MISCONFIGURED',
      'Records cannot be reached right now because of a set-up problem on our side. The site team has been told; nothing was changed.',
      { cause },
    );
  }
  if (res.status >= 500) {
    return new PorticoError(
      'PORTICO_UPSTREAM_UNAVAILABLE',
      'Records could not be processed just now; nothing was changed. Try again later.',
      { cause },
    );
  }
  const stateMessage = STATE_CODES[code];
  if (stateMessage) {
    return new PorticoError('PORTICO_RECORD_STATE', stateMessage.replace('{noun}', noun), { cause });
  }
  const fieldRule = FIELD_CODES[code];
  if (fieldRule && detail) {
    const column = fieldRule.pattern.exec(detail.message)?.[1]?.toLowerCase();
    const sent = context.sentFields ?? [];
    const field =
      column && sent.find((f) => f === column || `_${f}_value` === column || column.startsWith(`${f}_`));
    if (field) {
      const fields: FieldError[] = [
        { pointer: `/${field}`, code: fieldRule.code, message: fieldRule.message },
      ];
      const label = context.entity?.columns.get(field)?.label.en;
      return new PorticoError(
        'PORTICO_VALIDATION_FAILED',
        label ? `${label}: ${fieldRule.message}` : fieldRule.message,
        { fields, cause },
      );
    }
  }
  return new PorticoError(
    'PORTICO_UPSTREAM_REJECTED',
    `This ${noun} could not be changed: a rule of the records system refused it. Nothing was changed; quote the request id if you contact support.`,
    { cause },
  );
}

export function fromUpstreamError(error: unknown): unknown {
  if (!(error instanceof UpstreamError)) return error;
  switch (error.kind) {
    case 'busy':
      return new PorticoError(
        'PORTICO_UPSTREAM_BUSY',
        'Records are busy right now; nothing was changed. Try again in a moment.',
        { headers: { 'Retry-After': String(error.retryAfterSeconds ?? 5) }, cause: error },
      );
    case 'timeout':
      return new PorticoError(
        'PORTICO_UPSTREAM_TIMEOUT',
        'Records did not answer in time. Reload to see whether your change was saved before trying again.',
        { cause: error },
      );
    case 'auth':
      return new PorticoError(
        'PORTICO_UPSTREAM_MISCONFIGURED',
        'Records cannot be reached right now because of a set-up problem on our side. The site team has been told; nothing was changed.',
        { cause: error },
      );
    case 'network':
      return new PorticoError(
        'PORTICO_UPSTREAM_UNAVAILABLE',
        'Records could not be reached just now; nothing was changed. Try again later.',
        { cause: error },
      );
  }
}
