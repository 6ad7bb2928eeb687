import { expect, fixture, html } from '@open-wc/testing';
import './datetime-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

runFieldConformance({
  tag: 'portico-datetime-field',
  sample: '2025-03-01T09:30:00.000Z',
  formValue: '2025-03-01T09:30:00.000Z',
});

describe('portico-datetime-field', () => {
  it('shows the UTC value in local time and turns a local entry back into UTC', async () => {
    const el = await fixture<PorticoField>(
      html`<portico-datetime-field label="When"></portico-datetime-field>`,
    );
    el.value = '2025-03-01T09:30:00.000Z';
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector('input')!;
    const d = new Date('2025-03-01T09:30:00.000Z');
    const pad = (n: number): string => String(n).padStart(2, '0');
    expect(input.value).to.equal(
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`,
    );
    input.value = '2025-06-01T12:00';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect(el.value).to.equal(new Date('2025-06-01T12:00').toISOString());
  });
});
