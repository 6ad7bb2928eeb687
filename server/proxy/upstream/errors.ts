/**
 * Dataverse answers → Portico errors. Nothing of the upstream answer reaches the client except
 * what is mapped here on purpose: no upstream URL, no platform message text, no trace. The
 * original is kept as the error's `cause` for the server log.
 * Codes: https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes
 */
import type { FieldError } from '../../api/contract.js';
import { PorticoError } from '../errors.js';
import { UpstreamError, dataverseError } from './client.js';
import type { UpstreamResponse } from './client.js';

export interface FailureContext {
  /** Column names the request sent, so a column named in an upstream message can become a field error. */
  sentFields?: readonly string[];
}

/** Platform codes whose message names the offending column, with the pattern that finds it. */
const FIELD_CODES: Record<string, { pattern: RegExp; code: string; message: string }> = {
  '0x80044331': {
    pattern: /'([a-z0-9_]+)' attribute/i,
    code: 'maxLength',
    message: 'The value is longer than Dynamics allows for this field.',
  },
  '0x8004431a': {
    pattern: /of '([a-z0-9_]+)'/i,
    code: 'enum',
    message: 'This option is not valid for this field.',
  },
  '0x80048d19': {
    pattern: /property '([a-z0-9_]+)'/i,
    code: 'invalid',
    message: 'Dynamics did not accept this value.',
  },
};

const CASE_STATE_CODES = new Set(['0x800404cf', '0x80043af9', '0x80060740', '0x8004440a', '0x8003f452']);

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
  if (res.status === 404) return notFoundRecord(cause);
  if (res.status === 412) {
    return new PorticoError(
      'PORTICO_RECORD_CONFLICT',
      'The record was changed by someone else since you read it.',
      {
        cause,
      },
    );
  }
  if (res.status === 401 || res.status === 403) {
    return new PorticoError(
      'PORTICO_UPSTREAM_MISCONFIGURED',
      'Portico could not act on Dynamics with its integration identity. An operator has been told (see the server log).',
      { cause },
    );
  }
  if (res.status >= 500) {
    return new PorticoError(
      'PORTICO_UPSTREAM_UNAVAILABLE',
      'Dynamics failed to process the request. Try again later.',
      {
        cause,
      },
    );
  }
  if (CASE_STATE_CODES.has(code)) {
    return new PorticoError(
      'PORTICO_CASE_STATE_INVALID',
      'The case is not in a state that allows this action.',
      {
        cause,
      },
    );
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
      return new PorticoError('PORTICO_VALIDATION_FAILED', `Dynamics did not accept the value of ${field}.`, {
        fields,
        cause,
      });
    }
  }
  return new PorticoError('PORTICO_UPSTREAM_REJECTED', 'Dynamics refused the operation.', { cause });
}

export function fromUpstreamError(error: unknown): unknown {
  if (!(error instanceof UpstreamError)) return error;
  switch (error.kind) {
    case 'busy':
      return new PorticoError(
        'PORTICO_UPSTREAM_BUSY',
        'Dynamics is busy right now; nothing was changed. Try again in a moment.',
        { headers: { 'Retry-After': String(error.retryAfterSeconds ?? 5) }, cause: error },
      );
    case 'timeout':
      return new PorticoError(
        'PORTICO_UPSTREAM_TIMEOUT',
        'Dynamics did not answer in time. Reload before trying again.',
        {
          cause: error,
        },
      );
    case 'auth':
      return new PorticoError(
        'PORTICO_UPSTREAM_MISCONFIGURED',
        'Portico could not sign in to Dynamics with its integration identity. An operator has been told (see the server log).',
        { cause: error },
      );
    case 'network':
      return new PorticoError(
        'PORTICO_UPSTREAM_UNAVAILABLE',
        'Dynamics could not be reached. Try again later.',
        {
          cause: error,
        },
      );
  }
}
