/**
 * Proof by looking: every page of the demo site, as each demo user reaches it, at a desktop width
 * (1280 px) and a phone width (390 px). Each gets a full-page screenshot in `screenshots/` (ignored
 * by git; the README's pictures are picked from them), axe, no console error and no CSP violation
 * (harness.ts), and at both widths nothing wider than the screen: not the page, not a widget, and
 * no box inside a widget that scrolls sideways. A customer's list and case are looked at in German
 * and Arabic too.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';
import { ROOT, checkPage, startE2E, watch } from './harness.js';
import type { DemoUserKey, E2E, Watch } from './harness.js';
import { casesOf } from './harness-upstream.js';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** A page to look at: where it is, what it is called in the screenshot's name, its main heading. */
interface Screen {
  name: string;
  path: string;
  heading: string | RegExp;
  /** An HTTP status the browser logs for this page on purpose (a 404 page, a refused role). */
  status?: number;
}

/** Record ids the pages of one record need, from the emulator's seed. */
interface Ids {
  aliceCase: string;
  bobCase: string;
  fabrikamCase: string;
  fabrikamContact: string;
}

async function seededIds(e2e: E2E): Promise<Ids> {
  const first = async (customer: string) => {
    const found = (await casesOf(e2e.stack, customer))[0];
    assert.ok(found, `a seeded case of ${customer}`);
    return found.incidentid;
  };
  const contacts = await fetch(
    new URL(
      `contacts?$select=contactid&$filter=_parentcustomerid_value eq ${DEMO_IDS.accounts.fabrikam}&$top=1`,
      e2e.stack.portico.upstreamUrl,
    ),
    { headers: { Accept: 'application/json' } },
  );
  const contact = ((await contacts.json()) as { value: Array<{ contactid: string }> }).value[0];
  assert.ok(contact, 'a seeded Fabrikam contact');
  return {
    aliceCase: await first(DEMO_IDS.contacts.alice),
    bobCase: await first(DEMO_IDS.contacts.bob),
    fabrikamCase: await first(DEMO_IDS.accounts.fabrikam),
    fabrikamContact: contact.contactid,
  };
}

/** Every page each demo user can reach from the site's navigation, and the pages of one record. */
function screensOf(user: DemoUserKey | undefined, ids: Ids): Screen[] {
  const home: Screen = { name: 'home', path: '/', heading: 'How can we help?' };
  switch (user) {
    case undefined:
      return [
        home,
        { name: 'signin', path: '/signin', heading: 'Sign in' },
        { name: 'not-found', path: '/no-such-page', heading: 'Page not found', status: 404 },
      ];
    case 'alice':
    case 'bob':
      return [
        home,
        { name: 'cases', path: '/cases', heading: 'My cases' },
        { name: 'case-new', path: '/cases/new', heading: 'Open a new case' },
        {
          name: 'case-detail',
          path: `/cases/${user === 'alice' ? ids.aliceCase : ids.bobCase}`,
          heading: 'Case details',
        },
        { name: 'profile', path: '/profile', heading: 'My profile' },
        { name: 'not-available', path: '/account/cases', heading: 'Not available', status: 403 },
      ];
    case 'vera':
      return [
        home,
        { name: 'account-cases', path: '/account/cases', heading: 'Fabrikam cases' },
        { name: 'case-new', path: '/cases/new', heading: 'Open a new case' },
        { name: 'case-detail', path: `/cases/${ids.fabrikamCase}`, heading: 'Case details' },
        { name: 'account-contacts', path: '/account/contacts', heading: 'Fabrikam contacts' },
        { name: 'contact-new', path: '/account/contacts/new', heading: 'New contact' },
        {
          name: 'contact-detail',
          path: `/account/contacts/${ids.fabrikamContact}`,
          heading: 'Contact details',
        },
        { name: 'profile', path: '/profile', heading: 'My profile' },
      ];
    case 'dana':
      return [home, { name: 'admin', path: '/admin', heading: 'Portico configuration' }];
  }
}

