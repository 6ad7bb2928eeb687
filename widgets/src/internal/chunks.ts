/**
 * The parts of the kit that a page with one form does not need before its first input, each a chunk
 * of its own beside the entry (`dist/widgets/portico-*.js`, loaded relative to the module that
 * imports it, so from the Portico origin the host page already allows). Importing one defines its
 * elements; the module system loads each once, however often these are called. The classic-script
 * build replaces this module with chunks.classic.ts.
 */

/** `<portico-list>`. */
export const loadList = (): Promise<unknown> => import('../components/list/list.js');
/**
 * The record actions' dialogs, for the form: `<portico-action-dialog>` with `<portico-dialog>` and
 * `<portico-assign-dialog>` (which brings the owner picker). The list loads the same chunk through
 * components/action-dialog/chunk.ts, since this module loads the list.
 */
export const loadDialogs = (): Promise<unknown> => import('../components/action-dialog/action-dialog.js');
/** The type-ahead fields: `<portico-lookup-field>` and `<portico-owner-field>`. */
export { loadPickers } from '../components/owner-field/chunk.js';
/** The field kinds few forms edit: numbers, web addresses, date and time (more-fields.ts). */
export const loadFields = (): Promise<unknown> => import('./more-fields.js');
