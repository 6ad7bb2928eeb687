import { expect, fixture, html } from '@open-wc/testing';
import './date-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({ tag: 'portico-date-field', sample: '2025-03-01', formValue: '2025-03-01' });

describe('portico-date-field', () => {
  it('keeps the ISO date the browser reports', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-date-field label="Due" value="2025-12-24"></portico-date-field>`,
    );
    expect(el.shadowRoot!.querySelector('input')!.value).to.equal('2025-12-24');
    expect(el.value).to.equal('2025-12-24');
  });
});
