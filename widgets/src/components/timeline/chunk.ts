/**
 * `<portico-timeline>`'s chunk, `portico-timeline.js`, loaded relative to the module that imports
 * this: the form's chunk (form/writes.ts), for a record whose definition has a timeline. The
 * classic-script build replaces this module with chunk.classic.ts.
 */
export const loadTimeline = (): Promise<unknown> => import('./timeline.js');
