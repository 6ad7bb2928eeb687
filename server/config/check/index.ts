/**
 * The checks across files that a meta-schema cannot make, one module per kind of file. They run
 * in a fixed order (entities, forms, lists, access, then the roles forms and lists name), so the
 * errors come out in the same order for the same files; files that failed their meta-schema are
 * skipped (that would only repeat the same mistake), but what refers to them is still checked.
 */
import { configError } from '../errors.js';
import type { AccessFile } from '../generated/access-file.js';
import type { EntitySchemaFile } from '../generated/entity-file.js';
import type { FormFile } from '../generated/form-file.js';
import type { ListFile } from '../generated/list-file.js';
import type { ConfigError } from '../types.js';
import { checkAccess, checkRolesNamed } from './access.js';
import { checkContext } from './context.js';
import type { Loaded, Report } from './context.js';
import { checkEntities } from './entities.js';
import { checkForms } from './forms.js';
import { checkLists } from './lists.js';

export type { Loaded } from './context.js';

export function crossCheck(
  entities: Array<Loaded<EntitySchemaFile>>,
  forms: Array<Loaded<FormFile>>,
  lists: Array<Loaded<ListFile>>,
  access: Loaded<AccessFile> | undefined,
  errors: ConfigError[],
): void {
  const err: Report = (code, file, pointer, message, suggestion) => {
    errors.push(configError(code, file, pointer, message, suggestion));
  };
  const ctx = checkContext(err, checkEntities(entities, err));
  checkForms(ctx, forms);
  checkLists(ctx, lists, forms);
  if (access?.valid) {
    checkAccess(ctx, access.raw);
    checkRolesNamed(ctx, access.raw, [...forms, ...lists]);
  }
}
