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
 * The field kinds few forms edit, the type-aheads among them, and the record actions' dialogs
 * (components/more-fields).
 */
export { loadMore } from '../components/more-fields/chunk.js';
