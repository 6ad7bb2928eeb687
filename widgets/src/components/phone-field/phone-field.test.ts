import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './phone-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({ tag: 'portico-phone-field', sample: '+49 30 1234567', formValue: '+49 30 1234567' });

describe('portico-phone-field', () => {
  it('offers the phone keyboard and autofill', async () => {
    const el = await fixture<PorticoField>(html`<portico-phone-field label="Phone"></portico-phone-field>`);
    const input = el.shadowRoot!.querySelector('input')!;
    expect(input.type).to.equal('tel');
    expect(input.getAttribute('autocomplete')).to.equal('tel');
    el.focus();
    await sendKeys({ type: '+1 555' });
    expect(el.value).to.equal('+1 555');
  });
});
