import { html, nothing } from 'lit';
import type { ReactiveController, TemplateResult } from 'lit';
import type { FormDefinitionResponse, RecordResponse } from '../../../../server/api/contract.js';
import type { AjvError } from '../../internal/ajv-message.js';
import { query } from '../../internal/define.js';
import { draftKey } from '../../internal/draft-key.js';
import { api, segment } from '../../internal/api.js';
import { emit, reportError } from '../../internal/events.js';
import { ajvMessage } from '../../internal/ajv-message.js';
import { langOf, msg, text } from '../../internal/i18n.js';
import { isEmpty } from '../../internal/values.js';
import type { ConflictController } from './conflict.js';
import type { DraftController } from './draft.js';
import { problemView, retryable } from './host.js';
import type { FormHost } from './host.js';

/** Keywords whose errors only accompany another's (a failed `then` comes with its `required`). */
const COMPANIONS = new Set(['if', 'then', 'else', 'allOf', 'anyOf', 'oneOf']);

/** An Ajv standalone validate function (https://ajv.js.org/standalone.html). */
type Validate = ((values: unknown) => boolean) & { errors?: AjvError[] | null };

let warned = false;

/**
 * Saving: checks the input (each field's own rules, then the form's validator module, imported
 * whenever the definition names a new one), fires the
 * cancelable `portico-submit`, creates or updates, and runs every write request of the form
 * (`request`), turning a failure into what the user sees — a retry, the server's field messages,
 * or, through the conflict controller, a 412 or 409 answer — with the input intact. The outcome is
 * shown beside the buttons (`outcome`); a check that fails moves focus to the error summary. A
 * refusal of a field the form no longer has (its definition changed on the server while the user
 * typed) reloads the definition and keeps the input. While the input differs from the record,
 * leaving the page asks first. Part of the form's chunk: nothing here is needed before the first
 * input.
 */
export class SaveController implements ReactiveController {
  #host: FormHost;
  #draft: DraftController;
  #conflict: ConflictController;
  /** Focus goes to the error summary after the update that shows it. */
  #focus = false;
  /** The validator module imported last, and its function once it is in. */
  #validator = '';
  #validate: Validate | null = null;

  constructor(host: FormHost, draft: DraftController, conflict: ConflictController) {
    this.#host = host;
    this.#draft = draft;
    this.#conflict = conflict;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('beforeunload', this.#leave);
  }
  hostDisconnected(): void {
    removeEventListener('beforeunload', this.#leave);
  }

  /** Asks before the page is left while there is unsent input (the browser words the question). */
  #leave = (event: BeforeUnloadEvent): void => {
    const host = this.#host;
    if (host.def && !host.gone && Object.keys(host.changes()).length) event.preventDefault();
  };

