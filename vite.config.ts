// Library build of the widgets: an ES module entry with on-demand chunks, and one classic script
// (global `Portico`), minified; a host page needs exactly one <script> either way.
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/**
 * Collapses formatting whitespace inside Lit's html`` and css`` templates; other template literals
 * (the German message catalogue, say) are left alone. Vite minifies JavaScript but not template
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

function minifyTemplatesPlugin(): Plugin {
  return {
    name: 'portico-minify-templates',
    transform(code, id) {
      return id.includes('/widgets/src/') ? minifyTemplates(code) : null;
    },
    // The minifier keeps `/* @__PURE__ */` marks for a later bundler's tree-shaking; this file is the
    // end product (≈ 55 B brotli). Dropped only after minifying, which still needs them. Rolldown's
    // `output.comments: { annotation: false }` does this too, but its output measured 16 B larger.
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle))
        if (chunk.type === 'chunk') chunk.code = chunk.code.replaceAll('/* @__PURE__ */ ', '');
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
  'action-dialog': 'dialogs',
  'owner-field': 'pickers',
  'i18n-de': 'de',
  writes: 'form',
  timeline: 'timeline',
  'more-fields': 'fields',
  // Rolldown's helper that builds a module namespace object, split out once two chunks need one
  // (the form chunk, which the timeline imports from, and the pickers, which the dialogs import).
  'rolldown-runtime': 'runtime',
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
    plugins: [minifyTemplatesPlugin()],
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
