/**
 * schemas:pull and schemas:drift against the demo emulator: pulling reproduces the shipped entity
 * schemas, keeps an admin's edits, and drift reports exactly what differs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { DEFAULT_SCHEMAS_DIR } from '../config/index.js';
import { startEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';
import { UpstreamClient } from '../dataverse/client.js';
import { assembleServer } from '../stack/index.js';
import { checkDrift, main as driftMain, readEntitySchemas, startupDriftCheck } from './drift.js';
import { MetadataError, readEntityMetadata } from './metadata.js';
import { main as pullMain, pullEntities } from './pull.js';
import { EXCLUDE_KEYWORD, columnSchema } from './schema.js';
import { sink } from '../testing/output-sink.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- schema JSON is read freely in tests

const shipped = (entity: string): Json =>
  JSON.parse(readFileSync(join(DEFAULT_SCHEMAS_DIR, 'entities', `${entity}.schema.json`), 'utf8')) as Json;
const read = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

/** A copy of the shipped schemas directory's entities. */
function copyOfShipped(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-pull-'));
  cpSync(join(DEFAULT_SCHEMAS_DIR, 'entities'), join(dir, 'entities'), { recursive: true });
  return dir;
}

/** Drops every non-English label: what a first pull from an English-only organisation cannot know. */
function englishOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(englishOnly);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (/^(label|trueLabel|falseLabel)$/.test(k) && v && typeof v === 'object')
      out[k] = { en: (v as Json).en };
    else out[k] = englishOnly(v);
  }
  return out;
}

let emulator: Emulator;
let client: UpstreamClient;
before(async () => {
  emulator = await startEmulator({ db: ':memory:', seed: 'demo' });
  client = new UpstreamClient({ baseUrl: emulator.url });
});
after(async () => {
  client.close();
  await emulator.close();
});

