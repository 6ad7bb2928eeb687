// A list that changes language while on screen: every text of its own and of the schema re-renders
// in the new language (messages from schemas/languages/<code>.json, labels from the definition),
// and a right-to-left language lays it out from the right.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { caseList, useApi, until } from '../../internal/test/fixtures.js';
import { $, cases, mount, restoreApi, rows, server } from './list-harness.js';
import type { PorticoList } from './list.js';

beforeEach(() => useApi());
afterEach(async () => {
  restoreApi();
  await executeServerCommand('timezone', null);
});

/** What a reader sees of the list's own texts and its schema's labels. */
const texts = (el: PorticoList): string[] => [
  $(el, 'form[part=toolbar] button[type=submit]')!.textContent!.trim(),
  $(el, '[part=create]')!.textContent!.trim(),
  $(el, 'select[part=filter] option')!.textContent!.trim(),
  el.shadowRoot!.querySelectorAll('th')[1]!.textContent!.trim(),
  $(el, '[part=more]')!.textContent!.trim(),
];

describe('portico-list languages', () => {
  it('re-renders every text when lang changes, English → Arabic → German → English', async () => {
    const { el } = await mount(server({ rows: cases() }));
    const english = texts(el);
    expect(english).to.deep.equal(['Search', 'New case', 'All', 'Title', 'More ▾']);

    el.lang = 'ar';
    await until(() => texts(el)[0] === 'بحث');
    expect(texts(el)).to.deep.equal(['بحث', 'حالة جديدة', 'الكل', 'Title', 'المزيد ▾']);

    el.lang = 'de';
    await until(() => texts(el)[0] === 'Suchen');
    // The column's label has a German text in the definition (none in Arabic: English stands in);
    // the messages come from de.json and ar.json.
    expect(texts(el)).to.deep.equal(['Suchen', 'Neuer Fall', 'Alle', 'Titel', 'Mehr ▾']);
    expect($(el, '[part=title]')!.textContent).to.equal('Meine Fälle');

    el.lang = 'en';
    await until(() => texts(el)[0] === 'Search');
    expect(texts(el)).to.deep.equal(english);
  });

  it('formats its cells for the reader and again when lang changes: choices, dates, numbers', async () => {
    // Fixed, so that the times below are what every machine shows.
    await executeServerCommand('timezone', 'Europe/Berlin');
    const columns = [
      ...caseList().columns,
      { name: 'modifiedon', kind: 'datetime' as const, label: { en: 'Updated' }, sortable: true },
      { name: 'estimate', kind: 'decimal' as const, label: { en: 'Estimate' }, sortable: false },
    ];
    const state = {
      rows: cases().map((row) => ({
        ...row,
        values: { ...row.values, modifiedon: '2026-10-26T15:17:00Z', estimate: 1234.5 },
      })),
    };
    const { el } = await mount(server(state, { columns }));
    // The active case's status, time of last change (16:17 in Berlin) and estimate.
    const cells = (): string[] => [2, 3, 4].map((n) => rows(el)[0]!.cells[n]!.textContent!.trim());
    expect(cells()).to.deep.equal(['Active', 'Oct 26, 2026, 4:17 PM', '1,234.5']);

    el.lang = 'de';
    await until(() => cells()[0] === 'Aktiv');
    expect(cells()).to.deep.equal(['Aktiv', '26.10.2026, 16:17', '1.234,5']);

    el.lang = 'ar';
    await until(() => cells()[0] === 'Active');
    // No Arabic label in the definition: English stands in; the date is in Arabic's order and words.
    const [, date] = cells();
    expect(date).to.match(/^26\u200f\/10\u200f\/2026/);
    expect(date).to.contain('م');

    el.lang = 'en';
    await until(() => cells()[1] === 'Oct 26, 2026, 4:17 PM');
  });

  it('lays out from the right under dir="rtl": search first at the right, "New" at the left', async () => {
    const { el } = await mount(server({ rows: cases() }));
    el.lang = 'ar';
    el.dir = 'rtl';
    await until(() => texts(el)[0] === 'بحث');
    const search = $(el, '[part=search]')!.getBoundingClientRect();
    const create = $(el, '[part=create]')!.getBoundingClientRect();
    expect(search.right).to.be.greaterThan(create.right, 'the search box is on the reading side');
    const [first, last] = [rows(el)[0]!.cells[0]!, rows(el)[0]!.cells[1]!].map((c) =>
      c.getBoundingClientRect(),
    );
    expect(first!.left).to.be.greaterThan(last!.left, 'the first column is the rightmost');
  });
});
