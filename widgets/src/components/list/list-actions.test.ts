import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RecordResponse } from '../../../../server/api/contract.js';
import type { PorticoField } from '../../internal/field.js';
import { errorBody, on, until, useApi } from '../../internal/test/fixtures.js';
import type { Call } from '../../internal/test/fixtures.js';
import type { PorticoList } from './list.js';
import {
  $,
  cases,
  dialogs,
  footer,
  isOpen,
  labels,
  mount,
  pageReads,
  pick,
  restoreApi,
  rows,
  server,
} from './list-harness.js';

beforeEach(() => useApi());
afterEach(() => restoreApi());

const actionCall = (calls: Call[], id: string): Call | undefined =>
  calls.find((c) => c.method === 'POST' && c.url.pathname.endsWith(`/actions/${id}`));
/** The outcome shown beside row `n`, and the live region's text. */
const said = (el: PorticoList, n: number): [string, string] => [
  rows(el)[n]?.querySelector('[part=outcome]')?.textContent?.trim() ?? '',
  $(el, '[part=status]')!.textContent!.trim(),
];
/** A case as the server answers after an action: new values, new version. */
const changed = (row: RecordResponse, values: RecordResponse['values']): RecordResponse => ({
  ...row,
  etag: `${row.etag}+`,
  values: { ...row.values, ...values },
});