describe('schemas:pull', () => {
  it('pulling into a copy of the shipped schemas reproduces them exactly (nothing to write)', async () => {
    const dir = copyOfShipped();
    const results = await pullEntities({ client, entities: ['contact', 'incident'], dir });
    for (const r of results) {
      assert.equal(r.changed, false, `${r.entity} changed`);
      assert.deepEqual(r.newColumns, []);
      assert.deepEqual(read(r.file), shipped(r.entity));
    }
  });

  it('a first pull of the shipped columns equals the shipped schemas apart from admin edits (German labels, title, description)', async () => {
    for (const entity of ['contact', 'incident']) {
      const dir = mkdtempSync(join(tmpdir(), 'portico-pull-'));
      const expected = shipped(entity);
      const [r] = await pullEntities({
        client,
        entities: [entity],
        dir,
        columns: Object.keys(expected.properties),
      });
      const pulled = read(r!.file);
      assert.equal(r!.updated, false);
      for (const k of ['title', 'description']) {
        delete pulled[k];
        delete expected[k];
      }
      // An admin decision: Dynamics lets a create set ticketnumber (IsValidForUpdate only is false),
      // the shipped schema makes it read-only because Dynamics generates it.
      if (entity === 'incident') delete expected.properties.ticketnumber.readOnly;
      assert.deepEqual(englishOnly(pulled), englishOnly(expected), entity);
    }
  });

  it('a first pull without --columns takes every supported column and lists system columns as excluded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-pull-'));
    const [r] = await pullEntities({ client, entities: ['incident'], dir });
    const schema = read(r!.file);
    assert.ok('title' in schema.properties && 'customerid' in schema.properties);
    assert.ok(schema[EXCLUDE_KEYWORD].includes('modifiedby'));
    assert.ok(!('modifiedby' in schema.properties));
    assert.equal(schema.properties.customerid['x-dataverse'].targets.contact, 'customerid_contact');
  });

  it('a first pull with --columns always keeps the primary key and name, and excludes neither', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-pull-'));
    const [r] = await pullEntities({ client, entities: ['contact'], dir, columns: ['emailaddress1'] });
    const schema = read(r!.file);
    assert.deepEqual(Object.keys(schema.properties).sort(), ['contactid', 'emailaddress1', 'fullname']);
    for (const c of ['contactid', 'fullname']) assert.ok(!schema[EXCLUDE_KEYWORD].includes(c), c);
    assert.ok(schema[EXCLUDE_KEYWORD].includes('lastname'));
  });

  it('writes only the string formats the entity meta-schema knows; others are plain text', () => {
    const col = (formatName: string) =>
      columnSchema({
        name: 'yomifirstname',
        type: 'String',
        requiredLevel: 'None',
        label: { en: 'Yomi First Name' },
        isPrimaryId: false,
        validForCreate: true,
        validForUpdate: true,
        maxLength: 150,
        formatName,
      });
    const format = (f: string) => (col(f)['x-dataverse'] as { format?: string }).format;
    assert.equal(format('Phone'), 'Phone');
    for (const f of ['PhoneticGuide', 'TickerSymbol', 'Json', 'RichText', 'Text'])
      assert.equal(format(f), undefined, f);
  });

  it('a column of a type the config loader does not accept is refused by name, never written', async () => {
    const dir = copyOfShipped();
    const before = readFileSync(join(dir, 'entities', 'incident.schema.json'), 'utf8');
    await assert.rejects(
      pullEntities({ client, entities: ['incident'], dir, add: ['versionnumber'] }),
      /Column 'versionnumber' has the type BigInt, which Portico does not map to JSON/,
    );
    assert.equal(readFileSync(join(dir, 'entities', 'incident.schema.json'), 'utf8'), before);
  });

  it('a failing metadata request stops the pull; it is never read as "no such columns"', async () => {
    const dir = copyOfShipped();
    const file = join(dir, 'entities', 'contact.schema.json');
    const before = readFileSync(file, 'utf8');
    emulator.faults.inject({
      match: { path: /MoneyAttributeMetadata/ },
      times: 10,
      respond: { status: 500 },
    });
    try {
      await assert.rejects(
        pullEntities({ client, entities: ['contact'], dir }),
        /Dynamics answered 500 to GET .*MoneyAttributeMetadata/,
      );
    } finally {
      emulator.faults.clear();
    }
    assert.equal(readFileSync(file, 'utf8'), before, 'nothing written');
  });

  it('keeps admin edits: labels in every language, extra keywords, descriptions, exclusions; restores Dynamics facts', async () => {
    const dir = copyOfShipped();
    const file = join(dir, 'entities', 'incident.schema.json');
    const edited = read(file);
    edited.properties.title['x-dataverse'].label = { en: 'Subject', de: 'Betreff', fr: 'Objet' };
    edited.properties.title.maxLength = 10; // a Dynamics fact: pull restores 200
    edited.properties.title.pattern = '^\\S';
    edited.properties.title['x-dataverse'].description = 'Shown as the case headline.';
    edited.properties.casetypecode['x-dataverse'].options[0].label.de = 'Rückfrage';
    delete edited.properties.description;
    edited[EXCLUDE_KEYWORD].push('description');
    writeFileSync(file, JSON.stringify(edited));
    const [r] = await pullEntities({ client, entities: ['incident'], dir });
    const after = read(file);
    assert.equal(r!.changed, true);
    assert.equal(after.properties.title.maxLength, 200);
    assert.deepEqual(after.properties.title['x-dataverse'].label, {
      en: 'Subject',
      de: 'Betreff',
      fr: 'Objet',
    });
    assert.equal(after.properties.title.pattern, '^\\S');
    assert.equal(after.properties.title['x-dataverse'].description, 'Shown as the case headline.');
    assert.equal(after.properties.casetypecode['x-dataverse'].options[0].label.de, 'Rückfrage');
    assert.ok(!('description' in after.properties), 'excluded column stays out');
    assert.ok(after[EXCLUDE_KEYWORD].includes('description'));
  });

  it('--add takes a column back from the exclusions; --exclude-new records new ones', async () => {
    const dir = copyOfShipped();
    const [added] = await pullEntities({ client, entities: ['contact'], dir, add: ['address1_composite'] });
    const schema = read(added!.file);
    assert.deepEqual(added!.added, ['address1_composite']);
    assert.equal(schema.properties.address1_composite.readOnly, true);
    assert.ok(!schema[EXCLUDE_KEYWORD].includes('address1_composite'));
    // Forget an exclusion: the column is reported as new, then recorded with --exclude-new.
    schema[EXCLUDE_KEYWORD] = schema[EXCLUDE_KEYWORD].filter((c: string) => c !== 'modifiedby');
    writeFileSync(added!.file, JSON.stringify(schema));
    const [reported] = await pullEntities({ client, entities: ['contact'], dir, dryRun: true });
    assert.deepEqual(reported!.newColumns, ['modifiedby']);
    const [recorded] = await pullEntities({ client, entities: ['contact'], dir, excludeNew: true });
    assert.deepEqual(recorded!.newColumns, []);
    assert.ok(read(recorded!.file)[EXCLUDE_KEYWORD].includes('modifiedby'));
  });

  it('refuses unknown tables and columns, bad names, and never overwrites a file that is not valid JSON', async () => {
    await assert.rejects(readEntityMetadata(client, 'new_project'), (e: unknown) => {
      assert.ok(e instanceof MetadataError);
      assert.equal(e.code, 'PORTICO_CONNECT_ENTITY_NOT_FOUND');
      return true;
    });
    await assert.rejects(readEntityMetadata(client, "contact')/x"), /not a table logical name/);
    const dir = copyOfShipped();
    await assert.rejects(
      pullEntities({ client, entities: ['contact'], dir, add: ['nosuchcolumn'] }),
      /no column 'nosuchcolumn' on contact/,
    );
    const file = join(dir, 'entities', 'contact.schema.json');
    writeFileSync(file, '{ "half": ');
    await assert.rejects(pullEntities({ client, entities: ['contact'], dir }), /is not valid JSON/);
    assert.equal(readFileSync(file, 'utf8'), '{ "half": ');
  });

  it('the command line pulls with the DATAVERSE_* settings and says what is wrong otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-pull-'));
    const env = { DATAVERSE_URL: emulator.url };
    const first = sink();
    assert.equal(await pullMain(['--entity', 'contact', '--dir', dir], env, first.io), 0);
    assert.match(first.text.out, /^contact: created .*contact\.schema\.json\n {2}added: contactid, /);
    assert.ok(read(join(dir, 'entities', 'contact.schema.json')).properties.lastname);
    const again = sink();
    assert.equal(await pullMain(['--entity', 'contact', '--dir', dir], env, again.io), 0);
    assert.match(again.text.out, /^contact: unchanged /);
    const usage = sink();
    assert.equal(await pullMain(['--dir', dir], env, usage.io), 2, 'no --entity');
    assert.match(usage.text.err, /Name at least one table with --entity/);
    const unknown = sink();
    assert.equal(await pullMain(['--entity', 'contact', '--colums', 'x'], env, unknown.io), 2, 'a typo');
    assert.match(unknown.text.err, /Unknown option '--colums'[\s\S]*Usage: npm run schemas:pull/);
    assert.equal(unknown.text.out, '', 'nothing pulled');
    const help = sink();
    assert.equal(await pullMain(['--help'], {}, help.io), 0);
    assert.match(help.text.out, /^Usage: npm run schemas:pull/);
    const settings = sink();
    assert.equal(await pullMain(['--entity', 'contact'], {}, settings.io), 2, 'no DATAVERSE_URL');
    assert.match(settings.text.err, /DATAVERSE_URL is not set/);
    const missing = sink();
    assert.equal(await pullMain(['--entity', 'nosuchtable', '--dir', dir], env, missing.io), 1);
    assert.match(missing.text.err, /no table with the logical name 'nosuchtable'/);
  });
});

