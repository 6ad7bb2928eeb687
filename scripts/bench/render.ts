// Render benchmark: time from navigation start to the first interactive input of a case-create form,
// Portico (built ES module, stub API, real Ajv validator module) against a static HTML form with the
// same fields, in the same Chromium run on 127.0.0.1. Median of N loads (fresh browser context each),
// the pages taking turns; cold (nothing cached) and warm (the second visit in the same tab, the kit
// cached as the Portico server lets browsers keep it and the definition held by the tab), each
// unthrottled and throttled (CDP: 4x CPU slowdown, +150 ms latency on every request).
// Three floors beside it (scripts/bench/floors) separate what any script-built form pays from what
// Portico's own code adds:
// - the floor: a bare module that fetches the same definition and builds plain inputs in the
//   document (its token compiled in, no host script, nothing held) — what the two extra requests
//   cost;
// - the shadow floor: the same plain DOM in one custom element's shadow root, on Portico's data
//   path (the token from the host's script through <portico-config>, the definition held by the
//   tab and confirmed with a 304) — what an embeddable element costs before any framework;
// - the Lit floor: the same data path, one LitElement drawing the whole form in one template pass
//   — what Lit itself costs, with none of Portico's fields, validation, languages or drafts.
// Targets: cold, at most 1.1x the floor; warm, at most 1.2x the static form; the floors are held to
// the same measure. Cold and throttled, no script-built form comes near the static one: the static
// page needs one request, a script-built one three in a row (page, script, definition), and the
// definition cannot be preloaded because it is per role and needs the bearer token.
//
// Where the targets stand (2026-12, four runs of 9–11 loads on the shared 2-core machine): not
// met, and the floors show that no element on this data path and stack can meet them.
// - Warm, the held definition is the user's and role's, so it can be shown only once the host's
//   token script (served `no-store`, as a session's is) says who is there: two round trips where
//   the static form needs one. Throttled, even the shadow floor, with no framework, is 1.35–1.44x
//   the static form; unthrottled, the Lit floor is 1.43–1.67x. Showing a held copy before the token
//   would show one user's role's form to another, which the cache must never do.
// - Cold unthrottled, the Lit floor alone is 1.11–1.32x the floor (throttled 1.04–1.10x).
// - Portico over the Lit floor: ≈ 20–30 ms cold and ≈ 12–16 ms warm, unthrottled. The held
//   definitions are read in the turn the first one is asked for, and the server's definition is
//   drawn in one pass, each field once; what remains is the kit's own JavaScript — ≈ 5–8 ms of
//   module evaluation, then one custom element per field with form internals and its own
//   template. Their shadow roots are not the cost: rendering the fields into the form's own shadow
//   root instead moved no figure beyond the noise.
//
// Usage: npm run bench:render [-- --runs 9]   (needs `npm run build` first)
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { STATIC_FORM } from '../../widgets/build/host-fixture.js';
import { FLOOR_PAGES, floors, page } from './floors/build.js';
import { criticalPath, measure } from '../../widgets/build/size.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 9;
if (runs < 1 || runs > 50) throw new Error(`--runs must be between 1 and 50, got ${runs}`);

/** The pages in the order they take turns, each a module and the markup it draws into. */
const PAGES = {
  ...FLOOR_PAGES,
  widget: page(
    'Widget',
    '/portico.js',
    '<portico-config endpoint="%ORIGIN%"></portico-config><portico-form form="case-create"></portico-form>',
  ),
};

/**
 * Injected before any page script (CDP, so not subject to the page's CSP): checks every 10 ms for
 * an enabled input that is rendered and visible (`checkVisibility()`), looking into shadow roots,
 * and resolves the promise `window.__firstInput` with the time since navigation start. Visibility
 * matters: an input inside a closed dialog is in the DOM long before the user can type anywhere.
 * Polling with a timer rather than animation frames, whose first tick in a new headless page comes
 * late and would blur both sides. Source text, because a TypeScript function would be rewritten by
 * the loader with helpers the page does not have.
 */
const FIRST_INPUT = `window.__firstInput = new Promise((done) => {
  const find = (root) => {
    for (const hit of root.querySelectorAll('input:not([disabled])')) if (hit.checkVisibility()) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const inner = find(el.shadowRoot); if (inner) return inner; }
    return null;
  };
  const timer = setInterval(() => {
    if (document.documentElement && find(document)) { done(performance.now()); clearInterval(timer); }
  }, 10);
})`;

/** Added to every request in the throttled profile (ms). */
const LATENCY = 150;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * One load of `url` in a fresh browser context: the time to its first input. `warm`: the page is
 * visited once first and the time is that of the second visit in the same tab — the kit's files
 * and validator in the HTTP cache as the Portico server lets browsers keep them, the definition in
 * the tab's storage (api.ts `definition`) and confirmed by a 304.
 */
