import { LitElement, html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import type {
  ActionDefinition,
  FieldDefinition,
  FormDefinitionResponse,
  FormMode,
  RecordResponse,
  RecordValues,
} from '../../../../server/api/contract.js';
import { define, query } from '../../internal/define.js';
import { api, ApiError, endpoint, segment } from '../../internal/api.js';
import { emit } from '../../internal/events.js';
import { ajvMessage, langOf, msg, text } from '../../internal/i18n.js';
import type { AjvError } from '../../internal/i18n.js';
import { test } from '../../internal/condition.js';
import { draftAt, draftKey, readDraft, writeDraft } from '../../internal/draft.js';
import { PorticoField, fieldTag } from '../../internal/field.js';
import { isEmpty, sameValue } from '../../internal/values.js';
import { installTokens } from '../../styles/tokens.js';
import type { PorticoDialog } from '../dialog/dialog.js';
import type { PorticoAssignDialog } from '../assign-dialog/assign-dialog.js';
import '../dialog/dialog.js';
import '../assign-dialog/assign-dialog.js';
import '../text-field/text-field.js';
import '../email-field/email-field.js';
import '../phone-field/phone-field.js';
import '../url-field/url-field.js';
import '../textarea-field/textarea-field.js';
import '../integer-field/integer-field.js';
import '../decimal-field/decimal-field.js';
import '../date-field/date-field.js';
import '../datetime-field/datetime-field.js';
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

/**
 * A Portico form: loads the definition for the signed-in user's role, renders its sections and
 * fields, validates with the form's precompiled validator module, and creates, updates, deletes or
 * runs actions on one record. Unsent input is kept as a draft; conflicts, network failures and
 * "busy" answers never lose what the user typed.
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
 * @csspart problem - Load, network, busy and other error messages, with their retry button.
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

  protected def?: FormDefinitionResponse;
  protected rec?: RecordResponse;
  protected values: RecordValues = {};
  protected errors: Record<string, string> = {};
  protected summary: Array<[string, string]> = [];
  protected busy = false;
  protected problem?: Problem;
  protected draft: RecordValues | null = null;
  protected notice = '';
  protected gone = false;
  protected pending?: ActionDefinition;
  protected get formEl(): HTMLFormElement | null {
    return query(this, 'form');
  }
  protected get dlg(): PorticoDialog {
    return query(this, 'portico-dialog');
  }
  protected get assignDlg(): PorticoAssignDialog {
    return query(this, 'portico-assign-dialog');
  }
  protected get summaryEl(): HTMLElement | null {
    return query(this, '[part~=error-summary]');
  }
  protected get resolution(): PorticoField | null {
    return query(this, '#portico-resolution');
  }

  #validate: Validate | null = null;
  #els = new Map<string, PorticoField>();
  #endpoint = '';
  /** Where this form's draft is kept: per endpoint, form and record. */
  get #at(): string {
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
      const [def, rec, d] = await Promise.all([
        api<FormDefinitionResponse>('GET', path),
        this.recordId ? api<RecordResponse>('GET', `${path}/records/${segment(this.recordId)}`) : undefined,
        readDraft(this.#at),
      ]);
      this.def = def;
      this.#setRecord(rec);
      if (!def.modes.includes(this.effectiveMode))
        throw new ApiError(msg(langOf(this), 'mode'), 400, 'PORTICO_WIDGET_MODE_UNSUPPORTED');
      this.draft = d && Object.entries(d).some(([k, v]) => !sameValue(v, this.values[k])) ? d : null;
      void this.#loadValidator(def.validator);
    } catch (e) {
      if (this.def && !(e instanceof ApiError && e.code === 'PORTICO_WIDGET_MODE_UNSUPPORTED'))
        this.def = undefined;
      this.#fail(e, () => void this.load());
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
      const m = (await import(/* @vite-ignore */ url)) as { default?: unknown };
      if (typeof m.default === 'function') this.#validate = m.default as Validate;
    } catch (e) {
      if (!warned) console.warn('PORTICO_WIDGET_VALIDATOR_UNAVAILABLE', e);
      warned = true;
    }
  }

  #setRecord(rec?: RecordResponse): void {
    this.rec = rec;
    this.values = { ...rec?.values };
    this.errors = {};
    this.summary = [];
  }

  /** Fields shown now (their `visibleWhen` holds). */
  #visible(): FieldDefinition[] {
    return (this.def?.sections ?? []).flatMap((s) =>
      s.fields.filter((f) => !f.visibleWhen || test(f.visibleWhen, this.values)),
    );
  }
  #writable(): FieldDefinition[] {
    return this.effectiveMode === 'view'
      ? []
      : this.#visible().filter((f) => !f.readOnly && customElements.get(fieldTag(f.kind)));
  }
  /** What the user changed compared with the record as loaded (create: everything filled in). */
  #changes(): RecordValues {
    const base = this.rec?.values ?? {};
    return Object.fromEntries(
      this.#writable()
        .filter(
          (f) =>
            !sameValue(this.values[f.name], base[f.name]) &&
            !(isEmpty(this.values[f.name]) && isEmpty(base[f.name])),
        )
        .map((f) => [f.name, this.values[f.name] ?? null]),
    );
  }

  #onInput(e: Event): void {
    const f = e.target;
    if (!(f instanceof PorticoField) || !f.name) return;
    this.values = { ...this.values, [f.name]: f.value };
    if (f.name in this.errors) {
      const { [f.name]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
    this.notice = '';
    writeDraft(this.#at, this.#changes());
  }

  /** Validates, fires `portico-submit`, then creates or updates. */
  async save(): Promise<void> {
    if (this.busy || !this.def) return;
    const lang = langOf(this);
    const fields = this.#writable();
    this.errors = {};
    for (const el of this.#els.values()) el.error = '';
    await this.updateComplete;
    await Promise.all([...this.#els.values()].map((el) => el.updateComplete));
    const errs: Record<string, string> = {};
    for (const f of fields) {
      const el = this.#els.get(f.name);
      if (el && !el.reportValidity()) errs[f.name] = el.validationMessage;
    }
    const all = Object.fromEntries(
      fields.filter((f) => !isEmpty(this.values[f.name])).map((f) => [f.name, this.values[f.name]]),
    );
    const extra: string[] = [];
    const v = this.#validate;
    if (v && !v(all))
      for (const e of v.errors ?? []) {
        const name =
          e.keyword === 'required' ? String(e.params.missingProperty) : (e.instancePath.split('/')[1] ?? '');
        if (fields.some((f) => f.name === name)) errs[name] ??= ajvMessage(e, lang);
        else extra.push(ajvMessage(e, lang));
      }
    if (Object.keys(errs).length || extra.length) return this.#invalid(errs, extra);

    const mode = this.effectiveMode;
    const values = mode === 'create' ? all : this.#changes();
    if (!emit(this, 'portico-submit', { form: this.form, mode, recordId: this.recordId, values }, true))
      return;
    const path = `/forms/${segment(this.form)}/records`;
    await this.#request(
      () =>
        mode === 'create'
          ? api<RecordResponse>('POST', path, { values }, '', draftKey(this.#at))
          : api<RecordResponse>('PATCH', `${path}/${segment(this.recordId)}`, { values }, this.rec?.etag),
      (r) => {
        if (!r) return;
        writeDraft(this.#at, null);
        this.draft = null;
        const ok = this.def?.onSuccess;
        this.notice = text(ok?.message, lang) || msg(lang, 'saved');
        if (mode === 'create') {
          this.#setRecord();
          this.formEl?.reset();
        } else this.#setRecord(r);
        if (emit(this, 'portico-saved', { form: this.form, mode, record: r }, true) && ok?.redirect)
          location.assign(ok.redirect.replace('{id}', encodeURIComponent(r.id)));
      },
      () => void this.save(),
    );
  }

  async #invalid(errs: Record<string, string>, extra: string[]): Promise<void> {
    const lang = langOf(this);
    const fields = this.#visible().filter((f) => errs[f.name]);
    this.errors = errs;
    this.summary = [
      ...fields.map((f): [string, string] => [f.name, `${text(f.label, lang)}: ${errs[f.name]}`]),
      ...extra.map((m): [string, string] => ['', m]),
    ];
    await this.updateComplete;
    // Focus the first field in error so keyboard and screen-reader users land on it; with only
    // form-level problems, focus the summary (GOV.UK error summary pattern).
    const first = fields[0];
    (first ? this.#els.get(first.name) : this.summaryEl)?.focus();
  }

  /** Runs one request with the form busy; failures become a retryable problem with input intact. */
  async #request<T>(run: () => Promise<T>, done: (r: T) => void, retry: () => void): Promise<void> {
    this.busy = true;
    this.problem = undefined;
    this.notice = '';
    try {
      done(await run());
    } catch (e) {
      this.#fail(e, retry);
    }
    this.busy = false;
  }

  #fail(e: unknown, retry: () => void): void {
    const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'PORTICO_WIDGET_UNEXPECTED');
    const lang = langOf(this);
    emit(this, 'portico-error', {
      code: err.code,
      status: err.status,
      message: err.message,
      requestId: err.requestId,
    });
    const s = err.status;
    if (s === 412 && err.current) this.problem = { text: msg(lang, 'conflict'), current: err.current };
    // 0: not reached; 429: rate limited; 502-504: gateway or upstream unavailable. All worth a retry.
    else if (s === 0 || s === 429 || s > 501)
      this.problem = { text: msg(lang, s === 0 ? 'network' : 'busy'), retry };
    else if (err.fields.length) {
      const errs: Record<string, string> = {};
      const extra: string[] = [];
      for (const f of err.fields) {
        const name = f.pointer.split('/')[1] ?? '';
        if (this.#visible().some((d) => d.name === name)) errs[name] ??= f.message;
        else extra.push(f.message);
      }
      void this.#invalid(errs, extra);
    } else
      this.problem = {
        text: this.def ? err.message : `${msg(lang, 'loadFailed')} ${err.message}`,
        retry: this.def ? undefined : retry,
      };
  }

  /** Reload after a conflict: take their version, drop my edits. */
  #theirs(cur: RecordResponse): void {
    this.problem = undefined;
    this.#setRecord(cur);
    writeDraft(this.#at, null);
  }
  /** Re-apply after a conflict: their version as the base, my edits on top, saved again. */
  #mine(cur: RecordResponse): void {
    const mine = this.#changes();
    this.problem = undefined;
    this.#setRecord(cur);
    this.values = { ...cur.values, ...mine };
    void this.save();
  }

  /** Runs an action button: save, or confirm (and ask for a resolution / owner), then call the server. */
  async #act(a: ActionDefinition): Promise<void> {
    if (this.busy) return;
    if (a.id === 'save') return this.save();
    let body: unknown = {};
    if (a.id === 'assign') {
      const owner = await this.assignDlg.show();
      if (!owner) return;
      body = { owner };
    } else {
      this.pending = a;
      await this.updateComplete;
      const res = this.resolution;
      if (res) res.formResetCallback();
      for (;;) {
        if ((await this.dlg.show()) !== 'ok') return;
        if (!res || res.reportValidity()) break;
      }
      if (res) body = { resolution: res.value };
    }
    await this.#run(a, body);
  }

  async #run(a: ActionDefinition, body: unknown): Promise<void> {
    const path = `/forms/${segment(this.form)}/records/${segment(this.recordId)}`;
    const etag = this.rec?.etag;
    const lang = langOf(this);
    await this.#request(
      async () => {
        if (a.id === 'delete') return api<null>('DELETE', path, undefined, etag);
        const r = await api<RecordResponse | null>('POST', `${path}/actions/${a.id}`, body, etag);
        return r?.etag ? r : api<RecordResponse>('GET', path);
      },
      (r) => {
        if (r) this.#setRecord(r);
        else {
          this.gone = true;
          writeDraft(this.#at, null);
        }
        this.notice = msg(lang, r ? 'saved' : 'deleted');
        emit(this, 'portico-action', {
          action: a.id,
          id: this.recordId,
          form: this.form,
          record: r ?? undefined,
        });
      },
      () => void this.#run(a, body),
    );
  }

  /** Actions offered in this mode and the record's state (`when`); the server still decides. */
  #actions(): ActionDefinition[] {
    const mode = this.effectiveMode;
    return (this.def?.actions ?? []).filter(
      (a) =>
        (a.id === 'save' ? mode !== 'view' : mode !== 'create') &&
        (!a.when || test(a.when, this.rec?.values ?? {})),
    );
  }

  /**
   * The field element for a definition, created once and kept, so focus and typing survive renders.
   * A kind this widget does not know (a newer server) is shown read-only as text: the value stays
   * visible and is never sent back changed.
   */
  #field(f: FieldDefinition, lang: string): PorticoField {
    const known = !!customElements.get(fieldTag(f.kind));
    const name = known ? fieldTag(f.kind) : 'portico-text-field';
    let el = this.#els.get(f.name);
    if (el?.localName !== name) {
      el = document.createElement(name) as PorticoField;
      this.#els.set(f.name, el);
    }
    const x = el as PorticoField & { display?: string; targets?: string[]; formId?: string };
    Object.assign(x, {
      id: f.name,
      name: f.name,
      label: text(f.label, lang),
      help: text(f.help, lang),
      placeholder: text(f.placeholder, lang),
      required: f.required || (!!f.requiredWhen && test(f.requiredWhen, this.values)),
      readonly: f.readOnly || !known || this.effectiveMode === 'view',
      maxlength: f.maxLength,
      min: f.minimum,
      max: f.maximum,
      options: f.options ?? [],
      error: this.errors[f.name] ?? '',
      value: this.values[f.name] ?? null,
      formId: this.form,
    });
    if (f.display) x.display = f.display;
    if (f.targets) x.targets = f.targets;
    return el;
  }

  protected override render(): TemplateResult {
    const lang = langOf(this);
    const def = this.def;
    const p = this.problem;
    const cur = p?.current;
    const changed = cur
      ? this.#visible().filter((f) => !sameValue(cur.values[f.name], this.rec?.values[f.name]))
      : [];
    const pend = this.pending;
    // The dialogs exist only when an offered action can open them: a create form does not render
    // them (and the assign dialog's owner picker) before its first input (bench-render.ts).
    const acts = this.#actions();
    return html`<div part="base" class="base" aria-busy=${this.busy}>
      ${def ? html`<h2 part="title">${text(def.title, lang)}</h2>` : nothing}
      ${this.busy && !def ? html`<p part="loading" role="status">${msg(lang, 'loading')}</p>` : nothing}
      <div part="notice" class="notice" role="status">${this.notice || nothing}</div>
      ${
        p && !cur
          ? html`<div part="problem" class="banner bad" role="alert">
              <p>${p.text}</p>
              ${p.retry ? html`<button @click=${p.retry}>${msg(lang, 'retry')}</button>` : nothing}
            </div>`
          : nothing
      }
      ${
        cur
          ? html`<div part="conflict" class="banner bad" role="alert">
              <p>${p.text}</p>
              <ul>
                ${changed.map((f) => html`<li>${text(f.label, lang)}: ${cur.formatted[f.name] ?? String(cur.values[f.name] ?? '—')}</li>`)}
              </ul>
              <div class="row">
                <button @click=${() => this.#theirs(cur)}>${msg(lang, 'theirs')}</button>
                <button class="primary" @click=${() => this.#mine(cur)}>${msg(lang, 'mine')}</button>
              </div>
            </div>`
          : nothing
      }
      ${
        this.draft && def && !this.gone
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
                    writeDraft(this.#at, null);
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
                ${this.summary.map(([name, m]) =>
                  name
                    ? html`<li>
                        <a
                          href="#${name}"
                          @click=${(e: Event) => {
                            e.preventDefault();
                            this.#els.get(name)?.focus();
                          }}
                          >${m}</a
                        >
                      </li>`
                    : html`<li>${m}</li>`,
                )}
              </ul>
            </div>`
          : nothing
      }
      ${
        def && !this.gone
          ? html`<form
              part="form"
              novalidate
              @input=${this.#onInput}
              @submit=${(e: Event) => {
                e.preventDefault();
                void this.save();
              }}
            >
              ${def.sections.map((s) => {
                const fields = s.fields.filter((f) => !f.visibleWhen || test(f.visibleWhen, this.values));
                return fields.length
                  ? html`<fieldset part="section">
                      ${s.label ? html`<legend part="section-label">${text(s.label, lang)}</legend>` : nothing}
                      ${fields.map((f) => this.#field(f, lang))}
                    </fieldset>`
                  : nothing;
              })}
              <div part="actions" class="row">
                ${acts.map(
                  (a) =>
                    html`<button
                      part="action action-${a.id}"
                      type=${a.id === 'save' ? 'submit' : 'button'}
                      class=${a.id === 'save' ? 'primary' : a.id === 'delete' ? 'danger' : ''}
                      aria-disabled=${this.busy}
                      @click=${a.id === 'save' ? nothing : () => void this.#act(a)}
                    >
                      ${text(a.label, lang)}
                    </button>`,
                )}
              </div>
            </form>`
          : nothing
      }
      ${
        acts.some((a) => a.id !== 'save')
          ? html`<portico-dialog label=${pend ? text(pend.label, lang) : ''}>
                <p>${pend ? text(pend.confirm, lang) || `${text(pend.label, lang)}?` : ''}</p>
                ${
                  pend?.id === 'resolve'
                    ? html`<portico-textarea-field
                        id="portico-resolution"
                        label=${msg(lang, 'resolution')}
                        required
                      ></portico-textarea-field>`
                    : nothing
                }
                <button slot="footer" @click=${() => this.dlg.close()}>${msg(lang, 'cancel')}</button>
                <button slot="footer" class="primary" @click=${() => this.dlg.close('ok')}>
                  ${pend ? text(pend.label, lang) : ''}
                </button>
              </portico-dialog>
              <portico-assign-dialog form=${this.form}></portico-assign-dialog>`
          : nothing
      }
    </div>`;
  }
}

define('portico-form', PorticoForm);

declare global {
  interface HTMLElementTagNameMap {
    'portico-form': PorticoForm;
  }
}