describe('schemas:drift', () => {
  it('the shipped schemas match the emulator', async () => {
    const reports = await checkDrift(client, DEFAULT_SCHEMAS_DIR);
    assert.deepEqual(
      reports.map((r) => [r.entity, r.added, r.removed, r.changed]),
      [
        ['contact', [], [], []],
        ['incident', [], [], []],
      ],
    );
    const clean = sink();
    assert.equal(
      await driftMain(['--dir', DEFAULT_SCHEMAS_DIR], { DATAVERSE_URL: emulator.url }, clean.io),
      0,
    );
    assert.equal(clean.text.out, 'contact: matches Dynamics\nincident: matches Dynamics\n');
  });

  it('reports added, removed and changed columns and option values; exit code 1', async () => {
    const dir = copyOfShipped();
    const file = join(dir, 'entities', 'incident.schema.json');
    const s = read(file);
    s[EXCLUDE_KEYWORD] = s[EXCLUDE_KEYWORD].filter((c: string) => c !== 'modifiedby');
    s.properties.new_region = {
      type: 'string',
      maxLength: 10,
      'x-dataverse': { type: 'String', requiredLevel: 'None', label: { en: 'Region' } },
    };
    s.properties.title.maxLength = 150;
    s.properties.casetypecode.enum = [1, 2];
    s.properties.casetypecode['x-dataverse'].options.pop();
    s.properties.caseorigincode['x-dataverse'].options.push({ value: 9, label: { en: 'Fax' } });
    s.properties.caseorigincode.enum.push(9);
    s.properties.customerid['x-dataverse'].requiredLevel = 'None';
    writeFileSync(file, JSON.stringify(s));
    const [report] = await checkDrift(client, dir, ['incident']);
    assert.deepEqual(report!.added, ['modifiedby']);
    assert.deepEqual(report!.removed, ['new_region']);
    const changed = Object.fromEntries(report!.changed.map((c) => [c.column, c.changes]));
    assert.deepEqual(changed, {
      title: ['maxLength 150 → 200'],
      casetypecode: ['option values added: 3'],
      caseorigincode: ['option values removed: 9'],
      customerid: ['requiredLevel "None" → "SystemRequired"'],
    });
    const stray = sink();
    assert.equal(await driftMain(['--dir', dir, 'incident'], { DATAVERSE_URL: emulator.url }, stray.io), 2);
    assert.match(stray.text.err, /Unexpected argument 'incident'[\s\S]*Usage: npm run schemas:drift/);
    const help = sink();
    assert.equal(await driftMain(['--help'], {}, help.io), 0);
    assert.match(help.text.out, /^Usage: npm run schemas:drift/);
    const drift = sink();
    assert.equal(await driftMain(['--dir', dir], { DATAVERSE_URL: emulator.url }, drift.io), 1);
    assert.match(
      drift.text.out,
      /incident:\n {2}\+ modifiedby .*\n {2}- new_region .*\n {2}~ title: maxLength 150 → 200/,
    );
  });

  it('the server logs drift at start and keeps running; the check can be turned off', async () => {
    const dir = copyOfShipped();
    cpSync(join(DEFAULT_SCHEMAS_DIR), dir, { recursive: true, filter: (src) => !src.includes('entities') });
    const file = join(dir, 'entities', 'contact.schema.json');
    const s = read(file);
    s.properties.firstname.maxLength = 40;
    writeFileSync(file, JSON.stringify(s));
    const lines: Json[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(JSON.parse(chunk.toString()) as Json);
          done();
        },
      }),
    );
    await startupDriftCheck(client, readEntitySchemas(dir), logger);
    const warning = lines.find((l) => l.entity === 'contact');
    assert.ok(warning, JSON.stringify(lines));
    assert.deepEqual(warning.changed, [{ column: 'firstname', changes: ['maxLength 40 → 50'] }]);
    const base = {
      jwtSecret: 'x'.repeat(32),
      jwtIssuer: 'https://site.test',
      jwtAudience: 'portico',
      dataverseUrl: emulator.url,
      logger: false as const,
      auditLog: join(dir, 'audit.log'),
    };
    const server = await assembleServer({ ...base, schemasDir: dir });
    assert.ok(server.schemaDrift, 'drift check runs by default');
    await server.schemaDrift;
    await server.close();
    const quiet = await assembleServer({ ...base, schemasDir: dir, schemaDriftCheck: false });
    assert.equal(quiet.schemaDrift, undefined);
    await quiet.close();
  });
});
