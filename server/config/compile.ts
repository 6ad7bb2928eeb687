/**
 * Compiles checked configuration into the Registry of types.ts. Per-role views of forms and lists
 * are built on first use and cached for the life of this registry version (a reload makes a new
 * registry), so loading stays fast and hot reload stays well under a second. The steps live in
 * `compile/`: entities, roles, forms per role, lists per role, and the preconditions of actions.
 */
import type { AccessFile } from './generated/access-file.js';
import type { EntitySchemaFile } from './generated/entity-file.js';
import type { FormFile } from './generated/form-file.js';
import type { ListFile } from './generated/list-file.js';
import type { ConfigError, LanguageFile, Registry } from './types.js';
import { compileContext } from './compile/context.js';
import { compileEntities } from './compile/entities.js';
import { compileForms } from './compile/forms.js';
import { compileLists } from './compile/lists.js';
import { compileRoles } from './compile/roles.js';

export { CHOICE_TYPES, LOOKUP_TYPES, TEXT_TYPES, columnInfo, kindOf } from './compile/columns.js';
export { conditionFields, toCondition } from './compile/conditions.js';

export interface CheckedConfig {
  dir: string;
  files: string[];
  entities: Array<{ file: string; raw: EntitySchemaFile }>;
  forms: Array<{ file: string; raw: FormFile }>;
  lists: Array<{ file: string; raw: ListFile }>;
  access: AccessFile;
  languages: ReadonlyMap<string, LanguageFile>;
  warnings: readonly ConfigError[];
}

export function compileRegistry(config: CheckedConfig, version: number): Registry {
  const { entities, booleans } = compileEntities(config.entities, config.forms);
  const roles = compileRoles(config.access, entities);
  const ctx = compileContext(entities, booleans, roles);
  const forms = compileForms(ctx, config.forms);
  const lists = compileLists(ctx, config.lists, forms);
  return {
    version,
    loadedAt: new Date(),
    dir: config.dir,
    entities,
    forms,
    lists,
    roles,
    permission: ctx.permission,
    files: config.files,
    languages: config.languages,
    warnings: config.warnings,
  };
}
