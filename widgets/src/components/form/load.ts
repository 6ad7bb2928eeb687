import type { ReactiveController } from 'lit';
import type { FormDefinitionResponse, RecordResponse } from '../../../../server/api/contract.js';
import { api, ApiError, endpoint, segment } from '../../internal/api.js';
import { loadPickers } from '../../internal/chunks.js';
import { reportError } from '../../internal/events.js';
import { langOf, msg } from '../../internal/i18n.js';
import type { DraftController } from './draft.js';
import { retryable } from './host.js';
import type { FormHost } from './host.js';

/** Field kinds whose elements are in the pickers chunk. */
const PICKERS = new Set(['lookup', 'owner']);

/**
 * Loads what a form shows: the definition for the signed-in user's role, the record (when there is
 * one) and the stored draft together, then the chunks the definition needs. Loads again whenever
 * `form` or `record-id` changes.
 */
export class LoadController implements ReactiveController {
  #host: FormHost;
  #draft: DraftController;
  /** Loads what the record actions need: their dialogs and the form's chunk, which renders them. */
  #actions: () => Promise<unknown>;
  /** The form and record last loaded. */
  #loaded = '';

  constructor(host: FormHost, draft: DraftController, actions: () => Promise<unknown>) {
    this.#host = host;
    this.#draft = draft;
    this.#actions = actions;
    host.addController(this);
  }

  hostUpdate(): void {
    const host = this.#host;
    const key = `${host.form}|${host.recordId}`;
    if (key !== this.#loaded) {
      this.#loaded = key;
      void this.load();
    }
  }

  /** (Re)loads the definition and record; also the retry after a failed load. */
  async load(): Promise<void> {
    const host = this.#host;
    if (!host.form) return;
    host.busy = true;
    host.problem = undefined;
    host.notice = '';
    host.gone = false;
    // A record form nearly always offers actions; what they need loads beside its requests.
    const actions = host.recordId ? this.#actions() : undefined;
    try {
      const base = await endpoint();
      const path = `/forms/${segment(host.form)}`;
      // The draft read waits a task, so the requests go out first and storage overlaps the network.
      const [definition, record, draft] = await Promise.all([
        api<FormDefinitionResponse>('GET', path),
        host.recordId ? api<RecordResponse>('GET', `${path}/records/${segment(host.recordId)}`) : undefined,
        this.#draft.read(base),
      ]);
      // The first render shows a kind whose element is not defined as read-only text, and an action
      // button must open its dialog: wait for the chunks this definition needs.
      await Promise.all([
        definition.sections.some((section) => section.fields.some((field) => PICKERS.has(field.kind))) &&
          loadPickers(),
        // The record header is drawn by the form's chunk too.
        (definition.header || definition.actions.some((action) => action.id !== 'save')) && actions,
      ]);
      host.def = definition;
      host.setRecord(record);
      if (!definition.modes.includes(host.effectiveMode))
        throw new ApiError(msg(langOf(host), 'mode'), 400, 'PORTICO_WIDGET_MODE_UNSUPPORTED');
      this.#draft.offer(draft);
    } catch (error) {
      const failure = reportError(host, error);
      const lang = langOf(host);
      const unsupported = failure.code === 'PORTICO_WIDGET_MODE_UNSUPPORTED';
      if (!unsupported) host.def = undefined;
      host.problem = unsupported
        ? { text: failure.message }
        : (retryable(failure, lang, () => void this.load()) ??
          // A record that is not there (or not the user's) does not come back with a retry.
          (failure.status === 404
            ? { text: failure.message, back: true }
            : { text: `${msg(lang, 'loadFailed')} ${failure.message}`, retry: () => void this.load() }));
    }
    host.busy = false;
  }
}