describe('portico-list row actions', () => {
  it('offers per row only what its state allows: one button, the rest in "More"', async () => {
    const state = { rows: cases() };
    const { el } = await mount(server(state));
    const [active, resolved] = rows(el);
    expect(labels(active!, 'row-action')).to.deep.equal(['Assign']);
    expect(labels(active!, 'menu-item')).to.deep.equal(['Resolve case', 'Cancel case', 'Delete case']);
    expect(labels(resolved!, 'row-action')).to.deep.equal(['Reopen case']);
    expect(labels(resolved!, 'menu-item')).to.deep.equal(['Delete case']);
    // Destructive actions are styled as such, wherever they are.
    expect([...active!.querySelectorAll('.danger')].map((b) => b.textContent!.trim())).to.deep.equal([
      'Cancel case',
      'Delete case',
    ]);
    await expect(el).to.be.accessible();
  });

  it('cancels after a danger confirmation that says what it keeps, then shows the case as it is now', async () => {
    const state = { rows: cases() };
    const { el, calls } = await mount([
      ...server(state),
      on('POST', '/forms/case-edit/records/c1/actions/cancel', () => {
        state.rows = [changed(state.rows[0]!, { statecode: 2 }), state.rows[1]!];
        return { body: state.rows[0] };
      }),
    ]);
    await pick(el, 0, 'Cancel case');
    await until(() => isOpen(el));
    expect(dialogs(el).textContent).to.contain('Cancel this case? You can reopen it later.');
    expect(footer(el).map((b) => b.textContent!.trim())).to.deep.equal(['Keep case', 'Cancel case']);
    expect(footer(el)[1]!.classList.contains('danger')).to.equal(true);
    await expect(el).to.be.accessible();

    // "Keep case" backs out without a request.
    footer(el)[0]!.click();
    await until(() => !isOpen(el));
    expect(actionCall(calls, 'cancel')).to.equal(undefined);

    await pick(el, 0, 'Cancel case');
    await until(() => isOpen(el));
    footer(el)[1]!.click();
    await until(() => said(el, 0)[0]);
    const request = actionCall(calls, 'cancel')!;
    expect(request.headers.get('If-Match')).to.equal('W/"c1"');
    expect(request.body).to.deep.equal({});
    expect(said(el, 0)).to.deep.equal(['Case cancelled.', 'Case cancelled.']);
    expect($(el, '[part=status]')!.getAttribute('role')).to.equal('status');
    // The page was read again: the row is cancelled and offers what a cancelled case offers.
    expect(pageReads(calls)).to.equal(2);
    expect(rows(el)[0]!.textContent).to.contain('Cancelled');
    expect(labels(rows(el)[0]!, 'row-action')).to.deep.equal(['Reopen case']);
  });

  it('resolves only with a resolution text', async () => {
    const state = { rows: cases() };
    const { el, calls } = await mount([
      ...server(state),
      on('POST', '/forms/case-edit/records/c1/actions/resolve', () => {
        state.rows = [changed(state.rows[0]!, { statecode: 1 }), state.rows[1]!];
        return { body: state.rows[0] };
      }),
    ]);
    await pick(el, 0, 'Resolve case');
    await until(() => isOpen(el));
    expect(dialogs(el).textContent).to.contain('Mark this case as resolved?');
    expect(footer(el).map((b) => b.textContent!.trim())).to.deep.equal(['Go back', 'Resolve case']);
    const resolution = dialogs(el).querySelector('#portico-resolution') as PorticoField;
    footer(el)[1]!.click();
    // Confirming without a resolution says why and keeps the dialog open.
    await until(() => resolution.validationMessage);
    expect(resolution.validationMessage).to.equal('This field is required.');
    await until(() => isOpen(el));
    expect(actionCall(calls, 'resolve')).to.equal(undefined);
    resolution.value = 'Replaced the toner';
    await resolution.updateComplete;
    footer(el)[1]!.click();
    await until(() => said(el, 0)[0]);
    expect(actionCall(calls, 'resolve')!.body).to.deep.equal({ resolution: 'Replaced the toner' });
    expect(said(el, 0)).to.deep.equal(['Case resolved.', 'Case resolved.']);
    expect(labels(rows(el)[0]!, 'row-action')).to.deep.equal(['Reopen case']);
  });

  /** Assigns the first row to `team` as a user does: type-ahead, Enter, Confirm; waits for the outcome. */
  const assignFirstTo = async (el: PorticoList, team: string): Promise<void> => {
    await pick(el, 0, 'Assign');
    const assign = dialogs(el).querySelector('portico-assign-dialog')!;
    const owner = assign.shadowRoot!.querySelector('portico-owner-field')!;
    await until(() => owner.shadowRoot!.activeElement);
    await sendKeys({ type: team.slice(0, 3).toLowerCase() });
    await until(() => owner.shadowRoot!.querySelector('[role=option]')?.textContent?.includes(team));
    await sendKeys({ press: 'Enter' });
    assign.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    await until(() => said(el, 0)[0]);
  };

  it('assigns with the owner type-ahead and names the new owner', async () => {
    const state = { rows: cases() };
    const { el, calls } = await mount([
      ...server(state),
      on('GET', '/forms/case-edit/owners', (c) => ({
        body: {
          value: [
            { id: 't1', type: 'team', name: 'Escalations' },
            { id: 't2', type: 'team', name: 'Support' },
          ].filter((o) => o.name.toLowerCase().includes(c.url.searchParams.get('search') ?? '')),
        },
      })),
      // The server answers an assign without a body: the list reads the record again.
      on('POST', '/forms/case-edit/records/c1/actions/assign', () => {
        state.rows = [
          changed(state.rows[0]!, { ownerid: { id: 't1', type: 'team', name: 'Escalations' } }),
          state.rows[1]!,
        ];
        return { status: 204 };
      }),
    ]);
    await assignFirstTo(el, 'Escalations');
    const request = actionCall(calls, 'assign')!;
    expect(request.body).to.deep.equal({ owner: { id: 't1', type: 'team' } });
    expect(request.headers.get('If-Match')).to.equal('W/"c1"');
    expect(said(el, 0)).to.deep.equal(['Assigned to Escalations.', 'Assigned to Escalations.']);
  });

  it('names the owner chosen when the record it gets back does not show an owner', async () => {
    const state = { rows: cases() };
    const { el } = await mount([
      ...server(state),
      on('GET', '/forms/case-edit/owners', () => ({
        body: { value: [{ id: 't1', type: 'team', name: 'Escalations' }] },
      })),
      // A form without the owner among its fields (contact-agent, say): the answer cannot name them.
      on('POST', '/forms/case-edit/records/c1/actions/assign', () => ({ body: state.rows[0] })),
    ]);
    expect(state.rows[0]!.values.ownerid).to.equal(undefined);
    await assignFirstTo(el, 'Escalations');
    expect(said(el, 0)).to.deep.equal(['Assigned to Escalations.', 'Assigned to Escalations.']);
  });

  it('reopens a closed case from its button', async () => {
    const state = { rows: cases() };
    const { el, calls } = await mount([
      ...server(state),
      on('POST', '/forms/case-edit/records/c2/actions/reopen', () => {
        state.rows = [state.rows[0]!, changed(state.rows[1]!, { statecode: 0 })];
        return { body: state.rows[1] };
      }),
    ]);
    await pick(el, 1, 'Reopen case');
    await until(() => isOpen(el));
    expect(footer(el)[1]!.classList.contains('danger')).to.equal(false);
    footer(el)[1]!.click();
    await until(() => said(el, 1)[0]);
    expect(actionCall(calls, 'reopen')!.headers.get('If-Match')).to.equal('W/"c2"');
    expect(said(el, 1)).to.deep.equal(['Case reopened.', 'Case reopened.']);
    expect(labels(rows(el)[1]!, 'row-action')).to.deep.equal(['Assign']);
  });

  it('deletes: the row disappears and the list says so where the row was', async () => {
    const state = { rows: cases() };
    const { el, calls } = await mount([
      ...server(state),
      on('DELETE', '/forms/case-edit/records/c2', () => {
        state.rows = [state.rows[0]!];
        return { status: 204 };
      }),
    ]);
    await pick(el, 1, 'Delete case');
    await until(() => isOpen(el));
    expect(footer(el).map((b) => b.textContent!.trim())).to.deep.equal(['Keep case', 'Delete case']);
    footer(el)[1]!.click();
    await until(() => rows(el).length === 1);
    await el.updateComplete;
    const del = calls.find((c) => c.method === 'DELETE')!;
    expect(del.headers.get('If-Match')).to.equal('W/"c2"');
    const status = $(el, '[part=status]')!;
    expect(status.textContent!.trim()).to.equal('Case deleted.');
    // Visible, not only announced: the row it belonged to is gone.
    expect(status.classList.contains('sr')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  for (const [status, code] of [
    [409, 'PORTICO_RECORD_STATE'],
    [412, 'PORTICO_RECORD_CONFLICT'],
  ] as const) {
    it(`a refusal (${status}) shows the server's message beside the row and reads the row again`, async () => {
      const state = { rows: cases() };
      const { el, calls } = await mount([
        ...server(state),
        on('POST', '/forms/case-edit/records/c1/actions/cancel', () => {
          // Someone else resolved it meanwhile.
          state.rows = [changed(state.rows[0]!, { statecode: 1 }), state.rows[1]!];
          return errorBody(status, code, {
            message: 'This case was resolved meanwhile; it cannot be cancelled.',
          });
        }),
      ]);
      await pick(el, 0, 'Cancel case');
      await until(() => isOpen(el));
      footer(el)[1]!.click();
      await until(() => said(el, 0)[0]);
      const [beside, announced] = said(el, 0);
      expect(beside).to.equal('This case was resolved meanwhile; it cannot be cancelled.');
      expect(announced).to.equal(beside);
      expect(rows(el)[0]!.querySelector('[part=outcome]')!.classList.contains('bad')).to.equal(true);
      expect(pageReads(calls)).to.equal(2);
      expect(labels(rows(el)[0]!, 'row-action')).to.deep.equal(['Reopen case']);
    });
  }

  it('lets the host take over: a prevented portico-action opens no dialog and sends nothing', async () => {
    const state = { rows: cases() };
    const { el, calls } = await mount(server(state));
    const seen: unknown[] = [];
    el.addEventListener('portico-action', (event) => {
      seen.push(event.detail);
      event.preventDefault();
    });
    await pick(el, 1, 'Reopen case');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).to.deep.equal([{ action: 'reopen', id: 'c2', form: 'case-edit', record: state.rows[1] }]);
    expect(isOpen(el)).to.equal(false);
    expect(calls.some((c) => c.method !== 'GET')).to.equal(false);
  });
});
