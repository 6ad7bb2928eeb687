/**
 * Loading a configuration folder: read every file, check it against its meta-schema, cross-check
 * the references between files (`check/`, one module per kind of file), and only then compile. Every problem in every file is collected;
 * nothing is thrown for bad configuration. Files that fail their meta-schema are not cross-checked
 * (that would only repeat the same mistake), but other files still are.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { crossCheck } from './check/index.js';
import type { Loaded } from './check/index.js';
import { compileRegistry } from './compile.js';
import type { CheckedConfig } from './compile.js';
import { configError, sortErrors } from './errors.js';
import type { AccessFile } from './generated/access-file.js';
import type { EntitySchemaFile } from './generated/entity-file.js';
import type { FormFile } from './generated/form-file.js';
import type { ListFile } from './generated/list-file.js';
import { readJsonFile } from './json.js';
import { readLanguages } from './languages.js';
import { validateMeta } from './meta.js';
import type { MetaKind } from './meta.js';
import type { ConfigError, Registry } from './types.js';

export type LoadResult = { ok: true; registry: Registry } | { ok: false; errors: ConfigError[] };

async function listJson(
  dir: string,
  sub: string,
  suffix: string,
  errors: ConfigError[],
  required: boolean,
): Promise<string[]> {
  try {
    const names = await readdir(join(dir, sub));
    const out: string[] = [];
    for (const name of names.sort()) {
      if (name.startsWith('.') || name.endsWith('~')) continue; // editor swap and backup files
      if (!name.endsWith('.json')) continue;
      if (!name.endsWith(suffix)) {
        errors.push(
          configError(
            'PORTICO_CONFIG_UNEXPECTED_FILE',
            `${sub}/${name}`,
            '',
            `file name must end with ${suffix}; expected ${sub}/<name>${suffix}`,
            `${name.slice(0, -'.json'.length)}${suffix}`,
          ),
        );
        continue;
      }
      out.push(name);
    }
    return out;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return [];
    errors.push(
      configError(
        code === 'ENOENT' ? 'PORTICO_CONFIG_MISSING_FILE' : 'PORTICO_CONFIG_UNREADABLE',
        `${sub}/`,
        '',
        code === 'ENOENT'
          ? `folder ${sub}/ is missing; expected it beside access.json`
          : `cannot read folder (${code ?? 'error'})`,
      ),
    );
    return [];
  }
}

async function readAll<T>(
  dir: string,
  sub: string,
  suffix: string,
  kind: MetaKind,
  errors: ConfigError[],
  files: string[],
  required = false,
): Promise<Array<Loaded<T>>> {
  const out: Array<Loaded<T>> = [];
  for (const name of await listJson(dir, sub, suffix, errors, required)) {
    const file = `${sub}/${name}`;
    files.push(file);
    const res = await readJsonFile(join(dir, file), file);
    if (!res.ok) {
      errors.push(res.error);
      continue;
    }
    const metaErrors = validateMeta(kind, file, res.doc.value);
    errors.push(...metaErrors);
    out.push({
      file,
      stem: name.slice(0, -suffix.length),
      raw: res.doc.value as T,
      doc: res.doc,
      valid: metaErrors.length === 0,
    });
  }
  return out;
}

export async function loadConfig(dirInput: string, version: number): Promise<LoadResult> {
  const dir = resolve(dirInput);
  const errors: ConfigError[] = [];
  const files: string[] = [];
  try {
    if (!(await stat(dir)).isDirectory())
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      errors: [
        configError(
          'PORTICO_CONFIG_MISSING_FILE',
          '.',
          '',
          `configuration folder ${dir} ${code === 'ENOTDIR' ? 'is not a folder' : 'does not exist'}; expected a folder with access.json, entities/, forms/ and lists/`,
        ),
      ],
    };
  }

  const entities = await readAll<EntitySchemaFile>(
    dir,
    'entities',
    '.schema.json',
    'entity',
    errors,
    files,
    true,
  );
  const forms = await readAll<FormFile>(dir, 'forms', '.json', 'form', errors, files);
  const lists = await readAll<ListFile>(dir, 'lists', '.json', 'list', errors, files);
  let access: Loaded<AccessFile> | undefined;
  {
    const res = await readJsonFile(join(dir, 'access.json'), 'access.json');
    if (!res.ok) {
      errors.push(
        res.error.code === 'PORTICO_CONFIG_MISSING_FILE'
          ? { ...res.error, message: 'access.json is missing; expected the roles and their permissions' }
          : res.error,
      );
    } else {
      files.push('access.json');
      const metaErrors = validateMeta('access', 'access.json', res.doc.value);
      errors.push(...metaErrors);
      access = {
        file: 'access.json',
        stem: 'access',
        raw: res.doc.value as AccessFile,
        doc: res.doc,
        valid: metaErrors.length === 0,
      };
    }
  }

  const warnings: ConfigError[] = [];
  const languages = await readLanguages(dir, errors, warnings, files);

  crossCheck(entities, forms, lists, access, errors);

  const docs = languages.docs;
  for (const l of [...entities, ...forms, ...lists, ...(access ? [access] : [])]) docs.set(l.file, l.doc);
  const locate = (list: ConfigError[]): ConfigError[] =>
    sortErrors(
      list.map((e) => {
        if (e.line !== undefined) return e;
        const at = docs.get(e.file)?.locate(e.pointer);
        return at ? { ...e, line: at.line, column: at.column } : e;
      }),
    );
  if (errors.length > 0) return { ok: false, errors: locate(errors) };

  const config: CheckedConfig = {
    dir,
    files: files.sort(),
    entities: entities.map((e) => ({ file: e.file, raw: e.raw })),
    forms: forms.map((f) => ({ file: f.file, raw: f.raw })),
    lists: lists.map((l) => ({ file: l.file, raw: l.raw })),
    access: (access as Loaded<AccessFile>).raw,
    languages: languages.languages,
    // A missing message has no place in the file to point at: the key names it.
    warnings: sortErrors(warnings),
  };
  return { ok: true, registry: compileRegistry(config, version) };
}

export { toCondition } from './compile.js';
