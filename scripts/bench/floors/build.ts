// The render benchmark's floors as its host site serves them: their pages, and their scripts each
// bundled and minified, as a site would serve its own, keyed by the path the pages load them from.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { HOST_TOKEN } from '../../../widgets/build/host-fixture.js';

/**
 * A host page that loads one module and draws into `body`; with `token`, after it the host's own
 * script, which hands <portico-config> the signed-in user's token (host-fixture.ts `/host.js`).
 */
export const page = (title: string, script: string, body: string, token = true): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<script type="module" src="${script}"></script>${token ? '<script src="/host.js" defer></script>' : ''}</head>` +
  `<body>${body}</body></html>`;

/** The floors' pages (`/<name>.html`), in the order the benchmark takes them. */
export const FLOOR_PAGES = {
  floor: page('Floor', '/floor.js', '', false),
  shadow: page(
    'Shadow floor',
    '/shadow-floor.js',
    '<portico-config></portico-config><shadow-floor></shadow-floor>',
  ),
  lit: page('Lit floor', '/lit-floor.js', '<portico-config></portico-config><lit-floor></lit-floor>'),
};

/** Path on the host site → the floor's source beside this file. */
export const FLOOR_FILES = {
  '/floor.js': 'plain.ts',
  '/shadow-floor.js': 'shadow.ts',
  '/lit-floor.js': 'lit.ts',
};

/** Each floor's script, built: path → JavaScript. */
export async function floors(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [path, file] of Object.entries(FLOOR_FILES)) {
    const built = await build({
      entryPoints: [fileURLToPath(new URL(`./${file}`, import.meta.url))],
      bundle: true,
      format: 'esm',
      minify: true,
      write: false,
      // The plain floor's token (it has no host script); the other floors get theirs from the page.
      define: { HOST_TOKEN: JSON.stringify(HOST_TOKEN) },
    });
    out[path] = built.outputFiles[0]!.text;
  }
  return out;
}
