import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './boolean-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';

runFieldConformance({ tag: 'portico-boolean-field', sample: true, formValue: 'true' });

describe('portico-boolean-field', () => {
  it('toggles with Space and submits nothing when unchecked', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><portico-boolean-field name="ok" label="Agree"></portico-boolean-field></form>`,
    );
    const el = form.querySelector('portico-boolean-field')!;
    expect(el.value).to.equal(false);
    expect(new FormData(form).has('ok')).to.equal(false);
    el.focus();
    await sendKeys({ press: 'Space' });
    expect(el.value).to.equal(true);
    expect(new FormData(form).get('ok')).to.equal('true');
  });
});
