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
/** The field kinds few forms edit, the type-aheads among them (components/more-fields). */
export { loadFields } from '../components/more-fields/chunk.js';
