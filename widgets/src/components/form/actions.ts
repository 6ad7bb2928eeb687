import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ActionDefinition, RecordResponse } from '../../../../server/api/contract.js';
import { query } from '../../internal/define.js';
import { api, segment } from '../../internal/api.js';
import { loadDialogs } from '../../internal/chunks.js';
import { emit } from '../../internal/events.js';
import { langOf, msg, text } from '../../internal/i18n.js';
import type { MessageKey } from '../../internal/i18n.js';
import type { PorticoField } from '../../internal/field.js';
import type { PorticoAssignDialog } from '../assign-dialog/assign-dialog.js';
import type { PorticoDialog } from '../dialog/dialog.js';
import type { DraftController } from './draft.js';
import type { FormHost } from './host.js';
import type { SaveController } from './save.js';

/** What each action says once it has succeeded (delete: `deleted`, once the record is gone). */
const DONE: Record<ActionDefinition['id'], MessageKey> = {
  save: 'saved',
  delete: 'deleted',
  assign: 'assigned',
  resolve: 'resolved',
  cancel: 'cancelled',
  reopen: 'reopened',
};

/**
 * The record actions other than save (delete, assign, resolve, cancel, reopen): renders the form's
 * dialogs, asks in them — confirmation, the resolution text, the new owner — then sends the action
 * with the record's version. Delete leaves only the notice. Part of the form's chunk. Not a
 * reactive controller: it has nothing to do in the host's lifecycle, only when a button is pressed.
 */
export class RecordActions {
  #host: FormHost;
  #save: SaveController;
  #draft: DraftController;
  /** The action whose confirmation dialog is open (or was last). */
  #pending?: ActionDefinition;

  constructor(host: FormHost, save: SaveController, draft: DraftController) {
    this.#host = host;
    this.#save = save;
    this.#draft = draft;
  }

  /** Confirms `action` (and asks for a resolution or an owner), then calls the server. */
  async act(action: ActionDefinition): Promise<void> {
    const host = this.#host;
    let body: unknown = {};
    await loadDialogs();
    if (action.id === 'assign') {
      const owner = await query<PorticoAssignDialog>(host, 'portico-assign-dialog').show();
      if (!owner) return;
      body = { owner };
    } else {
      this.#pending = action;
      host.requestUpdate();
      await host.updateComplete;
      const resolution = query<PorticoField | null>(host, '#portico-resolution');
      if (resolution) resolution.formResetCallback();
      for (;;) {
        if ((await query<PorticoDialog>(host, 'portico-dialog').show()) !== 'ok') return;
        if (!resolution || resolution.reportValidity()) break;
      }
      if (resolution) body = { resolution: resolution.value };
    }
    await this.#run(action, body);
  }

  /** Sends a confirmed record action with its request `body`; delete leaves the form empty. */
  async #run(action: ActionDefinition, body: unknown): Promise<void> {
    const host = this.#host;
    const path = `/forms/${segment(host.form)}/records/${segment(host.recordId)}`;
    const etag = host.rec?.etag;
    const lang = langOf(host);
    host.pressed = action.id;
    await this.#save.request(
      async () => {
        if (action.id === 'delete') return api<null>('DELETE', path, undefined, etag);
        const answer = await api<RecordResponse | null>('POST', `${path}/actions/${action.id}`, body, etag);
        return answer?.etag ? answer : api<RecordResponse>('GET', path);
      },
      (changed) => {
        if (changed) host.setRecord(changed);
        else {
          host.gone = true;
          this.#draft.clear();
        }
        // Each action says what it did; an assignment names the new owner as the record now has it.
        const owner = (body as { owner?: { name?: string } }).owner;
        host.notice = changed
          ? msg(lang, DONE[action.id], { owner: changed.formatted.ownerid ?? owner?.name ?? '' })
          : msg(lang, 'deleted');
        emit(host, 'portico-action', {
          action: action.id,
          id: host.recordId,
          form: host.form,
          record: changed ?? undefined,
        });
      },
      () => void this.#run(action, body),
    );
  }

  /** The confirmation dialog (with the resolution text when resolving) and the assign dialog. */
  render(lang: string): TemplateResult {
    const host = this.#host;
    const pending = this.#pending;
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
        <button slot="footer" @click=${() => query<PorticoDialog>(host, 'portico-dialog').close()}>
          ${msg(lang, 'cancel')}
        </button>
        <button
          slot="footer"
          class="primary"
          @click=${() => query<PorticoDialog>(host, 'portico-dialog').close('ok')}
        >
          ${label}
        </button>
      </portico-dialog>
      <portico-assign-dialog form=${host.form}></portico-assign-dialog>`;
  }
}
