import { html, nothing } from 'lit';
import type { ReactiveController, TemplateResult } from 'lit';
import type { FieldDefinition, RecordResponse } from '../../../../server/api/contract.js';
import type { ApiError } from '../../internal/api.js';
import { langOf, msg, text } from '../../internal/i18n.js';
import { display, sameValue } from '../../internal/values.js';
import type { DraftController } from './draft.js';
import type { FormHost } from './host.js';

/**
 * Answers that say the record is not as the user's input assumed. A 412 (someone else changed it)
 * shows what changed, with the choice of their version or the user's changes on top of it, saved
 * again. A 409 `PORTICO_RECORD_STATE` (a closed case, say) shows the record as it is now, so the
 * offered actions follow its state, with the input kept on top (and in the draft, which typing
 * wrote) and the server's message; no retry can help. Part of the form's chunk.
 */
export class ConflictController implements ReactiveController {
  #host: FormHost;
  #draft: DraftController;
  /** After a 412: the fields shown whose value their version changed. */
  #changed: FieldDefinition[] = [];

  constructor(host: FormHost, draft: DraftController) {
    this.#host = host;
    this.#draft = draft;
    host.addController(this);
  }

  hostUpdate(): void {
    const host = this.#host;
    const current = host.problem?.current;
    this.#changed = current
      ? host.visible().filter((field) => !sameValue(current.values[field.name], host.rec?.values[field.name]))
      : [];
  }

  /** Takes a failed request's answer if it is a conflict; says whether it was one. */
  take(failure: ApiError): boolean {
    const host = this.#host;
    const current = failure.current;
    if (!current) return false;
    if (failure.status === 412) host.problem = { text: msg(langOf(host), 'conflict'), current };
    else if (failure.status === 409 && failure.code === 'PORTICO_RECORD_STATE') {
      this.#rebase(current);
      host.problem = { text: failure.message };
    } else return false;
    return true;
  }

  /** Their version replaces my edits. */
  #theirs(current: RecordResponse): void {
    this.#host.problem = undefined;
    this.#host.setRecord(current);
    this.#draft.clear();
  }

  /** Their version as the base, my changes on top, saved again. */
  #mine(current: RecordResponse): void {
    this.#host.problem = undefined;
    this.#rebase(current);
    void this.#host.save();
  }

  /** Takes `current` as the base of the input, with the user's changes still on top. */
  #rebase(current: RecordResponse): void {
    const host = this.#host;
    const changes = host.changes();
    host.setRecord(current);
    host.values = { ...current.values, ...changes };
  }

  /** After a 412: what someone else changed, and the choice of versions. */
  render(lang: string): TemplateResult | typeof nothing {
    const host = this.#host;
    const problem = host.problem;
    const current = problem?.current;
    if (!current) return nothing;
    return html`<div part="conflict" class="banner bad" role="alert">
      <p>${problem.text}</p>
      <ul>
        ${this.#changed.map((field) => html`<li>${text(field.label, lang)}: ${display(current.values[field.name], lang, field) || '—'}</li>`)}
      </ul>
      <div class="row">
        <button @click=${() => this.#theirs(current)}>${msg(lang, 'theirs')}</button>
        <button class="primary" @click=${() => this.#mine(current)}>${msg(lang, 'mine')}</button>
      </div>
    </div>`;
  }
}
