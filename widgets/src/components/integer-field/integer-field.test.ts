import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './integer-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({ tag: 'portico-integer-field', sample: 42, formValue: '42' });

describe('portico-integer-field', () => {
  it('keeps what was typed when it is not a whole number and says so', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-integer-field label="Count"></portico-integer-field>`,
    );
    el.focus();
    await sendKeys({ type: '4.5' });
    await el.updateComplete;
    expect(el.value).to.equal(null);
    expect(el.shadowRoot!.querySelector('input')!.value).to.equal('4.5');
    expect(el.validity.badInput).to.equal(true);
    expect(el.validationMessage).to.equal('Enter a valid whole number.');
  });

  it('checks minimum and maximum', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-integer-field label="Count" min="1" max="9"></portico-integer-field>`,
    );
    el.value = 12;
    await el.updateComplete;
    expect(el.validity.rangeOverflow).to.equal(true);
    expect(el.validationMessage).to.equal('Use 9 or less.');
    el.value = 0;
    await el.updateComplete;
    expect(el.validity.rangeUnderflow).to.equal(true);
  });
});
