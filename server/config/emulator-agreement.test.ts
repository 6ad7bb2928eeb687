/**
 * The entity schemas in schemas/entities and the local Dataverse emulator's metadata describe the
 * same standard Dynamics 365 v9 columns; this keeps them from drifting apart. Portico's schemas
 * hold a subset of columns, so every Portico column must exist in the emulator with the same type,
 * required level, max length, English label, option values/labels and lookup targets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTITIES } from '../emulator/metadata/entities.js';
import type { AttributeDef, EntityDef, OptionDef } from '../emulator/metadata/types.js';
import { DEFAULT_SCHEMAS_DIR, loadRegistry } from './index.js';

const loaded = await loadRegistry(DEFAULT_SCHEMAS_DIR);
if (!loaded.ok) throw new Error('shipped schemas do not load');
const registry = loaded.registry;

for (const entity of registry.entities.values()) {
  test(`entities/${entity.logicalName}.schema.json agrees with the emulator's metadata`, () => {
    const def: EntityDef | undefined = ENTITIES.find((e) => e.logicalName === entity.logicalName);
    assert.ok(def, `emulator has no ${entity.logicalName}`);
    assert.equal(entity.entitySet, def.entitySetName);
    assert.equal(entity.primaryKey, def.primaryIdAttribute);
    assert.equal(entity.primaryName, def.primaryNameAttribute);
    for (const col of entity.columns.values()) {
      const attr: AttributeDef | undefined = def.attributes.find(
        (a: AttributeDef) => a.logicalName === col.name,
      );
      assert.ok(attr, `emulator has no ${entity.logicalName}.${col.name}`);
      const where = `${entity.logicalName}.${col.name}`;
      assert.equal(col.type, attr.type, `${where} type`);
      assert.equal(col.requiredLevel, attr.requiredLevel, `${where} requiredLevel`);
      assert.equal(col.label.en, attr.displayName, `${where} label`);
      if (col.type === 'String' || col.type === 'Memo')
        assert.equal(col.maxLength, attr.maxLength, `${where} maxLength`);
      if (col.options) {
        assert.deepEqual(
          col.options.map((o) => [o.value, o.label.en, o.state]),
          (attr.options ?? []).map((o: OptionDef) => [o.value, o.label, o.state]),
          `${where} options`,
        );
      }
      if (col.targets) assert.deepEqual(col.targets, attr.targets, `${where} targets`);
    }
  });
}
