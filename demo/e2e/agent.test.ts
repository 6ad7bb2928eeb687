/**
 * End to end, as Vera, the vendor agent serving Fabrikam: the account's cases (find, assign to a
 * team with the type-ahead, resolve with a resolution text) and the account's contacts (create,
 * edit, delete).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';
import {
  GUID,
  assertValue,
  checkPage,
  modal,
  saveNewContact,
  startE2E,
  waitForNotice,
  watch,
} from './harness.js';
import type { E2E, Watch } from './harness.js';
import { accountCasesByRule, caseById, casesOf, contactById } from './harness-upstream.js';

describe('vendor agent journeys', () => {
  let e2e: E2E;
  let page: Page;
  let w: Watch;
  before(async () => {
    e2e = await startE2E();
    ({ page } = await e2e.signIn('vera'));
    w = await watch(page);
  });
  after(async () => {
    await e2e?.close();
  });

  /** Finds a case in the account list by its number and opens it (search, then click the row). */
  async function openCase(ticket: string): Promise<void> {
    await page.goto('/account/cases');
    const list = page.locator('portico-list');
    await list.getByRole('row').nth(1).waitFor();
    await list.getByRole('searchbox', { name: 'Search' }).fill(ticket);
    await list.getByRole('button', { name: 'Search', exact: true }).click();
    const row = list.getByRole('row').filter({ hasText: ticket });
    await list.getByRole('row').nth(2).waitFor({ state: 'detached' });
    await row.click();
    await page.waitForURL(new RegExp(`/cases/${GUID}$`));
    await page.getByLabel('Subject').waitFor();
  }

  it('lists the account cases and nothing else', async () => {
    await page.goto('/');
    await page.getByText('Signed in as').waitFor();
    await checkPage(page, w, 'home-vera');
    await page.goto('/account/cases');
    const rows = page.locator('portico-list').getByRole('row');
    await rows.nth(1).waitFor();
    const texts = (await rows.allInnerTexts()).slice(1);
    // Ground truth from the emulator, by the rule: the customer is Fabrikam, or a contact of Fabrikam.
    const account = await accountCasesByRule(e2e.stack, DEMO_IDS.accounts.fabrikam);
    const ofAccount = await casesOf(e2e.stack, DEMO_IDS.accounts.fabrikam);
    assert.ok(account.length > ofAccount.length, "the rule includes the cases of Fabrikam's people");
    assert.equal(texts.length, Math.min(25, account.length), 'a full first page (page size 25)');
    for (const t of texts) {
      assert.ok(
        account.some((c) => t.includes(c.ticketnumber)),
        `every row is a case of Fabrikam or of a Fabrikam contact: ${t}`,
      );
    }
    // The whole set, beyond the first page: every case of the rule is found by its number, and a
    // Northwind case is not.
    const list = page.locator('portico-list');
    const northwind = (await casesOf(e2e.stack, DEMO_IDS.accounts.northwind))[0]!;
    const aliceCase = account.find((c) => c._customerid_value === DEMO_IDS.contacts.alice)!;
    for (const [ticket, found] of [
      [aliceCase.ticketnumber, true],
      [northwind.ticketnumber, false],
    ] as const) {
      await list.getByRole('searchbox', { name: 'Search' }).fill(ticket);
      await list.getByRole('button', { name: 'Search', exact: true }).click();
      const row = list.getByRole('row').filter({ hasText: ticket });
      if (found) await row.waitFor();
      else {
        await list.getByText('No records found.').waitFor();
        assert.equal(await row.count(), 0, `no Northwind case ${ticket}`);
      }
    }
    await page.goto('/account/cases');
    await rows.nth(1).waitFor();
    await checkPage(page, w, 'account-cases-vera');
    await page.goto('/profile');
    await page.getByLabel('Job Title').waitFor();
    await checkPage(page, w, 'profile-vera');
  });

  it('assigns a case to a team with the type-ahead', async () => {
    const active = (await casesOf(e2e.stack, DEMO_IDS.accounts.fabrikam)).filter((c) => c.statecode === 0);
    const target = active.find((c) => c._ownerid_value !== DEMO_IDS.teams.escalations)!;
    assert.ok(target, 'an active Fabrikam case that is not with Escalations');
    await openCase(target.ticketnumber);
    await checkPage(page, w, 'case-detail-vera');

    await page.getByRole('button', { name: 'Assign' }).click();
    const dialog = modal(page, 'Assign');
    await dialog.getByText('Type part of a team or person’s name, then choose one.').waitFor();
    const owner = dialog.getByRole('combobox', { name: 'New owner' });
    await owner.waitFor();
    await owner.pressSequentially('Escal');
    const option = dialog.getByRole('option', { name: 'Escalations' });
    await option.waitFor();
    await checkPage(page, w, 'case-assign-dialog-vera');
    await option.click();
    await assertValue(owner, 'Escalations');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await waitForNotice(page, /^Assigned to Escalations\.$/);
    assert.equal((await caseById(e2e.stack, target.incidentid))._ownerid_value, DEMO_IDS.teams.escalations);
    // The record header shows the new owner.
    await page.locator('portico-form [part="owner"]').filter({ hasText: 'Owner: Escalations' }).waitFor();
  });

  it('resolves a case with a resolution text', async () => {
    const active = (await casesOf(e2e.stack, DEMO_IDS.accounts.fabrikam)).filter((c) => c.statecode === 0);
    const target = active.at(-1)!;
    await openCase(target.ticketnumber);
    await page.getByRole('button', { name: 'Resolve case' }).click();
    const dialog = modal(page, 'Resolve case');
    await dialog.getByText('Mark this case as resolved?').waitFor();
    // The resolution is required: confirming without one keeps the dialog open.
    await dialog.getByRole('button', { name: 'Resolve case' }).click();
    await dialog.getByText('This field is required.').waitFor();
    await dialog.getByLabel('Resolution').fill('Replaced the sensor; the line runs again.');
    await checkPage(page, w, 'case-resolve-dialog-vera');
    await dialog.getByRole('button', { name: 'Resolve case' }).click();
    await waitForNotice(page, /^Case resolved\.$/);
    assert.equal((await caseById(e2e.stack, target.incidentid)).statecode, 1, 'statecode 1 = Resolved');
    await checkPage(page, w, 'case-resolved-vera');
  });

  it("opens a case for one of the account's contacts with the customer picker", async () => {
    await page.goto('/cases/new');
    const customer = page.getByRole('combobox', { name: 'Customer' });
    await customer.waitFor();
    // Another account's people are not offered, whatever is typed.
    await customer.pressSequentially('Bob');
    await page.getByRole('option', { name: 'No matches' }).waitFor();
    await customer.fill('');
    await customer.pressSequentially('Alice');
    const option = page.getByRole('option', { name: 'Alice Brooks' });
    await option.waitFor();
    await checkPage(page, w, 'case-new-customer-picker-vera');
    await option.click();
    await assertValue(customer, 'Alice Brooks');
    const title = `For Alice ${Date.now()}`;
    await page.getByLabel('Subject').fill(title);
    await page.getByRole('button', { name: 'Submit case' }).click();
    await page.waitForURL(new RegExp(`/cases/${GUID}$`));
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await caseById(e2e.stack, id);
    assert.equal(stored.title, title);
    assert.equal(stored._customerid_value, DEMO_IDS.contacts.alice, "the case is Alice's");
  });

  it('creates, edits and deletes a contact of the account', async () => {
    await page.goto('/account/contacts');
    const list = page.locator('portico-list');
    await list.getByRole('row').nth(1).waitFor();
    await checkPage(page, w, 'account-contacts-vera');

    // The list's own "New contact" (create-href): the page has no button of its own.
    await list.getByRole('link', { name: 'New contact' }).click();
    await page.waitForURL(/\/account\/contacts\/new$/);
    await page.getByLabel('First Name').waitFor();
    await checkPage(page, w, 'contact-new-vera');
    const last = `Okafor${Date.now()}`;
    const id = await saveNewContact(page, 'Ngozi', last);
    await assertValue(page.getByLabel('Last Name'), last);
    assert.equal((await contactById(e2e.stack, id)).lastname, last);
    await checkPage(page, w, 'contact-detail-vera');

    await page.getByLabel('Job Title').fill('Maintenance lead');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await waitForNotice(page, 'Contact saved.');
    assert.equal((await contactById(e2e.stack, id)).jobtitle, 'Maintenance lead');

    // The new contact is in the account's list.
    await page.goto('/account/contacts');
    await list.getByRole('searchbox', { name: 'Search' }).fill(last);
    await list.getByRole('button', { name: 'Search', exact: true }).click();
    await list.getByRole('row').filter({ hasText: last }).click();
    await page.waitForURL(`**/account/contacts/${id}`);

    await page.getByRole('button', { name: 'Delete contact' }).click();
    const dialog = modal(page, 'Delete contact');
    await dialog.getByText('Delete this contact? This cannot be undone.').waitFor();
    await dialog.getByRole('button', { name: 'Delete contact' }).click();
    await page.waitForURL(/\/account\/contacts$/);
    await assert.rejects(contactById(e2e.stack, id), /404/, 'the contact is gone upstream');
    await list.getByRole('row').nth(1).waitFor();
    assert.equal(await list.getByRole('row').filter({ hasText: last }).count(), 0);
    await checkPage(page, w, 'account-contacts-after-delete-vera');
  });
});
