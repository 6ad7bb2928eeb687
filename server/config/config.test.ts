import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SCHEMAS_DIR, formatConfigError, loadRegistry, CONFIG_ERROR_CODES } from './index.js';
import type { Registry } from './index.js';
import { applyFixture, copySchemas, FIXTURES_DIR, listFixtures } from '../testing/schema-copies.js';
import { parseJson } from './json.js';

interface Expected {
  code: string;
  file: string;
  pointer: string;
  message: string;
  suggestion?: string;
}

async function shipped(): Promise<Registry> {
  const result = await loadRegistry(DEFAULT_SCHEMAS_DIR);
  if (!result.ok) assert.fail(result.errors.map(formatConfigError).join('\n'));
  return result.registry;
}

test('the shipped schemas load without errors', async () => {
  const registry = await shipped();
  assert.deepEqual([...registry.entities.keys()].sort(), ['contact', 'incident']);
  assert.deepEqual([...registry.forms.keys()].sort(), [
    'case-create',
    'case-edit',
    'case-view',
    'contact-agent',
    'contact-profile',
  ]);
  assert.deepEqual([...registry.lists.keys()].sort(), ['account-cases', 'account-contacts', 'my-cases']);
  assert.deepEqual([...registry.roles.keys()].sort(), ['agent', 'customer']);
  assert.ok(registry.files.includes('access.json'));
});

const fixtures = await listFixtures();
test('there are at least 30 broken-configuration fixtures', () => {
  assert.ok(fixtures.length >= 30, `only ${fixtures.length} fixtures`);
});

