/**
 * End to end, the two ways input must survive: a reload in the middle of typing (the draft is
 * offered back), and two tabs editing one case (the later save meets a visible conflict, and
 * keeping one's changes re-applies them on top of the other tab's version).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';
import { assertValue, checkPage, startE2E, waitForNotice, watch } from './harness.js';
import type { E2E } from './harness.js';
import { caseById, casesOf } from './harness-upstream.js';

describe('input survives reloads and conflicts', () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => {
    await e2e?.close();
  });

  it('a reload in the middle of typing offers the draft back, and restoring it fills the fields', async () => {
    const { page } = await e2e.signIn('bob');
    const w = await watch(page);
    await page.goto('/cases/new');
    const subject = page.getByLabel('Subject');
    await subject.waitFor();
    await subject.pressSequentially('Label printer jams on every');
    await page.getByLabel('Details').pressSequentially('Since the firmware update');
    // No save: the page goes away while the user is still typing.
    await page.reload();

    const draft = page.locator('portico-form [part="draft"]');
    await draft.getByText('You have unsent input.').waitFor();
    await checkPage(page, w, 'case-new-draft-bob');
    await draft.getByRole('button', { name: 'Restore it' }).click();
    await assertValue(page.getByLabel('Subject'), 'Label printer jams on every');
    await assertValue(page.getByLabel('Details'), 'Since the firmware update');
    await draft.waitFor({ state: 'detached' });

    // Finishing the sentence and submitting works from the restored state.
    await page.getByLabel('Subject').press('End');
    await page.getByLabel('Subject').pressSequentially(' label');
    await page.getByRole('radio', { name: 'Problem' }).check();
    await page.getByRole('button', { name: 'Submit case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await caseById(e2e.stack, id);
    assert.equal(stored.title, 'Label printer jams on every label');
    assert.equal(stored.description, 'Since the firmware update');

    // Once saved, the draft is gone: a fresh new-case form offers nothing.
    await page.goto('/cases/new');
    await page.getByLabel('Subject').waitFor();
    assert.equal(await page.locator('portico-form [part="draft"]').count(), 0);
    await checkPage(page, w, 'case-new-after-submit-bob');
  });

  it('two tabs editing one case: the conflict is shown and the second tab keeps its input', async () => {
    const target = (await casesOf(e2e.stack, DEMO_IDS.contacts.alice)).find((c) => c.statecode === 0)!;
    assert.ok(target, 'Alice has an active case');
    const { context, page: first } = await e2e.signIn('alice');
    const second = await context.newPage();
    const w1 = await watch(first);
    const w2 = await watch(second);
    w2.expectStatus(412); // the browser logs the refused save; the widget shows it

    for (const p of [first, second]) {
      await p.goto(`/cases/${target.incidentid}`);
      await assertValue(p.getByLabel('Subject'), target.title);
    }

    // Tab 1 saves first.
    await first.getByLabel('Subject').fill('Changed in the first tab');
    await first.getByRole('button', { name: 'Save changes' }).click();
    await waitForNotice(first, 'Case saved.');
    await checkPage(first, w1, 'case-conflict-first-tab-alice');

    // Tab 2 still has the old version; its save meets a conflict.
    await second.getByLabel('Subject').fill('Typed in the second tab');
    await second.getByRole('button', { name: 'Save changes' }).click();
    const conflict = second.locator('portico-form [part="conflict"]');
    await conflict.getByText('Someone else changed this record meanwhile:').waitFor();
    assert.match(await conflict.innerText(), /Subject: Changed in the first tab/);
    await assertValue(second.getByLabel('Subject'), 'Typed in the second tab');
    await checkPage(second, w2, 'case-conflict-alice');

    await conflict.getByRole('button', { name: 'Keep my changes' }).click();
    await waitForNotice(second, 'Case saved.');
    await conflict.waitFor({ state: 'detached' });
    assert.equal((await caseById(e2e.stack, target.incidentid)).title, 'Typed in the second tab');
    await assertValue(second.getByLabel('Subject'), 'Typed in the second tab');
    await checkPage(second, w2, 'case-conflict-resolved-alice');
  });
});
