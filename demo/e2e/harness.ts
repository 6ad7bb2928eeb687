/**
 * Shared set-up of the end-to-end suites: one whole stack (Portico server with the embedded
 * emulator on an in-memory database, plus the Contoso Support demo site) and one headless Chromium
 * per test file, sign-in through the demo's own sign-in page, and the per-page checks every suite
 * runs (screenshot, axe, no console error, no CSP violation).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, ConsoleMessage, Locator, Page } from 'playwright-core';
import { startStack } from '../stack.js';
import type { Stack } from '../stack.js';
import type { CreateServerOptions } from '../../server/proxy/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'screenshots');
/** Generous: the suites share two cores with everything else that runs. */
export const WAIT = 20_000;
/** A GUID, as a RegExp source. */
export const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export type DemoUserKey = 'alice' | 'bob' | 'vera' | 'dana';
const USER_NAMES: Record<DemoUserKey, string> = {
  alice: 'Alice Brooks',
  bob: 'Bob Meyer',
  vera: 'Vera Lindqvist',
  dana: 'Dana Whitfield',
};

export interface E2E {
  stack: Stack;
  browser: Browser;
  /** The schema directory the server watches: a temporary copy of `schemas/` the test may edit. */
  schemasDir: string;
  /** A signed-in browser context for a demo user (or anonymous for `undefined`). */
  signIn(user: DemoUserKey | undefined): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Stops with a clear message when the widget bundle is not built (the demo embeds it). */
function requireBundle(): void {
  const bundle = join(ROOT, 'dist', 'widgets', 'portico.js');
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
}

/**
 * The project's Chromium and launch flags (scripts/chromium.mjs, as for every browser test). The
 * module is plain JavaScript without type declarations, so it is imported through a specifier
 * TypeScript does not resolve.
 */
async function projectChromium(): Promise<{ executablePath: string; args: string[] }> {
  const specifier = '../../scripts/chromium.mjs';
  const m = (await import(specifier)) as {
    CHROMIUM_ARGS: string[];
    findChromium: (options: { install: boolean }) => string;
  };
  return { executablePath: m.findChromium({ install: false }), args: m.CHROMIUM_ARGS };
}

export interface E2EOptions {
  /** Server options on top of the suite's own (e.g. more `allowedOrigins` and a known `jwtSecret`). */
  server?: CreateServerOptions;
}

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  requireBundle();
  const tmp = mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  // Every suite gets its own copy of the admin JSON: a suite may edit it (the server watches it),
  // and an edit in the work tree while the tests run must not change what they see.
  const schemasDir = join(tmp, 'schemas');
  cpSync(join(ROOT, 'schemas'), schemasDir, { recursive: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const stack = await startStack({
    server: {
      port: 0,
      emulatorDb: ':memory:',
      schemasDir,
      logLevel: 'silent',
      auditLog: join(tmp, 'audit.log'),
      ...options.server,
    },
    demoPort: 0,
  });
  let browser: Browser;
  try {
    browser = await chromium.launch(await projectChromium());
  } catch (error) {
    await stack.close();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  return {
    stack,
    browser,
    schemasDir,
    async signIn(user) {
      const context = await browser.newContext({
        baseURL: stack.demoOrigin,
        viewport: { width: 1280, height: 900 },
      });
      context.setDefaultTimeout(WAIT);
      contexts.push(context);
      const page = await context.newPage();
      if (user) {
        await page.goto('/signin');
        await page.getByRole('radio', { name: new RegExp(USER_NAMES[user]) }).check();
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL((url) => url.pathname !== '/signin');
        await page.getByText(USER_NAMES[user]).first().waitFor();
      }
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await stack.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Records what must never happen on a page: console errors, uncaught exceptions and CSP
 * violations. The `securitypolicyviolation` listener is installed before any page script runs
 * (https://developer.mozilla.org/docs/Web/API/SecurityPolicyViolationEvent) and kept on `window`.
 */
export interface Watch {
  errors: string[];
  /** Console errors that are the browser's own log of an HTTP status the test expects. */
  expectStatus(status: number): void;
}

export async function watch(page: Page): Promise<Watch> {
  const errors: string[] = [];
  const expected = new Set<number>();
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(m.text())?.[1];
    if (status && expected.has(Number(status))) return;
    errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { errors, expectStatus: (s) => expected.add(s) };
}

/**
 * The checks every page gets once its content is on screen: a full-page screenshot named after the
 * page and user, no axe violation, no console error and no CSP violation so far.
 */
export async function checkPage(page: Page, w: Watch, name: string): Promise<void> {
  // Let pending renders and requests settle so the screenshot and axe see the finished page.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  // The demo's CSP forbids inline and injected script tags; evaluating through the DevTools
  // protocol is not subject to the page's CSP, so axe goes in that way.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
  assert.deepEqual(violations, [], `axe violations on ${name}:\n${JSON.stringify(violations, null, 2)}`);

  const csp = await page.evaluate(
    () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  );
  assert.deepEqual(csp, [], `CSP violations on ${name}`);
  assert.deepEqual(w.errors, [], `console errors on ${name}`);
}

/** The form widget's status line (`part="notice"`) once it says `text`. */
export async function waitForNotice(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('portico-form [part="notice"]').filter({ hasText: text }).waitFor();
}

/** Waits until an input shows `expected` (the form fills fields once its requests answer). */
export async function assertValue(locator: Locator, expected: string): Promise<void> {
  const handle = await locator.elementHandle();
  await locator
    .page()
    .waitForFunction(
      ([el, value]) => (el as HTMLInputElement | null)?.value === value,
      [handle, expected] as const,
      {
        timeout: WAIT,
      },
    );
}

/**
 * A Portico dialog by its accessible name. Its content is slotted, so it lives under the
 * `<portico-dialog>` host, not under the native `<dialog>` in the host's shadow root.
 */
export function modal(page: Page, name: string): Locator {
  return page.locator('portico-dialog').filter({ has: page.getByRole('dialog', { name }) });
}

/**
 * Fills the open new-contact form with a name and a Fabrikam email and saves it; resolves with the
 * new contact's id once the page shows it.
 */
export async function saveNewContact(page: Page, first: string, last: string): Promise<string> {
  await page.getByLabel('First Name').fill(first);
  await page.getByLabel('Last Name').fill(last);
  await page
    .getByRole('textbox', { name: 'Email' })
    .fill(`${first.toLowerCase()}.${last.toLowerCase()}@fabrikam.example`);
  await page.getByRole('button', { name: 'Save contact' }).click();
  await page.waitForURL(new RegExp(`/account/contacts/${GUID}$`));
  return new URL(page.url()).pathname.split('/').pop()!;
}
