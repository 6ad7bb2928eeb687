import { html } from 'lit';
import type { PropertyDeclarations, TemplateResult } from 'lit';
import { define, query } from '../../internal/define.js';
import { PorticoElement } from '../../internal/element.js';
import { styles } from './dialog.styles.js';

const FOCUSABLE = 'button,input,select,textarea,a[href],[tabindex]:not([tabindex="-1"])';

/** Focusable elements in tree order, looking through slots and open shadow roots. */
export function focusables(root: Element | ShadowRoot): HTMLElement[] {
  const out: HTMLElement[] = [];
  const walk = (n: Element | ShadowRoot): void => {
    const kids = n instanceof HTMLSlotElement ? n.assignedElements({ flatten: true }) : [...n.children];
    for (const k of kids) {
      const el = k as HTMLElement;
      if (el.hidden || (el as HTMLButtonElement).disabled) continue;
      if (el.matches(FOCUSABLE)) out.push(el);
      walk(el.shadowRoot ?? el);
    }
  };
  walk(root);
  return out;
}

/** The element that has focus, looking into shadow roots. */
export function deepActive(): HTMLElement | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a as HTMLElement | null;
}

/**
 * A modal dialog built on the native `<dialog>` element: `showModal()` makes the rest of the page
 * inert and Escape closes it (https://html.spec.whatwg.org/multipage/interactive-elements.html#the-dialog-element).
 * Closing returns focus to where it was (the spec's "previously focused element", which holds
 * inside shadow roots too). On top of that, Tab and Shift+Tab wrap inside the dialog (the native
 * dialog lets focus leave to the browser UI) and the first control gets focus on open.
 *
 * @tagname portico-dialog
 * @summary Modal dialog with focus trap, Escape and focus return.
 * @slot - The dialog's content.
 * @slot footer - Buttons; a button calls `close('ok')` (or any value) to close the dialog.
 * @csspart dialog - The `<dialog>` box.
 * @csspart title - The heading.
 * @csspart body - Wrapper of the default slot.
 * @csspart footer - Wrapper of the footer slot.
 * @cssproperty --portico-color-bg - Dialog background.
 */
export class PorticoDialog extends PorticoElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    label: {},
  };
  /** The heading; also the dialog's accessible name. */
  label = '';
  get #dialog(): HTMLDialogElement {
    return query(this, 'dialog');
  }
  #done?: (v: string) => void;

  /** Opens the dialog; resolves with the value passed to `close()` (`''` for Escape). */
  async show(): Promise<string> {
    await this.updateComplete;
    // Shown again before the last close's event came (see #closed): that question was dismissed.
    this.#done?.('');
    this.#dialog.returnValue = '';
    this.#dialog.showModal();
    focusables(this.#dialog)[0]?.focus();
    return new Promise((r) => (this.#done = r));
  }

  close(value = ''): void {
    if (this.#dialog?.open) this.#dialog.close(value);
  }

  #closed(): void {
    // A close event arrives in a task of its own: one from an earlier close can come after the
    // dialog has been shown again, and must not answer the new question.
    if (this.#dialog.open) return;
    this.#done?.(this.#dialog.returnValue);
    this.#done = undefined;
  }

  #trap(e: KeyboardEvent): void {
    if (e.key !== 'Tab') return;
    const all = focusables(this.#dialog);
    const first = all[0];
    const last = all[all.length - 1];
    const now = deepActive();
    const inside = (x: HTMLElement | undefined): boolean =>
      !!x && (x === now || x.shadowRoot?.contains(now) === true);
    if (e.shiftKey ? inside(first) : inside(last)) {
      e.preventDefault();
      (e.shiftKey ? last : first)?.focus();
    }
  }

  protected override render(): TemplateResult {
    return html`<dialog part="dialog" aria-labelledby="t" @close=${this.#closed} @keydown=${this.#trap}>
      <div class="base">
        <h2 id="t" part="title">${this.label}</h2>
        <div part="body"><slot></slot></div>
        <div part="footer" class="row"><slot name="footer"></slot></div>
      </div>
    </dialog>`;
  }
}

define('portico-dialog', PorticoDialog);

declare global {
  interface HTMLElementTagNameMap {
    'portico-dialog': PorticoDialog;
  }
}
