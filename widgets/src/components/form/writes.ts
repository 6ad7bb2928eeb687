import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { RecordActions } from './actions.js';
import { ConflictController } from './conflict.js';
import { DraftController } from './draft.js';
import type { FormHost } from './host.js';
import { SaveController } from './save.js';
import { addMessages } from '../../internal/i18n.js';
import { formMessages } from './form.messages.js';
import { attachTimeline } from '../timeline/attach.js';
import { draftOffer, recordHeader } from './parts.js';
import { writesStyles } from './writes.styles.js';

/** The controllers of the form's chunk, attached together, and the parts of the form it draws. */
export interface Writes {
  save: SaveController;
  conflict: ConflictController;
  actions: RecordActions;
  /** The record header (parts.ts). */
  header(lang: string): TemplateResult | typeof nothing;
  /** The offer to restore unsent input from an earlier visit (parts.ts). */
  offer(lang: string): TemplateResult | typeof nothing;
  /**
   * What follows the buttons: the outcome of the last one pressed (save.ts), then, while a form is
   * on screen, `<portico-timeline>`, the case conversation, empty until attach.ts fills it in. The
   * outcome comes first: it belongs beside the buttons, not below a conversation of any length.
   */
  below(lang: string): TemplateResult;
}

addMessages(formMessages);

/**
 * The form's chunk (`portico-form.js`): what a form does with input — save, conflicts, record
 * actions — and what only a record or a later visit shows (the record header, the outcome beside
 * the buttons, the draft offer), none of which a form needs before its first input. The form asks
 * for it when it is created, so it is in long before a user can press a button. Its styles join the
 * form's shadow root when it attaches, so the entry carries none of them.
 */
export function attach(host: FormHost): Writes {
  const draft = new DraftController(host);
  const root = host.renderRoot;
  if (root instanceof ShadowRoot && writesStyles.styleSheet)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, writesStyles.styleSheet];
  const conflict = new ConflictController(host, draft);
  const save = new SaveController(host, draft, conflict);
  attachTimeline(host);
  return {
    save,
    conflict,
    actions: new RecordActions(host, save, draft),
    header: (lang) => recordHeader(host, lang),
    offer: (lang) => draftOffer(host, draft, lang),
    below: (lang) =>
      html`${save.outcome(lang)}
      ${host.def && !host.gone ? html`<portico-timeline></portico-timeline>` : nothing}`,
  };
}
