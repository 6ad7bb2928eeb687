// A list that changes language while on screen: every text of its own and of the schema re-renders
// in the new language (messages from schemas/languages/<code>.json, labels from the definition),
// and a right-to-left language lays it out from the right.
import { expect } from '@open-wc/testing';
import { useApi, until } from '../../internal/test/fixtures.js';
import { $, cases, mount, restoreApi, rows, server } from './list-harness.js';
import type { PorticoList } from './list.js';

beforeEach(() => useApi());
afterEach(restoreApi);

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
