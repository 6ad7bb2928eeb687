import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { FieldError } from '../api/contract.js';
import { DEFAULT_SCHEMAS_DIR, loadRegistry } from './index.js';
import type { ColumnInfo, Registry, RoleForm } from './index.js';

type Validate = (values: unknown) => FieldError[];
interface BrowserModule {
  /** The raw Ajv validate function the widgets use (boolean + `.errors`). */
  default: ((values: unknown) => boolean) & { errors?: unknown[] | null };
  validateCreate: Validate;
  validateUpdate: Validate;
}

const loaded = await loadRegistry(DEFAULT_SCHEMAS_DIR);
if (!loaded.ok) throw new Error('shipped schemas do not load');
const registry: Registry = loaded.registry;
const tmp = await mkdtemp(join(tmpdir(), 'portico-validators-'));

async function importModule(form: RoleForm, name: string): Promise<BrowserModule> {
  const file = join(tmp, `${name}.mjs`);
  await writeFile(file, form.validatorModule);
  return (await import(pathToFileURL(file).href)) as BrowserModule;
}

const CASES: Array<[string, string]> = [
  ['case-create', 'customer'],
  ['case-edit', 'agent'],
  ['contact-profile', 'customer'],
  ['contact-agent', 'agent'],
];

const guid = fc.uuid();
const value = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 190, maxLength: 260 }),
  fc.emailAddress(),
  fc.constantFrom('2024-02-29', '2023-02-29', '1990-13-01', 'not-a-date', 'a@b', 'x@example.com'),
  fc.integer({ min: -2, max: 4000 }),
  fc.constantFrom(1, 2, 3, 4, 5, 2483, 3986),
  fc.boolean(),
  fc.double(),
  fc.record({ id: guid, type: fc.constantFrom('contact', 'account', 'team', 'systemuser') }),
  fc.record({ id: fc.string({ maxLength: 40 }), type: fc.string({ maxLength: 10 }) }),
  fc.record({ id: guid, type: fc.constant('contact'), extra: fc.string() }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** Values that fit a column, so that generated documents are often valid too. */
function fitting(col: ColumnInfo): fc.Arbitrary<unknown> {
  switch (col.type) {
    case 'Picklist':
    case 'State':
    case 'Status':
      return fc.constantFrom(...(col.options ?? []).map((o) => o.value));
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.constantFrom('2020-01-31', '1988-07-04');
    case 'Lookup':
    case 'Customer':
    case 'Owner':
      return fc.record({ id: guid, type: fc.constantFrom(...Object.keys(col.targets ?? {})) });
    default:
      return col.format === 'email'
        ? fc.constantFrom('ann@example.com', 'b.meyer@fabrikam.example')
        : fc.string({ minLength: 1, maxLength: Math.min(col.maxLength ?? 30, 30) });
  }
}

function documents(form: RoleForm, columns: ReadonlyMap<string, ColumnInfo>): fc.Arbitrary<unknown> {
  const keys = [...form.writable, ...form.readable, 'notafield', 'statecode'];
  const fit = Object.fromEntries(form.writable.map((n) => [n, fitting(columns.get(n) as ColumnInfo)]));
  return fc.oneof(
    { weight: 5, arbitrary: fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 8 }) },
    { weight: 5, arbitrary: fc.record(fit, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.array(fc.string())) },
  );
}

for (const [formId, role] of CASES) {
  test(`browser validator module of ${formId} (${role}) agrees with the server`, async () => {
    const form = registry.forms.get(formId)?.forRole(role);
    assert.ok(form, `${formId} for ${role}`);
    const source = form.validatorModule;
    assert.ok(!source.includes('require('), 'module calls require(');
    assert.ok(!source.includes('eval('), 'module calls eval(');
    assert.ok(!source.includes('new Function'), 'module uses new Function');
    assert.ok(source.length < 40_000, `module is ${source.length} bytes`);
    const mod = await importModule(form, `${formId}-${role}`);

    // Hand-written edge cases first: each must give the same answer on both sides.
    const edges: unknown[] = [
      {},
      null,
      [],
      'text',
      Object.fromEntries(form.writable.map((n) => [n, null])),
      Object.fromEntries(form.writable.map((n) => [n, ''])),
      { notafield: 1 },
      { title: 'x'.repeat(200) },
      { title: 'x'.repeat(201) },
      { title: '😀'.repeat(100) },
      { title: 'ok', casetypecode: 2, description: '' },
      { lastname: 'Meyer', emailaddress1: 'meyer@example.com', preferredcontactmethodcode: 2 },
      { lastname: 'Meyer', emailaddress1: '', preferredcontactmethodcode: 2 },
      { primarycontactid: { id: 'c0000000-0000-4000-8000-000000000001', type: 'account' } },
      { birthdate: '2023-02-29' },
    ];
    for (const doc of edges) {
      assert.deepEqual(mod.validateCreate(doc), form.validateCreate(doc), `create ${JSON.stringify(doc)}`);
      assert.equal(mod.default(doc), form.validateCreate(doc).length === 0, `raw ${JSON.stringify(doc)}`);
      assert.deepEqual(mod.validateUpdate(doc), form.validateUpdate(doc), `update ${JSON.stringify(doc)}`);
    }

    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(documents(form, registry.forms.get(formId)!.entity.columns), (doc) => {
        const server = form.validateCreate(doc);
        assert.deepEqual(mod.validateCreate(doc), server);
        assert.equal(mod.default(doc), server.length === 0);
        assert.deepEqual(mod.validateUpdate(doc), form.validateUpdate(doc));
        if (server.length === 0) accepted += 1;
        else rejected += 1;
      }),
      { numRuns: 300, seed: 20240601 },
    );
    // The generator must exercise both outcomes, or the comparison proves little.
    assert.ok(rejected > 0, 'no generated document was rejected');
    assert.ok(accepted > 0, 'no generated document was accepted');
  });
}

test('a valid document is accepted by both sides and an invalid one names the field', async () => {
  const form = registry.forms.get('case-create')?.forRole('customer');
  assert.ok(form);
  const mod = await importModule(form, 'case-create-check');
  assert.deepEqual(mod.validateCreate({ title: 'Printer jam', prioritycode: 1 }), []);
  assert.equal(mod.default({ prioritycode: 9 }), false);
  assert.ok((mod.default.errors ?? []).length > 0, 'the raw validator reports Ajv errors');
  assert.deepEqual(mod.validateCreate({ prioritycode: 9 }), [
    { pointer: '/title', code: 'PORTICO_VALIDATION_REQUIRED', message: 'This field is required.' },
    {
      pointer: '/prioritycode',
      code: 'PORTICO_VALIDATION_OPTION',
      message: 'Choose one of the offered options.',
    },
  ]);
});

test('validator modules are cached: the same form and role returns the same text quickly', () => {
  const form = registry.forms.get('contact-agent')?.forRole('agent');
  assert.ok(form);
  const first = form.validatorModule;
  const started = performance.now();
  assert.equal(form.validatorModule, first);
  assert.ok(performance.now() - started < 5);
});

test.after(async () => {
  await rm(tmp, { recursive: true, force: true });
});
