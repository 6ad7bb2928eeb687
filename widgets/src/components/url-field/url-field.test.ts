import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './url-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({
  tag: 'portico-url-field',
  sample: 'https://example.com/',
  formValue: 'https://example.com/',
});

describe('portico-url-field', () => {
  it('reports an address without a scheme', async () => {
    const el = await fixture<PorticoField>(html`<portico-url-field label="Website"></portico-url-field>`);
    el.focus();
    await sendKeys({ type: 'example.com' });
    await el.updateComplete;
    expect(el.validity.typeMismatch).to.equal(true);
    expect(el.validationMessage).to.equal('Enter a valid web address.');
  });
});
