import { html, nothing } from 'lit';
import type { PropertyDeclarations, TemplateResult } from 'lit';
import type { ActionDefinition, RecordResponse, RowAction } from '../../../../server/api/contract.js';
import { api, segment } from '../../internal/api.js';
import { define, query } from '../../internal/define.js';
import { PorticoElement } from '../../internal/element.js';
import { addMessages, langOf, msg, text } from '../../internal/i18n.js';
import type { MessageKey } from '../../internal/i18n.js';
import type { PorticoField } from '../../internal/field.js';
import { display } from '../../internal/values.js';
import type { PorticoDialog } from '../dialog/dialog.js';
import type { PorticoAssignDialog } from '../assign-dialog/assign-dialog.js';
import '../assign-dialog/assign-dialog.js';
import '../textarea-field/textarea-field.js';
import { actionMessages } from './action-dialog.messages.js';
import { styles } from './action-dialog.styles.js';

/** A record action as a form or a list row offers it. */
export type RecordAction = Pick<ActionDefinition | RowAction, 'id' | 'label' | 'confirm'>;
/** What a confirmed action sends: `{}`, `{ resolution }` or `{ owner }`. */
export type ActionBody = Record<string, unknown>;

/** Actions that destroy or close: their confirmation is styled as dangerous. */
const DANGER = new Set(['delete', 'cancel']);
/** Success text per action; delete's names the entity, assign's the owner (doneText). */
const DONE: Record<string, MessageKey> = {
  resolve: 'resolved',
  cancel: 'cancelled',
  reopen: 'reopened',
  assign: 'assignedSomeone',
};
const ENTITY_KEYS: Record<string, string> = { incident: 'Incident', contact: 'Contact' };

/** A message that names the entity (`keepIncident`), else `fallback`. */
const forEntity = (lang: string, prefix: string, entity: string, fallback: MessageKey): string => {
  const suffix = ENTITY_KEYS[entity];
  return msg(lang, suffix ? (`${prefix}${suffix}` as MessageKey) : fallback);
};

/**
 * The record actions' dialogs and requests, shared by `<portico-form>` and `<portico-list>` so both
 * ask in the same words, with the same preconditions and messages: a confirmation (the danger style
 * and a dismiss button that says what it keeps, for cancel and delete), the required resolution text
 * for resolve, the owner type-ahead for assign. `ask()` shows them, `send()` performs the action with
 * the record's version token, `doneText()` says what happened.
 *
 * @tagname portico-action-dialog
 * @summary Confirmation, resolution and assign dialogs of the record actions.
 * @csspart dialog - The dialog box (forwarded from `portico-dialog`).
 */
export class PorticoActionDialog extends PorticoElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    form: {},
    entity: {},
    pending: { state: true },
  };

  /** Form the actions run through (also the one whose owners the assign dialog searches). */
  form = '';
  /** Logical name of the records' entity (`incident`, `contact`): the dialogs' and messages' words. */
  entity = '';
  protected pending?: RecordAction;
  /** The owner last chosen in the assign dialog, named in the success text when the record is not. */
  #assignee = '';

  /**
   * Asks for what `action` needs: confirmation, a resolution or an owner. Resolves with the request
   * body, or `null` when the user backs out.
   */
  async ask(action: RecordAction): Promise<ActionBody | null> {
    // A list sets `form` per action just before asking: the assign dialog must have it first.
    await this.updateComplete;
    if (action.id === 'assign') {
      const assign = query<PorticoAssignDialog>(this, 'portico-assign-dialog');
      assign.label = text(action.label, langOf(this));
      const chosen = await assign.show();
      if (!chosen) return null;
      this.#assignee = chosen.name;
      return { owner: { id: chosen.id, type: chosen.type } };
    }
    this.pending = action;
    await this.updateComplete;
    const resolution = query<PorticoField | null>(this, '#portico-resolution');
    resolution?.formResetCallback();
    for (;;) {
      if ((await query<PorticoDialog>(this, 'portico-dialog').show()) !== 'ok') return null;
      if (!resolution) return {};
      if (resolution.reportValidity()) return { resolution: resolution.value };
    }
  }

  /**
   * Performs a confirmed action on record `id` with its version token: delete answers `null`; the
   * others answer the record as it is now (read again when the server answers without one).
   */
  async send(
    id: string,
    etag: string | undefined,
    action: RecordAction,
    body: ActionBody,
  ): Promise<RecordResponse | null> {
    const path = `/forms/${segment(this.form)}/records/${segment(id)}`;
    if (action.id === 'delete') return api<null>('DELETE', path, undefined, etag);
    const answer = await api<RecordResponse | null>('POST', `${path}/actions/${action.id}`, body, etag);
    return answer?.etag ? answer : api<RecordResponse>('GET', path);
  }

  /** What the user reads after `action` succeeded: "Case resolved.", "Assigned to Escalations.". */
  doneText(action: RecordAction, record: RecordResponse | null, lang = langOf(this)): string {
    if (action.id === 'delete') return forEntity(lang, 'deleted', this.entity, 'deleted');
    // A contact form, say, need not show its owner: then the record does not name them, the dialog does.
    const owner = display(record?.values.ownerid, lang) || this.#assignee;
    if (action.id === 'assign' && owner) return msg(lang, 'assigned', { owner });
    return msg(lang, DONE[action.id] ?? 'assignedSomeone');
  }

  protected override render(): TemplateResult {
    const lang = langOf(this);
    const pending = this.pending;
    const label = pending ? text(pending.label, lang) : '';
    const danger = !!pending && DANGER.has(pending.id);
    return html`<portico-dialog exportparts="dialog" label=${label}>
        <p>${pending ? text(pending.confirm, lang) || `${label}?` : ''}</p>
        ${
          pending?.id === 'resolve'
            ? html`<portico-textarea-field
                id="portico-resolution"
                label=${msg(lang, 'resolution')}
                help=${msg(lang, 'resolutionHint')}
                required
              ></portico-textarea-field>`
            : nothing
        }
        <button slot="footer" @click=${() => query<PorticoDialog>(this, 'portico-dialog').close()}>
          ${danger ? forEntity(lang, 'keep', this.entity, 'back') : msg(lang, 'back')}
        </button>
        <button
          slot="footer"
          class=${danger ? 'primary danger' : 'primary'}
          @click=${() => query<PorticoDialog>(this, 'portico-dialog').close('ok')}
        >
          ${label}
        </button>
      </portico-dialog>
      <portico-assign-dialog form=${this.form}></portico-assign-dialog>`;
  }
}

addMessages(actionMessages);
define('portico-action-dialog', PorticoActionDialog);

declare global {
  interface HTMLElementTagNameMap {
    'portico-action-dialog': PorticoActionDialog;
  }
}
