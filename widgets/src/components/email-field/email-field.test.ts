import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './email-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({ tag: 'portico-email-field', sample: 'ada@example.com', formValue: 'ada@example.com' });

describe('portico-email-field', () => {
  it('reports a malformed address in the page language', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-email-field lang="de" label="E-Mail"></portico-email-field>`,
    );
    el.focus();
    await sendKeys({ type: 'not-an-address' });
    await el.updateComplete;
    expect(el.validity.typeMismatch).to.equal(true);
    expect(el.validationMessage).to.equal('Ungültige E-Mail-Adresse.');
  });
});
