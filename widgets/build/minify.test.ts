// The template minifier in vite.config.ts rewrites source text before bundling; a mistake there
// would ship broken markup or, worse, merge the lines of the German message catalogue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minifyTemplates } from '../../vite.config.js';

test('collapses formatting whitespace in html`` templates, including nested ones', () => {
  const src =
    'const t = html`<div part="base" class="a b">\n  ${x ? html`<span\n    id="s"\n  />` : \'\'}\n  <p>Hello world</p>\n</div>`;';
  assert.equal(
    minifyTemplates(src),
    'const t = html`<div part=base class="a b">${x ? html`<span id=s>` : \'\'}<p>Hello world</p></div>`;',
  );
});

test('minifies css`` templates without joining descendant selectors', () => {
  const src = 'const s = css`\n  .invalid :is(input, select) {\n    color: red; /* why */\n  }\n`;';
  assert.equal(minifyTemplates(src), 'const s = css`.invalid :is(input,select){color:red}`;');
});

test('drops quotes around identifiers in attribute selectors and the zero before a decimal point', () => {
  const src =
    'const s = css`\n  [part~=\'send\'], [data-x="a b"] {\n    margin: 0.5em 10.5em;\n    font-size: 0.875em;\n  }\n`;';
  assert.equal(
    minifyTemplates(src),
    'const s = css`[part~=send],[data-x="a b"]{margin:.5em 10.5em;font-size:.875em}`;',
  );
});

test('leaves untagged templates, strings and comments alone', () => {
  const src = [
    'const lines = `one\n  two\n`;',
    "const q = 'html`<a  />` stays';",
    '// html`<b>` in a comment, with a ` backtick',
    'const h = html`<i\n  >x</i>`;',
  ].join('\n');
  assert.equal(
    minifyTemplates(src),
    [
      'const lines = `one\n  two\n`;',
      "const q = 'html`<a  />` stays';",
      '',
      'const h = html`<i>x</i>`;',
    ].join('\n'),
  );
});
