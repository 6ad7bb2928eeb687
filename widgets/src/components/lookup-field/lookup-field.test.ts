import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './lookup-field.js';
import type { PorticoLookupField } from './lookup-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';
import { on, stubApi, until, useApi } from '../../internal/test/fixtures.js';

runFieldConformance({
  tag: 'portico-lookup-field',
  sample: { id: 'u1', type: 'systemuser' },
  formValue: 'systemuser:u1',
  setup: (el: PorticoField) => {
    const l = el as PorticoLookupField;
    l.formId = 'case';
    l.targets = ['systemuser', 'team'];
  },
});

describe('portico-lookup-field', () => {
  it('shows the referenced record by name, read-only, when it cannot be searched', async () => {
    const el = await fixture<PorticoLookupField>(
      html`<portico-lookup-field label="Customer" .targets=${['account', 'contact']}></portico-lookup-field>`,
    );
    el.value = { id: 'a1', type: 'account', name: 'Contoso' };
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector('input')!;
    expect(input.value).to.equal('Contoso');
    expect(input.readOnly).to.equal(true);
    expect(input.getAttribute('role')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('searches users and teams as you type and picks with the keyboard', async () => {
    useApi();
    const api = stubApi(
      on('GET', '/forms/case/owners', (c) => ({
        body: {
          value: [
            { id: 'u1', type: 'systemuser', name: `Ada (${c.url.searchParams.get('search')})` },
            { id: 't1', type: 'team', name: 'Support team' },
          ],
        },
      })),
    );
    try {
      const el = await fixture<PorticoLookupField>(
        html`<portico-lookup-field
          label="Manager"
          form-id="case"
          .targets=${['systemuser', 'team']}
        ></portico-lookup-field>`,
      );
      el.focus();
      await sendKeys({ type: 'ad' });
      await until(() => el.shadowRoot!.querySelectorAll('[role=option]').length === 2);
      const input = el.shadowRoot!.querySelector('input')!;
      expect(input.getAttribute('aria-expanded')).to.equal('true');
      expect(api.calls.at(-1)!.url.searchParams.get('search')).to.equal('ad');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(input.getAttribute('aria-activedescendant')).to.equal('o1');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.value).to.deep.equal({ id: 't1', type: 'team', name: 'Support team' });
      expect(input.value).to.equal('Support team');
      expect(input.getAttribute('aria-expanded')).to.equal('false');
    } finally {
      api.restore();
    }
  });

  it('closes the list with Escape and says when nothing matches', async () => {
    useApi();
    const api = stubApi(on('GET', '/forms/case/owners', { body: { value: [] } }));
    try {
      const el = await fixture<PorticoLookupField>(
        html`<portico-lookup-field
          label="Manager"
          form-id="case"
          .targets=${['systemuser']}
        ></portico-lookup-field>`,
      );
      el.focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => el.shadowRoot!.querySelector('[role=listbox]:not([hidden])'));
      expect(el.shadowRoot!.querySelector('[role=option]')!.textContent).to.contain('No matches');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('input')!.getAttribute('aria-expanded')).to.equal('false');
      expect(el.value).to.equal(null);
    } finally {
      api.restore();
    }
  });

  it("searches a record lookup through the form's lookup candidates and keeps the chosen table", async () => {
    useApi();
    const api = stubApi(
      on('GET', '/forms/case-create/lookups/customerid', () => ({
        body: {
          value: [
            { id: 'a1', name: 'Fabrikam', table: 'account' },
            { id: 'c1', name: 'Alice Brooks', table: 'contact' },
          ],
        },
      })),
    );
    try {
      const el = await fixture<PorticoLookupField>(
        html`<portico-lookup-field
          label="Customer"
          name="customerid"
          form-id="case-create"
          .targets=${['account', 'contact']}
        ></portico-lookup-field>`,
      );
      el.focus();
      await sendKeys({ type: 'al' });
      await until(() => el.shadowRoot!.querySelectorAll('[role=option]').length === 2);
      expect(api.calls.at(-1)!.url.pathname).to.match(/\/forms\/case-create\/lookups\/customerid$/);
      expect(api.calls.at(-1)!.url.searchParams.get('search')).to.equal('al');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.value).to.deep.equal({ id: 'c1', type: 'contact', name: 'Alice Brooks' });
      expect(el.shadowRoot!.querySelector('input')!.value).to.equal('Alice Brooks');
    } finally {
      api.restore();
    }
  });
});
