/**
 * End to end, the demo's lists on their own: every row action each role has completes from the
 * list (Alice: cancel and reopen her cases; Vera: resolve, reopen, assign, cancel and delete the
 * account's cases, delete and, when offered, assign its contacts), with the page needing no script
 * of its own; and every list page at 390 px shows cards without sideways scrolling. Screenshots of
 * each list at 1280 and 390 px (table or cards, an open menu, an open dialog) go to
 * demo/e2e/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';
import { ROOT, checkPage, modal, saveNewContact, startE2E, watch } from './harness.js';
import type { DemoUserKey, E2E } from './harness.js';
import { caseById, casesOf, contactById } from './harness-upstream.js';

const SHOTS = join(ROOT, 'demo', 'e2e', 'screenshots');
const PHONE = { width: 390, height: 844 };

/** A screenshot of the viewport as a person sees it, and of the whole page beside it. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await page.screenshot({ path: join(SHOTS, `${name}-full.png`), fullPage: true });
}

/** The list on `path`, once its first row is in. */
async function openList(page: Page, path: string): Promise<Locator> {
  await page.goto(path);
  const list = page.locator('portico-list');
  await list.locator('[part=row], [part=empty]').first().waitFor({ state: 'attached' });
  return list;
}

/** Narrows the list to the rows that match `text` (a case number, a name). */
async function find(list: Locator, text: string): Promise<Locator> {
  await list.getByRole('searchbox', { name: 'Search' }).fill(text);
  await list.getByRole('button', { name: 'Search', exact: true }).click();
  const row = list.getByRole('row').filter({ hasText: text });
  await row.waitFor();
  await list.getByRole('row').nth(2).waitFor({ state: 'detached' });
  return row;
}

/** Whether `row` offers `label`, as its button or in its "More" menu. */
async function offers(row: Locator, label: string): Promise<boolean> {
  const exactly = new RegExp(`^\\s*${label}\\s*$`);
  return (await row.locator('[part=row-action], [part=menu-item]').filter({ hasText: exactly }).count()) > 0;
}

/** Starts `label` on `row`: its button, or the item of its "More" menu. */
async function start(row: Locator, label: string): Promise<void> {
  const direct = row.locator('[part=row-action]').filter({ hasText: label });
  if (await direct.count()) return direct.click();
  await row.getByRole('button', { name: 'More' }).click();
  await row.getByRole('menuitem', { name: label, exact: true }).click();
}

