import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './choice-field.js';
import type { PorticoChoiceField } from './choice-field.js';
import { runFieldConformance } from '../../internal/test/field-conformance.js';
import type { PorticoField } from '../../internal/field.js';

const options = [
  { value: 1, label: { en: 'Question', de: 'Frage' } },
  { value: 2, label: { en: 'Problem', de: 'Problem' } },
];

runFieldConformance({
  tag: 'portico-choice-field',
  sample: 2,
  formValue: '2',
  setup: (el: PorticoField) => (el.options = options),
});
runFieldConformance({
  tag: 'portico-choice-field',
  sample: 1,
  formValue: '1',
  setup: (el: PorticoField) => {
    el.options = options;
    (el as PorticoChoiceField).display = 'radios';
  },
});

describe('portico-choice-field', () => {
  it('renders localised option labels in a select and keeps the typed value', async () => {
    const el = await fixture<PorticoChoiceField>(
      html`<portico-choice-field lang="de" label="Art" .options=${options}></portico-choice-field>`,
    );
    const select = el.shadowRoot!.querySelector('select')!;
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['', 'Frage', 'Problem']);
    select.value = '2';
    select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect(el.value).to.equal(2);
  });

  it('is a radio group operable with arrow keys', async () => {
    const el = await fixture<PorticoChoiceField>(
      html`<portico-choice-field label="Type" display="radios" .options=${options}></portico-choice-field>`,
    );
    await expect(el).to.be.accessible();
    const group = el.shadowRoot!.querySelector('[role=radiogroup]')!;
    expect(group.querySelector('legend')!.textContent).to.contain('Type');
    el.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(el.value).to.equal(2);
  });

  it('keeps boolean option values', async () => {
    const el = await fixture<PorticoChoiceField>(
      html`<portico-choice-field
        label="Yes or no"
        .options=${[
          { value: true, label: { en: 'Yes' } },
          { value: false, label: { en: 'No' } },
        ]}
      ></portico-choice-field>`,
    );
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'false';
    select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect(el.value).to.equal(false);
  });
});
