/**
 * The fields chunk, `portico-fields.js` (more-fields.ts), loaded relative to the module that imports
 * this: the entry, for a form with one of its kinds, and the dialogs chunk, for the assign dialog's
 * owner picker. Apart from internal/chunks.ts because the dialogs chunk cannot import that module
 * (it loads the list, which loads the dialogs). Only ever loaded with `import()`: a chunk that
 * another chunk also imports statically is handed back as a namespace object, which costs a shared
 * runtime chunk. The classic-script build replaces this module with chunk.classic.ts.
 */
export const loadFields = (): Promise<unknown> => import('./more-fields.js');
