import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { ActionDefinition } from '../../../../server/api/contract.js';
import { query } from '../../internal/define.js';
import { loadMore } from '../../internal/chunks.js';
import { emit } from '../../internal/events.js';
import type { ActionBody, PorticoActionDialog } from '../action-dialog/action-dialog.js';
import type { DraftController } from './draft.js';
import type { FormHost } from './host.js';
import type { SaveController } from './save.js';

/**
 * The record actions other than save (delete, assign, resolve, cancel, reopen): asks in the dialogs
 * that `<portico-action-dialog>` shares with the list — confirmation, the resolution text, the new
 * owner — then sends the action with the record's version through the save controller, so a
 * failure is shown like a failed save. Delete leaves only the notice. Part of the form's chunk. Not
 * a reactive controller: it has nothing to do in the host's lifecycle, only when a button is pressed.
 */
export class RecordActions {
  #host: FormHost;
  #save: SaveController;
  #draft: DraftController;

  constructor(host: FormHost, save: SaveController, draft: DraftController) {
    this.#host = host;
    this.#save = save;
    this.#draft = draft;
  }

  get #dialog(): PorticoActionDialog {
    return query(this.#host, 'portico-action-dialog');
  }

  /** Confirms `action` (and asks for a resolution or an owner), then calls the server. */
  async act(action: ActionDefinition): Promise<void> {
    await loadMore();
    const body = await this.#dialog.ask(action);
    if (body) await this.#run(action, body);
  }

  /** Sends a confirmed record action with its request `body`; delete leaves the form empty. */
  async #run(action: ActionDefinition, body: ActionBody): Promise<void> {
    const host = this.#host;
    const dialog = this.#dialog;
    host.pressed = action.id;
    await this.#save.request(
      () => dialog.send(host.recordId, host.rec?.etag, action, body),
      (changed) => {
        if (changed) host.setRecord(changed);
        else {
          host.gone = true;
          this.#draft.clear();
        }
        host.notice = dialog.doneText(action, changed);
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

  /** The dialogs, shared with the list (action-dialog.ts). */
  render(): TemplateResult {
    const host = this.#host;
    return html`<portico-action-dialog
      form=${host.form}
      entity=${host.def?.entity ?? ''}
    ></portico-action-dialog>`;
  }
}
