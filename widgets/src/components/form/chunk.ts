import type * as Writes from './writes.js';

/**
 * The form's chunk, `portico-form.js` (writes.ts: save, conflicts, record actions), loaded relative
 * to the entry like every chunk. Apart from internal/chunks.ts because that chunk imports what
 * internal/chunks.ts offers. The classic-script build replaces this module with chunk.classic.ts.
 * It hands over `attach` alone, not the module: the chunk also exports the draft modules the
 * timeline imports, so a whole namespace would have to be built at run time, with a helper
 * (113 B brotli measured).
 */
export const loadWrites = (): Promise<typeof Writes.attach> => import('./writes.js').then((m) => m.attach);