for (const fixture of fixtures) {
  test(`fixture ${fixture} reports exactly its error`, async () => {
    const expected = JSON.parse(
      await readFile(join(FIXTURES_DIR, fixture, 'expected.json'), 'utf8'),
    ) as Expected[];
    const dir = await copySchemas();
    try {
      await applyFixture(dir, fixture);
      const result = await loadRegistry(dir);
      assert.equal(result.ok, false, 'the broken configuration was accepted');
      if (result.ok) return;
      assert.equal(result.errors.length, expected.length, result.errors.map(formatConfigError).join('\n'));
      expected.forEach((want, i) => {
        const got = result.errors[i];
        assert.ok(got);
        assert.equal(got.code, want.code);
        assert.ok(want.code in CONFIG_ERROR_CODES, `${want.code} is not in the catalogue`);
        assert.equal(got.file, want.file);
        assert.equal(got.pointer, want.pointer);
        assert.ok(got.message.includes(want.message), `message was: ${got.message}`);
        assert.equal(got.suggestion, want.suggestion);
        assert.ok(
          typeof got.line === 'number' || got.pointer === '' || got.code === 'PORTICO_CONFIG_UNEXPECTED_FILE',
        );
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('all errors are reported at once, across files', async () => {
  const dir = await copySchemas();
  try {
    for (const f of ['01-misspelt-column-on-form', '18-via-not-a-lookup', '42-page-size-too-large'])
      await applyFixture(dir, f);
    const result = await loadRegistry(dir);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.errors.map((e) => e.code).sort(), [
      'PORTICO_CONFIG_INVALID_VALUE',
      'PORTICO_CONFIG_INVALID_VIA',
      'PORTICO_CONFIG_UNKNOWN_COLUMN',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing folder and a missing access.json are named', async () => {
  const missing = await loadRegistry(join(DEFAULT_SCHEMAS_DIR, 'does-not-exist'));
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.equal(missing.errors[0]?.code, 'PORTICO_CONFIG_MISSING_FILE');
  const dir = await copySchemas();
  try {
    await rm(join(dir, 'access.json'));
    const result = await loadRegistry(dir);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.errors[0]?.file, 'access.json');
      assert.equal(result.errors[0]?.code, 'PORTICO_CONFIG_MISSING_FILE');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('formatConfigError gives one line with file, position, pointer, message, suggestion and code', () => {
  const line = formatConfigError({
    code: 'PORTICO_CONFIG_UNKNOWN_COLUMN',
    file: 'forms/x.json',
    pointer: '/sections/0/fields/1/field',
    message: 'entity "contact" has no column "emailadress1"',
    suggestion: 'emailaddress1',
    line: 12,
    column: 7,
  });
  assert.equal(
    line,
    'forms/x.json:12:7 /sections/0/fields/1/field: entity "contact" has no column "emailadress1" — did you mean "emailaddress1"? [PORTICO_CONFIG_UNKNOWN_COLUMN]',
  );
  assert.ok(!line.includes('\n'));
});

test('invalid JSON names line and column; empty files too', () => {
  const bad = parseJson('{\n  "a": 1,\n  "b": \n}', 'x.json');
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.error.line, 4);
    assert.match(bad.error.message, /line 4, column 1/);
  }
  const empty = parseJson('', 'x.json');
  assert.equal(empty.ok, false);
  if (!empty.ok) assert.match(empty.error.message, /the file is empty/);
  const bom = parseJson('\ufeff{"a":1}', 'x.json');
  assert.equal(bom.ok, true);
});

test('a role sees only its fields, privileges and actions', async () => {
  const registry = await shipped();
  const edit = registry.forms.get('case-edit');
  assert.ok(edit);
  const customer = edit.forRole('customer');
  const agent = edit.forRole('agent');
  assert.ok(customer && agent);
  const names = (f: typeof customer): string[] =>
    f.definition.sections.flatMap((s) => s.fields.map((x) => x.name));
  // ownerid is hidden for customers by access.json and absent, not just read-only: from the
  // sections, from the record header that shows it to agents, and from what is read.
  assert.ok(!names(customer).includes('ownerid'));
  assert.equal(customer.definition.header?.owner, undefined);
  assert.ok(!customer.readable.includes('ownerid'));
  assert.equal(agent.definition.header?.owner?.name, 'ownerid');
  assert.ok(agent.readable.includes('ownerid'));
  assert.deepEqual(
    customer.definition.actions.map((a) => a.id),
    ['save', 'cancel', 'reopen'],
  );
  assert.deepEqual(
    agent.definition.actions.map((a) => a.id),
    ['save', 'assign', 'resolve', 'cancel', 'reopen', 'delete'],
  );
  // customerid is the scope column (via): never writable, so not in values.
  assert.ok(!customer.writable.includes('customerid'));
  assert.ok(!customer.writable.includes('ticketnumber'));
  assert.ok(customer.writable.includes('title'));
  const title = customer.definition.sections.flatMap((s) => s.fields).find((f) => f.name === 'title');
  assert.equal(title?.required, true);
  assert.deepEqual(title?.label, { en: 'Subject', de: 'Betreff' });
  assert.deepEqual(customer.definition.locales, ['en', 'de']);
  const type = agent.definition.sections.flatMap((s) => s.fields).find((f) => f.name === 'casetypecode');
  assert.deepEqual(
    type?.options?.map((o) => o.value),
    [1, 2, 3],
  );
  assert.equal(type?.kind, 'choice');
});

test('layout: declared columns and spans, defaults by kind and length, spans clamped to the section', async () => {
  const registry = await shipped();
  const spans = (form: string, role: string): Record<string, [number | undefined, number | undefined]> =>
    Object.fromEntries(
      (registry.forms.get(form)?.forRole(role)?.definition.sections ?? []).flatMap((s) =>
        s.fields.map((f) => [f.name, [s.columns, f.span]]),
      ),
    );
  const create = spans('case-create', 'customer');
  // title declares span "full"; description is a textarea (whole row by default); choices one column.
  assert.deepEqual(create.title, [2, 2]);
  assert.deepEqual(create.description, [2, 2]);
  assert.deepEqual(create.casetypecode, [2, 1]);
  const agent = spans('contact-agent', 'agent');
  // Address: three columns, the street across them, ZIP and city narrow.
  assert.deepEqual(agent.address1_line1, [3, 3]);
  assert.deepEqual(agent.address1_postalcode, [3, 1]);
  // The notes section declares one column: its textarea takes that one.
  assert.deepEqual(agent.description, [1, 1]);
});

test('phone columns carry the lenient pattern to the definition and the values schema', async () => {
  const registry = await shipped();
  const profile = registry.forms.get('contact-profile')?.forRole('customer');
  assert.ok(profile);
  const phone = profile.definition.sections.flatMap((s) => s.fields).find((f) => f.name === 'telephone1');
  assert.ok(phone?.pattern);
  for (const bad of ['call me maybe', '12', '555-CALL-NOW'])
    assert.deepEqual(
      profile.validateUpdate({ telephone1: bad }).map((e) => [e.pointer, e.code]),
      [['/telephone1', 'PORTICO_VALIDATION_FORMAT']],
      bad,
    );
  for (const good of ['+1 555 0100', '(030) 123 45-67', '555.0100 x12', '+44/20/7946/0000', ''])
    assert.deepEqual(profile.validateUpdate({ telephone1: good }), [], good);
  // Text without a declared pattern stays free.
  assert.deepEqual(profile.validateUpdate({ jobtitle: 'call me maybe' }), []);
});

test('contact-profile: parentcustomerid read-only for customers; agents cannot use it at all', async () => {
  const registry = await shipped();
  const profile = registry.forms.get('contact-profile');
  const customer = profile?.forRole('customer');
  assert.ok(customer);
  const company = customer.definition.sections
    .flatMap((s) => s.fields)
    .find((f) => f.name === 'parentcustomerid');
  assert.equal(company?.readOnly, true);
  assert.ok(!customer.writable.includes('parentcustomerid'));
  assert.equal(registry.forms.get('case-create')?.forRole('nobody'), undefined);
  // view-only form: nothing writable, no save.
  const view = registry.forms.get('case-view')?.forRole('agent');
  assert.ok(view);
  assert.deepEqual(view.writable, []);
  assert.ok(view.definition.sections.every((s) => s.fields.every((f) => f.readOnly)));
});

test('list columns carry what the browser formats raw values with: kind, and labels per language for choices', async () => {
  const registry = await shipped();
  const mine = registry.lists.get('my-cases')?.forRole('customer');
  assert.ok(mine);
  const column = (name: string) => mine.definition.columns.find((c) => c.name === name);
  assert.deepEqual(
    column('prioritycode')?.options?.map((o) => [o.value, o.label.en, o.label.de]),
    [
      [1, 'High', 'Hoch'],
      [2, 'Normal', 'Normal'],
      [3, 'Low', 'Niedrig'],
    ],
  );
  assert.ok(column('statuscode')?.options?.some((o) => o.value === 1 && o.label.de === 'In Bearbeitung'));
  assert.equal(column('modifiedon')?.kind, 'datetime');
  // Text and dates have no options: nothing to translate.
  assert.equal(column('title')?.options, undefined);
  assert.equal(column('modifiedon')?.options, undefined);
});

test('lists per role: hidden columns dropped, createForm and row actions limited by privilege', async () => {
  const registry = await shipped();
  const contacts = registry.lists.get('account-contacts');
  const agent = contacts?.forRole('agent');
  assert.ok(agent);
  assert.equal(agent.definition.createForm, 'contact-agent');
  assert.deepEqual(
    agent.definition.rowActions.map((a) => a.id),
    ['open', 'assign', 'delete'],
  );
  assert.ok(agent.sortable.has('fullname'));
  assert.deepEqual(agent.search, ['fullname', 'emailaddress1', 'telephone1']);
  // The shipped agent lists name their roles; without `roles`, privileges alone decide what a
  // customer gets from the same files.
  const dir = await copySchemas();
  try {
    for (const file of [
      'lists/account-contacts.json',
      'lists/account-cases.json',
      'forms/contact-agent.json',
    ]) {
      const path = join(dir, file);
      const doc = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      delete doc['roles'];
      await writeFile(path, JSON.stringify(doc));
    }
    const result = await loadRegistry(dir);
    if (!result.ok) assert.fail(result.errors.map(formatConfigError).join('\n'));
    const open = result.registry;
    const customer = open.lists.get('account-contacts')?.forRole('customer');
    assert.ok(customer);
    assert.equal(customer.definition.createForm, undefined);
    // A customer may read (only) their own contact, so they may open it, but not delete it.
    assert.deepEqual(
      customer.definition.rowActions.map((a) => a.id),
      ['open'],
    );
    const cases = open.lists.get('account-cases')?.forRole('customer');
    assert.ok(cases);
    assert.ok(!cases.select.includes('ownerid'));
    assert.deepEqual(
      cases.definition.rowActions.map((a) => a.id),
      ['open', 'cancel', 'reopen'],
    );
    assert.equal(cases.filters.get('prioritycode')?.type, 'Picklist');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('roles on forms and lists: a role not listed gets neither the form nor the list', async () => {
  const registry = await shipped();
  for (const [kind, id, role] of [
    ['form', 'contact-agent', 'customer'],
    ['form', 'contact-profile', 'agent'],
    ['list', 'account-contacts', 'customer'],
    ['list', 'account-cases', 'customer'],
    ['list', 'my-cases', 'agent'],
  ] as const) {
    const compiled = kind === 'form' ? registry.forms.get(id) : registry.lists.get(id);
    assert.ok(compiled, id);
    assert.equal(compiled.forRole(role), undefined, `${role} must not get ${kind} ${id}`);
  }
  assert.ok(registry.forms.get('contact-agent')?.forRole('agent'));
  assert.ok(registry.forms.get('contact-profile')?.forRole('customer'));
  assert.ok(registry.lists.get('account-contacts')?.forRole('agent'));
  // Case forms carry no roles: both roles open them, within their privileges.
  for (const role of ['agent', 'customer']) {
    assert.ok(registry.forms.get('case-create')?.forRole(role), role);
    assert.ok(registry.forms.get('case-edit')?.forRole(role), role);
  }
  // A list's row actions and createForm only offer forms the role gets.
  assert.equal(registry.lists.get('my-cases')?.forRole('customer')?.definition.createForm, 'case-create');
  assert.equal(
    registry.lists.get('account-contacts')?.forRole('agent')?.definition.createForm,
    'contact-agent',
  );
});

test('server-side validation: required, requiredWhen, unknown fields, lookups, partial updates', async () => {
  const registry = await shipped();
  const create = registry.forms.get('case-create')?.forRole('customer');
  assert.ok(create);
  assert.deepEqual(create.validateCreate({ title: 'Printer jam' }), []);
  assert.deepEqual(
    create.validateCreate({}).map((e) => [e.pointer, e.code]),
    [['/title', 'PORTICO_VALIDATION_REQUIRED']],
  );
  assert.deepEqual(
    create.validateCreate({ title: 'x', casetypecode: 2 }).map((e) => [e.pointer, e.code]),
    [['/description', 'PORTICO_VALIDATION_REQUIRED']],
  );
  assert.deepEqual(
    create
      .validateCreate({
        title: 'x',
        customerid: { id: 'c0000000-0000-4000-8000-000000000002', type: 'contact' },
      })
      .map((e) => e.code),
    ['PORTICO_VALIDATION_UNKNOWN_FIELD'],
  );
  assert.deepEqual(
    create.validateCreate('nope').map((e) => e.code),
    ['PORTICO_VALIDATION_NOT_OBJECT'],
  );
  assert.deepEqual(
    create.validateCreate({ title: 'x'.repeat(201) }).map((e) => e.code),
    ['PORTICO_VALIDATION_TOO_LONG'],
  );
  // Update is partial, but a required field may not be emptied.
  assert.deepEqual(create.validateUpdate({ prioritycode: 1 }), []);
  assert.deepEqual(
    create.validateUpdate({ title: '' }).map((e) => e.code),
    ['PORTICO_VALIDATION_REQUIRED'],
  );
  assert.deepEqual(
    create.validateUpdate({ title: null }).map((e) => e.code),
    ['PORTICO_VALIDATION_REQUIRED'],
  );
  const edit = registry.forms.get('case-edit')?.forRole('agent');
  assert.ok(edit);
  assert.deepEqual(
    edit.validateUpdate({
      primarycontactid: { id: 'c0000000-0000-4000-8000-000000000001', type: 'contact' },
    }),
    [],
  );
  assert.deepEqual(
    edit
      .validateUpdate({ primarycontactid: { id: 'c0000000-0000-4000-8000-000000000001', type: 'account' } })
      .map((e) => [e.pointer, e.code]),
    [['/primarycontactid', 'PORTICO_VALIDATION_LOOKUP_TARGET']],
  );
  assert.deepEqual(
    edit.validateUpdate({ primarycontactid: { id: 'not-a-guid', type: 'contact' } }).map((e) => e.code),
    ['PORTICO_VALIDATION_FORMAT'],
  );
  // requiredWhen respects visibleWhen: contact-profile email is required only for "Email" as preferred method.
  const profile = registry.forms.get('contact-profile')?.forRole('customer');
  assert.ok(profile);
  assert.deepEqual(
    profile.validateUpdate({ preferredcontactmethodcode: 2, emailaddress1: '' }).map((e) => e.pointer),
    ['/emailaddress1'],
  );
  assert.deepEqual(profile.validateUpdate({ preferredcontactmethodcode: 3, emailaddress1: '' }), []);
  assert.deepEqual(
    profile.validateUpdate({ preferredcontactmethodcode: 3, telephone1: '' }).map((e) => e.pointer),
    ['/telephone1'],
  );
  assert.deepEqual(
    profile.validateUpdate({ emailaddress1: 'not an email' }).map((e) => e.code),
    ['PORTICO_VALIDATION_FORMAT'],
  );
  assert.deepEqual(profile.createSchema.additionalProperties, false);
});

test('loading the shipped schemas is fast enough for hot reload', async () => {
  const started = performance.now();
  for (let i = 0; i < 5; i += 1) assert.equal((await loadRegistry(DEFAULT_SCHEMAS_DIR)).ok, true);
  const each = (performance.now() - started) / 5;
  assert.ok(each < 500, `one load took ${each.toFixed(0)} ms`);
});

test('every error code is documented in schemas/README.md', async () => {
  const readme = await readFile(join(DEFAULT_SCHEMAS_DIR, 'README.md'), 'utf8');
  for (const code of Object.keys(CONFIG_ERROR_CODES))
    assert.ok(readme.includes(`\`${code}\``), `${code} is undocumented`);
});

test('loadRegistry refuses a non-path argument with a hint', async () => {
  await assert.rejects(loadRegistry(''), /dir must be a folder path.*DEFAULT_SCHEMAS_DIR/);
  await assert.rejects(loadRegistry(undefined as unknown as string), TypeError);
});

test('a condition on a column the role cannot see is dropped for that role only', async () => {
  const dir = await copySchemas();
  try {
    // contact-agent: make donotemail visible only when birthdate (hidden for agents) is set.
    const path = join(dir, 'forms', 'contact-agent.json');
    const form = JSON.parse(await readFile(path, 'utf8')) as {
      sections: Array<{ fields: Array<Record<string, unknown>> }>;
    };
    const donotemail = form.sections[1]?.fields.find((f) => f.field === 'donotemail');
    assert.ok(donotemail);
    donotemail.visibleWhen = { field: 'birthdate', empty: false };
    await writeFile(path, JSON.stringify(form));
    const result = await loadRegistry(dir);
    assert.equal(result.ok, true);
    if (!result.ok) return;
    const agent = result.registry.forms.get('contact-agent')?.forRole('agent');
    const field = agent?.definition.sections.flatMap((s) => s.fields).find((f) => f.name === 'donotemail');
    assert.ok(field);
    assert.equal(field.visibleWhen, undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('case actions carry the precondition on the state they apply to, where the widget can see statecode', async () => {
  const registry = await shipped();
  const rows = registry.lists.get('account-cases')?.forRole('agent')?.definition.rowActions ?? [];
  const when = Object.fromEntries(rows.map((a) => [a.id, a.when]));
  assert.deepEqual(when.resolve, { field: 'statecode', equals: 0 });
  assert.deepEqual(when.cancel, { field: 'statecode', equals: 0 });
  assert.deepEqual(when.reopen, { field: 'statecode', notEquals: 0 });
  assert.deepEqual(when.assign, { field: 'statecode', equals: 0 });
  assert.equal(when.open, undefined);
  // Contacts have no case state: no condition at all.
  const contactRows = registry.lists.get('account-contacts')?.forRole('agent')?.definition.rowActions ?? [];
  assert.ok(contactRows.every((a) => a.when === undefined));
});

test("row actions ask in the form's words; cards and host links reach the list definition", async () => {
  const registry = await shipped();
  const cases = registry.lists.get('account-cases')?.forRole('agent')?.definition;
  assert.ok(cases);
  const cancel = cases.rowActions.find((a) => a.id === 'cancel');
  assert.deepEqual(cancel?.label, { en: 'Cancel case', de: 'Fall abbrechen' });
  assert.equal(cancel?.confirm?.en, 'Cancel this case? You can reopen it later.');
  assert.equal(cases.rowActions.find((a) => a.id === 'delete')?.label.en, 'Delete case');
  // The list's own label wins over the form's.
  assert.equal(cases.rowActions.find((a) => a.id === 'open')?.label.en, 'Open');
  assert.deepEqual(cases.card, {
    title: 'title',
    badge: 'statecode',
    fields: ['ticketnumber', 'ownerid', 'modifiedon'],
  });
  // A customer does not see the owner: the card drops it with the column.
  const customer = registry.lists.get('my-cases')?.forRole('customer')?.definition;
  assert.deepEqual(customer?.card.fields, ['ticketnumber', 'prioritycode', 'modifiedon']);
  assert.equal(customer?.links, undefined);

  const dir = await copySchemas();
  try {
    const path = join(dir, 'lists/my-cases.json');
    const doc = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    delete doc['card'];
    doc['links'] = { record: '/cases/{id}', create: '/cases/new' };
    await writeFile(path, JSON.stringify(doc));
    const result = await loadRegistry(dir);
    if (!result.ok) assert.fail(result.errors.map(formatConfigError).join('\n'));
    const mine = result.registry.lists.get('my-cases')?.forRole('customer')?.definition;
    assert.deepEqual(mine?.links, { record: '/cases/{id}', create: '/cases/new' });
    // Default card: the first column, the first state column, then the next two columns.
    assert.deepEqual(mine?.card, {
      title: 'ticketnumber',
      badge: 'statecode',
      fields: ['title', 'prioritycode'],
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
