// Library build of the widgets: an ES module entry with on-demand chunks, and one classic script
// (global `Portico`), minified; a host page needs exactly one <script> either way.
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { minify } from 'terser';
import type { MinifyOptions } from 'terser';

/**
 * Collapses formatting whitespace inside Lit's html`` and css`` templates; other template literals
 * (messages, say) are left alone. Vite minifies JavaScript but not template
 * text, and the library that used to do this (minify-html-literals) is unmaintained, so this small
 * scanner walks our source, tracking strings, comments (dropped) and `${}` nesting, and rewrites
 * only template text: a line break with its indentation becomes one space, or nothing next to a tag
 * (prettier breaks lines there only where whitespace is insignificant); self-closing slashes and
 * quotes around simple attribute values go; CSS loses comments and spaces around punctuation.
 * Limits, true of our sources and checked by widgets/build/minify.test.ts: no <pre> or literal
 * textarea text in templates, and no regular-expression literal containing a quote or backtick.
 */
export function minifyTemplates(code: string): string {
  let out = '';
  let i = 0;
  const stack: number[] = []; // brace depth of each open `${`
  let depth = 0;
  const text = (t: string, css: boolean, tagged: boolean): string => {
    if (!tagged) return t;
    let r = t
      .replace(/>\s*\n\s*/g, '>')
      .replace(/\s*\n\s*</g, '<')
      .replace(/\s*\n\s*/g, ' ');
    // HTML: no self-closing slashes, and no quotes around simple attribute values (`part="base"`).
    if (!css) r = r.replace(/\s*\/?>/g, '>').replace(/(\s[\w:.-]+)="([\w-]+)"/g, '$1=$2');
    if (css)
      r = r
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s*([{};,>])\s*/g, '$1')
        .replace(/:\s+/g, ':')
        .replace(/;}/g, '}')
        // `[part~='send']` → `[part~=send]` (an identifier needs no quotes), `0.5em` → `.5em`.
        .replace(/=(['"])([a-zA-Z][\w-]*)\1\]/g, '=$2]')
        .replace(/([\s:,(])0\.(\d)/g, '$1.$2')
        .trim();
    return r;
  };
  const template = (): void => {
    // at the opening backtick
    const tag = /(html|css)\s*$/.exec(code.slice(Math.max(0, i - 8), i))?.[1];
    const css = tag === 'css';
    out += code[i++];
    let start = i;
    for (;;) {
      const c = code[i];
      if (c === undefined) return;
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '`') {
        out += text(code.slice(start, i), css, !!tag) + '`';
        i++;
        return;
      }
      if (c === '$' && code[i + 1] === '{') {
        out += text(code.slice(start, i), css, !!tag) + '${';
        i += 2;
        stack.push(depth);
        depth = 0;
        scan(true);
        start = i;
        continue;
      }
      i++;
    }
  };
  const scan = (inside: boolean): void => {
    while (i < code.length) {
      const c = code[i] as string;
      if (c === '`') template();
      else if (c === "'" || c === '"') {
        const s = i++;
        while (i < code.length && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
        i++;
        out += code.slice(s, i);
      } else if (c === '/' && code[i + 1] === '/') {
        const e = code.indexOf('\n', i);
        i = e < 0 ? code.length : e;
      } else if (c === '/' && code[i + 1] === '*') {
        const e = code.indexOf('*/', i + 2);
        i = e < 0 ? code.length : e + 2;
      } else {
        if (c === '{') depth++;
        if (c === '}') {
          if (inside && depth === 0) {
            out += '}';
            i++;
            depth = stack.pop() ?? 0;
            return;
          }
          depth--;
        }
        out += c;
        i++;
      }
    }
  };
  scan(false);
  return out;
}

/**
 * Members internal to the kit — protected state, and the methods its controllers and chunks call on
 * each other — whose names the built files need not keep. Never listed: a host's API (attributes,
 * properties, methods, event details), the JSON contract's names, and any name a string stands for
 * (`changed.has('def')`, a `.prop=${}` binding); widgets/build/mangle.test.ts checks the table
 * against each, and that no listed name is left in the built files. In the order of their weight
 * in the build when it was last measured (uses × length), heaviest first: memberNames gives the
 * first ones the shortest names. A fixed order rather than one measured per build, so that a small
 * change elsewhere does not reshuffle every name (which moved the brotli size by ±50 B).
 */
export const INTERNAL_MEMBERS: readonly string[] = [
  'waiting', // form, list, timeline
  'problem', // form, timeline
  'def', // form, list, timeline
  'internals', // fields
  'fileErrors', // timeline
  'cursors', // list
  'textError', // timeline
  'outcome', // list, form
  'effectiveMode', // form
  'inactive', // fields
  'settings', // timeline
  'notice', // form
  'onChange', // fields
  'progress', // timeline
  'reattach', // timeline
  'describedBy', // fields
  'setRecord', // form
  'fetchPage', // list
  'offered', // form, timeline
  'formDisabled', // fields
  'gone', // form
  'pressed', // form
  'rec', // form, timeline
  'summary', // form
  'commit', // fields
  'touched', // fields
  'dragging', // timeline
  'changes', // form
  'numberWord', // fields
  'acting', // list
  'visible', // form
  'menu', // list
  'renderControl', // fields
  'writable', // form
  'menuTo', // list
  'renderLabel', // fields
  'fit', // list
  'shownText', // fields
  'onInput', // fields
  'formValue', // fields
  'locked', // fields
  'sync', // fields
];

/** What a property is called in built code: after a dot, or as a key before a colon. */
const PROPERTY = /(?<=\.)[A-Za-z_$][\w$]*|[A-Za-z_$][\w$]*(?=\s*:)/g;

/**
 * The new name of each member of INTERNAL_MEMBERS for one build, as terser's name cache holds it
 * (`$` + old name → new name): `$0`, `$1`, … in the table's order, a `$` name being one neither
 * Lit nor the DOM uses; a name the build already uses is never given, nor one to a member the build
 * does not use. One table for the whole build, so the entry and every chunk, minified one by one,
 * agree. Measured 217 B brotli smaller over the module build, 88 B of it on the critical path:
 * these names, repeated in every file that uses them, were its longest. (Single capitals, shorter
 * still, came out 40–90 B larger after brotli than `$` and a digit.)
 */
export function memberNames(files: readonly string[]): Record<string, string> {
  const code = files.join('\n');
  const used = new Set(code.match(PROPERTY));
  const ranked = INTERNAL_MEMBERS.filter((name) => used.has(name));
  const names: string[] = [];
  for (let i = 0; names.length < ranked.length; i++)
    if (!used.has(`$${i.toString(36)}`)) names.push(`$${i.toString(36)}`);
  return Object.fromEntries(ranked.map((name, i) => [`$${name}`, names[i] as string]));
}

/**
 * terser's settings for the final pass: its safe defaults, three passes (more found nothing more),
 * and the renaming of INTERNAL_MEMBERS to `names` (memberNames), those only (`only_cache`).
 */
const terserOptions = (names: Record<string, string>): MinifyOptions => ({
  ecma: 2020,
  compress: { passes: 3 },
  format: { comments: false },
  mangle: {
    // `only_cache` is terser's (lib/propmangle.js), missing from its types: mangle the table's names only.
    // `builtins`: some of the table's names are also DOM properties somewhere (`summary`, `sync`), which
    // terser would otherwise leave alone; here they are the kit's own members only.
    properties: {
      regex: new RegExp(`^(?:${INTERNAL_MEMBERS.join('|')})$`),
      builtins: true,
      only_cache: true,
    } as object,
  },
  nameCache: { props: { props: { ...names } } },
});

function minifyTemplatesPlugin(): Plugin {
  return {
    name: 'portico-minify-templates',
    transform(code, id) {
      return id.includes('/widgets/src/') ? minifyTemplates(code) : null;
    },
  };
}

/**
 * A second pass over the minified files with terser: rolldown's minifier (oxc) first, terser after
 * it, measured 109 B brotli smaller over the module build than oxc alone and 187 B smaller than
 * terser alone (terser's passes find what oxc's left: merged declarations, shorter conditionals).
 * It also drops the `/* @__PURE__ *\/` marks oxc keeps for a later bundler: these files are the end
 * product. Options from terserOptions().
 */
function finalPassPlugin(classic: boolean): Plugin {
  return {
    name: 'portico-final-pass',
    async generateBundle(_, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const names = memberNames(chunks.map((chunk) => chunk.code));
      for (const chunk of chunks) {
        const result = await minify(chunk.code, { ...terserOptions(names), module: !classic });
        if (result.code === undefined)
          throw new Error(`PORTICO_BUILD_MINIFY: terser gave nothing for ${chunk.fileName}`);
        chunk.code = result.code;
      }
    },
  };
}

/**
 * Edits to Lit's published (minified) modules, by file, each an exact text and what it becomes. A Lit
 * release that changes one of these texts fails the build (PORTICO_BUILD_LIT_CHANGED): look at the
 * file and update the table.
 *
 * - css-tag.js: the css`` tag explains its two misuses (a non-css value inside css``, `new
 *   CSSResult`) in long developer messages, about 90 B brotli of the 12 KB critical path, for
 *   mistakes no template here can make (each css`` holds static text and other css`` results, and
 *   the widget suites build every style). They become short ones.
 * - lit-html.js, reactive-element.js, lit-element.js: each calls a hook that the ShadyDOM polyfills
 *   (and, for LitElement, server-side-rendering hydration) install before Lit loads, and records its
 *   version in a global list that Lit's development build reads to warn about two copies on a page.
 *   The kit runs on browsers with native shadow DOM, renders in the browser only, and ships the
 *   production build: neither hook nor list is ever read. About 60 B brotli of the critical path.
 */
export const LIT_EDITS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  '@lit/reactive-element/css-tag.js': [
    ["Value passed to 'css' function must be a 'css' function result: ", 'not css: '],
    [". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.", ''],
    ['CSSResult is not constructable. Use `unsafeCSS` or `css` instead.', 'use css'],
  ],
  'lit-html/lit-html.js': [
    ['B=t.litHtmlPolyfillSupport;B?.(S,k),(t.litHtmlVersions??=[]).push("3.3.3");', 'B=void 0;'],
  ],
  '@lit/reactive-element/reactive-element.js': [
    ['p=a.reactiveElementPolyfillSupport,', 'p=void 0,'],
    [',p?.({ReactiveElement:y}),(a.reactiveElementVersions??=[]).push("2.1.2");', ';'],
  ],
  'lit-element/lit-element.js': [
    [
      ',s.litElementHydrateSupport?.({LitElement:i});const o=s.litElementPolyfillSupport;o?.({LitElement:i});',
      ';',
    ],
    ['(s.litElementVersions??=[]).push("4.2.2");', ''],
  ],
};

