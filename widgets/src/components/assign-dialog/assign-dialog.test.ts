import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './assign-dialog.js';
import type { PorticoAssignDialog } from './assign-dialog.js';
import { on, stubApi, until, useApi } from '../../internal/test/fixtures.js';

describe('portico-assign-dialog', () => {
  let restore: () => void = () => {};
  beforeEach(() => {
    useApi();
    restore = stubApi(
      on('GET', '/forms/case/owners', (c) => ({
        body: {
          value: [
            { id: 'u1', type: 'systemuser', name: 'Ada Lovelace' },
            { id: 't1', type: 'team', name: 'Support' },
          ].filter((o) =>
            o.name.toLowerCase().includes((c.url.searchParams.get('search') ?? '').toLowerCase()),
          ),
        },
      })),
    ).restore;
  });
  afterEach(() => restore());

  it('picks an owner by type-ahead with the keyboard only', async () => {
    const el = await fixture<PorticoAssignDialog>(
      html`<portico-assign-dialog form="case"></portico-assign-dialog>`,
    );
    const result = el.show();
    const owner = el.shadowRoot!.querySelector('portico-owner-field')!;
    await until(() => owner.shadowRoot!.activeElement);
    await sendKeys({ type: 'sup' });
    await until(() => owner.shadowRoot!.querySelector('[role=option]')?.textContent?.includes('Support'));
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    expect(await result).to.deep.equal({ id: 't1', type: 'team', name: 'Support' });
  });

  it('stays open and says so when confirmed without an owner; Escape cancels', async () => {
    const el = await fixture<PorticoAssignDialog>(
      html`<portico-assign-dialog form="case" lang="de"></portico-assign-dialog>`,
    );
    const result = el.show();
    const owner = el.shadowRoot!.querySelector('portico-owner-field')!;
    await until(() => owner.shadowRoot!.activeElement);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    await until(() => owner.shadowRoot!.querySelector('#e:not([hidden])'));
    expect(owner.shadowRoot!.querySelector('#e')!.textContent).to.equal('Dieses Feld ist erforderlich.');
    expect(
      el.shadowRoot!.querySelector('portico-dialog')!.shadowRoot!.querySelector('dialog')!.open,
    ).to.equal(true);
    await sendKeys({ press: 'Escape' });
    expect(await result).to.equal(null);
  });
});
