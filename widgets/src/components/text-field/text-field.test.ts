import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './text-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({ tag: 'portico-text-field', sample: 'Hello', formValue: 'Hello' });

describe('portico-text-field', () => {
  it('turns typed text into the value and an empty input into null', async () => {
    const el = await fixture<PorticoField>(html`<portico-text-field label="Name"></portico-text-field>`);
    el.focus();
    await sendKeys({ type: 'Ada' });
    expect(el.value).to.equal('Ada');
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'Backspace' });
    expect(el.value).to.equal(null);
  });

  it('stops typing at maxlength, and reports a longer value it was given', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-text-field label="Name" maxlength="3"></portico-text-field>`,
    );
    el.focus();
    await sendKeys({ type: 'abcd' });
    // The limit holds while typing (the input's own maxlength), so no error comes only on submit.
    expect(el.shadowRoot!.querySelector('input')!.getAttribute('maxlength')).to.equal('3');
    expect(el.value).to.equal('abc');
    expect(el.validity.valid).to.equal(true);
    // A value from elsewhere (a record written before the limit) is still reported, not cut off.
    el.value = 'abcd';
    await el.updateComplete;
    expect(el.value).to.equal('abcd');
    expect(el.validity.tooLong).to.equal(true);
    expect(el.validationMessage).to.equal('Use at most 3 characters.');
  });
});
