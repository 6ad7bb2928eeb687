import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { DisplayColumn } from '../../../server/api/contract.js';
import { display } from './values.js';

const status: Partial<DisplayColumn> = {
  kind: 'choice',
  options: [
    { value: 1, label: { en: 'In Progress', de: 'In Bearbeitung' } },
    { value: 2, label: { en: 'On Hold' } },
  ],
};
const yesNo: Partial<DisplayColumn> = {
  kind: 'boolean',
  options: [
    { value: true, label: { en: 'Yes', de: 'Ja' } },
    { value: false, label: { en: 'No', de: 'Nein' } },
  ],
};

describe('display(): a raw value as the reader reads it', () => {
  afterEach(async () => {
    await executeServerCommand('timezone', null);
  });

  it('shows a choice or yes/no by its label in the language, falling back to English', () => {
    expect(display(1, 'de', status)).to.equal('In Bearbeitung');
    expect(display(1, 'de-AT', status)).to.equal('In Bearbeitung');
    expect(display(2, 'de', status)).to.equal('On Hold');
    expect(display(false, 'de', yesNo)).to.equal('Nein');
    expect(display(true, 'en', yesNo)).to.equal('Yes');
    // An option added in Dynamics since the schema was pulled: its value, not nothing.
    expect(display(7, 'en', status)).to.equal('7');
  });

  it('shows numbers with the language’s separators and text as it is', () => {
    expect(display(1234.5, 'en', { kind: 'decimal' })).to.equal('1,234.5');
    expect(display(1234.5, 'de', { kind: 'decimal' })).to.equal('1.234,5');
    expect(display('CAS-01000', 'de', { kind: 'text' })).to.equal('CAS-01000');
    expect(display({ id: 'a1', type: 'account', name: 'Contoso' }, 'de', { kind: 'lookup' })).to.equal(
      'Contoso',
    );
    for (const empty of [null, undefined, ''] as const) expect(display(empty, 'en', status)).to.equal('');
  });

  it('shows a date and time in the reader’s time zone and language', async () => {
    const at = '2026-10-26T15:17:00Z';
    // A reader in UTC first, whatever zone the machine running the tests is in.
    await executeServerCommand('timezone', 'UTC');
    expect(display(at, 'en', { kind: 'datetime' })).to.equal('Oct 26, 2026, 3:17 PM');
    expect(display(at, 'de', { kind: 'datetime' })).to.equal('26.10.2026, 15:17');
    await executeServerCommand('timezone', 'Asia/Tokyo');
    // 15:17 UTC is past midnight in Tokyo: the next day, at 00:17.
    expect(display(at, 'de', { kind: 'datetime' })).to.equal('27.10.2026, 00:17');
    // A date column with a time (Dataverse's UserLocal behaviour) is the reader's day of that instant.
    expect(display(at, 'de', { kind: 'date' })).to.equal('27.10.2026');
  });

  it('shows a date-only value on its own day wherever the reader is', async () => {
    for (const zone of ['Pacific/Honolulu', 'Asia/Tokyo']) {
      await executeServerCommand('timezone', zone);
      expect(display('2026-10-26', 'en', { kind: 'date' }), zone).to.equal('Oct 26, 2026');
      expect(display('1990-01-01', 'de', { kind: 'date' }), zone).to.equal('01.01.1990');
    }
  });

  it('shows what it cannot format as sent rather than failing the render', () => {
    expect(display('not a date', 'en', { kind: 'datetime' })).to.equal('not a date');
    // `Intl` throws a RangeError for a lang that is no language tag.
    expect(display(1234.5, 'en_US!', { kind: 'decimal' })).to.equal('1234.5');
    expect(display('2026-10-26T15:17:00Z', 'en_US!', { kind: 'datetime' })).to.equal('2026-10-26T15:17:00Z');
    // No column (a card naming a column the list does not have): text as it is.
    expect(display(3, 'en')).to.equal('3');
  });
});
