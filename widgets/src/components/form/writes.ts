import { RecordActions } from './actions.js';
import { ConflictController } from './conflict.js';
import type { DraftController } from './draft.js';
import type { FormHost } from './host.js';
import { SaveController } from './save.js';
import { addMessages } from '../../internal/i18n.js';
import { formMessages } from './form.messages.js';
import { attachTimeline } from '../timeline/attach.js';

/** The controllers of the form's chunk, attached together. */
export interface Writes {
  save: SaveController;
  conflict: ConflictController;
  actions: RecordActions;
}

addMessages(formMessages);

/**
 * The form's chunk (`portico-form.js`): what a form does with input — save, conflicts, record
 * actions — which no form needs before its first input. The form asks for it when it is created, so
 * it is in long before a user can press a button.
 */
export function attach(host: FormHost, draft: DraftController): Writes {
  const conflict = new ConflictController(host, draft);
  const save = new SaveController(host, draft, conflict);
  attachTimeline(host);
  return { save, conflict, actions: new RecordActions(host, save, draft) };
}
