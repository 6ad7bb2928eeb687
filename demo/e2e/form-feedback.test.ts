/**
 * End to end, feedback where the eye is: on a long case form at desktop (1280 px) and phone (390 px)
 * widths, after save, resolve and assign pressed at the foot of the form, the outcome message is
 * inside the viewport. Also saves the form pages at both widths for a designer's look (case edit,
 * a resolved case, new case, contact profile) to `demo/e2e/screenshots/`, which git ignores.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';
import { modal, startE2E, waitForNotice } from './harness.js';
import type { E2E } from './harness.js';
import { casesOf } from './harness-upstream.js';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const WIDTHS = [1280, 390] as const;

/** Whether the form's outcome line is inside the viewport. */
async function noticeInView(page: Page): Promise<{ top: number; bottom: number; height: number }> {
  return page.locator('portico-form [part="notice"]').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight };
  });
}

async function assertInView(page: Page, what: string): Promise<void> {
  const at = await noticeInView(page);
  assert.ok(
    at.top >= 0 && at.bottom <= at.height,
    `${what}: outcome at ${at.top}-${at.bottom} of ${at.height}`,
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('form feedback where the eye is', () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await e2e?.close();
  });

  for (const width of WIDTHS) {
    it(`at ${width} px, save, assign and resolve at the foot of a case say how it went in view`, async () => {
      const { page } = await e2e.signIn('vera');
      await page.setViewportSize({ width, height: width > 500 ? 800 : 844 });
      const active = (await casesOf(e2e.stack, DEMO_IDS.accounts.fabrikam)).filter((c) => c.statecode === 0);
      const target = active[width > 500 ? 0 : 1]!;
      await page.goto(`/cases/${target.incidentid}`);
      const subject = page.getByLabel('Subject');
      await subject.waitFor();
      await shot(page, `case-edit-${width}`);

      await subject.fill(`${target.title} (checked ${width})`);
      const save = page.getByRole('button', { name: 'Save changes' });
      await save.scrollIntoViewIfNeeded();
      await save.click();
      await waitForNotice(page, 'Case saved.');
      await assertInView(page, 'save');

      await page.getByRole('button', { name: 'Assign' }).click();
      const assign = modal(page, 'Assign');
      const owner = assign.getByRole('combobox', { name: 'New owner' });
      await owner.pressSequentially('Escal');
      await assign.getByRole('option', { name: 'Escalations' }).click();
      await assign.getByRole('button', { name: 'Confirm' }).click();
      await waitForNotice(page, 'Assigned to Escalations.');
      await assertInView(page, 'assign');

      await page.getByRole('button', { name: 'Resolve case' }).click();
      const resolve = modal(page, 'Resolve case');
      await resolve.getByLabel('Resolution').fill('Checked on site.');
      await resolve.getByRole('button', { name: 'Resolve case' }).click();
      await waitForNotice(page, 'Case resolved.');
      await assertInView(page, 'resolve');

      // A resolved case is shown, not edited: its fields as text, the header's badge says so.
      await page.reload();
      await page.locator('portico-form [part="record-header"] [part="status"]').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 0);
      await shot(page, `case-view-resolved-${width}`);
    });

    it(`at ${width} px, the new case and profile forms are laid out for the width`, async () => {
      const { page } = await e2e.signIn('alice');
      await page.setViewportSize({ width, height: width > 500 ? 800 : 844 });
      await page.goto('/cases/new');
      await page.getByLabel('Subject').waitFor();
      await shot(page, `case-new-${width}`);
      await page.goto('/profile');
      await page.getByLabel('Job Title').waitFor();
      await shot(page, `contact-profile-${width}`);
      // Nothing sideways: the page is no wider than the viewport.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `the profile page is ${overflow} px wider than the viewport`);
    });
  }
});