/**
 * Waits until every Portico element on the page has finished loading: a form shows its fields (or
 * why it could not), a list its rows (or that it is empty); then until the network is quiet.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('portico-form, portico-list')].every((el) => {
      const root = el.shadowRoot;
      if (!root) return false;
      if (el.localName === 'portico-form')
        return (
          root.querySelector('[part~="base"][aria-busy="false"]') !== null &&
          root.querySelector('[part~="form"], [part~="problem"]') !== null
        );
      const status = root.querySelector('[part~="status"]')?.textContent?.trim() ?? '';
      return (
        root.querySelector('[part~="table"], [part~="empty"], [part~="error"]') !== null && status === ''
      );
    }),
  );
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

/**
 * What is wider than the screen: the document, a Portico element, or a box inside one that
 * scrolls sideways (a table in a narrow box is as bad as a page that scrolls).
 */
async function overflow(page: Page): Promise<string[]> {
  return (await page.evaluate(OVERFLOW_SCRIPT)) as string[];
}

/**
 * Plain JavaScript, not a function: tsx compiles named inner functions with a helper (`__name`)
 * that exists in Node, not in the page.
 */
const OVERFLOW_SCRIPT = `(() => {
  const found = [];
  const name = (el) =>
    el.localName + (el.id ? '#' + el.id : '') + (el.getAttribute('part') ? '[part=' + el.getAttribute('part') + ']' : '');
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth)
    found.push('the page is ' + doc.scrollWidth + 'px wide in a ' + window.innerWidth + 'px window');
  const visit = (root, host) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        if (el.localName.startsWith('portico-') && el.scrollWidth > window.innerWidth)
          found.push(host + name(el) + ' is ' + el.scrollWidth + 'px wide');
        visit(el.shadowRoot, host + name(el) + ' > ');
      }
      const style = getComputedStyle(el);
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1)
        found.push(host + name(el) + ' scrolls sideways (' + el.scrollWidth + 'px of content in ' + el.clientWidth + 'px)');
    }
  };
  visit(document, '');
  return found;
})()`;

/** The README's pictures: which page, as whom, makes which file of `demo/screenshots/`. */
const README_PICTURES: Record<string, string> = {
  'vera/account-cases': 'agent-account-cases.png',
  'alice/case-new': 'customer-new-case.png',
};

/**
 * With `PORTICO_README_SCREENSHOTS=1`, writes the README's pictures (1440 × 900, the top of the
 * page) from the page on screen. They are committed files, so an ordinary run leaves them alone.
 */
async function readmePicture(page: Page, key: string): Promise<void> {
  const file = README_PICTURES[key];
  if (!file || process.env.PORTICO_README_SCREENSHOTS !== '1') return;
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: join(ROOT, 'demo', 'screenshots', file) });
  if (before) await page.setViewportSize(before);
}

/**
 * On a phone the navigation sits behind the menu button: closed it hides the links, open it shows
 * them (and the account), Escape closes it again and gives focus back to the button.
 */
async function phoneMenu(page: Page, w: Watch, who: string): Promise<void> {
  const button = page.getByRole('button', { name: 'Menu' });
  const home = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' });
  assert.equal(await home.isVisible(), false, 'the links are folded away');
  await button.click();
  await home.waitFor();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  await checkPage(page, w, `screen-${who}-home-menu-390`);
  await page.keyboard.press('Escape');
  await home.waitFor({ state: 'hidden' });
  assert.equal(
    await button.evaluate((el) => el === document.activeElement),
    true,
    'focus back on the button',
  );
}

