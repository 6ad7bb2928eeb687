/**
 * End to end, the Angular and React host apps (demo/hosts/), built with their own toolchains and
 * served as a customer's site would serve them, each from its own origin: the kit comes from the
 * Portico server, the token from the host's own endpoint (signed for Alice), and what the host
 * shows of a save or a row select is rendered by Angular or React from the event's detail.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';
import { HOSTS, buildHosts } from '../hosts/build.js';
import { listenHostSite } from '../hosts/serve.js';
import type { HostSite } from '../hosts/serve.js';
import { signUserToken } from '../site.js';
import { findDemoUser } from '../users.js';
import { GUID, checkPage, startE2E, watch } from './harness.js';
import type { E2E } from './harness.js';
import { caseById, casesOf } from './harness-upstream.js';

describe('Angular and React hosts', () => {
  let e2e: E2E;
  const sites: HostSite[] = [];
  const jwtSecret = randomBytes(32).toString('hex');

  before(async () => {
    // Skipped when the hosts' sources are those of the last build (dist/hosts/<name>.source-hash).
    await buildHosts();
    for (const name of HOSTS) sites.push(await listenHostSite(name));
    e2e = await startE2E({ server: { jwtSecret, allowedOrigins: sites.map((s) => s.origin) } });
    const alice = findDemoUser('alice')!;
    for (const site of sites) {
      site.serve({
        porticoOrigin: e2e.stack.porticoOrigin,
        signToken: () =>
          signUserToken(alice, { jwtSecret, issuer: e2e.stack.demoOrigin, audience: 'portico' }),
      });
    }
  });
  after(async () => {
    await e2e?.close();
    await Promise.all(sites.map((s) => s.close()));
  });

  for (const name of HOSTS) {
    it(`${name}: the form and the list render, and the host shows what portico-saved and portico-row-select told it`, async () => {
      const site = sites.find((s) => s.name === name)!;
      const { page } = await e2e.signIn(undefined);
      const w = await watch(page);
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await page.goto(`${site.origin}/`);

      const subject = page.getByLabel('Subject');
      await subject.waitFor();
      const list = page.locator('portico-list');
      await list.getByRole('row').nth(1).waitFor();
      const mine = await casesOf(e2e.stack, DEMO_IDS.contacts.alice);
      assert.equal(
        (await list.getByRole('row').count()) - 1,
        mine.length,
        'a header row and each of her cases',
      );
      assert.ok(
        scripts.includes(`${e2e.stack.porticoOrigin}/widgets/portico.js`),
        `the kit is loaded from the Portico server: ${scripts.join(', ')}`,
      );
      assert.ok(
        scripts.every((url) => url.startsWith(site.origin) || url.startsWith(e2e.stack.porticoOrigin)),
        'no script from anywhere else',
      );
      await checkPage(page, w, `host-${name}`);

      const title = `Label printer jams (${name} host) ${Date.now()}`;
      await subject.fill(title);
      await page.getByRole('radio', { name: 'Question' }).check();
      await page.getByRole('button', { name: 'Submit case' }).click();
      const saved = page.getByRole('status').filter({ hasText: `Saved case “${title}”` });
      await saved.waitFor();
      const id = (await saved.getAttribute('data-record-id')) ?? '';
      assert.match(id, new RegExp(`^${GUID}$`));
      assert.equal(new URL(page.url()).pathname, '/', "the host cancelled the form's redirect");
      const stored = await caseById(e2e.stack, id);
      assert.equal(stored.title, title);
      assert.equal(stored._customerid_value, DEMO_IDS.contacts.alice);

      // The host made a new list after the save; the new case is in it, and opening its row
      // reaches the host as portico-row-select.
      const row = list.getByRole('row').filter({ hasText: title });
      await row.click();
      const opened = page.getByRole('status').filter({ hasText: `Selected case “${title}”` });
      await opened.waitFor();
      assert.equal(await opened.getAttribute('data-record-id'), id);
      await checkPage(page, w, `host-${name}-saved`);
    });
  }
});
