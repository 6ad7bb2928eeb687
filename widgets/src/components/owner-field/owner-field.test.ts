import { expect, fixture, html } from '@open-wc/testing';
import './owner-field.js';
import type { PorticoOwnerField } from './owner-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';
import { on, stubApi, until, useApi } from '../../internal/test/fixtures.js';

runFieldConformance({
  tag: 'portico-owner-field',
  sample: { id: 't1', type: 'team' },
  formValue: 'team:t1',
  setup: (el: PorticoField) => ((el as PorticoOwnerField).formId = 'case'),
});

describe('portico-owner-field', () => {
  it('is a combobox over the allowed owners when writable, and text when read-only', async () => {
    useApi();
    const api = stubApi(
      on('GET', '/forms/case/owners', { body: { value: [{ id: 'u1', type: 'systemuser', name: 'Ada' }] } }),
    );
    try {
      const el = await fixture<PorticoOwnerField>(
        html`<portico-owner-field label="Owner" form-id="case"></portico-owner-field>`,
      );
      const input = el.shadowRoot!.querySelector('input')!;
      expect(input.getAttribute('role')).to.equal('combobox');
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
      await until(() => el.shadowRoot!.querySelector('[role=option]')?.textContent?.includes('Ada'));
      (el.shadowRoot!.querySelector('[role=option]') as HTMLElement).click();
      expect(el.value).to.deep.equal({ id: 'u1', type: 'systemuser', name: 'Ada' });
      el.readonly = true;
      await el.updateComplete;
      const shown = el.shadowRoot!.querySelector('input')!;
      expect(shown.getAttribute('role')).to.equal(null);
      expect(shown.value).to.equal('Ada');
    } finally {
      api.restore();
    }
  });
});
