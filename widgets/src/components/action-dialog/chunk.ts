/**
 * The record actions' dialogs for the list, the `dialogs` chunk that the form loads through
 * internal/chunks.ts: the list cannot import that module, which loads the list. The classic-script
 * build replaces this module with chunk.classic.ts.
 */
export const loadDialogs = (): Promise<unknown> => import('./action-dialog.js');
