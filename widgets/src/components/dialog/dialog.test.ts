import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './dialog.js';
import type { PorticoDialog } from './dialog.js';
import '../text-field/text-field.js';
import { until } from '../../internal/test/fixtures.js';

async function setup(): Promise<{ wrap: HTMLElement; dlg: PorticoDialog; opener: HTMLButtonElement }> {
  const wrap = await fixture<HTMLElement>(
    html`<div>
      <button id="opener">Open</button>
      <portico-dialog label="Confirm deletion">
        <p>Delete the case?</p>
        <portico-text-field label="Reason"></portico-text-field>
        <button slot="footer" id="no">Keep</button>
        <button slot="footer" id="yes">Delete</button>
      </portico-dialog>
    </div>`,
  );
  return {
    wrap,
    dlg: wrap.querySelector('portico-dialog')!,
    opener: wrap.querySelector('#opener')!,
  };
}
const deepActive = (): Element | null => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};

describe('portico-dialog', () => {
  it('opens modal, named by its label, focusing the first control; accessible', async () => {
    const { dlg, opener } = await setup();
    opener.focus();
    void dlg.show();
    await dlg.updateComplete;
    const native = dlg.shadowRoot!.querySelector('dialog')!;
    expect(native.open).to.equal(true);
    expect(native.matches(':modal')).to.equal(true);
    expect(dlg.shadowRoot!.getElementById(native.getAttribute('aria-labelledby')!)!.textContent).to.equal(
      'Confirm deletion',
    );
    expect(deepActive()!.localName).to.equal('input');
    await expect(dlg).to.be.accessible();
    dlg.close();
  });

  it('traps Tab and Shift+Tab inside', async () => {
    const { wrap, dlg } = await setup();
    void dlg.show();
    await dlg.updateComplete;
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(wrap.querySelector('#no'));
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(wrap.querySelector('#yes'));
    await sendKeys({ press: 'Tab' });
    expect(deepActive()!.localName).to.equal('input');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive()).to.equal(wrap.querySelector('#yes'));
    dlg.close();
  });

  it('closes on Escape with an empty value and returns focus', async () => {
    const { dlg, opener } = await setup();
    opener.focus();
    const result = dlg.show();
    await dlg.updateComplete;
    await sendKeys({ press: 'Escape' });
    expect(await result).to.equal('');
    expect(document.activeElement).to.equal(opener);
  });

  it('resolves with the value given to close()', async () => {
    const { wrap, dlg, opener } = await setup();
    opener.focus();
    const result = dlg.show();
    await dlg.updateComplete;
    wrap.querySelector<HTMLButtonElement>('#yes')!.addEventListener('click', () => dlg.close('ok'));
    wrap.querySelector<HTMLButtonElement>('#yes')!.click();
    expect(await result).to.equal('ok');
    expect(document.activeElement).to.equal(opener);
  });

  it('shown again before the last close event arrives, answers each question once and rightly', async () => {
    const { dlg } = await setup();
    const first = dlg.show();
    await until(() => dlg.shadowRoot!.querySelector('dialog')!.open);
    dlg.close('');
    // Shown again at once: the first close's event is still queued as a task.
    const second = dlg.show();
    expect(await first).to.equal('', 'the first question was dismissed');
    await until(() => dlg.shadowRoot!.querySelector('dialog')!.open);
    // Let the queued close event arrive while the dialog is open again: it must not answer.
    await new Promise((r) => setTimeout(r, 50));
    expect(dlg.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    dlg.close('ok');
    expect(await second).to.equal('ok');
  });
});
