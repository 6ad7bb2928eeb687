/**
 * The classic-script build's stand-in for chunks.ts: every element is in that one file, defined when
 * it runs (first-use.classic.ts), so there is nothing to wait for.
 */
const loaded = (): Promise<void> => Promise.resolve();
export const loadList = loaded;
export const loadMore = loaded;
