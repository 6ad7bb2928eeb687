import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { PorticoElement } from './element.js';
import { langOf, msg } from './i18n.js';

/** Shows two messages in its language, and records what each of its renders showed. */
class Speaker extends PorticoElement {
  renders: string[] = [];
  protected override render(): TemplateResult {
    const lang = langOf(this);
    const shown = `${msg(lang, 'save')} / ${msg(lang, 'cancel')}`;
    this.renders.push(shown);
    return html`<p>${shown}</p>`;
  }
}
customElements.define('test-speaker', Speaker);

const shown = (el: Element): string => el.shadowRoot?.querySelector('p')?.textContent ?? '';

describe('languages as JSON files', () => {
  const realFetch = window.fetch;
  const asked: string[] = [];
  before(() => {
    // Dutch as an admin might leave it half done: `cancel` is not translated yet.
    window.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      asked.push(url);
      return url.endsWith('/lang/nl.json')
        ? Promise.resolve(new Response(JSON.stringify({ save: 'Opslaan' }), { status: 200 }))
        : realFetch(input, init);
    };
  });
  after(() => {
    window.fetch = realFetch;
  });

  it('renders German from the shipped de.json, never English first', async () => {
    const el = await fixture<Speaker>(fixtureHtml`<test-speaker lang="de"></test-speaker>`);
    await el.updateComplete;
    expect(shown(el)).to.equal('Speichern / Abbrechen');
    expect(el.renders).to.deep.equal(['Speichern / Abbrechen']);
    expect(asked.some((url) => url.endsWith('/lang/de.json'))).to.equal(true);
  });

  it('answers a key the language file lacks in English', async () => {
    const el = await fixture<Speaker>(fixtureHtml`<test-speaker lang="nl-BE"></test-speaker>`);
    await el.updateComplete;
    expect(shown(el)).to.equal('Opslaan / Cancel');
  });

  it('falls back to English, with no error, for a language without a file', async () => {
    const el = await fixture<Speaker>(fixtureHtml`<test-speaker lang="sv"></test-speaker>`);
    await el.updateComplete;
    expect(shown(el)).to.equal('Save / Cancel');
    expect(asked.filter((url) => url.endsWith('/lang/sv.json'))).to.have.length(1);
  });
});
