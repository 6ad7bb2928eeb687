import { html, nothing } from 'lit';
import type { PropertyDeclarations, TemplateResult } from 'lit';
import type {
  LookupCandidatesResponse,
  LookupValue,
  OwnersResponse,
} from '../../../../server/api/contract.js';
import { PorticoTextField } from '../text-field/text-field.js';
import { define } from '../../internal/define.js';
import { api, segment } from '../../internal/api.js';
import { addMessages, msg } from '../../internal/i18n.js';
import { lookupMessages } from './lookup-field.messages.js';

/** One match: a lookup value with the name to show. */
type Match = Required<LookupValue>;
const OWNER_TYPES = ['systemuser', 'team'];

/**
 * A reference to another record. Shown as the record's name; selectable with a type-ahead
 * combobox (WAI-ARIA combobox pattern, https://www.w3.org/WAI/ARIA/apg/patterns/combobox/) when the
 * field is writable and `form-id` is set. Owners (every target a user or team) are searched among
 * those the role may assign to (`GET /forms/:id/owners?search=`); other lookups among the records
 * the server lets this user choose for this field (`GET /forms/:id/lookups/:field?search=`, within
 * the user's scope). Without a form the field is display-only.
 *
 * @tagname portico-lookup-field
 * @summary Lookup display, with an owner type-ahead where the definition allows selection.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>` (a combobox when selectable).
 * @csspart listbox - The list of matches.
 * @csspart option - One match.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoLookupField extends PorticoTextField {
  static override properties: PropertyDeclarations = {
    formId: { attribute: 'form-id' },
    targets: { attribute: false },
    query: { state: true },
    items: { state: true },
    open: { state: true },
    active: { state: true },
  };
  /** Form whose owner search is used. */
  formId = '';
  /** Entity types the lookup may point to. */
  targets: string[] = [];
  protected query: string | null = null;
  protected items: Match[] = [];
  protected open = false;
  protected active = -1;
  #seq = 0;
  #timer = 0;

  protected get selectable(): boolean {
    return !this.readonly && !!this.formId && this.targets.length > 0;
  }
  protected override parse(s: string): LookupValue | null {
    const [type, id] = s.split(':');
    return id && type ? { id, type } : null;
  }
  protected override formValue(): string | null {
    const v = this.value as LookupValue | null;
    return v ? `${v.type}:${v.id}` : null;
  }
  /** The referenced record's name (its id when the name is unknown). */
  protected override shownText(): string {
    const v = this.value as LookupValue | null;
    return v ? (v.name ?? v.id) : '';
  }
  protected override get locked(): boolean {
    return !this.selectable;
  }

  /** Fetches matches; a slower earlier answer never replaces a newer one. */
  protected async search(text: string): Promise<void> {
    const n = ++this.#seq;
    try {
      const query = `?search=${encodeURIComponent(text)}`;
      const form = `/forms/${segment(this.formId)}`;
      const found: Match[] = this.targets.every((t) => OWNER_TYPES.includes(t))
        ? (await api<OwnersResponse>('GET', `${form}/owners${query}`)).value
        : (
            await api<LookupCandidatesResponse>('GET', `${form}/lookups/${segment(this.name)}${query}`)
          ).value.map((c) => ({ id: c.id, type: c.table, name: c.name }));
      if (n !== this.#seq) return;
      this.items = found.filter((o) => this.targets.includes(o.type));
    } catch {
      if (n !== this.#seq) return;
      this.items = [];
    }
    this.open = true;
    this.active = this.items.length ? 0 : -1;
  }

  protected pick(o: Match): void {
    this.commit({ id: o.id, type: o.type, name: o.name });
    this.query = null;
    this.open = false;
    // Selection is the user's input; tell the form as a typed `input` would.
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    this.onChange();
  }

  #onType(e: Event): void {
    const q = (e.target as HTMLInputElement).value;
    this.query = q;
    this.commit(null);
    clearTimeout(this.#timer);
    this.#timer = window.setTimeout(() => void this.search(q), 200);
  }

  #onKey(e: KeyboardEvent): void {
    const n = this.items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.open) void this.search(this.query ?? '');
      else if (n) this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
    } else if (e.key === 'Enter' && this.open) {
      e.preventDefault();
      const o = this.items[this.active];
      if (o) this.pick(o);
    } else if (e.key === 'Escape' && this.open) {
      e.stopPropagation();
      this.open = false;
    }
  }

  protected override renderControl(): TemplateResult {
    const base = {
      invalid: !!this.shown(),
      by: this.describedBy() || nothing,
    };
    if (!this.selectable) return super.renderControl();
    return html`<div class="combo">
      <input
        part="control"
        id="c"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-controls="lb"
        aria-expanded=${this.open}
        aria-activedescendant=${this.open && this.active >= 0 ? `o${this.active}` : nothing}
        .value=${this.query ?? this.shownText()}
        placeholder=${this.placeholder || nothing}
        ?required=${this.required}
        ?disabled=${this.inactive}
        aria-invalid=${base.invalid}
        aria-describedby=${base.by}
        @input=${this.#onType}
        @keydown=${this.#onKey}
        @blur=${() => {
          this.open = false;
          this.onChange();
        }}
      />
      <ul id="lb" role="listbox" part="listbox" aria-label=${this.label} ?hidden=${!this.open}>
        ${
          this.items.length
            ? this.items.map(
                (o, i) =>
                  html`<li
                    id="o${i}"
                    role="option"
                    part="option"
                    aria-selected=${i === this.active}
                    @mousedown=${(e: Event) => e.preventDefault()}
                    @click=${() => this.pick(o)}
                  >
                    ${o.name}
                  </li>`,
              )
            : html`<li role="option" aria-disabled="true" aria-selected="false">
                ${msg(this.locale, 'noMatch')}
              </li>`
        }
      </ul>
    </div>`;
  }
}

addMessages(lookupMessages);
define('portico-lookup-field', PorticoLookupField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-lookup-field': PorticoLookupField;
  }
}
