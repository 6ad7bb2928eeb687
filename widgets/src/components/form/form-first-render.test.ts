// What stands between a page and its form's first input (scripts/bench/render.ts): the form renders
// its definition in one pass, and a render that changes nothing for a field does not render it again.
// (That the definition's request waits for no task: definition.test.ts.)
import { expect } from '@open-wc/testing';
import './form.js';
import { $, adoptStub, aroundEachTest, defRoute, field, mount } from './form-harness.js';
import { caseForm, stubApi, until } from '../../internal/test/fixtures.js';

aroundEachTest();

describe('portico-form first render', () => {
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
