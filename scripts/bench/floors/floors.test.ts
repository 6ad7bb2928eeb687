// The render benchmark's floors do what it says they do (scripts/bench/render.ts): each draws the
// case-create definition's fields as labelled controls; the shadow-DOM and Lit floors take the
// token from the host's script and, on the next visit in the tab, draw the held definition after a
// 304 as the widget does. A floor that drew less, or fetched its definition without waiting for the
// host, would make the benchmark's comparison meaningless.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { HOST_TOKEN, caseCreate, startHost } from '../../../widgets/build/host-fixture.js';
import type { HostServer } from '../../../widgets/build/host-fixture.js';
import { FLOOR_PAGES, floors } from './build.js';

let host: HostServer;
let browser: Browser;

before(async () => {
  const pages = Object.fromEntries(
    Object.entries(FLOOR_PAGES).map(([name, html]) => [`/${name}.html`, html]),
  );
  host = await startHost(pages, "script-src 'self'", { scripts: await floors() });
  const { CHROMIUM_ARGS, findChromium } = (await import('../../chromium.mjs' as string)) as {
    CHROMIUM_ARGS: string[];
    findChromium: (options: { install: boolean }) => string;
  };
  browser = await chromium.launch({ executablePath: findChromium({ install: false }), args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await host?.close();
});

/** The field labels the definition asks for, in order. */
const LABELS = caseCreate('').sections.flatMap((s) => s.fields.map((f) => f.label.en));

/** The labels of the page's controls (`label[for]`), in its document or its one element's shadow root. */
const drawn = (p: Page): Promise<string[]> =>
  p.evaluate(() => {
    const root = document.querySelector('shadow-floor, lit-floor')?.shadowRoot ?? document;
    return [...root.querySelectorAll('label[for]')].map((l) => {
      const control = root.querySelector(`#${(l as HTMLLabelElement).htmlFor}`);
      return control ? (l.textContent ?? '') : `${l.textContent ?? ''} (no control)`;
    });
  });

/** Opens `name`'s page (twice in one tab: `visits`) and returns the definition requests it made. */
async function visit(
  name: string,
  visits: number,
): Promise<{ labels: string[]; requests: HostServer['requests'] }> {
  const ctx = await browser.newContext();
  try {
    const p = await ctx.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    const start = host.requests.length;
    let labels: string[] = [];
    for (let i = 0; i < visits; i++) {
      await p.goto(`${host.origin}/${name}.html`);
      await p.waitForFunction((n) => {
        const root = document.querySelector('shadow-floor, lit-floor')?.shadowRoot ?? document;
        return root.querySelectorAll('label[for]').length >= n;
      }, LABELS.length);
      labels = await drawn(p);
    }
    assert.deepEqual(errors, []);
    return {
      labels,
      requests: host.requests.slice(start).filter((r) => r.path === '/api/v1/forms/case-create'),
    };
  } finally {
    await ctx.close();
  }
}

test('the plain floor draws every field with its compiled-in token', async () => {
  const { labels, requests } = await visit('floor', 1);
  assert.deepEqual(labels, LABELS);
  assert.deepEqual(
    requests.map((r) => r.headers.authorization),
    [`Bearer ${HOST_TOKEN}`],
  );
});

for (const name of ['shadow', 'lit'])
  test(`the ${name} floor waits for the host's token and draws the held definition on the next visit`, async () => {
    const { labels, requests } = await visit(name, 2);
    assert.deepEqual(labels, LABELS);
    // Both requests carry the token the host's script handed <portico-config>; the second, the
    // held copy's ETag — answered 304, so what is drawn then is the tab's copy.
    assert.equal(requests.length, 2);
    assert.ok(requests.every((r) => r.headers.authorization === `Bearer ${HOST_TOKEN}`));
    assert.equal(requests[0]!.headers['if-none-match'], undefined);
    assert.match(String(requests[1]!.headers['if-none-match']), /^(W\/)?"/);
  });
