import { expect } from '@open-wc/testing';
import { test as holds } from './condition.js';
import { ajvMessage } from './ajv-message.js';
import { en, langOf, loadLanguage, msg, text } from './i18n.js';
import { packUrl } from './i18n-packs.js';
import { ajvMessages } from './ajv.messages.js';
import { formMessages } from '../components/form/form.messages.js';
import { listMessages } from '../components/list/list.messages.js';
import { assignMessages } from '../components/assign-dialog/assign-dialog.messages.js';
import { actionMessages } from '../components/action-dialog/action-dialog.messages.js';
import { lookupMessages } from '../components/lookup-field/lookup-field.messages.js';
import { timelineMessages } from '../components/timeline/timeline.messages.js';
import { define, VERSION } from './define.js';
import { draftAt, readDraft, writeDraft } from './draft.js';
import { draftKey } from './draft-key.js';

describe('conditions (visibleWhen / requiredWhen)', () => {
  const v = { a: 2, b: '', c: { id: 'x1', type: 'account' }, d: true };
  const table: Array<[string, Parameters<typeof holds>[0], boolean]> = [
    ['equals', { field: 'a', equals: 2 }, true],
    ['equals is strict', { field: 'a', equals: '2' }, false],
    ['equals null means empty', { field: 'b', equals: null }, true],
    ['notEquals', { field: 'a', notEquals: 3 }, true],
    ['notEquals null means filled', { field: 'b', notEquals: null }, false],
    ['in', { field: 'a', in: [1, 2] }, true],
    ['lookup compares by id', { field: 'c', equals: 'x1' }, true],
    ['empty on missing field', { field: 'zz', empty: true }, true],
    ['empty false', { field: 'd', empty: false }, true],
    [
      'all',
      {
        all: [
          { field: 'a', equals: 2 },
          { field: 'd', equals: true },
        ],
      },
      true,
    ],
    [
      'any',
      {
        any: [
          { field: 'a', equals: 9 },
          { field: 'd', equals: false },
        ],
      },
      false,
    ],
    ['not', { not: { field: 'a', equals: 2 } }, false],
    ['unknown shape keeps the field visible', { field: 'a' } as unknown as Parameters<typeof holds>[0], true],
  ];
  for (const [name, c, want] of table) it(name, () => expect(holds(c, v)).to.equal(want));
});

describe('messages', () => {
  // German is a JSON file beside the entry (the admin's languages folder), fetched on first use.
  let de: Record<string, string> = {};
  before(async () => {
    await loadLanguage('de');
    de = (await (await fetch(packUrl('de'))).json()) as Record<string, string>;
  });

  it('loads a language once, and English needs none', async () => {
    expect(loadLanguage('de')).to.equal(undefined);
    expect(loadLanguage('en')).to.equal(undefined);
    expect(loadLanguage('en-GB')).to.equal(undefined);
    // Not a language subtag: no file is asked for.
    expect(loadLanguage('../x')).to.equal(undefined);
  });

  it('speaks English, without an error, in a language that has no file', async () => {
    const pending = loadLanguage('fr-CA');
    expect(pending).to.be.instanceOf(Promise);
    await pending;
    expect(loadLanguage('fr')).to.equal(undefined);
    expect(msg('fr-CA', 'save')).to.equal('Save');
  });

  it("has a German message for every English message, the chunks' too", () => {
    // English is split between the entry and the chunks that use a message; German is one file.
    const english: Record<string, string> = {
      ...en,
      ...formMessages,
      ...listMessages,
      ...assignMessages,
      ...actionMessages,
      ...lookupMessages,
      ...timelineMessages,
      ...ajvMessages,
    };
    expect(Object.keys(de).sort()).to.deep.equal(Object.keys(english).sort());
    expect(Object.values(de).every((l) => l.length > 0)).to.equal(true);
    // Placeholders survive translation.
    for (const [k, v] of Object.entries(english))
      expect(de[k]?.match(/\{\w+\}/g) ?? []).to.deep.equal(v.match(/\{\w+\}/g) ?? []);
    expect(msg('de', 'noMatch')).to.equal('Keine Treffer');
    expect(msg('de', 'new')).to.equal('Neu');
  });

  it('maps every Ajv keyword to a localised sentence', () => {
    const e = (keyword: string, params: Record<string, unknown>) => ({
      instancePath: '/x',
      keyword,
      params,
      message: 'ignored',
    });
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['required', { missingProperty: 'x' }, 'This field is required.', 'Dieses Feld ist erforderlich.'],
      ['maxLength', { limit: 5 }, 'Use at most 5 characters.', 'Höchstens 5 Zeichen.'],
      ['minLength', { limit: 2 }, 'Use at least 2 characters.', 'Mindestens 2 Zeichen.'],
      ['format', { format: 'email' }, 'Enter a valid email address.', 'Ungültige E-Mail-Adresse.'],
      ['format', { format: 'uri' }, 'Enter a valid web address.', 'Ungültige Webadresse.'],
      ['format', { format: 'ipv4' }, 'Invalid value.', 'Ungültiger Wert.'],
      ['enum', { allowedValues: [1] }, 'Choose one of the options.', 'Wählen Sie eine der Optionen.'],
      ['type', { type: 'integer' }, 'Enter a valid whole number.', 'Ungültige ganze Zahl.'],
      ['type', { type: 'number' }, 'Enter a valid number.', 'Ungültige Zahl.'],
      ['minimum', { limit: 1 }, 'Use 1 or more.', 'Mindestens 1.'],
      ['maximum', { limit: 9 }, 'Use 9 or less.', 'Höchstens 9.'],
      ['pattern', { pattern: '^a' }, 'Check the format.', 'Prüfen Sie das Format.'],
      [
        'additionalProperties',
        { additionalProperty: 'foo' },
        'Unknown field: foo.',
        'Unbekanntes Feld: foo.',
      ],
      ['const', {}, 'Invalid value.', 'Ungültiger Wert.'],
    ];
    for (const [k, p, en, de] of cases) {
      expect(ajvMessage(e(k, p), 'en')).to.equal(en);
      expect(ajvMessage(e(k, p), 'de-CH')).to.equal(de);
    }
  });

  it('picks labels by exact tag, primary subtag, then English', () => {
    const t = { en: 'Title', de: 'Titel', 'de-CH': 'Titel CH' };
    expect(text(t, 'de-CH')).to.equal('Titel CH');
    expect(text(t, 'de-AT')).to.equal('Titel');
    expect(text(t, 'fr')).to.equal('Title');
    expect(msg('fr', 'save')).to.equal('Save');
  });

  it('finds the language across shadow roots', () => {
    const host = document.createElement('div');
    host.lang = 'de';
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    document.body.append(host);
    try {
      expect(langOf(inner)).to.equal('de');
    } finally {
      host.remove();
    }
  });
});

