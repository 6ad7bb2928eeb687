import { html, nothing } from 'lit';
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type {
  FieldDefinition,
  FormDefinitionResponse,
  FormMode,
  RecordResponse,
  RecordValues,
} from '../../../../server/api/contract.js';
import type { ApiError } from '../../internal/api.js';
import { msg } from '../../internal/i18n.js';
import type { PorticoField } from '../../internal/field.js';

/**
 * How the last request failed; `current` is the record as it is now, after a 412 conflict; `back`
 * when the record is not there (404), so going back helps and trying again would not.
 */
export interface Problem {
  text: string;
  retry?: () => void;
  back?: boolean;
  current?: RecordResponse;
}

/**
 * What the form's controllers (load.ts, draft.ts, save.ts, conflict.ts, actions.ts) see of
 * `<portico-form>`: its reactive state, which they read and set as the element's own methods did,
 * and the helpers they share. On the element these are protected, outside its public surface; the
 * element hands its controllers this view of itself.
 */
export interface FormHost extends ReactiveControllerHost, HTMLElement {
  readonly form: string;
  readonly recordId: string;
  readonly effectiveMode: FormMode;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The definition for the signed-in user's role. */
  def?: FormDefinitionResponse;
  /** The record as loaded or as the last write returned it: the base of the user's changes. */
  rec?: RecordResponse;
  /** What the fields show: the record's values with the user's input on top. */
  values: RecordValues;
  /** Message per field name. */
  errors: Record<string, string>;
  /** The error summary's lines: field name (empty for the whole form) and message. */
  summary: Array<[string, string]>;
  /** A request is out. */
  waiting: boolean;
  /** The action whose button started the request that is out (`save`, `resolve`, …). */
  pressed: string;
  /** How the last request failed. */
  problem?: Problem;
  /** The message after a save or action. */
  notice: string;
  /** The record was deleted: only the notice is left to show. */
  gone: boolean;
  /** One element per field name, created once and kept, so focus and typing survive renders. */
  readonly fields: Map<string, PorticoField>;
  /** Fields shown now (their `visibleWhen` holds). */
  visible(): FieldDefinition[];
  /** Fields shown now that the user can change. */
  writable(): FieldDefinition[];
  /** What the user changed compared with the record as loaded (create: everything filled in). */
  changes(): RecordValues;
  /** Takes `record` (none: a new one) as the base of the input: its values shown, messages gone. */
  setRecord(record?: RecordResponse): void;
  /** Validates and sends the input. */
  save(): Promise<void>;
}

/**
 * The problem for a failure that a retry can help with — not reached (status 0), rate limited
 * (429), gateway or upstream unavailable (502-504) — or `undefined` for any other.
 */
export const retryable = (failure: ApiError, lang: string, retry: () => void): Problem | undefined =>
  failure.status === 0 || failure.status === 429 || failure.status > 501
    ? { text: msg(lang, failure.status ? 'busy' : 'network'), retry }
    : undefined;

/**
 * A problem with the way on that helps: try again, or back to where the user came from. Its buttons
 * are `type=button`, so it may stand inside a `<form>` (the timeline's add-note box) without sending it.
 */
export const problemView = (problem: Problem | undefined, lang: string): TemplateResult | typeof nothing =>
  problem && !problem.current
    ? html`<div part="problem" class="banner bad" role="alert">
        <p>${problem.text}</p>
        ${
          problem.retry
            ? html`<button type="button" @click=${problem.retry}>${msg(lang, 'retry')}</button>`
            : problem.back
              ? html`<button type="button" @click=${() => history.back()}>${msg(lang, 'back')}</button>`
              : nothing
        }
      </div>`
    : nothing;
