import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './textarea-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({
  tag: 'portico-textarea-field',
  sample: 'Line one\nLine two',
  formValue: 'Line one\nLine two',
});

describe('portico-textarea-field', () => {
  it('keeps line breaks', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-textarea-field label="Notes"></portico-textarea-field>`,
    );
    el.focus();
    await sendKeys({ type: 'a' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'b' });
    expect(el.value).to.equal('a\nb');
  });
});
