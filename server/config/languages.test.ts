import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SCHEMAS_DIR, formatConfigError, loadRegistry } from './index.js';
import { MAX_LANGUAGE_FILE_BYTES } from './languages.js';
import { WIDGET_MESSAGES } from './generated/widget-messages.js';
import { copySchemas } from '../testing/schema-copies.js';

test('the shipped German translates every widget message and loads without a warning', async () => {
  const result = await loadRegistry(DEFAULT_SCHEMAS_DIR);
  if (!result.ok) assert.fail(result.errors.map(formatConfigError).join('\n'));
  const de = result.registry.languages.get('de');
  assert.ok(de, 'languages/de.json was not loaded');
  assert.deepEqual(Object.keys(de.messages).sort(), Object.keys(WIDGET_MESSAGES).sort());
  assert.equal(de.messages.save, 'Speichern');
  assert.deepEqual(JSON.parse(de.json), { ...de.messages });
  assert.deepEqual(result.registry.warnings, []);
  assert.ok(result.registry.files.includes('languages/de.json'));
});

test('a language file larger than the limit is refused unread, naming its size and the limit', async () => {
  const dir = await copySchemas();
  try {
    const big = JSON.stringify({ save: 'x'.repeat(MAX_LANGUAGE_FILE_BYTES) });
    await writeFile(join(dir, 'languages', 'fr.json'), big);
    const result = await loadRegistry(dir);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(
      result.errors.map((e) => [e.code, e.file, e.message]),
      [
        [
          'PORTICO_CONFIG_FILE_TOO_LARGE',
          'languages/fr.json',
          `file is ${big.length} bytes; expected at most ${MAX_LANGUAGE_FILE_BYTES} bytes`,
        ],
      ],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a half-translated language loads: its messages are kept and each missing one is a warning', async () => {
  const dir = await copySchemas();
  try {
    await writeFile(
      join(dir, 'languages', 'fr.json'),
      JSON.stringify({ save: 'Enregistrer', cancel: 'Annuler' }),
    );
    const result = await loadRegistry(dir);
    if (!result.ok) assert.fail(result.errors.map(formatConfigError).join('\n'));
    const fr = result.registry.languages.get('fr');
    assert.deepEqual({ ...fr?.messages }, { save: 'Enregistrer', cancel: 'Annuler' });
    const missing = result.registry.warnings.filter((w) => w.file === 'languages/fr.json');
    assert.equal(missing.length, Object.keys(WIDGET_MESSAGES).length - 2);
    assert.ok(missing.every((w) => w.code === 'PORTICO_CONFIG_MISSING_MESSAGE'));
    assert.ok(missing.some((w) => w.pointer === '/noMatch'));
    assert.ok(!missing.some((w) => w.pointer === '/save'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('no folder of languages is fine: the widgets then speak English only', async () => {
  const dir = await copySchemas();
  try {
    await rm(join(dir, 'languages'), { recursive: true });
    const result = await loadRegistry(dir);
    if (!result.ok) assert.fail(result.errors.map(formatConfigError).join('\n'));
    assert.equal(result.registry.languages.size, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
