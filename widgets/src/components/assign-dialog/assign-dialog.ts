import { html } from 'lit';
import { PorticoElement } from '../../internal/element.js';
import type { PropertyDeclarations, TemplateResult } from 'lit';
import type { FieldValue, Owner } from '../../../../server/api/contract.js';
import { define, query } from '../../internal/define.js';
import { addMessages, langOf, msg } from '../../internal/i18n.js';
import { assignMessages } from './assign-dialog.messages.js';
import type { PorticoDialog } from '../dialog/dialog.js';
import type { PorticoOwnerField } from '../owner-field/owner-field.js';
import '../dialog/dialog.js';
import '../owner-field/owner-field.js';
import { styles } from './assign-dialog.styles.js';

/**
 * Asks for a new owner with a type-ahead over the owners the user's role may assign to
 * (`GET /forms/:id/owners?search=`). `show()` resolves with the chosen owner, or `null` when the
 * user cancels.
 *
 * @tagname portico-assign-dialog
 * @summary Assign dialog with an owner type-ahead.
 * @csspart dialog - The dialog box (forwarded from `portico-dialog`).
 * @csspart owner - The owner field.
 */
export class PorticoAssignDialog extends PorticoElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    form: {},
    label: {},
  };
  /** Form whose owner list is searched. */
  form = '';
  /** The dialog's heading, the action's name (e.g. "Assign case"); default "New owner". */
  label = '';
  get #dialog(): PorticoDialog {
    return query(this, 'portico-dialog');
  }
  get #owner(): PorticoOwnerField {
    return query(this, 'portico-owner-field');
  }

  /**
   * Opens the dialog; resolves with the owner chosen (its name too, for the success text: a form
   * need not show the owner, so the record may not say), or `null` when cancelled.
   */
  async show(): Promise<Owner | null> {
    await this.updateComplete;
    this.#owner.value = null;
    this.#owner.error = '';
    for (;;) {
      if ((await this.#dialog.show()) !== 'ok') return null;
      const v = this.#owner.value as FieldValue;
      if (v && typeof v === 'object') return { id: v.id, type: v.type as Owner['type'], name: v.name ?? '' };
      // Nothing chosen yet: say so on the field and keep the dialog open.
      this.#owner.reportValidity();
    }
  }

  protected override render(): TemplateResult {
    const lang = langOf(this);
    return html`<portico-dialog exportparts="dialog" label=${this.label || msg(lang, 'owner')}>
      <portico-owner-field
        part="owner"
        form-id=${this.form}
        label=${msg(lang, 'owner')}
        help=${msg(lang, 'ownerHint')}
        required
      ></portico-owner-field>
      <button slot="footer" @click=${() => this.#dialog.close()}>${msg(lang, 'cancel')}</button>
      <button slot="footer" class="primary" @click=${() => this.#dialog.close('ok')}>
        ${msg(lang, 'confirm')}
      </button>
    </portico-dialog>`;
  }
}

addMessages(assignMessages);
define('portico-assign-dialog', PorticoAssignDialog);

declare global {
  interface HTMLElementTagNameMap {
    'portico-assign-dialog': PorticoAssignDialog;
  }
}
