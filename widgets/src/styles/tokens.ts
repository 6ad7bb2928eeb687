/**
 * Design tokens: global `--portico-*` custom properties in two layers.
 *
 * Primitives are raw values (a palette, a type scale, a spacing scale). Semantic tokens say what a
 * value is for and point at primitives; component styles use only semantic tokens. To theme, set
 * semantic tokens on any ancestor of a Portico element (or on the element itself), or primitives on
 * `:root`. The defaults are installed once in a document-level constructed stylesheet under
 * `:where(html)`, which has zero specificity, so any rule of the host page wins; constructed
 * stylesheets are not subject to CSP `style-src`, so no `unsafe-inline` is needed
 * (https://developer.mozilla.org/docs/Web/API/Document/adoptedStyleSheets).
 *
 * Sizes are `px` and `em`, never `rem`: a host page's `html { font-size }` must not resize the widget.
 *
 * | token | default (light / dark) | what it is |
 * |---|---|---|
 * | `--portico-font-family` | system-ui stack | all text |
 * | `--portico-font-size` | `16px` | base size; everything else scales from it in `em` |
 * | `--portico-line-height` | `1.5` | body line height |
 * | `--portico-font-weight-strong` | `600` | labels, headings, buttons |
 * | `--portico-density` | `1` | multiplies every spacing token (`.75` compact, `1.25` roomy) |
 * | `--portico-space-1` … `--portico-space-4` | `.25em` `.5em` `.75em` `1.25em` (× density) | gaps and padding |
 * | `--portico-radius` | `6px` | inputs, buttons, panels |
 * | `--portico-focus-ring-color` | blue 600 / blue 300 | keyboard focus outline |
 * | `--portico-focus-ring-width` | `3px` | |
 * | `--portico-color-bg` | white / gray 900 | panel and dialog background |
 * | `--portico-color-fg` | gray 900 / gray 50 | text |
 * | `--portico-color-muted` | gray 600 / gray 300 | help text, secondary text |
 * | `--portico-color-border` | gray 500 / gray 400 | input and table borders (3:1 against bg) |
 * | `--portico-color-field` | white / gray 800 | input background |
 * | `--portico-color-accent` | blue 600 / blue 300 | primary buttons, links, selection |
 * | `--portico-color-on-accent` | white / gray 900 | text on accent |
 * | `--portico-color-danger` | red 600 / red 300 | errors, destructive actions |
 * | `--portico-color-subtle` | gray 100 / gray 800 | zebra rows, banners |
 *
 * Primitives: `--portico-gray-50/100/300/400/500/600/800/900`, `--portico-blue-300/600`,
 * `--portico-red-300/600`, `--portico-white`.
 *
 * Dark: applied under `prefers-color-scheme: dark`, or to any subtree with `theme="dark"` (to force
 * light under a dark system setting, set the semantic colour tokens on that subtree). Every text pair meets WCAG 2.2 AA (4.5:1) in both.
 */
export const primitives: Record<string, string> = {
  'font-family': 'system-ui,sans-serif',
  'font-size': '16px',
  'line-height': '1.5',
  'font-weight-strong': '600',
  density: '1',
  'space-1': 'calc(.25em*var(--portico-density))',
  'space-2': 'calc(.5em*var(--portico-density))',
  'space-3': 'calc(.75em*var(--portico-density))',
  'space-4': 'calc(1.25em*var(--portico-density))',
  radius: '6px',
  'focus-ring-width': '3px',
  white: '#fff',
  'gray-50': '#f1f3f4',
  'gray-100': '#f3f4f6',
  'gray-300': '#bdc1c6',
  'gray-400': '#9aa0a6',
  'gray-500': '#6b7280',
  'gray-600': '#4b5563',
  'gray-800': '#292c31',
  'gray-900': '#17191c',
  'blue-300': '#8ab4f8',
  'blue-600': '#1a56c4',
  'red-300': '#f6aea9',
  'red-600': '#b42318',
};

const scheme = (
  bg: string,
  fg: string,
  muted: string,
  border: string,
  field: string,
  accent: string,
  onAccent: string,
  danger: string,
  subtle: string,
): Record<string, string> => ({
  'color-bg': bg,
  'color-fg': fg,
  'color-muted': muted,
  'color-border': border,
  'color-field': field,
  'color-accent': accent,
  'color-on-accent': onAccent,
  'color-danger': danger,
  'color-subtle': subtle,
  'focus-ring-color': accent,
});

export const light = scheme(
  'white',
  'gray-900',
  'gray-600',
  'gray-500',
  'white',
  'blue-600',
  'white',
  'red-600',
  'gray-100',
);
export const dark = scheme(
  'gray-900',
  'gray-50',
  'gray-300',
  'gray-400',
  'gray-800',
  'blue-300',
  'gray-900',
  'red-300',
  'gray-800',
);

const decls = (o: Record<string, string>, ref: boolean): string =>
  Object.entries(o)
    .map(([k, v]) => `--portico-${k}:${ref ? `var(--portico-${v})` : v}`)
    .join(';');

/** The token stylesheet's text. */
export const tokenCss = (): string =>
  `:where(html){${decls(primitives, false)};${decls(light, true)}}` +
  `@media(prefers-color-scheme:dark){:where(html){${decls(dark, true)}}}` +
  `:where([theme=dark]){${decls(dark, true)}}`;

let installed = false;

/**
 * Adds the token defaults to the document once. A second copy of the script never gets here: its
 * `define()` calls are no-ops, so its element constructors never run.
 */
export function installTokens(): void {
  if (installed) return;
  installed = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(tokenCss());
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
