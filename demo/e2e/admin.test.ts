/**
 * End to end, for the site administrator Dana and the live configuration: an edit to a form file
 * shows up in a running form without a restart; an invalid edit is refused, the old configuration
 * keeps serving, and the admin page says why.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { checkPage, startE2E, watch, WAIT } from './harness.js';
import type { E2E } from './harness.js';

/** Reloads until `target` is present: the server picks up a file change after a short debounce. */
async function reloadUntil(page: Page, target: Locator, timeoutMs = WAIT): Promise<number> {
  const started = Date.now();
  for (;;) {
    await page.reload();
    try {
      await target.waitFor({ timeout: 3_000 });
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
    }
  }
}

describe('live configuration and the admin page', () => {
  let e2e: E2E;
  let profileFile: string;
  let original: string;
  before(async () => {
    e2e = await startE2E();
    profileFile = join(e2e.schemasDir, 'forms', 'contact-profile.json');
    original = readFileSync(profileFile, 'utf8');
  });
  after(async () => {
    await e2e?.close();
  });

  it('Dana sees the Portico status page with the loaded files and no refusal', async () => {
    const { page } = await e2e.signIn('dana');
    const w = await watch(page);
    // An administrator lands on the status page after sign-in.
    await page.waitForURL(/\/admin$/);
    await page.getByRole('heading', { name: 'Portico configuration' }).waitFor();
    assert.ok(await page.getByText('forms/contact-profile.json').isVisible());
    await page.getByText('No change has been refused since the last successful load.').waitFor();
    await checkPage(page, w, 'admin-dana');
    // Dana is not a Portico user: customer pages are not hers.
    w.expectStatus(403);
    const response = await page.goto('/cases');
    assert.equal(response?.status(), 403);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await checkPage(page, w, 'not-available-dana');
  });

  it('a field added to a form file appears in the running form; an invalid edit is refused and explained', async (t) => {
    const alice = await e2e.signIn('alice');
    const wa = await watch(alice.page);
    await alice.page.goto('/profile');
    await alice.page.getByLabel('Job Title').waitFor();
    const birthday = alice.page.getByLabel('Birthday');
    assert.equal(await birthday.count(), 0, 'not on the form before the edit');

    // Add "birthdate" to the first section, as an admin would in an editor.
    const form = JSON.parse(original) as { sections: Array<{ fields: Array<Record<string, unknown>> }> };
    form.sections[0]!.fields.push({ field: 'birthdate' });
    writeFileSync(profileFile, `${JSON.stringify(form, null, 2)}\n`);
    const took = await reloadUntil(alice.page, birthday);
    assert.ok(took < WAIT, `the new field appeared after ${took} ms`);
    t.diagnostic(`new field on screen ${took} ms after the file was saved (including page reloads)`);
    await checkPage(alice.page, wa, 'profile-alice-with-birthday');

    // An invalid edit: a field the entity does not have.
    form.sections[0]!.fields.push({ field: 'shoesize' });
    writeFileSync(profileFile, `${JSON.stringify(form, null, 2)}\n`);

    const dana = await e2e.signIn('dana');
    const wd = await watch(dana.page);
    const refused = dana.page.getByRole('region', { name: 'Last change refused' });
    await reloadUntil(dana.page, refused);
    const errors = await refused.getByRole('listitem').allInnerTexts();
    assert.ok(
      errors.some((e) => e.includes('contact-profile.json') && e.includes('shoesize')),
      `the refusal names the file and the bad field: ${errors.join(' | ')}`,
    );
    await checkPage(dana.page, wd, 'admin-dana-refused');

    // The last good configuration keeps serving: the form still has the birthday and works.
    await alice.page.reload();
    await birthday.waitFor();
    assert.equal(await alice.page.getByLabel('shoesize').count(), 0);
    await checkPage(alice.page, wa, 'profile-alice-after-refusal');

    // Putting the file back clears the refusal.
    writeFileSync(profileFile, original);
    await reloadUntil(dana.page, dana.page.getByText('No change has been refused'));
    await checkPage(dana.page, wd, 'admin-dana-recovered');
  });
});
