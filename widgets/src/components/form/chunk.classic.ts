import * as writes from './writes.js';

/** The classic-script build's stand-in for chunk.ts: that build is one file, so it is here already. */
export const loadWrites = (): Promise<typeof writes.attach> => Promise.resolve(writes.attach);