describe('define()', () => {
  it('is a no-op when the same tag is already registered (the script loaded twice)', () => {
    class A extends HTMLElement {}
    class B extends HTMLElement {}
    define('portico-test-twice', A);
    define('portico-test-twice', B);
    expect(customElements.get('portico-test-twice')).to.equal(A);
    expect((A as unknown as { version: string }).version).to.equal(VERSION);
  });
});

describe('drafts', () => {
  it('round-trips per endpoint, form and record, and ignores malformed storage', async () => {
    writeDraft(draftAt('https://e', 'case', ''), { title: 'x' });
    expect(await readDraft(draftAt('https://e', 'case', ''))).to.deep.equal({ title: 'x' });
    expect(await readDraft(draftAt('https://e', 'case', 'r1'))).to.equal(null);
    sessionStorage.setItem('portico:draft:https://e|case|r2', '[not json');
    expect(await readDraft(draftAt('https://e', 'case', 'r2'))).to.equal(null);
    sessionStorage.setItem('portico:draft:https://e|case|r3', '[1,2]');
    expect(await readDraft(draftAt('https://e', 'case', 'r3'))).to.equal(null);
    writeDraft(draftAt('https://e', 'case', ''), null);
    expect(await readDraft(draftAt('https://e', 'case', ''))).to.equal(null);
  });

  it('keeps one create key per draft, in the form the server accepts, until the draft is cleared', () => {
    const at = draftAt('https://e', 'case', '');
    const k = draftKey(at);
    expect(k).to.match(/^\d{1,3}(-\d{1,3}){15}$/);
    expect(k.length).to.be.within(16, 128);
    expect(draftKey(at)).to.equal(k);
    expect(draftKey(draftAt('https://e', 'other', ''))).not.to.equal(k);
    writeDraft(at, { title: 'typed' });
    expect(draftKey(at)).to.equal(k);
    writeDraft(at, null);
    const next = draftKey(at);
    expect(next).not.to.equal(k);
    writeDraft(at, null);
  });

  it('still sends a well-formed key when storage is blocked', () => {
    const at = draftAt('https://e', 'blocked', '');
    const { getItem } = Storage.prototype;
    Storage.prototype.getItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    try {
      expect(draftKey(at)).to.match(/^\d{1,3}(-\d{1,3}){15}$/);
    } finally {
      Storage.prototype.getItem = getItem;
    }
  });
});
