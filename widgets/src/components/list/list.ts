import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import type {
  ListDefinitionResponse,
  ListPageResponse,
  RecordResponse,
  RowAction,
} from '../../../../server/api/contract.js';
import { define, query } from '../../internal/define.js';
import { api, definition, segment } from '../../internal/api.js';
import type { ApiError } from '../../internal/api.js';
import { loadMore } from '../more-fields/chunk.js';
import { emit, reportError } from '../../internal/events.js';
import { addMessages, langOf, msg, text } from '../../internal/i18n.js';
import { display } from '../../internal/values.js';
import type { MessageKey } from '../../internal/i18n.js';
import type { PorticoActionDialog } from '../action-dialog/action-dialog.js';
import { listMessages } from './list.messages.js';
import { PorticoElement } from '../../internal/element.js';
import { offered, rowActions } from './row-actions.js';
import type { RowActionsHost } from './row-actions.js';
import { styles } from './list.styles.js';

/** "New" names what it makes where the messages have the word ("New case"). */
const NEW_LABELS: Record<string, MessageKey> = { incident: 'newIncident', contact: 'newContact' };

/** A record's page from a link template: `{id}` becomes the record id. */
const fill = (template: string, id: string): string => template.replace('{id}', encodeURIComponent(id));

/**
 * A Portico list: the records a list definition shows the signed-in user, with sorting, search,
 * filters and server-side paging (the server's opaque `nextPage` cursor; earlier cursors are kept
 * for "Previous"). Rows are keyboard-operable: Tab reaches the table, Arrow Up/Down (Home/End) move
 * between rows, Enter or Space opens one.
 *
 * Row actions run in the list, in the dialogs the form uses (`<portico-action-dialog>`): offered
 * per row where their `when` holds, one as a button and the rest in a "More" menu; the outcome is
 * shown beside the row and announced, and the page is read again. With a record link template
 * (`record-href`, else the definition's `links.record`) rows are real links, and with a create
 * template "New" is one, so a host page needs no script; the events fire first and
 * `preventDefault()` keeps the page where it is. In a container narrower than 40em (a phone, a
 * sidebar) rows become cards: the definition's `card` title, badge and fields, and the actions.
 * A table never scrolls sideways: when its columns do not fit the list's width, it drops those the
 * card leaves out (the card names what matters most), and when even those do not fit, it shows the
 * cards.
 *
 * @tagname portico-list
 * @summary Sortable, searchable, filterable, paged table of records with row actions; cards when narrow.
 * @event portico-row-select - The user opened a row (cancelable: stops the link). Detail: `{ list, record, form }`.
 * @event portico-action - The user picked a row action or "New" (cancelable: stops the action or the link). Detail: `{ action, id, form, record }`.
 * @event portico-error - A request failed (already shown). Detail: `{ code, status, message, requestId }`.
 * @csspart base - Wrapper of everything.
 * @csspart title - The list title (see `hide-title` and `heading-level`).
 * @csspart toolbar - Search and filters.
 * @csspart search - The search input.
 * @csspart filter - A filter select or input.
 * @csspart status - Loading and count messages.
 * @csspart table - The `<table>`.
 * @csspart header - A column header cell.
 * @csspart sort - A column's sort button.
 * @csspart row - A body row.
 * @csspart cell - A body cell.
 * @csspart row-action - The row action shown as a button.
 * @csspart more - The button of a row's menu of further actions.
 * @csspart menu - That menu.
 * @csspart menu-item - An action in it.
 * @csspart outcome - What the last action on a row came to.
 * @csspart cards - The cards of a narrow list.
 * @csspart card - One record's card.
 * @csspart card-title - A card's title (a link with a record template).
 * @csspart badge - A card's status badge.
 * @csspart empty - The "no records" message.
 * @csspart error - The error message with its retry button.
 * @csspart pager - Previous / next page buttons.
 * @csspart create - The "New" button.
 * @cssproperty --portico-color-subtle - Zebra and hover rows.
 */
export class PorticoList extends PorticoElement implements RowActionsHost {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    list: { reflect: true },
    lang: { reflect: true },
    recordHref: { attribute: 'record-href' },
    createHref: { attribute: 'create-href' },
    hideTitle: { type: Boolean, attribute: 'hide-title' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    menu: { state: true },
    fit: { state: true },
    acting: { state: true },
    outcome: { state: true },
    def: { state: true },
    page: { state: true },
    waiting: { state: true },
    failed: { state: true },
    sort: { state: true },
    direction: { state: true },
    search: { state: true },
    filters: { state: true },
    cursors: { state: true },
    cursor: { state: true },
  };

