/**
 * Where a language's messages are: `lang/<code>.json` beside the entry, the file the Portico server
 * serves from the admin's `languages/` folder (one JSON object of every widget message, the
 * chunks' too, so an admin adds a language without a build). Relative to this module like the
 * chunks, so from the origin the host page already allows. The classic-script build replaces this
 * module with i18n-packs.classic.ts.
 */
// Not `new URL(…, import.meta.url)` written out: the bundler would take that for an asset to copy.
const here = import.meta.url;
export const packUrl = (code: string): URL => new URL(`lang/${code}.json`, here);
