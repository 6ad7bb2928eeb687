// A classic script knows its own address only while it first runs; the language files sit beside it.
const script = document.currentScript;
const base = script instanceof HTMLScriptElement ? script.src : location.href;

/** The classic-script build's stand-in for i18n-packs.ts: `lang/<code>.json` beside this script. */
export const packUrl = (code: string): URL => new URL(`lang/${code}.json`, base);