  hostUpdate(): void {
    const url = this.#host.def?.validator;
    if (url && url !== this.#validator) void this.#loadValidator((this.#validator = url));
  }

  hostUpdated(): void {
    if (this.#focus) {
      const summary = query<HTMLElement | null>(this.#host, '[part~=error-summary]');
      summary?.focus({ preventScroll: true });
      summary?.scrollIntoView({ block: 'nearest' });
    }
    this.#focus = false;
  }

  /** Validates, fires `portico-submit`, then creates or updates. */
  async save(): Promise<void> {
    const host = this.#host;
    if (host.waiting || !host.def) return;
    const lang = langOf(host);
    const fields = host.writable();
    host.errors = {};
    for (const element of host.fields.values()) element.error = '';
    await host.updateComplete;
    await Promise.all([...host.fields.values()].map((element) => element.updateComplete));
    const errors: Record<string, string> = {};
    for (const field of fields) {
      const element = host.fields.get(field.name);
      if (element && !element.reportValidity()) errors[field.name] = element.validationMessage;
    }
    const filled = Object.fromEntries(
      fields
        .filter((field) => !isEmpty(host.values[field.name]))
        .map((field) => [field.name, host.values[field.name]]),
    );
    const extra: string[] = [];
    const validate = this.#validate;
    if (validate && !validate(filled))
      for (const error of validate.errors ?? []) {
        if (COMPANIONS.has(error.keyword)) continue;
        const name =
          error.keyword === 'required'
            ? String(error.params.missingProperty)
            : (error.instancePath.split('/')[1] ?? '');
        if (fields.some((field) => field.name === name)) errors[name] ??= ajvMessage(error, lang);
        else extra.push(ajvMessage(error, lang));
      }
    if (Object.keys(errors).length || extra.length) return this.invalid(errors, extra);

    const mode = host.effectiveMode;
    const values = mode === 'create' ? filled : host.changes();
    if (mode !== 'create' && !Object.keys(values).length) {
      host.notice = msg(lang, 'unchanged');
      return;
    }
    if (!emit(host, 'portico-submit', { form: host.form, mode, recordId: host.recordId, values }, true))
      return;
    host.pressed = 'save';
    const path = `/forms/${segment(host.form)}/records`;
    await this.request(
      () =>
        mode === 'create'
          ? api<RecordResponse>('POST', path, { values }, '', draftKey(this.#draft.at))
          : api<RecordResponse>('PATCH', `${path}/${segment(host.recordId)}`, { values }, host.rec?.etag),
      (saved) => {
        if (!saved) return;
        this.#draft.clear();
        const success = host.def?.onSuccess;
        host.notice = text(success?.message, lang) || msg(lang, mode === 'create' ? 'created' : 'saved');
        if (mode === 'create') {
          host.setRecord();
          query<HTMLFormElement | null>(host, 'form')?.reset();
        } else host.setRecord(saved);
        if (emit(host, 'portico-saved', { form: host.form, mode, record: saved }, true) && success?.redirect)
          location.assign(success.redirect.replace('{id}', encodeURIComponent(saved.id)));
      },
      () => void host.save(),
    );
  }

  /**
   * Shows `errors` on their fields and in the summary, in form order, each once and linked to its
   * field, with the `extra` messages that name no field after them, each once. Focus goes to the
   * summary, scrolled into view, which lists everything and links to each field (GOV.UK error
   * summary pattern): after a save at the foot of a long form, the user sees what went wrong.
   */
  invalid(errors: Record<string, string>, extra: string[]): void {
    const host = this.#host;
    const lang = langOf(host);
    const failing = host.visible().filter((field) => errors[field.name]);
    host.errors = errors;
    host.summary = [
      ...failing.map((field): [string, string] => [
        field.name,
        `${text(field.label, lang)}: ${errors[field.name]}`,
      ]),
      ...[...new Set(extra)].map((message): [string, string] => ['', message]),
    ];
    this.#focus = true;
  }

  /** Runs one request with the form busy; a failure becomes a problem with the input intact. */
  async request<T>(send: () => Promise<T>, done: (answer: T) => void, retry: () => void): Promise<void> {
    const host = this.#host;
    host.waiting = true;
    host.problem = undefined;
    host.notice = '';
    try {
      done(await send());
    } catch (error) {
      await this.#fail(error, retry);
    }
    host.waiting = false;
    host.pressed = '';
  }

  async #fail(error: unknown, retry: () => void): Promise<void> {
    const host = this.#host;
    const failure = reportError(host, error);
    const lang = langOf(host);
    if (this.#conflict.take(failure)) return;
    const again = retryable(failure, lang, retry);
    if (again) host.problem = again;
    else if (failure.fields.some((field) => field.code === 'PORTICO_VALIDATION_UNKNOWN_FIELD'))
      await this.#heal(lang);
    else if (failure.fields.length) {
      const errors: Record<string, string> = {};
      const extra: string[] = [];
      for (const field of failure.fields) {
        const name = field.pointer.split('/')[1] ?? '';
        if (host.visible().some((shown) => shown.name === name)) errors[name] ??= field.message;
        else extra.push(field.message);
      }
      this.invalid(errors, extra);
    } else host.problem = { text: failure.message, back: failure.status === 404 };
  }

  /**
   * The server refused a field this form no longer accepts: its definition changed while the user
   * typed. Loads the definition again (the input stays: fields that remain show it, the others are
   * no longer sent) and says, by label, which fields went.
   */
  async #heal(lang: string): Promise<void> {
    const host = this.#host;
    const before = host.writable();
    let definition: FormDefinitionResponse;
    try {
      definition = await api<FormDefinitionResponse>('GET', `/forms/${segment(host.form)}`);
    } catch (error) {
      const failure = reportError(host, error);
      host.problem = retryable(failure, lang, () => void this.#heal(lang)) ?? { text: failure.message };
      return;
    }
    const kept = new Set(
      definition.sections.flatMap((section) => section.fields.filter((f) => !f.readOnly).map((f) => f.name)),
    );
    const gone = before
      .filter((field) => !kept.has(field.name))
      .map((field) => `'${text(field.label, lang)}'`);
    host.def = definition;
    host.problem = {
      text: msg(lang, gone.length ? (gone.length > 1 ? 'staleMany' : 'staleOne') : 'stale', {
        fields: gone.join(', '),
      }),
    };
  }

  /**
   * Imports the form's precompiled validator. If it cannot be loaded (blocked by CSP, offline,
   * server older than the widget) the server still validates every write, so the user sees nothing;
   * a developer sees one console warning.
   */
  async #loadValidator(url: string): Promise<void> {
    this.#validate = null;
    try {
      const module = (await import(/* @vite-ignore */ url)) as { default?: unknown };
      if (typeof module.default === 'function') this.#validate = module.default as Validate;
    } catch (error) {
      if (!warned) console.warn('PORTICO_WIDGET_VALIDATOR_UNAVAILABLE', error);
      warned = true;
    }
  }

  /**
   * Beside the buttons, where the user's eyes are after pressing one: the outcome of the last save
   * or action (a live region, present before it has anything to say, so screen readers announce
   * it), and a failure of a form on screen with its way on. A deleted record leaves only this.
   */
  outcome(lang: string): TemplateResult {
    const host = this.#host;
    return html`<div part="notice" class="notice" role="status">${host.notice || nothing}</div>
      ${host.def ? problemView(host.problem, lang) : nothing}`;
  }

  /** The problems of the last check, each linking to its field. */
  render(lang: string): TemplateResult | typeof nothing {
    const host = this.#host;
    return host.summary.length
      ? html`<div part="error-summary" class="banner bad" role="alert" tabindex="-1">
          <p><strong>${msg(lang, 'problems')}</strong></p>
          <ul>
            ${host.summary.map(([name, message]) =>
              name
                ? html`<li>
                    <a
                      href="#${name}"
                      @click=${(event: Event) => {
                        event.preventDefault();
                        host.fields.get(name)?.focus();
                      }}
                      >${message}</a
                    >
                  </li>`
                : html`<li>${message}</li>`,
            )}
          </ul>
        </div>`
      : nothing;
  }
}
