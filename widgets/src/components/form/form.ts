import { LitElement, html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import type {
  ActionDefinition,
  FieldDefinition,
  FormDefinitionResponse,
  FormMode,
  RecordResponse,
  RecordValues,
  SectionDefinition,
} from '../../../../server/api/contract.js';
import { define, query } from '../../internal/define.js';
import { api, ApiError, endpoint, segment } from '../../internal/api.js';
import { emit, reportError } from '../../internal/events.js';
import { ajvMessage, langOf, msg, text } from '../../internal/i18n.js';
import type { AjvError } from '../../internal/i18n.js';
import { test } from '../../internal/condition.js';
import { draftAt, draftKey, readDraft, writeDraft } from '../../internal/draft.js';
import { PorticoField, fieldTag } from '../../internal/field.js';
import { isEmpty, sameValue } from '../../internal/values.js';
import { installTokens } from '../../styles/tokens.js';
import type { PorticoDialog } from '../dialog/dialog.js';
import type { PorticoAssignDialog } from '../assign-dialog/assign-dialog.js';
// The order of these imports is the bundle's module order, which the minifier's renaming follows;
// any order works, but the brotli size moves by tens of bytes with it (npm run size).
import '../dialog/dialog.js';
import '../assign-dialog/assign-dialog.js';
import '../text-field/text-field.js';
import '../email-field/email-field.js';
import '../datetime-field/datetime-field.js';
import '../url-field/url-field.js';
import '../decimal-field/decimal-field.js';
import '../integer-field/integer-field.js';
import '../textarea-field/textarea-field.js';
import '../date-field/date-field.js';
import '../phone-field/phone-field.js';
import '../boolean-field/boolean-field.js';
import '../choice-field/choice-field.js';
import '../lookup-field/lookup-field.js';
import '../owner-field/owner-field.js';
import { styles } from './form.styles.js';

/** An Ajv standalone validate function (https://ajv.js.org/standalone.html). */
type Validate = ((values: unknown) => boolean) & { errors?: AjvError[] | null };

interface Problem {
  text: string;
  retry?: () => void;
  current?: RecordResponse;
}

let warned = false;

/** The fields of a section shown now: those whose `visibleWhen` holds for `values`. */
const shownFields = (section: SectionDefinition, values: RecordValues): FieldDefinition[] =>
  section.fields.filter((field) => !field.visibleWhen || test(field.visibleWhen, values));

/**
 * A Portico form: loads the definition for the signed-in user's role, renders its sections and
 * fields, validates with the form's precompiled validator module, and creates, updates, deletes or
 * runs actions on one record. Unsent input is kept as a draft; conflicts, network failures and
 * "busy" answers never lose what the user typed. When the server refuses a request because of the
 * record's state (409 `PORTICO_RECORD_STATE`), the form shows the record as the server sends it
 * now, with the actions that state offers, the user's input on top and the server's message.
 *
 * Mode: `mode` if set, else `edit` (or `view` when the definition has no `edit`) with a `record-id`,
 * else `create`.
 *
 * @tagname portico-form
 * @summary Create, edit or view one Contact or Case from an admin-defined form.
 * @event portico-submit - Before a save is sent; cancelable. Detail: `{ form, mode, recordId, values }`.
 * @event portico-saved - After the server accepted a save; cancel to skip `onSuccess.redirect`. Detail: `{ form, mode, record }`.
 * @event portico-error - A request failed (already shown to the user). Detail: `{ code, status, message, requestId }`.
 * @event portico-action - An action (delete, assign, resolve, cancel, reopen) succeeded. Detail: `{ action, id, form, record }`.
 * @csspart base - Wrapper of everything.
 * @csspart title - The form title.
 * @csspart loading - The loading message.
 * @csspart notice - Success and status messages.
 * @csspart problem - Load, network, busy, record-state and other error messages, with a retry button where one helps.
 * @csspart draft - The offer to restore unsent input.
 * @csspart conflict - The 412 conflict panel listing what someone else changed.
 * @csspart error-summary - The list of problems linking to their fields.
 * @csspart form - The `<form>`.
 * @csspart section - One section (a fieldset).
 * @csspart section-label - A section's legend.
 * @csspart actions - The button row.
 * @csspart action - Every action button; also `action-<id>` (e.g. `action-save`).
 * @cssproperty --portico-color-accent - Primary button and link colour.
 * @cssproperty --portico-color-danger - Error colour.
 */
export class PorticoForm extends LitElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    form: { reflect: true },
    recordId: { attribute: 'record-id' },
    mode: {},
    lang: { reflect: true },
    def: { state: true },
    rec: { state: true },
    values: { state: true },
    errors: { state: true },
    summary: { state: true },
    busy: { state: true },
    problem: { state: true },
    draft: { state: true },
    notice: { state: true },
    gone: { state: true },
    pending: { state: true },
  };

  /** Form id as defined in `schemas/forms/<id>.json`. */
  form = '';
  /** The record to edit or view; absent to create. */
  recordId = '';
  /** `create`, `edit` or `view`; see the class description for the default. */
  mode: FormMode | '' = '';
  /** Language of labels and messages; defaults to the closest `lang` on the page, else `en`. */
  override lang!: string;

  /** The definition for the signed-in user's role. */
  protected def?: FormDefinitionResponse;
  /** The record as loaded or as the last write returned it: the base of the user's changes. */
  protected rec?: RecordResponse;
  /** What the fields show: the record's values with the user's input on top. */
  protected values: RecordValues = {};
  /** Message per field name. */
  protected errors: Record<string, string> = {};
  /** The error summary's lines: field name (empty for the whole form) and message. */
  protected summary: Array<[string, string]> = [];
  /** A request is out. */
  protected busy = false;
  /** How the last request failed. */
  protected problem?: Problem;
  /** Unsent input from an earlier visit that differs from the record, offered back. */
  protected draft: RecordValues | null = null;
  /** The message after a save or action. */
  protected notice = '';
  /** The record was deleted: only the notice is left to show. */
  protected gone = false;
  /** The action whose confirmation dialog is open (or was last). */
  protected pending?: ActionDefinition;
  #validate: Validate | null = null;
  /** One element per field name, created once and kept, so focus and typing survive renders. */
  #fields = new Map<string, PorticoField>();
  #endpoint = '';
  /** Where this form's draft is kept: per endpoint, form and record. */
  get #draftAt(): string {
    return draftAt(this.#endpoint, this.form, this.recordId);
  }

  constructor() {
    super();
    installTokens();
  }

  /** The mode in effect. */
  get effectiveMode(): FormMode {
    return this.mode || (this.recordId ? (this.def?.modes.includes('edit') ? 'edit' : 'view') : 'create');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('form') || changed.has('recordId')) void this.load();
  }

  /** (Re)loads the definition and record; also the retry after a failed load. */
  async load(): Promise<void> {
    if (!this.form) return;
    this.busy = true;
    this.problem = undefined;
    this.notice = '';
    this.gone = false;
    try {
      this.#endpoint = await endpoint();
      const path = `/forms/${segment(this.form)}`;
      // readDraft waits a task, so the requests go out first and storage overlaps the network.
      const [definition, record, draft] = await Promise.all([
        api<FormDefinitionResponse>('GET', path),
        this.recordId ? api<RecordResponse>('GET', `${path}/records/${segment(this.recordId)}`) : undefined,
        readDraft(this.#draftAt),
      ]);
      this.def = definition;
      this.#setRecord(record);
      if (!definition.modes.includes(this.effectiveMode))
        throw new ApiError(msg(langOf(this), 'mode'), 400, 'PORTICO_WIDGET_MODE_UNSUPPORTED');
      this.draft =
        draft && Object.entries(draft).some(([name, value]) => !sameValue(value, this.values[name]))
          ? draft
          : null;
      void this.#loadValidator(definition.validator);
    } catch (error) {
      if (this.def && !(error instanceof ApiError && error.code === 'PORTICO_WIDGET_MODE_UNSUPPORTED'))
        this.def = undefined;
      this.#fail(error, () => void this.load());
    }
    this.busy = false;
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

  /** Takes `record` (none: a new one) as the base of the input: its values shown, messages gone. */
  #setRecord(record?: RecordResponse): void {
    this.rec = record;
    this.values = { ...record?.values };
    this.errors = {};
    this.summary = [];
  }

  /** Fields shown now (their `visibleWhen` holds). */
  #visible(): FieldDefinition[] {
    return (this.def?.sections ?? []).flatMap((section) => shownFields(section, this.values));
  }
  /** Fields shown now that the user can change (none in view mode, none of a kind this kit lacks). */
  #writable(): FieldDefinition[] {
    return this.effectiveMode === 'view'
      ? []
      : this.#visible().filter((field) => !field.readOnly && customElements.get(fieldTag(field.kind)));
  }
  /** What the user changed compared with the record as loaded (create: everything filled in). */
  #changes(): RecordValues {
    const base = this.rec?.values ?? {};
    return Object.fromEntries(
      this.#writable()
        .filter(
          ({ name }) =>
            !sameValue(this.values[name], base[name]) && !(isEmpty(this.values[name]) && isEmpty(base[name])),
        )
        .map(({ name }) => [name, this.values[name] ?? null]),
    );
  }

  #onInput(event: Event): void {
    const field = event.target;
    if (!(field instanceof PorticoField) || !field.name) return;
    this.values = { ...this.values, [field.name]: field.value };
    if (field.name in this.errors) {
      const { [field.name]: _cleared, ...rest } = this.errors;
      this.errors = rest;
    }
    this.notice = '';
    writeDraft(this.#draftAt, this.#changes());
  }

  /** Validates, fires `portico-submit`, then creates or updates. */
  async save(): Promise<void> {
    if (this.busy || !this.def) return;
    const lang = langOf(this);
    const fields = this.#writable();
    this.errors = {};
    for (const element of this.#fields.values()) element.error = '';
    await this.updateComplete;
    await Promise.all([...this.#fields.values()].map((element) => element.updateComplete));
    const errors: Record<string, string> = {};
    for (const field of fields) {
      const element = this.#fields.get(field.name);
      if (element && !element.reportValidity()) errors[field.name] = element.validationMessage;
    }
    const filled = Object.fromEntries(
      fields
        .filter((field) => !isEmpty(this.values[field.name]))
        .map((field) => [field.name, this.values[field.name]]),
    );
    const extra: string[] = [];
    const validate = this.#validate;
    if (validate && !validate(filled))
      for (const error of validate.errors ?? []) {
        const name =
          error.keyword === 'required'
            ? String(error.params.missingProperty)
            : (error.instancePath.split('/')[1] ?? '');
        if (fields.some((field) => field.name === name)) errors[name] ??= ajvMessage(error, lang);
        else extra.push(ajvMessage(error, lang));
      }
    if (Object.keys(errors).length || extra.length) return this.#invalid(errors, extra);

    const mode = this.effectiveMode;
    const values = mode === 'create' ? filled : this.#changes();
    if (!emit(this, 'portico-submit', { form: this.form, mode, recordId: this.recordId, values }, true))
      return;
    const path = `/forms/${segment(this.form)}/records`;
    await this.#request(
      () =>
        mode === 'create'
          ? api<RecordResponse>('POST', path, { values }, '', draftKey(this.#draftAt))
          : api<RecordResponse>('PATCH', `${path}/${segment(this.recordId)}`, { values }, this.rec?.etag),
      (saved) => {
        if (!saved) return;
        writeDraft(this.#draftAt, null);
        this.draft = null;
        const success = this.def?.onSuccess;
        this.notice = text(success?.message, lang) || msg(lang, 'saved');
        if (mode === 'create') {
          this.#setRecord();
          query<HTMLFormElement | null>(this, 'form')?.reset();
        } else this.#setRecord(saved);
        if (emit(this, 'portico-saved', { form: this.form, mode, record: saved }, true) && success?.redirect)
          location.assign(success.redirect.replace('{id}', encodeURIComponent(saved.id)));
      },
      () => void this.save(),
    );
  }

  /**
   * Shows `errors` on their fields and in the summary, in form order, with the `extra` messages that
   * name no field after them. Focus goes to the first field in error so keyboard and screen-reader
   * users land on it; with only form-level problems, to the summary (GOV.UK error summary pattern).
   */
  async #invalid(errors: Record<string, string>, extra: string[]): Promise<void> {
    const lang = langOf(this);
    const failing = this.#visible().filter((field) => errors[field.name]);
    this.errors = errors;
    this.summary = [
      ...failing.map((field): [string, string] => [
        field.name,
        `${text(field.label, lang)}: ${errors[field.name]}`,
      ]),
      ...extra.map((message): [string, string] => ['', message]),
    ];
    await this.updateComplete;
    const first = failing[0];
    (first
      ? this.#fields.get(first.name)
      : query<HTMLElement | null>(this, '[part~=error-summary]')
    )?.focus();
  }

  /** Runs one request with the form busy; a failure becomes a problem with the input intact. */
  async #request<T>(send: () => Promise<T>, done: (answer: T) => void, retry: () => void): Promise<void> {
    this.busy = true;
    this.problem = undefined;
    this.notice = '';
    try {
      done(await send());
    } catch (error) {
      this.#fail(error, retry);
    }
    this.busy = false;
  }

  #fail(error: unknown, retry: () => void): void {
    const failure = reportError(this, error);
    const lang = langOf(this);
    const status = failure.status;
    if (status === 412 && failure.current)
      this.problem = { text: msg(lang, 'conflict'), current: failure.current };
    // The record is not in the state the request needs (a closed case, say): show it as it is now, so
    // the offered actions follow it. The input stays on screen (and in the draft, which typing wrote);
    // no retry can help.
    else if (status === 409 && failure.code === 'PORTICO_RECORD_STATE' && failure.current) {
      this.#rebase(failure.current);
      this.problem = { text: failure.message };
    }
    // 0: not reached; 429: rate limited; 502-504: gateway or upstream unavailable. All worth a retry.
    else if (status === 0 || status === 429 || status > 501)
      this.problem = { text: msg(lang, status === 0 ? 'network' : 'busy'), retry };
    else if (failure.fields.length) {
      const errors: Record<string, string> = {};
      const extra: string[] = [];
      for (const field of failure.fields) {
        const name = field.pointer.split('/')[1] ?? '';
        if (this.#visible().some((shown) => shown.name === name)) errors[name] ??= field.message;
        else extra.push(field.message);
      }
      void this.#invalid(errors, extra);
    } else
      this.problem = {
        text: this.def ? failure.message : `${msg(lang, 'loadFailed')} ${failure.message}`,
        retry: this.def ? undefined : retry,
      };
  }

  /** After a conflict: their version replaces my edits. */
  #theirs(current: RecordResponse): void {
    this.problem = undefined;
    this.#setRecord(current);
    writeDraft(this.#draftAt, null);
  }
  /** After a conflict: their version as the base, my changes on top, saved again. */
  #mine(current: RecordResponse): void {
    this.problem = undefined;
    this.#rebase(current);
    void this.save();
  }
  /** Takes `current` as the base of the input, with the user's changes still on top. */
  #rebase(current: RecordResponse): void {
    const changes = this.#changes();
    this.#setRecord(current);
    this.values = { ...current.values, ...changes };
  }

  /** Runs an action button: save, or confirm (and ask for a resolution / owner), then call the server. */
  async #act(action: ActionDefinition): Promise<void> {
    if (this.busy) return;
    if (action.id === 'save') return this.save();
    let body: unknown = {};
    if (action.id === 'assign') {
      const owner = await query<PorticoAssignDialog>(this, 'portico-assign-dialog').show();
      if (!owner) return;
      body = { owner };
    } else {
      this.pending = action;
      await this.updateComplete;
      const resolution = query<PorticoField | null>(this, '#portico-resolution');
      if (resolution) resolution.formResetCallback();
      for (;;) {
        if ((await query<PorticoDialog>(this, 'portico-dialog').show()) !== 'ok') return;
        if (!resolution || resolution.reportValidity()) break;
      }
      if (resolution) body = { resolution: resolution.value };
    }
    await this.#run(action, body);
  }

  /** Sends a confirmed record action with its request `body`; delete leaves the form empty. */
  async #run(action: ActionDefinition, body: unknown): Promise<void> {
    const path = `/forms/${segment(this.form)}/records/${segment(this.recordId)}`;
    const etag = this.rec?.etag;
    const lang = langOf(this);
    await this.#request(
      async () => {
        if (action.id === 'delete') return api<null>('DELETE', path, undefined, etag);
        const answer = await api<RecordResponse | null>('POST', `${path}/actions/${action.id}`, body, etag);
        return answer?.etag ? answer : api<RecordResponse>('GET', path);
      },
      (changed) => {
        if (changed) this.#setRecord(changed);
        else {
          this.gone = true;
          writeDraft(this.#draftAt, null);
        }
        this.notice = msg(lang, changed ? 'saved' : 'deleted');
        emit(this, 'portico-action', {
          action: action.id,
          id: this.recordId,
          form: this.form,
          record: changed ?? undefined,
        });
      },
      () => void this.#run(action, body),
    );
  }

  /** Actions offered in this mode and the record's state (`when`); the server still decides. */
  #offered(): ActionDefinition[] {
    const mode = this.effectiveMode;
    return (this.def?.actions ?? []).filter(
      (action) =>
        (action.id === 'save' ? mode !== 'view' : mode !== 'create') &&
        (!action.when || test(action.when, this.rec?.values ?? {})),
    );
  }

  /**
   * The field element for a definition, created once and kept, so focus and typing survive renders.
   * A kind this widget does not know (a newer server) is shown read-only as text: the value stays
   * visible and is never sent back changed.
   */
  #field(field: FieldDefinition, lang: string): PorticoField {
    const known = !!customElements.get(fieldTag(field.kind));
    const tag = known ? fieldTag(field.kind) : 'portico-text-field';
    let element = this.#fields.get(field.name);
    if (element?.localName !== tag) {
      element = document.createElement(tag) as PorticoField;
      this.#fields.set(field.name, element);
    }
    const extended = element as PorticoField & { display?: string; targets?: string[]; formId?: string };
    Object.assign(extended, {
      id: field.name,
      name: field.name,
      label: text(field.label, lang),
      help: text(field.help, lang),
      placeholder: text(field.placeholder, lang),
      required: field.required || (!!field.requiredWhen && test(field.requiredWhen, this.values)),
      readonly: field.readOnly || !known || this.effectiveMode === 'view',
      maxlength: field.maxLength,
      min: field.minimum,
      max: field.maximum,
      options: field.options ?? [],
      error: this.errors[field.name] ?? '',
      value: this.values[field.name] ?? null,
      formId: this.form,
    });
    if (field.display) extended.display = field.display;
    if (field.targets) extended.targets = field.targets;
    return element;
  }

  protected override render(): TemplateResult {
    const lang = langOf(this);
    // The dialogs exist only when an offered action can open them: a create form does not render
    // them (and the assign dialog's owner picker) before its first input (scripts/bench/render.ts).
    const actions = this.#offered();
    return html`<div part="base" class="base" aria-busy=${this.busy}>
      ${this.#header(lang)} ${this.#problems(lang)}
      ${
        this.def && !this.gone
          ? html`<form
              part="form"
              novalidate
              @input=${this.#onInput}
              @submit=${(event: Event) => {
                event.preventDefault();
                void this.save();
              }}
            >
              ${this.#sections(lang)} ${this.#actions(lang, actions)}
            </form>`
          : nothing
      }
      ${actions.some((action) => action.id !== 'save') ? this.#dialogs(lang) : nothing}
    </div>`;
  }

  /** Title, the loading message, and the notice after a save or action. */
  #header(lang: string): TemplateResult {
    const definition = this.def;
    return html`${definition ? html`<h2 part="title">${text(definition.title, lang)}</h2>` : nothing}
      ${this.busy && !definition ? html`<p part="loading" role="status">${msg(lang, 'loading')}</p>` : nothing}
      <div part="notice" class="notice" role="status">${this.notice || nothing}</div>`;
  }

  /**
   * What went wrong and what is pending: the last request's problem (with a retry where one helps)
   * or, after a 412, what someone else changed with the choice of versions; the offer to restore
   * unsent input from an earlier visit; the problems of the last check, each linking to its field.
   */
  #problems(lang: string): TemplateResult {
    const problem = this.problem;
    const current = problem?.current;
    const changed = current
      ? this.#visible().filter(
          (field) => !sameValue(current.values[field.name], this.rec?.values[field.name]),
        )
      : [];
    return html`${
      problem && !current
        ? html`<div part="problem" class="banner bad" role="alert">
            <p>${problem.text}</p>
            ${problem.retry ? html`<button @click=${problem.retry}>${msg(lang, 'retry')}</button>` : nothing}
          </div>`
        : nothing
    }
    ${
      current
        ? html`<div part="conflict" class="banner bad" role="alert">
            <p>${problem.text}</p>
            <ul>
              ${changed.map((field) => html`<li>${text(field.label, lang)}: ${current.formatted[field.name] ?? String(current.values[field.name] ?? '—')}</li>`)}
            </ul>
            <div class="row">
              <button @click=${() => this.#theirs(current)}>${msg(lang, 'theirs')}</button>
              <button class="primary" @click=${() => this.#mine(current)}>${msg(lang, 'mine')}</button>
            </div>
          </div>`
        : nothing
    }
    ${
      this.draft && this.def && !this.gone
        ? html`<div part="draft" class="banner">
            <p>${msg(lang, 'draft')}</p>
            <div class="row">
              <button
                @click=${() => {
                  this.values = { ...this.values, ...this.draft };
                  this.draft = null;
                }}
              >
                ${msg(lang, 'restore')}
              </button>
              <button
                @click=${() => {
                  writeDraft(this.#draftAt, null);
                  this.draft = null;
                }}
              >
                ${msg(lang, 'discard')}
              </button>
            </div>
          </div>`
        : nothing
    }
    ${
      this.summary.length
        ? html`<div part="error-summary" class="banner bad" role="alert" tabindex="-1">
            <p><strong>${msg(lang, 'problems')}</strong></p>
            <ul>
              ${this.summary.map(([name, message]) =>
                name
                  ? html`<li>
                      <a
                        href="#${name}"
                        @click=${(event: Event) => {
                          event.preventDefault();
                          this.#fields.get(name)?.focus();
                        }}
                        >${message}</a
                      >
                    </li>`
                  : html`<li>${message}</li>`,
              )}
            </ul>
          </div>`
        : nothing
    }`;
  }

  /** One fieldset per section that has a field shown now. */
  #sections(lang: string): Array<TemplateResult | typeof nothing> {
    return (this.def?.sections ?? []).map((section) => {
      const fields = shownFields(section, this.values);
      return fields.length
        ? html`<fieldset part="section">
            ${section.label ? html`<legend part="section-label">${text(section.label, lang)}</legend>` : nothing}
            ${fields.map((field) => this.#field(field, lang))}
          </fieldset>`
        : nothing;
    });
  }

  /** The button row: save submits the form, every other action asks first. */
  #actions(lang: string, actions: ActionDefinition[]): TemplateResult {
    return html`<div part="actions" class="row">
      ${actions.map(
        (action) =>
          html`<button
            part="action action-${action.id}"
            type=${action.id === 'save' ? 'submit' : 'button'}
            class=${action.id === 'save' ? 'primary' : action.id === 'delete' ? 'danger' : ''}
            aria-disabled=${this.busy}
            @click=${action.id === 'save' ? nothing : () => void this.#act(action)}
          >
            ${text(action.label, lang)}
          </button>`,
      )}
    </div>`;
  }

  /** The confirmation dialog (with the resolution text when resolving) and the assign dialog. */
  #dialogs(lang: string): TemplateResult {
    const pending = this.pending;
    const label = pending ? text(pending.label, lang) : '';
    return html`<portico-dialog label=${label}>
        <p>${pending ? text(pending.confirm, lang) || `${label}?` : ''}</p>
        ${
          pending?.id === 'resolve'
            ? html`<portico-textarea-field
                id="portico-resolution"
                label=${msg(lang, 'resolution')}
                required
              ></portico-textarea-field>`
            : nothing
        }
        <button slot="footer" @click=${() => query<PorticoDialog>(this, 'portico-dialog').close()}>
          ${msg(lang, 'cancel')}
        </button>
        <button
          slot="footer"
          class="primary"
          @click=${() => query<PorticoDialog>(this, 'portico-dialog').close('ok')}
        >
          ${label}
        </button>
      </portico-dialog>
      <portico-assign-dialog form=${this.form}></portico-assign-dialog>`;
  }
}

define('portico-form', PorticoForm);

declare global {
  interface HTMLElementTagNameMap {
    'portico-form': PorticoForm;
  }
}
