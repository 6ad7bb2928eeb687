import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './decimal-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({ tag: 'portico-decimal-field', sample: 3.5, formValue: '3.5' });

describe('portico-decimal-field', () => {
  it('accepts a decimal comma', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-decimal-field label="Amount"></portico-decimal-field>`,
    );
    el.focus();
    await sendKeys({ type: '12,75' });
    expect(el.value).to.equal(12.75);
    expect(el.checkValidity()).to.equal(true);
  });

  it('shows its number with the decimal separator of its language, and reads it back', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-decimal-field label="Betrag" lang="de" .value=${1234.5}></portico-decimal-field>`,
    );
    const input = el.shadowRoot!.querySelector('input')!;
    // No grouping: what is shown can be edited as it stands.
    expect(input.value).to.equal('1234,5');
    input.select();
    await sendKeys({ type: '0,125' });
    expect(el.value).to.equal(0.125);
    el.lang = 'en';
    el.value = 2.5;
    await el.updateComplete;
    expect(input.value).to.equal('2.5');
    // An unusable lang (Intl refuses it) must not break the field.
    el.lang = 'en_US!';
    el.value = 7.25;
    await el.updateComplete;
    expect(input.value).to.equal('7.25');
  });
});
