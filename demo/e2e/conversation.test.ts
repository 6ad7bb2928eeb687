/**
 * End to end, the case conversation: Alice adds a note with a PNG to her case, staff see it in
 * Dynamics (read straight from the emulator) and reply there, published with the portal marker
 * beside an internal note; Alice sees the reply, never the internal note, and downloads her file
 * again. Vera, the vendor agent, sees the conversation of an account case. Screenshots of the case
 * page with its timeline at desktop and phone widths go to demo/e2e/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';
import { checkPage, startE2E, watch } from './harness.js';
import type { E2E } from './harness.js';
import { addStaffNote, caseOfNote, notesOf } from './harness-upstream.js';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** A 1×1 PNG, made for this test: real image content, so the server's content check passes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The text of each note the timeline shows, newest first. */
const shownNotes = (page: Page): Promise<string[]> =>
  page.locator('portico-timeline [part~="text"]').allInnerTexts();

/** Full-page screenshots of the case page at the desktop and the phone width. */
async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.locator('portico-timeline [part~="title"]').waitFor();
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    await page.locator('portico-timeline').screenshot({ path: join(SHOTS, `${name}-${width}-timeline.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('case conversation', () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => {
    await e2e?.close();
  });

  it('Alice adds a note with a PNG; staff see it and reply; Alice sees the reply and never an internal note', async () => {
    const caseId = await caseOfNote(e2e.stack, DEMO_IDS.notes.aliceReply);
    const { page } = await e2e.signIn('alice');
    const w = await watch(page);
    await page.goto(`/cases/${caseId}`);
    const timeline = page.locator('portico-timeline');
    await timeline.getByText('We can see the fault in your photo').waitFor();
    // The seeded internal note of this case is in Dynamics, never on the page.
    const internal = (await notesOf(e2e.stack, caseId)).find(
      (n) => n.annotationid === DEMO_IDS.notes.aliceInternal,
    );
    assert.ok(internal?.notetext, 'the seed has an internal note on this case');
    assert.ok(!(await page.content()).includes(internal.notetext.slice(0, 30)));
    await checkPage(page, w, 'case-conversation-alice');

    // Alice writes, attaches a screenshot and sends.
    const text = `The display shows E42 again (${Date.now()}).`;
    await timeline.getByRole('textbox', { name: 'Add a note' }).fill(text);
    await timeline.locator('#files').setInputFiles({ name: 'e42.png', mimeType: 'image/png', buffer: PNG });
    await timeline.getByRole('list', { name: 'Files to send' }).getByText('e42.png').waitFor();
    mkdirSync(SHOTS, { recursive: true });
    await timeline
      .locator('[part~="compose"]')
      .screenshot({ path: join(SHOTS, 'case-conversation-compose.png') });
    await timeline.getByRole('button', { name: 'Add note' }).click();
    await timeline.getByRole('status').filter({ hasText: 'Note added.' }).waitFor();
    assert.equal((await shownNotes(page))[0], text);
    assert.equal(await timeline.locator('article').first().locator('[part~="author"]').innerText(), 'You');
    assert.equal(
      await timeline.getByRole('textbox', { name: 'Add a note' }).inputValue(),
      '',
      'the box is empty again',
    );

    // What staff see in Dynamics: one published note on the case, with the file as sent.
    const stored = (await notesOf(e2e.stack, caseId)).filter((n) => n.notetext?.includes(text));
    assert.equal(stored.length, 1, 'one annotation for one file, carrying the text');
    const mine = stored[0]!;
    assert.ok(mine.notetext!.startsWith('*WEB*'), 'published with the portal marker');
    assert.equal(mine.filename, 'e42.png');
    assert.equal(mine.mimetype, 'image/png');
    assert.deepEqual(Buffer.from(mine.documentbody ?? '', 'base64'), PNG, 'the file as Alice sent it');
    assert.match(mine.subject ?? '', /Alice Brooks/);

    // Staff answer in Dynamics: one reply for the portal, one note for themselves. Dataverse keeps
    // `createdon` to the second, so the reply waits for the next one to be the newest.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const reply = `A replacement display is on its way (${Date.now()}).`;
    const note = `Replacement approved by QA; bill the warranty (${Date.now()}).`;
    await addStaffNote(e2e.stack, caseId, 'Replacement', `*WEB* ${reply}`);
    await addStaffNote(e2e.stack, caseId, 'Internal', note);

    await page.reload();
    await timeline.getByText(reply).waitFor();
    const shown = await shownNotes(page);
    assert.equal(shown[0], reply, 'the reply is the newest note');
    assert.equal(shown[1], text);
    assert.ok(!shown.some((t) => t.includes('Replacement approved')), 'the internal note is not shown');
    assert.ok(!(await page.content()).includes('bill the warranty'));
    const newest = timeline.locator('article').first();
    assert.equal(await newest.locator('[part~="author"]').innerText(), 'Contoso Support');
    assert.equal(await newest.locator('[part~="badge"]').innerText(), 'Staff');
    await checkPage(page, w, 'case-conversation-reply-alice');

    // Her file comes back as she sent it, fetched with her token.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      timeline.getByRole('link', { name: 'e42.png' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'e42.png');
    assert.deepEqual(readFileSync((await download.path())!), PNG);

    await shoot(page, 'case-conversation-alice');

    // The dark theme changes only custom properties; the timeline must still pass axe (contrast).
    await page.getByRole('radio', { name: 'Midnight' }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'midnight');
    await checkPage(page, w, 'case-conversation-alice-midnight');
    await page.getByRole('radio', { name: 'Contoso' }).check();
  });

  it('Vera sees the published conversation of an account case, not its internal note', async () => {
    const caseId = await caseOfNote(e2e.stack, DEMO_IDS.notes.fabrikamReply);
    const upstream = await notesOf(e2e.stack, caseId);
    const published = upstream.find((n) => n.annotationid === DEMO_IDS.notes.fabrikamReply)!;
    const internal = upstream.find((n) => n.annotationid === DEMO_IDS.notes.fabrikamInternal)!;
    const { page } = await e2e.signIn('vera');
    const w = await watch(page);
    await page.goto(`/cases/${caseId}`);
    const timeline = page.locator('portico-timeline');
    await timeline.getByText(published.notetext!.replace('*WEB*', '').trim().slice(0, 40)).waitFor();
    assert.ok(!(await page.content()).includes(internal.notetext!.slice(0, 30)));
    await checkPage(page, w, 'case-conversation-vera');
    await shoot(page, 'case-conversation-vera');
  });
});
