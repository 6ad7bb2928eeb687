/**
 * The "more" chunk, `portico-more.js` (more-fields.ts), loaded relative to the module that imports
 * this: the entry (a form) or the list's chunk. Apart from internal/chunks.ts because the list cannot
 * import that module, which loads the list. Only ever loaded with `import()`: a chunk that another
 * chunk also imports statically is handed back as a namespace object, which costs a shared runtime
 * chunk. The classic-script build replaces this module with chunk.classic.ts.
 */
export const loadMore = (): Promise<unknown> => import('./more-fields.js');