  /** List id as defined in `schemas/lists/<id>.json`. */
  list = '';
  /** Language of labels and messages; defaults to the closest `lang` on the page, else `en`. */
  override lang!: string;
  /** The host's page of one record, `{id}` replaced (e.g. `/cases/{id}`); default: the definition's `links.record`. */
  recordHref = '';
  /** The host's page for a new record (e.g. `/cases/new`); default: the definition's `links.create`. */
  createHref = '';
  /** Leaves the title out, for a page whose own heading already names the list. Default: shown. */
  hideTitle = false;
  /** The title's heading level (1-6), to fit the page's outline. Default: 2. */
  headingLevel?: number;
  menu = '';
  acting = '';
  outcome?: { id: string; text: string; bad: boolean; gone: boolean };

  protected def?: ListDefinitionResponse;
  protected page?: ListPageResponse;
  protected waiting = false;
  protected failed?: ApiError;
  protected sort = '';
  protected direction: 'asc' | 'desc' = 'asc';
  protected search = '';
  protected filters: Record<string, string> = {};
  /** Cursors of the pages before the current one ('' is the first page). */
  protected cursors: string[] = [];
  protected cursor = '';
  /** How much of the table fits the list's width: every column, the card's only, or none (cards). */
  protected fit: 0 | 1 | 2 = 0;
  /** The list's width when last measured: a new width is measured from every column again. */
  #width = -1;
  /**
   * Watches the list and its table: a new width of the list measures every column again; a table
   * that grows with no update of the list's own (a host's styles or fonts arriving late) is measured
   * again too (`updated`). Acted on in the next frame, never in the callback: stepping down there
   * resizes what is being observed (the table, and the list's height with the table's scrollbar),
   * which the browser reports as an error ("ResizeObserver loop").
   */
  #resized = new ResizeObserver(() =>
    requestAnimationFrame(() => {
      const width = this.clientWidth;
      if (width !== this.#width) {
        this.#width = width;
        this.fit = 0;
      }
      // Measured even when `fit` is unchanged: the table may have grown since the last update.
      this.requestUpdate();
    }),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resized.observe(this);
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resized.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('list')) void this.load();
    // Other rows may fit whole. (`page` is protected, so not among the typed keys.)
    if ((changed as Map<PropertyKey, unknown>).has('page')) this.fit = 0;
  }

  /**
   * A table wider than the list steps down, one update at a time before the browser paints: first
   * to the card's columns, then to the cards. (A table hidden by the narrow layout measures 0.)
   */
  protected override updated(): void {
    const scroll = query<HTMLElement | null>(this, '.scroll');
    if (scroll && this.fit < 2 && scroll.scrollWidth > scroll.clientWidth + 1) this.fit++;
    if (scroll?.firstElementChild) this.#resized.observe(scroll.firstElementChild);
  }

  /** (Re)loads the definition and the first page; also the retry after a failure. */
  async load(): Promise<void> {
    if (!this.list) return;
    this.failed = undefined;
    this.waiting = true;
    try {
      // The definition this tab holds shows at once (its first page asked for beside the check),
      // the server's when it differs (api.ts).
      await definition<ListDefinitionResponse>(`/lists/${segment(this.list)}`, (definition) => {
        this.def = definition;
        // Row actions ask in the shared dialogs: fetched now, so the first press does not wait.
        if (definition.rowActions.some((action) => action.id !== 'open')) void loadMore();
        this.sort = definition.defaultSort.field;
        this.direction = definition.defaultSort.direction;
        this.cursors = [];
        return this.fetchPage('');
      });
    } catch (error) {
      this.#fail(error);
    }
    this.waiting = false;
  }

  /** Loads one page with the current sort, search and filters. */
  protected async fetchPage(cursor: string): Promise<void> {
    this.waiting = true;
    this.failed = undefined;
    const query = new URLSearchParams({ sort: this.sort, direction: this.direction });
    if (this.search) query.set('search', this.search);
    for (const [field, value] of Object.entries(this.filters)) if (value) query.set(`filter.${field}`, value);
    if (cursor) query.set('page', cursor);
    try {
      this.page = await api<ListPageResponse>('GET', `/lists/${segment(this.list)}/records?${query}`);
      this.cursor = cursor;
    } catch (error) {
      this.#fail(error);
    }
    this.waiting = false;
  }

  #fail(error: unknown): void {
    this.failed = reportError(this, error);
  }

  #restart(): void {
    this.cursors = [];
    this.outcome = undefined;
    void this.fetchPage('');
  }

  /** The record's page on the host site, when a template says where. */
  #href(record: RecordResponse): string | undefined {
    const template = this.recordHref || this.def?.links?.record;
    return template ? fill(template, record.id) : undefined;
  }

  get #createHref(): string | undefined {
    return this.createHref || this.def?.links?.create;
  }

  menuTo(key: string, focus?: 'first' | 'last'): void {
    this.menu = key;
    if (key && focus)
      void this.updateComplete.then(() => {
        const items = this.renderRoot.querySelectorAll<HTMLElement>(`[id="${key}"] [role=menuitem]`);
        items[focus === 'first' ? 0 : items.length - 1]?.focus();
      });
  }

  /**
   * Runs a row action: `portico-action` first (a host may take over), then the shared dialog asks,
   * the action goes out with the row's version token, and the page is read again so the row shows
   * the record as it is now (a deleted one is gone). A refusal shows the server's message.
   */
  async act(event: Event, action: RowAction, record: RecordResponse): Promise<void> {
    event.stopPropagation();
    if (this.menu) {
      // The dialog gives focus back to what had it: the menu's button, not an item about to hide.
      query<HTMLElement | null>(this, `[id="${this.menu}b"]`)?.focus();
      this.menu = '';
    }
    if (!emit(this, 'portico-action', { action: action.id, id: record.id, form: action.form, record }, true))
      return;
    await loadMore();
    if (!this.isConnected) return;
    const dialog = query<PorticoActionDialog>(this, 'portico-action-dialog');
    dialog.form = action.form ?? '';
    dialog.entity = this.def?.entity ?? '';
    const body = await dialog.ask(action);
    if (!body) return;
    const lang = langOf(this);
    this.outcome = undefined;
    this.acting = record.id;
    let outcome: { text: string; bad: boolean };
    try {
      outcome = {
        text: dialog.doneText(action, await dialog.send(record.id, record.etag, action, body), lang),
        bad: false,
      };
    } catch (error) {
      const failure = reportError(this, error);
      outcome = { text: failure.status ? failure.message : msg(lang, 'offline'), bad: true };
    }
    await this.fetchPage(this.cursor);
    this.acting = '';
    this.outcome = { ...outcome, id: record.id, gone: !this.page?.rows.some((row) => row.id === record.id) };
  }

  #sortBy(name: string): void {
    this.direction = this.sort === name && this.direction === 'asc' ? 'desc' : 'asc';
    this.sort = name;
    this.#restart();
  }

  /**
   * The user opened a row: `portico-row-select`, then, unless the host prevented it, its page. From a
   * link (`event`) the browser follows it itself, so a modified or middle click opens a new tab.
   */
  #open(record: RecordResponse, event?: Event): void {
    event?.stopPropagation();
    const form = this.def?.rowActions.find((action) => action.id === 'open')?.form;
    const go = emit(this, 'portico-row-select', { list: this.list, record, form }, true);
    const href = this.#href(record);
    if (!go) event?.preventDefault();
    else if (href && !event) location.assign(href);
  }

  /** A column's value as the list shows it, formatted for the reader (values.ts `display`). */
  #shown(record: RecordResponse, name: string, lang: string): string {
    return display(
      record.values[name],
      lang,
      this.def?.columns.find((column) => column.name === name),
    );
  }

  /** The row's title: a link to its page when there is a template. */
  #title(record: RecordResponse, name: string, part: string, lang: string): TemplateResult | string {
    const href = this.#href(record);
    return href
      ? html`<a part=${part} href=${href} @click=${(event: Event) => this.#open(record, event)}
          >${this.#shown(record, name, lang)}</a
        >`
      : this.#shown(record, name, lang);
  }

  #rowKey(event: KeyboardEvent, record: RecordResponse): void {
    const row = event.currentTarget as HTMLElement;
    if (event.target !== row) return;
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('tbody tr')];
    const index = rows.indexOf(row);
    const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (target !== undefined) {
      event.preventDefault();
      rows[Math.max(0, Math.min(rows.length - 1, target))]?.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#open(record);
    }
  }

  /** "New": `portico-action` first; unless prevented, a link follows itself. */
  #create(event: Event, form?: string): void {
    if (!emit(this, 'portico-action', { action: 'create', form }, true)) event.preventDefault();
  }

  protected override render(): TemplateResult {
    const lang = langOf(this);
    const definition = this.def;
    const rows = this.page?.rows ?? [];
    const title = definition ? text(definition.title, lang) : '';
    // The outcome of a row action is announced here; shown here too when its row is gone (delete),
    // else beside its row (row-actions.ts).
    const outcome = this.waiting ? undefined : this.outcome;
    const said = outcome?.text ?? '';
    const status = outcome ? `${outcome.gone ? 'banner' : 'sr'}${outcome.bad ? ' bad' : ''}` : '';
    return html`<div part="base" class="base fit${this.fit}">
      ${
        definition && !this.hideTitle
          ? html`<h2 part="title" aria-level=${this.headingLevel || nothing}>${title}</h2>`
          : nothing
      }
      ${definition ? this.#toolbar(lang, definition) : nothing}
      <p part="status" role="status" class=${status}>${this.waiting ? msg(lang, 'loading') : said}</p>
      ${
        this.failed
          ? html`<div part="error" class="banner bad" role="alert">
              <p>${msg(lang, this.failed.status === 0 ? 'network' : 'loadFailed')}</p>
              <button @click=${() => void (definition ? this.fetchPage(this.cursor) : this.load())}>
                ${msg(lang, 'retry')}
              </button>
            </div>`
          : nothing
      }
      ${definition && this.page && !rows.length && !this.failed ? html`<p part="empty">${msg(lang, 'empty')}</p>` : nothing}
      ${definition && rows.length ? this.#table(lang, definition, rows, title) : nothing}
      ${definition && rows.length ? this.#cards(lang, definition, rows, title) : nothing}
      ${definition && (this.cursors.length || this.page?.nextPage) ? this.#pager(lang, title) : nothing}
      ${
        definition?.rowActions.some((action) => action.id !== 'open')
          ? html`<portico-action-dialog></portico-action-dialog>`
          : nothing
      }
    </div>`;
  }

  /**
   * Search with its button and "New" (at the end of the line, where the page's own button would
   * be), then the filters on a line of their own, so neither pushes the other into a ragged run.
   */
  #toolbar(lang: string, definition: ListDefinitionResponse): TemplateResult {
    return html`<form
      part="toolbar"
      class="row"
      role="search"
      @submit=${(event: Event) => {
        event.preventDefault();
        this.#restart();
      }}
    >
      ${
        definition.searchable
          ? html`<label class="sr" for="q">${msg(lang, 'search')}</label
              ><input
                id="q"
                part="search"
                type="search"
                .value=${this.search}
                placeholder=${text(definition.searchPlaceholder, lang) || nothing}
                @input=${(event: Event) => (this.search = (event.target as HTMLInputElement).value)}
              />`
          : nothing
      }
      <button type="submit">${msg(lang, 'search')}</button>
      ${
        definition.createForm
          ? this.#createHref
            ? html`<a
                part="create"
                class="button primary"
                href=${this.#createHref}
                @click=${(event: Event) => this.#create(event, definition.createForm)}
                >${msg(lang, NEW_LABELS[definition.entity] ?? 'new')}</a
              >`
            : html`<button
                type="button"
                part="create"
                class="primary"
                @click=${(event: Event) => this.#create(event, definition.createForm)}
              >
                ${msg(lang, NEW_LABELS[definition.entity] ?? 'new')}
              </button>`
          : nothing
      }
      ${
        // A filter changed (each control is named after its field): back to the first page.
        definition.filters.length
          ? html`<div
              class="row filters"
              @change=${(event: Event) => {
                const control = event.target as HTMLInputElement | HTMLSelectElement;
                this.filters = { ...this.filters, [control.name]: control.value };
                this.#restart();
              }}
            >
              ${definition.filters.map(
                (filter) =>
                  html`<label
                    >${text(filter.label, lang)}
                    ${
                      filter.options
                        ? html`<select part="filter" name=${filter.field}>
                            <option value="">${msg(lang, 'all')}</option>
                            ${filter.options.map((option) => html`<option value=${String(option.value)}>${text(option.label, lang)}</option>`)}
                          </select>`
                        : html`<input part="filter" name=${filter.field} />`
                    }</label
                  >`,
              )}
            </div>`
          : nothing
      }
    </form>`;
  }

  /** The records: sortable column headers, one keyboard-operable row each, their row actions. */
  #table(
    lang: string,
    definition: ListDefinitionResponse,
    rows: RecordResponse[],
    title: string,
  ): TemplateResult {
    const actionable = definition.rowActions.some((action) => action.id !== 'open');
    const wrap = definition.card.title;
    // The columns the card leaves out go first when the table does not fit (`fit`).
    const card = definition.card;
    const minor = (name: string): string =>
      name === card.title || name === card.badge || card.fields.includes(name) ? '' : 'minor';
    return html`<div class="scroll">
      <table part="table" aria-label=${title}>
        <thead>
          <tr>
            ${definition.columns.map((column) => {
              const sorted = this.sort === column.name;
              return html`<th
                part="header"
                class=${minor(column.name)}
                scope="col"
                aria-sort=${sorted ? (this.direction === 'asc' ? 'ascending' : 'descending') : nothing}
              >
                ${
                  column.sortable
                    ? html`<button part="sort" class="sort" @click=${() => this.#sortBy(column.name)}>
                        ${text(column.label, lang)}<span aria-hidden="true"
                          >${sorted ? (this.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span
                        >
                      </button>`
                    : text(column.label, lang)
                }
              </th>`;
            })}
            ${actionable ? html`<td><span class="sr">${msg(lang, 'actions')}</span></td>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (record) =>
              html`<tr
                part="row"
                tabindex="0"
                @click=${() => this.#open(record)}
                @keydown=${(event: KeyboardEvent) => this.#rowKey(event, record)}
              >
                ${definition.columns.map((column) =>
                  column.name === wrap
                    ? html`<td part="cell" class="wrap">
                        ${this.#title(record, column.name, 'link', lang)}
                      </td>`
                    : html`<td part="cell" class="${column.kind} ${minor(column.name)}">
                        ${this.#shown(record, column.name, lang)}
                      </td>`,
                )}
                ${
                  actionable
                    ? html`<td part="cell">
                        ${rowActions(this, lang, offered(definition.rowActions, record), record, `t${record.id}`)}
                      </td>`
                    : nothing
                }
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /**
   * The rows as cards, shown instead of the table in a narrow container (list.styles.ts): the card's
   * title (a link with a record template), its badge, its fields as term and value, its actions.
   */
  #cards(
    lang: string,
    definition: ListDefinitionResponse,
    rows: RecordResponse[],
    title: string,
  ): TemplateResult {
    const card = definition.card;
    const label = (name: string): string =>
      text(definition.columns.find((column) => column.name === name)?.label, lang);
    return html`<ul part="cards" class="cards" aria-label=${title}>
      ${rows.map((record) => {
        const href = this.#href(record);
        return html`<li part="card" class="card">
          <div class="head">
            ${
              href
                ? this.#title(record, card.title, 'card-title', lang)
                : html`<button part="card-title" class="plain" @click=${() => this.#open(record)}>
                    ${this.#shown(record, card.title, lang)}
                  </button>`
            }
            ${card.badge ? html`<span part="badge" class="badge">${this.#shown(record, card.badge, lang)}</span>` : nothing}
          </div>
          <dl>
            ${card.fields.map(
              (name) =>
                html`<div>
                  <dt class="hint">${label(name)}</dt>
                  <dd>${this.#shown(record, name, lang) || '—'}</dd>
                </div>`,
            )}
          </dl>
          ${rowActions(this, lang, offered(definition.rowActions, record), record, `c${record.id}`)}
        </li>`;
      })}
    </ul>`;
  }

  /** Previous and next page. */
  #pager(lang: string, title: string): TemplateResult {
    return html`<nav part="pager" class="row" aria-label=${title}>
      <button
        ?disabled=${!this.cursors.length || this.waiting}
        @click=${() => {
          const previous = this.cursors.at(-1) ?? '';
          this.cursors = this.cursors.slice(0, -1);
          void this.fetchPage(previous);
        }}
      >
        ${msg(lang, 'prev')}
      </button>
      <button
        ?disabled=${!this.page?.nextPage || this.waiting}
        @click=${() => {
          this.cursors = [...this.cursors, this.cursor];
          void this.fetchPage(this.page?.nextPage ?? '');
        }}
      >
        ${msg(lang, 'next')}
      </button>
    </nav>`;
  }
}

addMessages(listMessages);
define('portico-list', PorticoList);

declare global {
  interface HTMLElementTagNameMap {
    'portico-list': PorticoList;
  }
}
