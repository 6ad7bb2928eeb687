import { html, nothing } from 'lit';
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
import { addMessages, langOf, msg, text } from '../../internal/i18n.js';
import { listMessages } from './list.messages.js';
import { PorticoElement } from '../../internal/element.js';
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
export class PorticoList extends PorticoElement {
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('list')) void this.load();
  }

  /** (Re)loads the definition and the first page; also the retry after a failure. */
  async load(): Promise<void> {
    if (!this.list) return;
    this.failed = undefined;
    this.busy = true;
    try {
      const definition = await api<ListDefinitionResponse>('GET', `/lists/${segment(this.list)}`);
      this.def = definition;
      this.sort = definition.defaultSort.field;
      this.direction = definition.defaultSort.direction;
      this.cursors = [];
      await this.fetchPage('');
    } catch (error) {
      this.#fail(error);
    }
    this.busy = false;
  }

  /** Loads one page with the current sort, search and filters. */
  protected async fetchPage(cursor: string): Promise<void> {
    this.busy = true;
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

  #open(record: RecordResponse): void {
    const form = this.def?.rowActions.find((action) => action.id === 'open')?.form;
    emit(this, 'portico-row-select', { list: this.list, record, form });
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

  #action(event: Event, action: RowAction | { id: 'create'; form?: string }, record?: RecordResponse): void {
    event.stopPropagation();
    emit(this, 'portico-action', { action: action.id, id: record?.id, form: action.form, record });
  }

  /** A filter changed: the list starts again from its first page. */
  #filter(field: string, event: Event): void {
    this.filters = { ...this.filters, [field]: (event.target as HTMLInputElement | HTMLSelectElement).value };
    this.#restart();
  }

  protected override render(): TemplateResult {
    const lang = langOf(this);
    const definition = this.def;
    const rows = this.page?.rows ?? [];
    const title = definition ? text(definition.title, lang) : '';
    return html`<div part="base" class="base">
      ${definition ? html`<h2 part="title">${title}</h2>` : nothing}
      ${definition ? this.#toolbar(lang, definition) : nothing}
      <p part="status" role="status">${this.busy ? msg(lang, 'loading') : ''}</p>
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
      ${definition && (this.cursors.length || this.page?.nextPage) ? this.#pager(lang, title) : nothing}
    </div>`;
  }

  /** Search, filters and "New". */
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
      ${definition.filters.map(
        (filter) =>
          html`<label
            >${text(filter.label, lang)}
            ${
              filter.options
                ? html`<select part="filter" @change=${(event: Event) => this.#filter(filter.field, event)}>
                    <option value="">${msg(lang, 'all')}</option>
                    ${filter.options.map((option) => html`<option value=${String(option.value)}>${text(option.label, lang)}</option>`)}
                  </select>`
                : html`<input part="filter" @change=${(event: Event) => this.#filter(filter.field, event)} />`
            }</label
          >`,
      )}
      <button type="submit">${msg(lang, 'search')}</button>
      ${
        definition.createForm
          ? html`<button
              type="button"
              part="create"
              class="primary"
              @click=${(event: Event) => this.#action(event, { id: 'create', form: definition.createForm })}
            >
              ${msg(lang, 'new')}
            </button>`
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
    const rowActions = definition.rowActions.some((action) => action.id !== 'open');
    return html`<div class="scroll">
      <table part="table" aria-label=${title}>
        <thead>
          <tr>
            ${definition.columns.map((column) => {
              const sorted = this.sort === column.name;
              return html`<th
                part="header"
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
            ${rowActions ? html`<td></td>` : nothing}
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
                ${definition.columns.map(
                  (column) =>
                    html`<td part="cell">
                      ${record.formatted[column.name] ?? String(record.values[column.name] ?? '')}
                    </td>`,
                )}
                ${
                  rowActions
                    ? html`<td part="cell">
                        ${definition.rowActions
                          .filter(
                            (action) =>
                              action.id !== 'open' && (!action.when || test(action.when, record.values)),
                          )
                          .map(
                            (action) =>
                              html`<button
                                part="row-action"
                                @click=${(event: Event) => this.#action(event, action, record)}
                              >
                                ${text(action.label, lang)}
                              </button>`,
                          )}
                      </td>`
                    : nothing
                }
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** Previous and next page. */
  #pager(lang: string, title: string): TemplateResult {
    return html`<nav part="pager" class="row" aria-label=${title}>
      <button
        ?disabled=${!this.cursors.length || this.busy}
        @click=${() => {
          const previous = this.cursors.at(-1) ?? '';
          this.cursors = this.cursors.slice(0, -1);
          void this.fetchPage(previous);
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
