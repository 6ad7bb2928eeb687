import type { FormMode, RecordResponse, RecordValues } from '../../../server/api/contract.js';
import { ApiError } from './api.js';

/** `portico-submit`: about to send; `preventDefault()` stops the request. */
export interface PorticoSubmitDetail {
  form: string;
  mode: FormMode;
  recordId: string;
  /** Exactly the values that will be sent (create: every filled field; edit: the changed ones). */
  values: RecordValues;
}
/** `portico-saved`: the server accepted the write; `preventDefault()` stops the `onSuccess.redirect`. */
export interface PorticoSavedDetail {
  form: string;
  mode: FormMode;
  record: RecordResponse;
}
/** `portico-error`: a request failed; the widget already shows it to the user. */
export interface PorticoErrorDetail {
  code: string;
  status: number;
  message: string;
  requestId: string;
}
/**
 * `portico-row-select`: the user opened a row (click, Enter or Space); `preventDefault()` stops the
 * list following its record link.
 */
export interface PorticoRowSelectDetail {
  list: string;
  record: RecordResponse;
  /** Form that the list's `open` row action names, if any. */
  form?: string;
}
/**
 * `portico-action`: from `<portico-form>` after an action succeeded (`record` is absent after
 * `delete`); from `<portico-list>` when the user picks a row action or "New" (`create`), before it
 * runs: `preventDefault()` stops the list's own dialog and request, or its "New" link.
 */
export interface PorticoActionDetail {
  action: string;
  id?: string;
  form?: string;
  record?: RecordResponse;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-submit': CustomEvent<PorticoSubmitDetail>;
    'portico-saved': CustomEvent<PorticoSavedDetail>;
    'portico-error': CustomEvent<PorticoErrorDetail>;
    'portico-row-select': CustomEvent<PorticoRowSelectDetail>;
    'portico-action': CustomEvent<PorticoActionDetail>;
  }
}

/** Dispatches a `bubbles + composed` event (it leaves our shadow roots) and says whether it was allowed. */
export const emit = <K extends string>(el: Element, name: K, detail: unknown, cancelable = false): boolean =>
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));

/**
 * Tells the page that a request failed (`portico-error`; the element shows it too) and returns the
 * failure as an `ApiError`, whatever was thrown.
 */
export function reportError(el: Element, error: unknown): ApiError {
  const failure =
    error instanceof ApiError ? error : new ApiError(String(error), 0, 'PORTICO_WIDGET_UNEXPECTED');
  emit(el, 'portico-error', {
    code: failure.code,
    status: failure.status,
    message: failure.message,
    requestId: failure.requestId,
  });
  return failure;
}
