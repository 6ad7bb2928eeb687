import type { ReactiveController } from 'lit';
import type { FieldKind, FormDefinitionResponse, RecordResponse } from '../../../../server/api/contract.js';
import { api, ApiError, definition, segment } from '../../internal/api.js';
import { loadMore } from '../../internal/chunks.js';
import { reportError } from '../../internal/events.js';
import { langOf, msg } from '../../internal/i18n.js';
import { retryable } from './host.js';
import type { FormHost } from './host.js';

/** Field kinds whose elements are in the "more" chunk: the type-aheads, and the kinds few forms edit. */
const MORE = new Set<FieldKind>(['lookup', 'owner', 'url', 'decimal', 'integer', 'datetime', 'boolean']);

/**
 * Loads what a form shows: the definition for the signed-in user's role and the record (when there
 * is one) together, then the chunks the definition needs; a definition held from an earlier page
 * shows at once while the server confirms it. Loads again whenever `form` or
 * `record-id` changes. (The stored draft is read by the form's chunk once the form is on screen,
 * draft.ts.)
 */
export class LoadController implements ReactiveController {
  #host: FormHost;
  /** Loads what the record actions need: their dialogs and the form's chunk, which renders them. */
  #actions: () => Promise<unknown>;
  /** The form and record last loaded. */
  #loaded = '';

  constructor(host: FormHost, actions: () => Promise<unknown>) {
    this.#host = host;
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
    host.waiting = true;
    host.problem = undefined;
    host.notice = '';
    host.gone = false;
    // A record form nearly always offers actions; what they need loads beside its requests.
    const actions = host.recordId ? this.#actions() : undefined;
    try {
      const path = `/forms/${segment(host.form)}`;
      let first = true;
      // The definition this tab holds shows at once, the server's when it differs (api.ts); a
      // changed one re-renders the form around the input typed so far.
      const shown = definition<FormDefinitionResponse>(path, async (definition, held) => {
        // The first render shows a kind whose element is not defined as text, and an action button
        // must open its dialog: wait for the chunks this definition needs.
        await Promise.all([
          // A field shown as text needs no element.
          ...definition.sections.flatMap((section) =>
            section.fields.map((field) => !field.readOnly && MORE.has(field.kind) && loadMore()),
          ),
          // The record header is drawn by the form's chunk too.
          (definition.header || definition.actions.some((action) => action.id !== 'save')) && actions,
        ]);
        if (first) host.setRecord(await record);
        first = false;
        host.def = definition;
        // The server's answer is the last: the form renders once with it, not busy (a held copy
        // stays busy until the server confirms it).
        host.waiting = !!held;
        if (!definition.modes.includes(host.effectiveMode))
          throw new ApiError(msg(langOf(host), 'mode'), 400, 'PORTICO_WIDGET_MODE_UNSUPPORTED');
      });
      // Asked for second, so the definition's request goes out first; awaited beside the
      // definition, so that its failure is handled while the definition is out.
      const record = host.recordId
        ? api<RecordResponse>('GET', `${path}/records/${segment(host.recordId)}`)
        : undefined;
      await Promise.all([shown, record]);
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
    host.waiting = false;
  }
}
