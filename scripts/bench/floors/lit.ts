// The Lit floor: one LitElement that draws the whole form in one template pass, in its shadow root
// with one sheet, waiting for the host's token and holding the definition as Portico does
// (held.ts). What Lit itself costs on Portico's data path: no field elements, no validation, no
// languages, no drafts.
import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import type { TemplateResult } from 'lit';
import { FLOOR_CSS, caseCreate, control } from './held.js';
import type { Definition, Field } from './held.js';

class LitFloor extends LitElement {
  static override styles = css`
    ${unsafeCSS(FLOOR_CSS)}
  `;
  static override properties = { def: { state: true } };
  def?: Definition;

  override connectedCallback(): void {
    super.connectedCallback();
    void caseCreate((def) => (this.def = def));
  }

  protected override render(): TemplateResult | typeof nothing {
    const d = this.def;
    if (!d) return nothing;
    return html`<form>
      <h2>${d.title.en}</h2>
      ${d.sections.map(
        (s) =>
          html`<fieldset>
            <legend>${s.label?.en}</legend>
            ${s.fields.map((f) => this.#field(f))}
          </fieldset>`,
      )}
      <button>${d.actions[0]?.label.en}</button>
    </form>`;
  }

  #field(f: Field): TemplateResult {
    const id = `f-${f.name}`;
    const kind = control(f);
    const options = f.options ?? [];
    const input =
      kind === 'radios'
        ? html`<div id=${id}>
            ${options.map((o) => html`<label><input type="radio" name=${f.name} .value=${String(o.value)} />${o.label.en}</label>`)}
          </div>`
        : kind === 'select'
          ? html`<select id=${id}>
              <option></option>
              ${options.map((o) => html`<option .value=${String(o.value)}>${o.label.en}</option>`)}
            </select>`
          : kind === 'textarea'
            ? html`<textarea id=${id}></textarea>`
            : html`<input id=${id} type=${kind.type} ?required=${f.required} />`;
    return html`<label for=${id}>${f.label.en}</label>${input}`;
  }
}

customElements.define('lit-floor', LitFloor);