/** Confirms the open dialog `title` with its button `confirm`, then waits for `outcome` beside the row. */
async function confirmIn(
  page: Page,
  row: Locator,
  title: string,
  confirmLabel: string,
  outcome: string,
): Promise<void> {
  const dialog = modal(page, title);
  await dialog.getByRole('button', { name: confirmLabel, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await row.locator('[part=outcome]').filter({ hasText: outcome }).waitFor();
}

/** Picks `team` in the open assign dialog and confirms. */
async function assignTo(page: Page, team: string): Promise<void> {
  const dialog = modal(page, 'Assign');
  const owner = dialog.getByRole('combobox', { name: 'New owner' });
  await owner.pressSequentially(team.slice(0, 5));
  await dialog.getByRole('option', { name: team }).click();
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('list row actions, end to end', () => {
  let e2e: E2E;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    e2e = await startE2E();
  });
  after(async () => {
    await e2e?.close();
  });

  it('Alice cancels and reopens her case from "My cases"', async () => {
    const { page } = await e2e.signIn('alice');
    const w = await watch(page);
    const active = (await casesOf(e2e.stack, DEMO_IDS.contacts.alice)).find((c) => c.statecode === 0);
    assert.ok(active, 'Alice has an active case');
    const list = await openList(page, '/cases');
    await shot(page, 'my-cases-1280');
    const row = await find(list, active.ticketnumber);
    // An active case offers cancel, not reopen.
    assert.equal(await offers(row, 'Reopen case'), false);

    await start(row, 'Cancel case');
    const dialog = modal(page, 'Cancel case');
    await dialog.getByText('Cancel this case? You can reopen it later.').waitFor();
    await dialog.getByRole('button', { name: 'Keep case' }).waitFor();
    await shot(page, 'my-cases-1280-cancel-dialog');
    await confirmIn(page, row, 'Cancel case', 'Cancel case', 'Case cancelled.');
    assert.equal((await caseById(e2e.stack, active.incidentid)).statecode, 2, 'statecode 2 = Cancelled');
    await list.getByRole('status').filter({ hasText: 'Case cancelled.' }).waitFor({ state: 'attached' });

    // The row was read again: a cancelled case offers reopen.
    await start(row, 'Reopen case');
    await confirmIn(page, row, 'Reopen case', 'Reopen case', 'Case reopened.');
    assert.equal((await caseById(e2e.stack, active.incidentid)).statecode, 0);
    await checkPage(page, w, 'my-cases-after-actions-alice');

    // A row is a real link to the case's page.
    const link = row.locator('a[part=link]');
    assert.equal(await link.getAttribute('href'), `/cases/${active.incidentid}`);
    await link.click();
    await page.waitForURL(`**/cases/${active.incidentid}`);
  });

  it('Vera resolves, reopens, assigns, cancels and deletes account cases from the list', async () => {
    const { page } = await e2e.signIn('vera');
    const w = await watch(page);
    const cases = (await casesOf(e2e.stack, DEMO_IDS.accounts.fabrikam)).filter(
      (c) => c.statecode === 0 && c._customerid_value === DEMO_IDS.accounts.fabrikam,
    );
    const [first, second] = cases;
    assert.ok(first && second, 'two active cases of the Fabrikam account itself');
    const list = await openList(page, '/account/cases');
    await shot(page, 'account-cases-1280');
    let row = await find(list, first.ticketnumber);

    await row.getByRole('button', { name: 'More' }).click();
    await row.getByRole('menu').waitFor();
    await shot(page, 'account-cases-1280-menu');
    await page.keyboard.press('Escape');
    await row.getByRole('menu').waitFor({ state: 'hidden' });

    await start(row, 'Resolve case');
    const resolve = modal(page, 'Resolve case');
    await resolve.getByLabel('Resolution').fill('Recalibrated the sensor on site.');
    await shot(page, 'account-cases-1280-resolve-dialog');
    await confirmIn(page, row, 'Resolve case', 'Resolve case', 'Case resolved.');
    assert.equal((await caseById(e2e.stack, first.incidentid)).statecode, 1, 'statecode 1 = Resolved');
    // A resolved case is not offered what it cannot do.
    assert.equal(await offers(row, 'Assign'), false);

    await start(row, 'Reopen case');
    await confirmIn(page, row, 'Reopen case', 'Reopen case', 'Case reopened.');
    assert.equal((await caseById(e2e.stack, first.incidentid)).statecode, 0);

    await start(row, 'Assign');
    await assignTo(page, 'Escalations');
    await row.locator('[part=outcome]').filter({ hasText: 'Assigned to Escalations.' }).waitFor();
    assert.equal((await caseById(e2e.stack, first.incidentid))._ownerid_value, DEMO_IDS.teams.escalations);

    await start(row, 'Cancel case');
    await confirmIn(page, row, 'Cancel case', 'Cancel case', 'Case cancelled.');
    assert.equal((await caseById(e2e.stack, first.incidentid)).statecode, 2);
    await checkPage(page, w, 'account-cases-after-actions-vera');

    row = await find(list, second.ticketnumber);
    await start(row, 'Delete case');
    const del = modal(page, 'Delete case');
    await del.getByRole('button', { name: 'Keep case' }).waitFor();
    await del.getByRole('button', { name: 'Delete case' }).click();
    await row.waitFor({ state: 'detached' });
    await list.locator('[part=status]').filter({ hasText: 'Case deleted.' }).waitFor();
    await assert.rejects(caseById(e2e.stack, second.incidentid), /404/, 'the case is gone upstream');
  });

  it('Vera deletes a contact (and assigns one when the list offers it) from the account contacts', async () => {
    const { page } = await e2e.signIn('vera');
    // A contact of her own making: a seeded one may be the customer of cases, which Dataverse keeps.
    await page.goto('/account/contacts/new');
    const last = `Lindgren${Date.now()}`;
    const id = await saveNewContact(page, 'Maja', last);

    const list = await openList(page, '/account/contacts');
    await shot(page, 'account-contacts-1280');
    const row = await find(list, last);
    assert.equal(await row.locator('a[part=link]').getAttribute('href'), `/account/contacts/${id}`);

    if (await offers(row, 'Assign')) {
      await start(row, 'Assign');
      await assignTo(page, 'Escalations');
      await row.locator('[part=outcome]').filter({ hasText: 'Assigned to Escalations.' }).waitFor();
    }

    await start(row, 'Delete contact');
    const dialog = modal(page, 'Delete contact');
    await dialog.getByText('Delete this contact? This cannot be undone.').waitFor();
    await dialog.getByRole('button', { name: 'Keep contact' }).waitFor();
    await shot(page, 'account-contacts-1280-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete contact' }).click();
    await row.waitFor({ state: 'detached' });
    await list.locator('[part=status]').filter({ hasText: 'Contact deleted.' }).waitFor();
    await assert.rejects(contactById(e2e.stack, id), /404/, 'the contact is gone upstream');
  });

  it('a refusal is shown beside the row in the words of the server', async () => {
    const { page } = await e2e.signIn('vera');
    const list = await openList(page, '/account/contacts');
    // Ava Costa is the customer of account cases: Dataverse refuses to delete her.
    const row = await find(list, 'Ava Costa');
    await start(row, 'Delete contact');
    await modal(page, 'Delete contact').getByRole('button', { name: 'Delete contact' }).click();
    const outcome = row.locator('[part=outcome]');
    await outcome.waitFor();
    assert.match(await outcome.innerText(), /could not be changed.*Nothing was changed/);
    assert.equal(await row.count(), 1, 'the row is still there');
  });

  const LISTS: Array<[DemoUserKey, string, string]> = [
    ['alice', '/cases', 'my-cases'],
    ['vera', '/account/cases', 'account-cases'],
    ['vera', '/account/contacts', 'account-contacts'],
  ];
  for (const [user, path, name] of LISTS) {
    it(`${name} at 390 px: cards, a menu and a dialog, and no sideways scrolling`, async () => {
      const { page } = await e2e.signIn(user);
      const w = await watch(page);
      await page.setViewportSize(PHONE);
      const list = await openList(page, path);
      const card = list.locator('[part=card]').first();
      await card.waitFor();
      assert.equal(await list.locator('table').isVisible(), false, 'cards instead of the table');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow} px at 390 px`);
      await checkPage(page, w, `${name}-390-${user}`);
      await shot(page, `${name}-390`);

      const more = card.locator('[part=more]');
      if (await more.count()) {
        await more.click();
        await card.getByRole('menu').waitFor();
        await shot(page, `${name}-390-menu`);
        await page.keyboard.press('Escape');
      }
      // The first action on the card opens its dialog; Escape leaves everything as it was.
      const button = card.locator('[part=row-action]');
      if (await button.count()) await button.first().click();
      else {
        await more.click();
        await card.getByRole('menuitem').first().click();
      }
      await page.locator('portico-dialog dialog[open]').first().waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(wide <= 0, `the dialog makes ${path} scroll sideways by ${wide} px`);
      await shot(page, `${name}-390-dialog`);
      await page.keyboard.press('Escape');
      await page.locator('portico-dialog dialog[open]').first().waitFor({ state: 'detached' });
    });
  }
});
