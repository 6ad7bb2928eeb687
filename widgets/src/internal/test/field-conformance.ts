// One suite that every form-associated field runs: it proves that a field behaves like
// a native form control — submitted with its form, validity blocks submission, reset, disabled by a
// fieldset, restored state, focus delegation, errors announced and linked, messages localised, and
// axe finds nothing in the default, required-empty and error states.
import { expect, fixture, html } from '@open-wc/testing';
import type { FieldValue } from '../../../../server/api/contract.js';
import type { PorticoField } from '../field.js';

export interface ConformanceOptions {
  tag: string;
  /** A valid value for this kind, and what a native form submits for it. */
  sample: FieldValue;
  formValue: string;
  /** Prepare the element (options for choices, form id for lookups) before it is connected. */
  setup?: (el: PorticoField) => void;
}

const control = (el: PorticoField): HTMLElement => el.shadowRoot!.querySelector('#c') as HTMLElement;

async function make(
  o: ConformanceOptions,
  attrs: Record<string, string> = {},
): Promise<{ form: HTMLFormElement; el: PorticoField }> {
  const form = await fixture<HTMLFormElement>(html`<form><fieldset></fieldset></form>`);
  const el = document.createElement(o.tag) as PorticoField;
  el.setAttribute('name', 'f');
  el.setAttribute('label', 'Field label');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  o.setup?.(el);
  form.querySelector('fieldset')!.append(el);
  await el.updateComplete;
  return { form, el };
}

export function runFieldConformance(o: ConformanceOptions): void {
  describe(`${o.tag} conformance`, () => {
    it('is accessible when empty, required and in error', async () => {
      const { el } = await make(o, { help: 'Some help', required: '' });
      await expect(el).to.be.accessible();
      el.reportValidity();
      await el.updateComplete;
      await expect(el).to.be.accessible();
      el.error = 'Server says no';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('is form-associated and submits its value with the form', async () => {
      const { form, el } = await make(o);
      expect((el.constructor as unknown as { formAssociated: boolean }).formAssociated).to.equal(true);
      expect(el.form).to.equal(form);
      el.value = o.sample;
      await el.updateComplete;
      expect(new FormData(form).get('f')).to.equal(o.formValue);
    });

    it('reports a missing required value, blocks the form, and clears once filled', async () => {
      const { form, el } = await make(o, { required: '' });
      expect(el.checkValidity()).to.equal(false);
      expect(el.validity.valueMissing).to.equal(true);
      expect(form.checkValidity()).to.equal(false);
      el.value = o.sample;
      await el.updateComplete;
      expect(el.checkValidity()).to.equal(true);
      expect(form.checkValidity()).to.equal(true);
    });

    it('shows the error inline, marks the control invalid and links the message', async () => {
      const { el } = await make(o, { required: '', help: 'Help' });
      const c = control(el);
      expect(c.getAttribute('aria-invalid')).to.equal('false');
      expect(el.reportValidity()).to.equal(false);
      await el.updateComplete;
      const err = el.shadowRoot!.querySelector('#e') as HTMLElement;
      expect(err.hidden).to.equal(false);
      expect(err.textContent).to.equal('This field is required.');
      expect(c.getAttribute('aria-invalid')).to.equal('true');
      expect(c.getAttribute('aria-describedby')!.split(' ')).to.include.members(['h', 'e']);
    });

    it('localises messages from the closest lang', async () => {
      const { form, el } = await make(o, { required: '' });
      form.lang = 'de-AT';
      el.reportValidity();
      el.requestUpdate();
      await el.updateComplete;
      expect(el.validationMessage).to.equal('Dieses Feld ist erforderlich.');
      expect(el.shadowRoot!.querySelector('#e')!.textContent).to.equal('Dieses Feld ist erforderlich.');
    });

    it('shows an external error as a custom validity error until the user edits', async () => {
      const { el } = await make(o);
      el.value = o.sample;
      el.error = 'Rejected by the server';
      await el.updateComplete;
      expect(el.validity.customError).to.equal(true);
      expect(el.validationMessage).to.equal('Rejected by the server');
      el.error = '';
      await el.updateComplete;
      expect(el.checkValidity()).to.equal(true);
    });

    it('resets to its default value with the form', async () => {
      const { form, el } = await make(o, { value: o.formValue });
      expect(el.value).to.deep.equal(o.sample);
      el.value = null;
      el.reportValidity();
      await el.updateComplete;
      form.reset();
      await el.updateComplete;
      expect(el.value).to.deep.equal(o.sample);
      expect(el.shadowRoot!.querySelector('#e')!.hasAttribute('hidden')).to.equal(true);
    });

    it('is disabled by a disabled fieldset and then barred from validation', async () => {
      const { form, el } = await make(o, { required: '' });
      form.querySelector('fieldset')!.disabled = true;
      await el.updateComplete;
      const c = control(el) as HTMLInputElement;
      expect(c.disabled || c.readOnly || c.hasAttribute('disabled')).to.equal(true);
      expect(form.checkValidity()).to.equal(true);
    });

    it('restores its state after navigation', async () => {
      const { el } = await make(o);
      el.formStateRestoreCallback(o.formValue);
      await el.updateComplete;
      expect(el.value).to.deep.equal(o.sample);
    });

    it('delegates focus to its control', async () => {
      const { el } = await make(o);
      el.focus();
      expect(el.shadowRoot!.activeElement).to.not.equal(null);
      expect(el.shadowRoot!.activeElement!.closest('#c')).to.equal(control(el));
    });

    it('is labelled by its label text', async () => {
      const { el } = await make(o);
      const label = el.shadowRoot!.querySelector('[part~=label]')!;
      expect(label.textContent).to.contain('Field label');
      const c = control(el);
      // A <label for> names an input/select; radio groups are named by their legend.
      expect(label.getAttribute('for') === 'c' || c.contains(label) || label.contains(c)).to.equal(true);
    });
  });
}
