import type * as Writes from './writes.js';

/**
 * The form's chunk, `portico-form.js` (writes.ts: save, conflicts, record actions), loaded relative
 * to the entry like every chunk. Apart from internal/chunks.ts because that chunk imports what
 * internal/chunks.ts offers. The classic-script build replaces this module with chunk.classic.ts.
 */
export const loadWrites = (): Promise<typeof Writes> => import('./writes.js');
