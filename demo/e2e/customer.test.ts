/**
 * End to end, as the customers Alice (Fabrikam) and Bob (Northwind): sign-in, profile, the life of
 * a case (create, edit, cancel), and that a customer sees only their own cases — in the list and
 * when typing another customer's case URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';
import { GUID, assertValue, checkPage, modal, startE2E, waitForNotice, watch } from './harness.js';
import type { E2E } from './harness.js';
import { caseById, casesOf, contactById } from './harness-upstream.js';

describe('customer journeys', () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => {
    await e2e?.close();
  });

  it('anonymous visitors see the home and sign-in pages, and protected pages send them to sign in', async () => {
    const { page } = await e2e.signIn(undefined);
    const w = await watch(page);
    await page.goto('/');
    await page.getByRole('heading', { name: 'How can we help?' }).waitFor();
    await checkPage(page, w, 'home-anonymous');
    await page.goto('/cases');
    await page.waitForURL(/\/signin\?next=%2Fcases$/);
    await page.getByRole('group', { name: 'Demo users' }).waitFor();
    await checkPage(page, w, 'signin-anonymous');
    w.expectStatus(404);
    const missing = await page.goto('/no-such-page');
    assert.equal(missing?.status(), 404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await checkPage(page, w, 'not-found-anonymous');
  });

  it('Alice edits her profile and the value persists after a reload', async () => {
    const { page } = await e2e.signIn('alice');
    const w = await watch(page);
    await page.goto('/');
    await page.getByText('Signed in as').waitFor();
    await checkPage(page, w, 'home-alice');

    await page.goto('/profile');
    const job = page.getByLabel('Job Title');
    await job.waitFor();
    await checkPage(page, w, 'profile-alice');
    const title = `Plant manager ${Date.now()}`;
    await job.fill(title);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await waitForNotice(page, 'Your profile is saved.');
    assert.equal((await contactById(e2e.stack, DEMO_IDS.contacts.alice)).jobtitle, title);

    await page.reload();
    await page.getByLabel('Job Title').waitFor();
    await assertValue(page.getByLabel('Job Title'), title);
    await checkPage(page, w, 'profile-alice-saved');

    // The three themes change only custom properties; each must still pass axe (contrast).
    for (const theme of ['Midnight', 'Meadow', 'Contoso']) {
      await page.getByRole('radio', { name: theme }).check();
      await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme.toLowerCase());
      await checkPage(page, w, `profile-alice-theme-${theme.toLowerCase()}`);
    }
  });

  it('Alice creates a case, edits it and cancels it after confirming', async () => {
    const { page } = await e2e.signIn('alice');
    const w = await watch(page);
    await page.goto('/cases/new');
    const subject = page.getByLabel('Subject');
    await subject.waitFor();
    await checkPage(page, w, 'case-new-alice');

    const title = `Conveyor stops at night ${Date.now()}`;
    await subject.fill(title);
    await page.getByRole('radio', { name: 'Question' }).check();
    await page.getByRole('button', { name: 'Submit case' }).click();
    await page.waitForURL(new RegExp(`/cases/${GUID}$`));
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await assertValue(page.getByLabel('Subject'), title);
    const stored = await caseById(e2e.stack, id);
    assert.equal(stored.title, title);
    assert.equal(stored._customerid_value, DEMO_IDS.contacts.alice, 'the server stamps the customer');
    await checkPage(page, w, 'case-detail-alice');

    // Edit.
    const edited = `${title} (edited)`;
    await page.getByLabel('Subject').fill(edited);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForNotice(page, 'Case saved.');
    assert.equal((await caseById(e2e.stack, id)).title, edited);
    await page.reload();
    await assertValue(page.getByLabel('Subject'), edited);

    // Cancel, through the confirmation dialog.
    await page.getByRole('button', { name: 'Cancel case' }).click();
    const dialog = modal(page, 'Cancel case');
    await dialog.getByText('Cancel this case? You can reopen it later.').waitFor();
    await checkPage(page, w, 'case-cancel-dialog-alice');
    await dialog.getByRole('button', { name: 'Cancel case' }).click();
    await waitForNotice(page, /^Case cancelled\.$/);
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await caseById(e2e.stack, id)).statecode, 2, 'statecode 2 = Cancelled');
    await checkPage(page, w, 'case-cancelled-alice');
  });

  it('each customer lists only their own cases, and another customer’s case URL is not found', async () => {
    const alice = await e2e.signIn('alice');
    const w = await watch(alice.page);
    await alice.page.goto('/cases');
    const rows = alice.page.locator('portico-list').getByRole('row');
    await rows.nth(1).waitFor();
    await checkPage(alice.page, w, 'cases-alice');
    // Everything Alice's list shows is hers, and it shows all of hers (they fit on one page).
    const mine = await casesOf(e2e.stack, DEMO_IDS.contacts.alice);
    const shown = await rows.allInnerTexts();
    assert.equal(shown.length - 1, mine.length, 'one header row plus one row per own case');
    for (const c of mine)
      assert.ok(
        shown.some((r) => r.includes(c.ticketnumber)),
        c.ticketnumber,
      );

    const bob = await e2e.signIn('bob');
    const wb = await watch(bob.page);
    await bob.page.goto('/cases');
    const bobRows = bob.page.locator('portico-list').getByRole('row');
    await bobRows.nth(1).waitFor();
    await checkPage(bob.page, wb, 'cases-bob');
    const bobs = await casesOf(e2e.stack, DEMO_IDS.contacts.bob);
    const bobShown = await bobRows.allInnerTexts();
    assert.equal(bobShown.length - 1, bobs.length);
    for (const c of mine) assert.ok(!bobShown.some((r) => r.includes(c.ticketnumber)), 'no case of Alice');

    // Bob opens his first case from the list (click on the row).
    await bobRows.nth(1).click();
    await bob.page.waitForURL(new RegExp(`/cases/${GUID}$`));
    // Open or closed (a closed case shows its fields as text), the record header names it.
    await bob.page.locator('portico-form [part="record-name"]').waitFor();
    await checkPage(bob.page, wb, 'case-detail-bob');
    await bob.page.goto('/profile');
    await bob.page.getByLabel('Job Title').waitFor();
    await checkPage(bob.page, wb, 'profile-bob');

    // Alice types the URL of one of Bob's cases: not found, and nothing of it on the page.
    const target = bobs[0]!;
    w.expectStatus(404);
    await alice.page.goto(`/cases/${target.incidentid}`);
    const problem = alice.page.locator('portico-form [part="problem"]');
    await problem.getByText(/no record with this id is visible to you/i).waitFor();
    // A way back, not a retry that cannot help.
    await problem.getByRole('button', { name: 'Go back' }).waitFor();
    assert.equal(await problem.getByRole('button', { name: 'Try again' }).count(), 0);
    assert.equal(await alice.page.getByLabel('Subject').count(), 0, 'no form is shown');
    assert.ok(!(await alice.page.content()).includes(target.title));
    await checkPage(alice.page, w, 'case-notfound-alice');
  });

  it('a second visit to the new-case page shows the held form and confirms it with a 304; after Bob signs in, the tab holds nothing of Alice’s', async () => {
    const { page } = await e2e.signIn('alice');
    const answers: Array<{ tag: string | null; status: number }> = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname === '/api/v1/forms/case-create')
        answers.push({ tag: res.request().headers()['if-none-match'] ?? null, status: res.status() });
    });
    await page.goto('/cases/new');
    await page.getByLabel('Subject').waitFor();
    await page.goto('/cases');
    await page.goto('/cases/new');
    await page.getByLabel('Subject').waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(answers.length, 2, JSON.stringify(answers));
    assert.deepEqual(answers[0], { tag: null, status: 200 });
    assert.match(answers[1]!.tag ?? '', /^"[\w-]{27}"$/);
    assert.equal(answers[1]!.status, 304, 'the held definition is current');

    // Alice signs out and Bob signs in, in the same tab: what the tab holds is Alice's, so Bob's
    // first visit asks without a tag, and afterwards the tab holds Bob's copy only.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto('/signin');
    await page.getByRole('radio', { name: /Bob/ }).check();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname !== '/signin');
    await page.goto('/cases/new');
    await page.getByLabel('Subject').waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(answers.length, 3, JSON.stringify(answers));
    assert.deepEqual(answers[2], { tag: null, status: 200 });
    const held = await page.evaluate(() => sessionStorage.getItem('portico:defs') ?? '');
    assert.match(held, /bob/i);
    assert.doesNotMatch(held, /alice/i);
  });
});