/** `code` of the Lit module `file` (a key of LIT_EDITS) with its edits made. */
export function editLit(file: string, code: string): string {
  for (const [text, replacement] of LIT_EDITS[file] ?? []) {
    if (!code.includes(text))
      throw new Error(
        `PORTICO_BUILD_LIT_CHANGED: ${file} no longer has ${JSON.stringify(text)}; see LIT_EDITS`,
      );
    code = code.replace(text, replacement);
  }
  return code;
}

function editLitPlugin(): Plugin {
  return {
    name: 'portico-edit-lit',
    transform(code, id) {
      const file = Object.keys(LIT_EDITS).find((name) =>
        id.replaceAll('\\', '/').endsWith(`/node_modules/${name}`),
      );
      return file ? editLit(file, code) : null;
    },
  };
}

/**
 * Names of the on-demand chunks (rolldown names a chunk after the module it was split at). Stable,
 * unhashed names: the entry's name carries no version either, the server serves these files by
 * name, and a host page may name them in `modulepreload` hints (README, "Embedding in your site").
 */
const CHUNK_NAMES: Record<string, string> = {
  list: 'list',
  writes: 'form',
  timeline: 'timeline',
  'more-fields': 'more',
};

/**
 * Two builds (package.json `build` runs both). The default one is the ES module entry
 * `portico.js`, which holds what a page with one form needs before its first input (config,
 * form, field elements, Lit), plus one chunk per on-demand part, `portico-<name>.js`, which import
 * what they share from the entry. `--mode classic` builds `portico.iife.js`, the classic script
 * (global `Portico`): a classic script cannot share one Lit with module chunks, so it is one file
 * with everything, the modules that load chunks swapped for their `.classic.ts` stand-ins (static
 * imports, so no lazy-module wrappers either).
 */
