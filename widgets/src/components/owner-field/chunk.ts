/**
 * The type-ahead fields' chunk, `portico-pickers.js` (`<portico-lookup-field>` and
 * `<portico-owner-field>`), loaded relative to the module that imports this: the entry, for a form
 * with a lookup or owner field, and the dialogs chunk, for the assign dialog. Only ever loaded with
 * `import()`: a chunk that another chunk also imports statically is handed back as a namespace
 * object, which costs a shared runtime chunk of its own. The classic-script build replaces this
 * module with chunk.classic.ts.
 */
export const loadPickers = (): Promise<unknown> => import('./owner-field.js');
