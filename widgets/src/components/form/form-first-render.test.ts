// What stands between a page and its form's first input (scripts/bench/render.ts): the definition's
// request goes out as soon as the token is there, before the form's first render; the form renders
// its definition in one pass; a render that changes nothing for a field does not render it again.
import { expect, fixture, html } from '@open-wc/testing';
import './form.js';
import type { PorticoForm } from './form.js';
import { $, adoptStub, defRoute, field, mount, restoreApi } from './form-harness.js';
import { caseForm, on, stubApi, until, useApi } from '../../internal/test/fixtures.js';

beforeEach(() => {
  useApi();
  sessionStorage.clear();
});
afterEach(restoreApi);

describe('portico-form first render', () => {
  it('says it is loading while the definition is out', async () => {
    const api = stubApi(on('GET', '/forms/case', new Promise<Response>(() => undefined)));
    adoptStub(api);
    const el = await fixture<PorticoForm>(html`<portico-form form="case"></portico-form>`);
    expect($(el, '[part=loading]')?.textContent).to.equal('Loading…');
  });

  it('renders the definition in one pass: fields and buttons not busy as they first appear', async () => {
    const api = stubApi(defRoute());
    adoptStub(api);
    const el = document.createElement('portico-form');
    el.form = 'case';
    const seen: Array<string | null> = [];
    document.body.append(el);
    try {
      await until(() => el.shadowRoot);
      // Records aria-busy in the same turn as the render that first draws the form.
      new MutationObserver(() => {
        if ($(el, 'form') && !seen.length) seen.push($(el, '[part=base]')!.getAttribute('aria-busy'));
      }).observe(el.shadowRoot!, { childList: true, subtree: true });
      await until(() => seen.length);
      expect(seen).to.deep.equal(['false']);
    } finally {
      el.remove();
    }
  });

  it('does not render a field again for a form render that changes nothing of it', async () => {
    const { el } = await mount([defRoute(caseForm())]);
    await until(() => $(el, '[part=base]')!.getAttribute('aria-busy') === 'false');
    const title = field(el, 'title');
    await title.updateComplete;
    let renders = 0;
    (title as unknown as { updated: () => void }).updated = () => void renders++;
    el.requestUpdate();
    await el.updateComplete;
    await title.updateComplete;
    expect(renders).to.equal(0);
  });
});