export default defineConfig(({ mode }) => {
  const classic = mode === 'classic';
  return {
    plugins: [minifyTemplatesPlugin(), editLitPlugin(), finalPassPlugin(classic)],
    resolve: {
      alias: classic
        ? [{ find: /^(.*\/)?(chunks?|first-use|i18n-packs)\.js$/, replacement: '$1$2.classic.js' }]
        : [],
    },
    build: {
      outDir: 'dist/widgets',
      // The classic build runs second and adds its file beside the module build's.
      emptyOutDir: !classic,
      target: 'esnext',
      minify: true,
      sourcemap: false,
      rolldownOptions: {
        // Lets the entry export what its chunks import from it (Lit, the field base class, …), so
        // shared code stays in the entry rather than in a common chunk the entry would wait for.
        preserveEntrySignatures: 'allow-extension',
        output: {
          // Lib mode leaves ES output unminified for whitespace; the embed script should be as small as the IIFE.
          minify: true,
          // Every module the entry imports statically stays in the entry, never in a common chunk that
          // the entry would then wait for (one request on the critical path, not two in a row).
          codeSplitting: classic ? false : { groups: [{ name: 'entry', tags: ['$initial'] }] },
          chunkFileNames: (chunk) => `portico-${CHUNK_NAMES[chunk.name] ?? chunk.name}.js`,
        },
      },
      lib: {
        entry: 'widgets/src/index.ts',
        name: 'Portico',
        formats: classic ? ['iife'] : ['es'],
        fileName: () => (classic ? 'portico.iife.js' : 'portico.js'),
      },
    },
  };
});
