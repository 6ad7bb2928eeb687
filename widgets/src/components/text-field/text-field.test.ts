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

  it('reports text longer than maxlength without cutting it off', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-text-field label="Name" maxlength="3"></portico-text-field>`,
    );
    el.focus();
    await sendKeys({ type: 'abcd' });
    expect(el.value).to.equal('abcd');
    expect(el.validity.tooLong).to.equal(true);
    expect(el.validationMessage).to.equal('Use at most 3 characters.');
  });
});
