/** Entities as the registry holds them, from the checked entity files. */
import type { EntitySchemaFile } from '../generated/entity-file.js';
import type { FormFile } from '../generated/form-file.js';
import type { ColumnInfo, EntityInfo } from '../types.js';
import { columnInfo, DEFAULT_BOOLEAN_LABELS } from './columns.js';
import type { BooleanLabels } from './columns.js';
import { stateColumnsOf } from './preconditions.js';

/** Every entity by logical name, and the yes/no labels of its Boolean columns (`entity.column`). */
export function compileEntities(
  entityFiles: ReadonlyArray<{ raw: EntitySchemaFile }>,
  forms: ReadonlyArray<{ raw: FormFile }>,
): { entities: Map<string, EntityInfo>; booleans: Map<string, BooleanLabels> } {
  const entities = new Map<string, EntityInfo>();
  const booleans = new Map<string, BooleanLabels>();
  for (const { raw } of entityFiles) {
    const dv = raw['x-dataverse'];
    const columns = new Map<string, ColumnInfo>();
    for (const [name, prop] of Object.entries(raw.properties)) {
      columns.set(name, columnInfo(name, prop));
      const facts = prop['x-dataverse'];
      if (facts.type === 'Boolean')
        booleans.set(`${dv.logicalName}.${name}`, {
          true: facts.trueLabel ?? DEFAULT_BOOLEAN_LABELS.true,
          false: facts.falseLabel ?? DEFAULT_BOOLEAN_LABELS.false,
        });
    }
    entities.set(dv.logicalName, {
      logicalName: dv.logicalName,
      entitySet: dv.entitySet,
      primaryKey: dv.primaryKey,
      primaryName: dv.primaryName,
      label: dv.label,
      columns,
      schema: Object.freeze(structuredClone(raw) as unknown as Record<string, unknown>),
      stateColumns: stateColumnsOf(dv.logicalName, columns, forms),
    });
  }
  return { entities, booleans };
}
