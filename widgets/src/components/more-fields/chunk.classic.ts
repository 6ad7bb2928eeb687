import './more-fields.js';

/** The classic-script build's stand-in for chunk.ts: that build is one file, so it is here already. */
export const loadMore = (): Promise<void> => Promise.resolve();
