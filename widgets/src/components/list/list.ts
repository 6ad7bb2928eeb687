import { LitElement, html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import type {
  ListDefinitionResponse,
  ListPageResponse,
  RecordResponse,
  RowAction,
} from '../../../../server/api/contract.js';
import { test } from '../../internal/condition.js';
import { define } from '../../internal/define.js';
import { api, segment } from '../../internal/api.js';
import type { ApiError } from '../../internal/api.js';
import { emit, reportError } from '../../internal/events.js';
import { langOf, msg, text } from '../../internal/i18n.js';
import { installTokens } from '../../styles/tokens.js';
import { styles } from './list.styles.js';

/**
 * A Portico list: the records a list definition shows the signed-in user, with sorting, search,
 * filters and server-side paging (the server's opaque `nextPage` cursor; earlier cursors are kept
 * for "Previous"). Rows are keyboard-operable: Tab reaches the table, Arrow Up/Down (Home/End) move
 * between rows, Enter or Space opens one.
 *
 * @tagname portico-list
 * @summary Sortable, searchable, filterable, paged table of records.
 * @event portico-row-select - The user opened a row. Detail: `{ list, record, form }`.
 * @event portico-action - The user picked a row action or "New". Detail: `{ action, id, form, record }`.
 * @event portico-error - Loading failed (already shown). Detail: `{ code, status, message, requestId }`.
 * @csspart base - Wrapper of everything.
 * @csspart title - The list title.
 * @csspart toolbar - Search and filters.
 * @csspart search - The search input.
 * @csspart filter - A filter select or input.
 * @csspart status - Loading and count messages.
 * @csspart table - The `<table>`.
 * @csspart header - A column header cell.
 * @csspart sort - A column's sort button.
 * @csspart row - A body row.
 * @csspart cell - A body cell.
 * @csspart row-action - A row action button.
 * @csspart empty - The "no records" message.
 * @csspart error - The error message with its retry button.
 * @csspart pager - Previous / next page buttons.
 * @csspart create - The "New" button.
 * @cssproperty --portico-color-subtle - Zebra and hover rows.
 */
export class PorticoList extends LitElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    list: { reflect: true },
    lang: { reflect: true },
    def: { state: true },
    page: { state: true },
    busy: { state: true },
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

  protected def?: ListDefinitionResponse;
  protected page?: ListPageResponse;
  protected busy = false;
  protected failed?: ApiError;
  protected sort = '';
  protected direction: 'asc' | 'desc' = 'asc';
  protected search = '';
  protected filters: Record<string, string> = {};
  /** Cursors of the pages before the current one ('' is the first page). */
  protected cursors: string[] = [];
  protected cursor = '';

  constructor() {
    super();
    installTokens();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('list')) void this.load();
  }

  /** (Re)loads the definition and the first page; also the retry after a failure. */
  async load(): Promise<void> {
    if (!this.list) return;
    this.failed = undefined;
    this.busy = true;
    try {
      const def = await api<ListDefinitionResponse>('GET', `/lists/${segment(this.list)}`);
      this.def = def;
      this.sort = def.defaultSort.field;
      this.direction = def.defaultSort.direction;
      this.cursors = [];
      await this.fetchPage('');
    } catch (e) {
      this.#fail(e);
    }
    this.busy = false;
  }

  /** Loads one page with the current sort, search and filters. */
  protected async fetchPage(cursor: string): Promise<void> {
    this.busy = true;
    this.failed = undefined;
    const q = new URLSearchParams({ sort: this.sort, direction: this.direction });
    if (this.search) q.set('search', this.search);
    for (const [k, v] of Object.entries(this.filters)) if (v) q.set(`filter.${k}`, v);
    if (cursor) q.set('page', cursor);
    try {
      this.page = await api<ListPageResponse>('GET', `/lists/${segment(this.list)}/records?${q}`);
      this.cursor = cursor;
    } catch (e) {
      this.#fail(e);
    }
    this.busy = false;
  }

  #fail(error: unknown): void {
    this.failed = reportError(this, error);
  }

  #restart(): void {
    this.cursors = [];
    void this.fetchPage('');
  }

  #sortBy(name: string): void {
    this.direction = this.sort === name && this.direction === 'asc' ? 'desc' : 'asc';
    this.sort = name;
    this.#restart();
  }

  #open(r: RecordResponse): void {
    const form = this.def?.rowActions.find((a) => a.id === 'open')?.form;
    emit(this, 'portico-row-select', { list: this.list, record: r, form });
  }

  #rowKey(e: KeyboardEvent, r: RecordResponse): void {
    const row = e.currentTarget as HTMLElement;
    if (e.target !== row) return;
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('tbody tr')];
    const i = rows.indexOf(row);
    const go = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: rows.length - 1 }[e.key];
    if (go !== undefined) {
      e.preventDefault();
      rows[Math.max(0, Math.min(rows.length - 1, go))]?.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.#open(r);
    }
  }

  #action(e: Event, a: RowAction | { id: 'create'; form?: string }, r?: RecordResponse): void {
    e.stopPropagation();
    emit(this, 'portico-action', { action: a.id, id: r?.id, form: a.form, record: r });
  }

  protected override render(): TemplateResult {
    const lang = langOf(this);
    const def = this.def;
    const rows = this.page?.rows ?? [];
    const status = this.busy ? msg(lang, 'loading') : '';
    return html`<div part="base" class="base">
      ${def ? html`<h2 part="title">${text(def.title, lang)}</h2>` : nothing}
      ${
        def
          ? html`<form
              part="toolbar"
              class="row"
              role="search"
              @submit=${(e: Event) => {
                e.preventDefault();
                this.#restart();
              }}
            >
              ${
                def.searchable
                  ? html`<label class="sr" for="q">${msg(lang, 'search')}</label
                      ><input
                        id="q"
                        part="search"
                        type="search"
                        .value=${this.search}
                        placeholder=${text(def.searchPlaceholder, lang) || nothing}
                        @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
                      />`
                  : nothing
              }
              ${def.filters.map(
                (f) =>
                  html`<label
                    >${text(f.label, lang)}
                    ${
                      f.options
                        ? html`<select
                            part="filter"
                            @change=${(e: Event) => {
                              this.filters = {
                                ...this.filters,
                                [f.field]: (e.target as HTMLSelectElement).value,
                              };
                              this.#restart();
                            }}
                          >
                            <option value="">${msg(lang, 'all')}</option>
                            ${f.options.map((o) => html`<option value=${String(o.value)}>${text(o.label, lang)}</option>`)}
                          </select>`
                        : html`<input
                            part="filter"
                            @change=${(e: Event) => {
                              this.filters = {
                                ...this.filters,
                                [f.field]: (e.target as HTMLInputElement).value,
                              };
                              this.#restart();
                            }}
                          />`
                    }</label
                  >`,
              )}
              <button type="submit">${msg(lang, 'search')}</button>
              ${
                def.createForm
                  ? html`<button
                      type="button"
                      part="create"
                      class="primary"
                      @click=${(e: Event) => this.#action(e, { id: 'create', form: def.createForm })}
                    >
                      ${msg(lang, 'new')}
                    </button>`
                  : nothing
              }
            </form>`
          : nothing
      }
      <p part="status" role="status">${status}</p>
      ${
        this.failed
          ? html`<div part="error" class="banner bad" role="alert">
              <p>${msg(lang, this.failed.status === 0 ? 'network' : 'loadFailed')}</p>
              <button @click=${() => void (def ? this.fetchPage(this.cursor) : this.load())}>
                ${msg(lang, 'retry')}
              </button>
            </div>`
          : nothing
      }
      ${def && this.page && !rows.length && !this.failed ? html`<p part="empty">${msg(lang, 'empty')}</p>` : nothing}
      ${
        def && rows.length
          ? html`<div class="scroll">
              <table part="table" aria-label=${text(def.title, lang)}>
                <thead>
                  <tr>
                    ${def.columns.map((c) => {
                      const on = this.sort === c.name;
                      return html`<th
                        part="header"
                        scope="col"
                        aria-sort=${on ? (this.direction === 'asc' ? 'ascending' : 'descending') : nothing}
                      >
                        ${
                          c.sortable
                            ? html`<button part="sort" class="sort" @click=${() => this.#sortBy(c.name)}>
                                ${text(c.label, lang)}<span aria-hidden="true"
                                  >${on ? (this.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span
                                >
                              </button>`
                            : text(c.label, lang)
                        }
                      </th>`;
                    })}
                    ${def.rowActions.some((a) => a.id !== 'open') ? html`<td></td>` : nothing}
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(
                    (r) =>
                      html`<tr
                        part="row"
                        tabindex="0"
                        @click=${() => this.#open(r)}
                        @keydown=${(e: KeyboardEvent) => this.#rowKey(e, r)}
                      >
                        ${def.columns.map(
                          (c) =>
                            html`<td part="cell">
                              ${r.formatted[c.name] ?? String(r.values[c.name] ?? '')}
                            </td>`,
                        )}
                        ${
                          def.rowActions.some((a) => a.id !== 'open')
                            ? html`<td part="cell">
                                ${def.rowActions
                                  .filter((a) => a.id !== 'open' && (!a.when || test(a.when, r.values)))
                                  .map(
                                    (a) =>
                                      html`<button
                                        part="row-action"
                                        @click=${(e: Event) => this.#action(e, a, r)}
                                      >
                                        ${text(a.label, lang)}
                                      </button>`,
                                  )}
                              </td>`
                            : nothing
                        }
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }
      ${
        def && (this.cursors.length || this.page?.nextPage)
          ? html`<nav part="pager" class="row" aria-label=${text(def.title, lang)}>
              <button
                ?disabled=${!this.cursors.length || this.busy}
                @click=${() => {
                  const prev = this.cursors.at(-1) ?? '';
                  this.cursors = this.cursors.slice(0, -1);
                  void this.fetchPage(prev);
                }}
              >
                ${msg(lang, 'prev')}
              </button>
              <button
                ?disabled=${!this.page?.nextPage || this.busy}
                @click=${() => {
                  this.cursors = [...this.cursors, this.cursor];
                  void this.fetchPage(this.page?.nextPage ?? '');
                }}
              >
                ${msg(lang, 'next')}
              </button>
            </nav>`
          : nothing
      }
    </div>`;
  }
}

define('portico-list', PorticoList);

declare global {
  interface HTMLElementTagNameMap {
    'portico-list': PorticoList;
  }
}