describe('every demo page, as each demo user, at 1280 and 390 px; a customer’s in German and Arabic', () => {
  let e2e: E2E;
  let ids: Ids;
  before(async () => {
    e2e = await startE2E();
    ids = await seededIds(e2e);
  });
  after(async () => {
    await e2e?.close();
  });

  for (const user of [undefined, 'alice', 'bob', 'vera', 'dana'] as const) {
    const who = user ?? 'anonymous';
    it(`${who}: every page looks right on a desktop and a phone`, async () => {
      const { page } = await e2e.signIn(user);
      const w = await watch(page);
      // Collected rather than thrown at once, so every page still gets its screenshot to look at.
      const tooWide: string[] = [];
      for (const screen of screensOf(user, ids)) {
        if (screen.status) w.expectStatus(screen.status);
        for (const size of WIDTHS) {
          await page.setViewportSize({ width: size.width, height: size.height });
          const response = await page.goto(screen.path);
          assert.equal(response?.status(), screen.status ?? 200, `${screen.path} as ${who}`);
          await page.getByRole('heading', { level: 1, name: screen.heading }).waitFor();
          await settled(page);
          await checkPage(page, w, `screen-${who}-${screen.name}-${size.width}`);
          // On a desktop too: a table cut off at the panel's edge is as bad as a page that scrolls.
          for (const problem of await overflow(page))
            tooWide.push(`${screen.path} at ${size.width}px: ${problem}`);
          if (size.name === 'phone' && screen.name === 'home') await phoneMenu(page, w, who);
          if (size.name === 'desktop') await readmePicture(page, `${who}/${screen.name}`);
        }
      }
      assert.deepEqual(tooWide, [], `wider than the screen, as ${who}`);
    });
  }

  // The widgets in another language, on a page that says so (`<html lang>`, and `dir="rtl"` for
  // Arabic, as a site in that language does): their own texts, the schema's labels and the values
  // (option labels, dates in the reader's format) change, and in Arabic they lay out from the right.
  // The demo site's own texts stay English.
  const LANGUAGES = [
    { lang: 'de', dir: 'ltr', search: 'Suchen', active: 'Aktiv', date: /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/ },
    {
      lang: 'ar',
      dir: 'rtl',
      search: 'بحث',
      active: 'Active',
      date: /^\d{1,2}\u200f\/\d{1,2}\u200f\/\d{4}، /,
    },
  ] as const;
  for (const { lang, dir, search, active, date } of LANGUAGES) {
    it(`alice in ${lang}: the list, its cells and a case speak it`, async () => {
      const { page } = await e2e.signIn('alice');
      await page.addInitScript(
        ([l, d]) => {
          document.addEventListener('DOMContentLoaded', () => {
            document.documentElement.lang = l;
            document.documentElement.dir = d;
          });
        },
        [lang, dir] as const,
      );
      const w = await watch(page);
      const tooWide: string[] = [];
      for (const size of WIDTHS) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto('/cases');
        await settled(page);
        const list = page.locator('portico-list');
        await list.getByRole('button', { name: search, exact: true }).waitFor();
        // The seeded cases are active; their status is the schema's label in this language (the
        // schema has no Arabic labels: English stands in), the last change in this language's format.
        if (size.name === 'desktop') {
          const row = list.locator('tbody tr').first();
          const cells = await row.locator('td').allTextContents();
          assert.ok(
            cells.map((c) => c.trim()).includes(active),
            `a status "${active}" in ${cells.join(' | ')}`,
          );
          assert.ok(
            cells.some((c) => date.test(c.trim())),
            `a date like ${date} in ${cells.join(' | ')}`,
          );
        }
        await checkPage(page, w, `screen-alice-cases-${lang}-${size.width}`);
        await page.goto(`/cases/${ids.aliceCase}`);
        await settled(page);
        await checkPage(page, w, `screen-alice-case-detail-${lang}-${size.width}`);
        for (const problem of await overflow(page)) tooWide.push(`${lang} at ${size.width}px: ${problem}`);
      }
      assert.deepEqual(tooWide, [], `wider than the screen, in ${lang}`);
    });
  }
});