async function load(browser: Browser, url: string, throttled: boolean, warm = false): Promise<number> {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    if (throttled) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: LATENCY,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    }
    await page.addInitScript(FIRST_INPUT);
    if (warm) await firstInput(page, cdp, url);
    return await firstInput(page, cdp, url);
  } finally {
    await ctx.close();
  }
}

/** Navigates and reads `window.__firstInput` (FIRST_INPUT) once the page has an input. */
async function firstInput(page: Page, cdp: CDPSession, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  // Read over the protocol, not with page.waitForFunction: that compiles Playwright's injected
  // script (30-60 ms of main thread) in the page while it loads, which delays a script-built form
  // but not the static one, whose input is usually found before that script arrives.
  let timer: NodeJS.Timeout | undefined;
  const { result, exceptionDetails } = (await Promise.race([
    cdp.send('Runtime.evaluate', {
      expression: 'window.__firstInput',
      awaitPromise: true,
      returnByValue: true,
    }),
    new Promise(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`${url}: no input in 30 s`)), 30_000)),
    ),
  ]).finally(() => clearTimeout(timer))) as { result: { value?: unknown }; exceptionDetails?: unknown };
  if (exceptionDetails || typeof result.value !== 'number')
    throw new Error(`${url}: no first input (${JSON.stringify(exceptionDetails ?? result)})`);
  // BENCH_DEBUG=1 prints each load's resource timeline (where the time goes).
  if (process.env.BENCH_DEBUG)
    console.log(
      url,
      await page.evaluate(() =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
          (e) => `${e.name.replace(/^.*\//, '')} ${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)} ms`,
        ),
      ),
    );
  return result.value;
}

async function main(): Promise<void> {
  const critical = criticalPath(measure());
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./render-host.ts', import.meta.url))],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {
        ...process.env,
        BENCH_HOST: JSON.stringify({
          pages: {
            '/static.html': STATIC_FORM,
            ...Object.fromEntries(Object.entries(PAGES).map(([name, html]) => [`/${name}.html`, html])),
          },
          scripts: await floors(),
          csp: "script-src 'self'",
          asServed: true,
        }),
      },
    },
  );
  const [first] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as [unknown];
  if (!(first instanceof Buffer)) throw new Error('the benchmark host site did not start');
  const host = { origin: first.toString().trim(), close: () => child.stdin.end() };
  const { CHROMIUM_ARGS, findChromium } = (await import('../chromium.mjs' as string)) as {
    CHROMIUM_ARGS: string[];
    findChromium: (options: { install: boolean }) => string;
  };
  const browser = await chromium.launch({
    executablePath: findChromium({ install: false }),
    args: CHROMIUM_ARGS,
  });
  try {
    console.log(
      `Portico render benchmark: ${runs} loads each, Chromium on 127.0.0.1, critical path ${critical.reduce((sum, s) => sum + s.brotli, 0)} B brotli`,
    );
    // One warm-up of each so that process start-up costs land on none of them.
    type Name = 'static' | keyof typeof PAGES;
    const pages: Name[] = ['static', ...(Object.keys(PAGES) as (keyof typeof PAGES)[])];
    for (const p of pages) await load(browser, `${host.origin}/${p}.html`, false);
    const ms = (x: number): string => `${x.toFixed(0).padStart(4)} ms`;
    console.log(`${''.padEnd(42)} ${pages.map((p) => p.padStart(7)).join(' ')}`);
    for (const throttled of [false, true])
      for (const warm of [false, true]) {
        const t = Object.fromEntries(pages.map((p) => [p, [] as number[]]));
        // Interleaved, so a burst of other work on the machine hits all of them alike.
        for (let i = 0; i < runs; i++)
          for (const p of pages) t[p]!.push(await load(browser, `${host.origin}/${p}.html`, throttled, warm));
        const m = Object.fromEntries(pages.map((p) => [p, median(t[p]!)])) as Record<Name, number>;
        const label = `${warm ? 'warm' : 'cold'}, ${throttled ? `throttled (4x CPU, +${LATENCY} ms/request)` : 'unthrottled'}`;
        // Cold, the target is against the floor; warm, against the static form (the issue's render
        // targets). The shadow-DOM and Lit floors are held to the same measure as Portico.
        const base = warm ? 'static' : 'floor';
        const ratio = (p: Name): string => `${p} ${(m[p] / m[base]).toFixed(2)}x`;
        console.log(
          `${label.padEnd(42)} ${pages.map((p) => ms(m[p])).join(' ')}   vs ${base}: ${ratio('shadow')}, ${ratio('lit')}, ${ratio('widget')} (target <= ${warm ? '1.2' : '1.1'}x)`,
        );
      }
  } finally {
    await browser.close();
    await host.close();
  }
}

await main();
