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
});
