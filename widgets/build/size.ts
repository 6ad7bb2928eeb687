// Measures the built embed kit against its budgets, in brotli bytes: each file in dist/widgets, the
// critical path (the entry and whatever it imports statically: what a page with one form needs
// before its first input) and the module build's files together. Per-form validator modules are not
// part of it. `npm run size` prints the table; widgets/build/size.test.ts fails the build above a
// budget. vite.config.ts says what goes into which file.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('../../dist/widgets/', import.meta.url));
/** The module build's entry, the file a host page's one script tag names. */
export const ENTRY = 'portico.js';
/** The classic-script build: one file, not part of the module build's total. */
export const CLASSIC = 'portico.iife.js';

/** From the "Embed everywhere, fast" issue: the critical path of a page with one form. */
export const CRITICAL_PATH_BUDGET = 12 * 1024;
/** From the same issue: every file of the module build together, all features of the wave included. */
export const TOTAL_BUDGET = 28 * 1024;

/**
 * Each file's own budget and why it is that size. A file the build makes that is not listed here
 * fails the check: every chunk has a budget.
 */
export const FILE_BUDGETS: Record<string, { budget: number; why: string }> = {
  [ENTRY]: {
    budget: CRITICAL_PATH_BUDGET,
    why: "the critical path itself (Lit, config, the form with its load controller, the text, text area, choice, email, phone and date fields): 12,193 B measured with the form layout, read-only text and busy buttons, after the draft controller and the seldom-used field kinds moved to chunks; 12,186 B once German became a JSON file fetched by the entry and Lit's css-tag messages were shortened at build; 12,113 B with terser's second pass, one loader for the 'more' chunk and the shared badge and button-link styles",
  },
  'portico-form.js': {
    budget: 4_224,
    why: 'save, conflict, record-action and draft controllers, the record header, the outcome beside the buttons, the stale-definition heal and their styles and messages: 4,029 B measured when the draft controller moved in from the entry; 3,823 B with the namespace object the entry receives it through (the timeline imports the draft modules from it); 3,763 B once the entry is handed attach() alone, so no namespace object is built',
  },
  'portico-more.js': {
    budget: 3_456,
    why: "every field kind the entry lacks (URL, numbers, date and time, yes/no), the lookup and owner type-aheads, and the record actions' dialogs (<portico-action-dialog>, <portico-dialog>, <portico-assign-dialog>), one chunk so a page waits for one at most: 3,250 B measured when the fields chunk (1,603 B) and the dialogs chunk (1,901 B) became one",
  },
  'portico-list.js': {
    budget: 4_352,
    why: '<portico-list> with its styles and messages, row actions with their More menu, link templates and the card layout of a narrow list: 3,963 B measured (2,030 B before row actions and cards); 3,966 B with the build\'s shorter attribute selectors; 4,239 B once a table too wide drops the columns its card leaves out, then becomes cards, the title can be hidden or given a level, and "New" names what it makes',
  },
  'portico-timeline.js': {
    budget: 5_632,
    why: "<portico-timeline> (notes, attachments, the add-note box with upload progress) with its styles and messages: 5,473 B measured when it became a chunk; 5,165 B once its download, problem banner and submission key use the entry's and the form chunk's; 5,154 B after terser's second pass",
  },
  [CLASSIC]: {
    budget: 25_290,
    why: 'the whole kit in one classic script (it cannot share Lit with module chunks), German no longer inside it: 24,554 B measured with the case conversation, row actions, cards and the JSON language loader, plus 3% for the next change to measure itself against',
  },
};

export interface Size {
  file: string;
  raw: number;
  brotli: number;
  /** Files this one imports statically (`import … from "./x.js"`), not those it loads with `import()`. */
  imports: string[];
}

/** What a built file imports statically: `import{…}from"./x.js"` and `import"./x.js"`, never `import(…)`. */
export const staticImports = (code: string): string[] =>
  [...code.matchAll(/\bimport\s*(?:[\w$*{},\s]+?\s*from\s*)?["'`]\.\/([\w.-]+)["'`]/g)].map((m) => m[1]!);

/** Sizes of every built script; throws `PORTICO_BUILD_MISSING` when the build has not run. */
export function measure(): Size[] {
  if (!existsSync(DIST + ENTRY) || !existsSync(DIST + CLASSIC))
    throw new Error(
      `PORTICO_BUILD_MISSING: ${DIST} has no ${ENTRY} or ${CLASSIC}; run \`npm run build\` first`,
    );
  return readdirSync(DIST)
    .filter((file) => file.endsWith('.js'))
    .sort((a, b) => (a === ENTRY ? -1 : b === ENTRY ? 1 : a.localeCompare(b)))
    .map((file) => {
      const buf = readFileSync(DIST + file);
      // Quality 11 is what CDNs and `brotli -9+` serve for static assets.
      const brotli = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      return { file, raw: buf.length, brotli, imports: staticImports(buf.toString('utf8')) };
    });
}

/** The entry and every file it imports statically, transitively: loaded before the first input. */
export function criticalPath(sizes: Size[]): Size[] {
  const byName = new Map(sizes.map((s) => [s.file, s]));
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of byName.get(file)?.imports ?? []) visit(next);
  };
  visit(ENTRY);
  return sizes.filter((s) => seen.has(s.file));
}

/** The module build's files together (the classic script is an alternative to them, not a part). */
export const moduleTotal = (sizes: Size[]): number =>
  sizes.filter((s) => s.file !== CLASSIC).reduce((sum, s) => sum + s.brotli, 0);

const row = (name: string, raw: string, brotli: number, budget: number | undefined): string =>
  `${name.padEnd(22)} ${raw.padStart(9)}  ${String(brotli).padStart(6)} B brotli  ` +
  (budget ? `${((brotli / budget) * 100).toFixed(1).padStart(5)}% of ${budget} B` : 'NO BUDGET');

export function report(sizes: Size[]): string {
  const critical = criticalPath(sizes);
  return [
    ...sizes.map((s) => row(s.file, `${s.raw} B`, s.brotli, FILE_BUDGETS[s.file]?.budget)),
    row(
      'critical path',
      critical.map((s) => s.file).join(' + '),
      critical.reduce((sum, s) => sum + s.brotli, 0),
      CRITICAL_PATH_BUDGET,
    ),
    row('module build together', '', moduleTotal(sizes), TOTAL_BUDGET),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(report(measure()));
