/**
 * Loading a configuration folder: read every file, check it against its meta-schema, cross-check
 * the references between files, and only then compile. Every problem in every file is collected;
 * nothing is thrown for bad configuration. Files that fail their meta-schema are not cross-checked
 * (that would only repeat the same mistake), but other files still are.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createAjv } from './ajv.js';
import { compileRegistry, toCondition, CHOICE_TYPES, LOOKUP_TYPES, TEXT_TYPES } from './compile.js';
import type { CheckedConfig } from './compile.js';
import { didYouMean } from '../shared/did-you-mean.js';
import { configError, pointer as ptr, sortErrors } from './errors.js';
import type { ConfigErrorCode } from './errors.js';
import type { AccessFile } from './generated/access-file.js';
import type { EntitySchemaFile, ColumnSchema } from './generated/entity-file.js';
import type { FormCondition, FormFile } from './generated/form-file.js';
import type { ListFile } from './generated/list-file.js';
import { readJsonFile } from './json.js';
import type { JsonDocument } from './json.js';
import { validateMeta } from './meta.js';
import type { MetaKind } from './meta.js';
import type { ConfigError, Registry } from './types.js';

export type LoadResult = { ok: true; registry: Registry } | { ok: false; errors: ConfigError[] };

interface Loaded<T> {
  file: string;
  stem: string;
  raw: T;
  doc: JsonDocument;
  valid: boolean;
}

const INCIDENT_ONLY = new Set(['resolve', 'cancel', 'reopen']);

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

  crossCheck(entities, forms, lists, access, errors);

  if (errors.length > 0) {
    const docs = new Map<string, JsonDocument>();
    for (const l of [...entities, ...forms, ...lists, ...(access ? [access] : [])]) docs.set(l.file, l.doc);
    const located = errors.map((e) => {
      if (e.line !== undefined) return e;
      const at = docs.get(e.file)?.locate(e.pointer);
      return at ? { ...e, line: at.line, column: at.column } : e;
    });
    return { ok: false, errors: sortErrors(located) };
  }

  const config: CheckedConfig = {
    dir,
    files: files.sort(),
    entities: entities.map((e) => ({ file: e.file, raw: e.raw })),
    forms: forms.map((f) => ({ file: f.file, raw: f.raw })),
    lists: lists.map((l) => ({ file: l.file, raw: l.raw })),
    access: (access as Loaded<AccessFile>).raw,
  };
  return { ok: true, registry: compileRegistry(config, version) };
}

function crossCheck(
  entities: Array<Loaded<EntitySchemaFile>>,
  forms: Array<Loaded<FormFile>>,
  lists: Array<Loaded<ListFile>>,
  access: Loaded<AccessFile> | undefined,
  errors: ConfigError[],
): void {
  const err = (
    code: ConfigErrorCode,
    file: string,
    pointer: string,
    message: string,
    suggestion?: string,
  ): void => {
    errors.push(configError(code, file, pointer, message, suggestion));
  };

  // ---- entities
  const entityByName = new Map<string, Loaded<EntitySchemaFile>>();
  const ids = new Map<string, string>();
  for (const e of entities) {
    if (!e.valid) {
      // Still known by file name, so other files' references to it are not reported twice.
      entityByName.set(e.stem, e);
      continue;
    }
    const dv = e.raw['x-dataverse'];
    if (dv.logicalName !== e.stem)
      err(
        'PORTICO_CONFIG_ID_MISMATCH',
        e.file,
        '/x-dataverse/logicalName',
        `logical name "${dv.logicalName}" differs from the file name; expected "${e.stem}" (or rename the file to entities/${dv.logicalName}.schema.json)`,
        e.stem,
      );
    if (entityByName.has(dv.logicalName) && dv.logicalName !== e.stem)
      err(
        'PORTICO_CONFIG_DUPLICATE_ID',
        e.file,
        '/x-dataverse/logicalName',
        `entity "${dv.logicalName}" is already defined by entities/${dv.logicalName}.schema.json`,
      );
    entityByName.set(e.stem, e);
    const previous = ids.get(e.raw.$id);
    if (previous)
      err(
        'PORTICO_CONFIG_DUPLICATE_ID',
        e.file,
        '/$id',
        `$id "${e.raw.$id}" is already used by ${previous}; expected a unique $id`,
      );
    ids.set(e.raw.$id, e.file);
    checkEntity(e, err);
  }

  const columnsOf = (entity: string): Record<string, ColumnSchema> | undefined => {
    const e = entityByName.get(entity);
    return e && e.valid ? e.raw.properties : undefined;
  };
  const checkEntityRef = (file: string, pointer: string, entity: string): boolean => {
    if (entityByName.has(entity)) return true;
    err(
      'PORTICO_CONFIG_UNKNOWN_ENTITY',
      file,
      pointer,
      `no entity schema "${entity}"; expected one of: ${[...entityByName.keys()].join(', ')}`,
      didYouMean(entity, entityByName.keys()),
    );
    return false;
  };
  const checkColumn = (
    file: string,
    pointer: string,
    entity: string,
    column: string,
  ): ColumnSchema | undefined => {
    const cols = columnsOf(entity);
    if (!cols) return undefined;
    const col = cols[column];
    if (col) return col;
    err(
      'PORTICO_CONFIG_UNKNOWN_COLUMN',
      file,
      pointer,
      `entity "${entity}" has no column "${column}"; expected one of its ${Object.keys(cols).length} columns (see entities/${entity}.schema.json)`,
      didYouMean(column, Object.keys(cols)),
    );
    return undefined;
  };

  // ---- forms
  const formById = new Map<string, Loaded<FormFile>>();
  for (const f of forms) formById.set(f.stem, f);
  for (const f of forms) {
    if (!f.valid) continue;
    const form = f.raw;
    if (form.id !== f.stem)
      err(
        'PORTICO_CONFIG_ID_MISMATCH',
        f.file,
        '/id',
        `id "${form.id}" differs from the file name; expected "${f.stem}"`,
        f.stem,
      );
    if (!checkEntityRef(f.file, '/entity', form.entity)) continue;
    const cols = columnsOf(form.entity);
    const onForm = new Map<string, ColumnSchema>();
    const sectionIds = new Set<string>();
    form.sections.forEach((section, si) => {
      if (sectionIds.has(section.id))
        err(
          'PORTICO_CONFIG_DUPLICATE_ID',
          f.file,
          ptr('sections', si, 'id'),
          `section id "${section.id}" is used twice; expected unique section ids`,
        );
      sectionIds.add(section.id);
      section.fields.forEach((field, fi) => {
        const at = ptr('sections', si, 'fields', fi);
        const col = checkColumn(f.file, `${at}/field`, form.entity, field.field);
        if (onForm.has(field.field))
          err(
            'PORTICO_CONFIG_DUPLICATE_FIELD',
            f.file,
            `${at}/field`,
            `column "${field.field}" is already on this form; expected each column once`,
          );
        if (col) onForm.set(field.field, col);
      });
    });
    if (!cols) continue;
    const modes = new Set(form.modes);
    const stateColumns = new Map(
      Object.entries(cols).filter(([, col]) => !LOOKUP_TYPES.has(col['x-dataverse'].type)),
    );
    form.sections.forEach((section, si) => {
      section.fields.forEach((field, fi) => {
        const at = ptr('sections', si, 'fields', fi);
        const col = cols[field.field];
        if (!col) return;
        const type = col['x-dataverse'].type;
        if (field.required === true && (field.readOnly === true || col.readOnly === true))
          err(
            'PORTICO_CONFIG_REQUIRED_READ_ONLY',
            f.file,
            `${at}/required`,
            `"${field.field}" is ${col.readOnly ? 'a read-only column' : 'marked readOnly'} and cannot also be required; expected one of required or readOnly`,
          );
        const hint = field.widget ?? field.display;
        if (hint === 'radios' || hint === 'select') {
          if (!CHOICE_TYPES.has(type))
            err(
              'PORTICO_CONFIG_WIDGET_NOT_APPLICABLE',
              f.file,
              `${at}/${field.widget ? 'widget' : 'display'}`,
              `"${hint}" needs a choice column, but "${field.field}" is ${type}; expected text or textarea, or remove it`,
            );
        } else if (hint === 'textarea' && !TEXT_TYPES.has(type)) {
          err(
            'PORTICO_CONFIG_WIDGET_NOT_APPLICABLE',
            f.file,
            `${at}/widget`,
            `"textarea" needs a text column, but "${field.field}" is ${type}`,
          );
        }
        if (field.widget && field.display && field.widget !== field.display)
          err(
            'PORTICO_CONFIG_WIDGET_NOT_APPLICABLE',
            f.file,
            `${at}/display`,
            `display "${field.display}" contradicts widget "${field.widget}"; expected only one of them`,
          );
        for (const key of ['visibleWhen', 'requiredWhen'] as const) {
          const cond = field[key];
          if (cond) checkCondition(f.file, `${at}/${key}`, cond, onForm);
        }
      });
    });
    const actionIds = new Set<string>();
    (form.actions ?? []).forEach((a, ai) => {
      const at = ptr('actions', ai, 'id');
      if (actionIds.has(a.id))
        err('PORTICO_CONFIG_DUPLICATE_ID', f.file, at, `action "${a.id}" is listed twice`);
      actionIds.add(a.id);
      if (INCIDENT_ONLY.has(a.id) && form.entity !== 'incident')
        err(
          'PORTICO_CONFIG_ACTION_NOT_APPLICABLE',
          f.file,
          at,
          `"${a.id}" applies only to incident (Case) forms; this form is for ${form.entity}; expected save, delete or assign`,
        );
      else if (a.id === 'save' && !modes.has('create') && !modes.has('edit'))
        err(
          'PORTICO_CONFIG_ACTION_NOT_APPLICABLE',
          f.file,
          at,
          `"save" needs mode create or edit; this form's modes are ${form.modes.join(', ')}`,
        );
      else if (a.id !== 'save' && !modes.has('edit') && !modes.has('view'))
        err(
          'PORTICO_CONFIG_ACTION_NOT_APPLICABLE',
          f.file,
          at,
          `"${a.id}" acts on an existing record and needs mode edit or view; this form's modes are ${form.modes.join(', ')}`,
        );
      // A precondition tests the record as stored, so any column of the entity will do, except
      // lookups: the version token carries plain values only.
      if (a.when)
        checkCondition(
          f.file,
          ptr('actions', ai, 'when'),
          a.when,
          stateColumns,
          'a non-lookup column of this entity',
        );
    });
  }

  /** `onForm`: the columns the condition may test; `where` names them in the message. */
  function checkCondition(
    file: string,
    at: string,
    c: FormCondition,
    onForm: Map<string, ColumnSchema>,
    where = 'on this form',
  ): void {
    const ops = (['equals', 'notEquals', 'in', 'empty', 'all', 'any', 'not'] as const).filter((k) => k in c);
    if (ops.length !== 1) {
      err(
        'PORTICO_CONFIG_INVALID_CONDITION',
        file,
        at,
        ops.length === 0
          ? 'condition has no operator; expected exactly one of equals, notEquals, in, empty, all, any, not'
          : `condition has ${ops.join(' and ')}; expected exactly one operator (combine with all/any)`,
      );
      return;
    }
    const op = ops[0] as (typeof ops)[number];
    if (op === 'all' || op === 'any') {
      (c[op] ?? []).forEach((sub, i) => checkCondition(file, `${at}/${op}/${i}`, sub, onForm, where));
      if (c.field !== undefined)
        err(
          'PORTICO_CONFIG_INVALID_CONDITION',
          file,
          `${at}/field`,
          `"field" is not used with "${op}"; expected it inside each sub-condition`,
        );
      return;
    }
    if (op === 'not') {
      if (c.not) checkCondition(file, `${at}/not`, c.not, onForm, where);
      return;
    }
    if (c.field === undefined) {
      err('PORTICO_CONFIG_INVALID_CONDITION', file, at, `"${op}" needs "field": the column it tests`);
      return;
    }
    const col = onForm.get(c.field);
    if (!col) {
      err(
        'PORTICO_CONFIG_CONDITION_FIELD_NOT_ON_FORM',
        file,
        `${at}/field`,
        `condition tests "${c.field}", which is not ${where}; expected one of: ${[...onForm.keys()].join(', ')}`,
        didYouMean(c.field, onForm.keys()),
      );
      return;
    }
    if (op === 'empty') return;
    const values = op === 'in' ? (c.in ?? []) : [op === 'equals' ? c.equals : c.notEquals];
    const dv = col['x-dataverse'];
    values.forEach((v, i) => {
      const vAt = op === 'in' ? `${at}/in/${i}` : `${at}/${op}`;
      if (v === null) return;
      if (CHOICE_TYPES.has(dv.type)) {
        if (typeof v !== 'number')
          err(
            'PORTICO_CONFIG_CONDITION_VALUE_TYPE',
            file,
            vAt,
            `"${c.field}" is a choice column; expected an option value (a number), found ${JSON.stringify(v)}`,
          );
        else if (!(dv.options ?? []).some((o) => o.value === v))
          err(
            'PORTICO_CONFIG_UNKNOWN_OPTION',
            file,
            vAt,
            `${v} is not an option of "${c.field}"; expected one of: ${(dv.options ?? []).map((o) => `${o.value} (${o.label.en})`).join(', ')}`,
          );
      } else {
        const expected =
          dv.type === 'Boolean'
            ? 'boolean'
            : ['Integer', 'Decimal', 'Money'].includes(dv.type)
              ? 'number'
              : LOOKUP_TYPES.has(dv.type)
                ? 'none'
                : 'string';
        if (expected === 'none')
          err(
            'PORTICO_CONFIG_CONDITION_VALUE_TYPE',
            file,
            vAt,
            `"${c.field}" is a lookup; expected the "empty" operator`,
          );
        else if (typeof v !== expected)
          err(
            'PORTICO_CONFIG_CONDITION_VALUE_TYPE',
            file,
            vAt,
            `"${c.field}" is ${dv.type}; expected a ${expected}, found ${JSON.stringify(v)}`,
          );
      }
    });
  }

  // ---- lists
  for (const l of lists) {
    if (!l.valid) continue;
    const list = l.raw;
    if (list.id !== l.stem)
      err(
        'PORTICO_CONFIG_ID_MISMATCH',
        l.file,
        '/id',
        `id "${list.id}" differs from the file name; expected "${l.stem}"`,
        l.stem,
      );
    if (!checkEntityRef(l.file, '/entity', list.entity)) continue;
    const inList = new Set<string>();
    list.columns.forEach((c, i) => {
      checkColumn(l.file, ptr('columns', i, 'field'), list.entity, c.field);
      if (inList.has(c.field))
        err(
          'PORTICO_CONFIG_DUPLICATE_ID',
          l.file,
          ptr('columns', i, 'field'),
          `column "${c.field}" is listed twice`,
        );
      inList.add(c.field);
    });
    const cols = columnsOf(list.entity);
    const mustBeInList = (at: string, name: string, what: string): boolean => {
      if (!checkColumn(l.file, at, list.entity, name)) return false;
      if (inList.has(name)) return true;
      err(
        'PORTICO_CONFIG_NOT_IN_LIST',
        l.file,
        at,
        `${what} "${name}" is not one of this list's columns; expected one of: ${[...inList].join(', ')} (or add it to columns)`,
        didYouMean(name, inList),
      );
      return false;
    };
    mustBeInList('/defaultSort/field', list.defaultSort.field, 'default sort column');
    (list.sortable ?? []).forEach((s, i) => mustBeInList(ptr('sortable', i), s, 'sortable column'));
    (list.search ?? []).forEach((s, i) => {
      if (!mustBeInList(ptr('search', i), s, 'search column') || !cols) return;
      const type = cols[s]?.['x-dataverse'].type ?? '';
      if (!TEXT_TYPES.has(type))
        err(
          'PORTICO_CONFIG_NOT_SEARCHABLE',
          l.file,
          ptr('search', i),
          `"${s}" is ${type}; free-text search needs a String or Memo column`,
        );
    });
    (list.filters ?? []).forEach((f, i) => {
      const col = checkColumn(l.file, ptr('filters', i, 'field'), list.entity, f.field);
      if (!col) return;
      const type = col['x-dataverse'].type;
      if (!CHOICE_TYPES.has(type) && type !== 'Boolean')
        err(
          'PORTICO_CONFIG_NOT_FILTERABLE',
          l.file,
          ptr('filters', i, 'field'),
          `"${f.field}" is ${type}; filters need a choice (Picklist, State, Status) or Boolean column`,
        );
    });
    const checkFormRef = (at: string, id: string, need: 'create' | 'record', action?: string): void => {
      const target = formById.get(id);
      if (!target) {
        err(
          'PORTICO_CONFIG_UNKNOWN_FORM',
          l.file,
          at,
          `no form "${id}" in forms/; expected one of: ${[...formById.keys()].join(', ')}`,
          didYouMean(id, formById.keys()),
        );
        return;
      }
      if (!target.valid) return;
      if (target.raw.entity !== list.entity) {
        err(
          'PORTICO_CONFIG_FORM_ENTITY_MISMATCH',
          l.file,
          at,
          `form "${id}" is for ${target.raw.entity}, this list shows ${list.entity}; expected a ${list.entity} form`,
        );
        return;
      }
      const modes = new Set(target.raw.modes);
      if (need === 'create' && !modes.has('create'))
        err(
          'PORTICO_CONFIG_FORM_MODE_MISMATCH',
          l.file,
          at,
          `form "${id}" has no create mode; expected a form whose modes include "create"`,
        );
      if (need === 'record' && !modes.has('edit') && !modes.has('view'))
        err(
          'PORTICO_CONFIG_FORM_MODE_MISMATCH',
          l.file,
          at,
          `form "${id}" cannot show an existing record; expected a form whose modes include "edit" or "view"`,
        );
      if (action && !(target.raw.actions ?? []).some((a) => a.id === action))
        err(
          'PORTICO_CONFIG_ACTION_NOT_ON_FORM',
          l.file,
          at,
          `row action "${action}" runs through form "${id}", which does not offer it; expected "${action}" in that form's actions`,
        );
    };
    const rowIds = new Set<string>();
    (list.rowActions ?? []).forEach((a, i) => {
      if (rowIds.has(a.id))
        err(
          'PORTICO_CONFIG_DUPLICATE_ID',
          l.file,
          ptr('rowActions', i, 'id'),
          `row action "${a.id}" is listed twice`,
        );
      rowIds.add(a.id);
      if (INCIDENT_ONLY.has(a.id) && list.entity !== 'incident') {
        err(
          'PORTICO_CONFIG_ACTION_NOT_APPLICABLE',
          l.file,
          ptr('rowActions', i, 'id'),
          `"${a.id}" applies only to incident (Case) lists; this list shows ${list.entity}`,
        );
        return;
      }
      checkFormRef(ptr('rowActions', i, 'form'), a.form, 'record', a.id === 'open' ? undefined : a.id);
    });
    if (list.createForm !== undefined) checkFormRef('/createForm', list.createForm, 'create');
  }

  // ---- access
  if (access?.valid) {
    for (const [roleId, role] of Object.entries(access.raw.roles)) {
      const seen = new Set<string>();
      let assigns = false;
      role.permissions.forEach((p, i) => {
        const at = ptr('roles', roleId, 'permissions', i);
        if (!checkEntityRef('access.json', `${at}/entity`, p.entity)) return;
        if (seen.has(p.entity))
          err(
            'PORTICO_CONFIG_DUPLICATE_ID',
            'access.json',
            `${at}/entity`,
            `role "${roleId}" already has a permission for ${p.entity}; expected one permission per entity`,
          );
        seen.add(p.entity);
        if (p.privileges.includes('assign')) assigns = true;
        p.privileges.forEach((priv, k) => {
          if (INCIDENT_ONLY.has(priv) && p.entity !== 'incident')
            err(
              'PORTICO_CONFIG_PRIVILEGE_NOT_APPLICABLE',
              'access.json',
              `${at}/privileges/${k}`,
              `"${priv}" applies only to incident (Case); expected one of read, create, update, delete, assign for ${p.entity}`,
            );
        });
        if (p.scope === 'self' && p.entity !== 'contact')
          err(
            'PORTICO_CONFIG_SELF_SCOPE_NOT_CONTACT',
            'access.json',
            `${at}/scope`,
            `scope "self" means the user's own contact record and works only for entity contact; expected "contact" or "account" (with via) for ${p.entity}`,
          );
        const cols = columnsOf(p.entity);
        if (p.scope === 'contact' || p.scope === 'account') {
          if (p.via === undefined)
            err(
              'PORTICO_CONFIG_INVALID_VIA',
              'access.json',
              at,
              `scope "${p.scope}" needs "via": the lookup column that points at the user's ${p.scope}`,
            );
          else if (cols) {
            const col = checkColumn('access.json', `${at}/via`, p.entity, p.via);
            const targets = col?.['x-dataverse'].targets;
            if (col && (!LOOKUP_TYPES.has(col['x-dataverse'].type) || !targets || !(p.scope in targets)))
              err(
                'PORTICO_CONFIG_INVALID_VIA',
                'access.json',
                `${at}/via`,
                `"${p.via}" is not a lookup to ${p.scope}; expected a Lookup or Customer column that targets ${p.scope}`,
                didYouMean(
                  p.via,
                  Object.entries(cols)
                    .filter(
                      ([, c]) =>
                        p.scope in (c['x-dataverse'].targets ?? {}) && c['x-dataverse'].type !== 'Owner',
                    )
                    .map(([n]) => n),
                ),
              );
          }
        } else if (p.via !== undefined) {
          err(
            'PORTICO_CONFIG_INVALID_VIA',
            'access.json',
            `${at}/via`,
            `scope "${p.scope}" does not use "via"; expected no via (or scope contact/account)`,
          );
        }
        if (cols)
          for (const key of ['hidden', 'readOnly'] as const)
            (p.fields?.[key] ?? []).forEach((name, k) =>
              checkColumn('access.json', `${at}/fields/${key}/${k}`, p.entity, name),
            );
      });
      const owners = (role.assignTo?.teams?.length ?? 0) + (role.assignTo?.users?.length ?? 0);
      if (assigns && owners === 0)
        err(
          'PORTICO_CONFIG_ASSIGN_WITHOUT_OWNERS',
          'access.json',
          ptr('roles', roleId),
          `role "${roleId}" may assign but has no assignTo teams or users; expected at least one GUID in assignTo.teams or assignTo.users`,
        );
    }
    // ---- roles named by forms and lists: a misspelt role would silently hide the form from everyone.
    const roleIds = Object.keys(access.raw.roles);
    for (const d of [...forms, ...lists]) {
      if (!d.valid) continue;
      (d.raw.roles ?? []).forEach((r, i) => {
        if (!Object.hasOwn(access.raw.roles, r))
          err(
            'PORTICO_CONFIG_UNKNOWN_ROLE',
            d.file,
            ptr('roles', i),
            `no role "${r}" in access.json; expected one of: ${roleIds.join(', ')}`,
            didYouMean(r, roleIds),
          );
      });
    }
  }
}

let schemaAjv: ReturnType<typeof createAjv> | undefined;

function checkEntity(
  e: Loaded<EntitySchemaFile>,
  err: (code: ConfigErrorCode, file: string, pointer: string, message: string, suggestion?: string) => void,
): void {
  const raw = e.raw;
  const dv = raw['x-dataverse'];
  if (!(dv.primaryName in raw.properties))
    err(
      'PORTICO_CONFIG_UNKNOWN_COLUMN',
      e.file,
      '/x-dataverse/primaryName',
      `primary name "${dv.primaryName}" is not one of the properties`,
      didYouMean(dv.primaryName, Object.keys(raw.properties)),
    );
  for (const [name, col] of Object.entries(raw.properties)) {
    const at = ptr('properties', name);
    const facts = col['x-dataverse'];
    const type = facts.type;
    const jsonType = col.type;
    const expectJson: Record<string, string | undefined> = {
      String: 'string',
      Memo: 'string',
      DateTime: 'string',
      Uniqueidentifier: 'string',
      Integer: 'integer',
      Picklist: 'integer',
      State: 'integer',
      Status: 'integer',
      Decimal: 'number',
      Money: 'number',
      Boolean: 'boolean',
    };
    if (LOOKUP_TYPES.has(type)) {
      if (col.$ref === undefined)
        err(
          'PORTICO_CONFIG_TYPE_MISMATCH',
          e.file,
          at,
          `${type} column "${name}" must be a lookup object; expected "$ref": "#/$defs/lookup"`,
        );
      else if (!raw.$defs || !(col.$ref.slice('#/$defs/'.length) in raw.$defs))
        err(
          'PORTICO_CONFIG_TYPE_MISMATCH',
          e.file,
          `${at}/$ref`,
          `"${col.$ref}" does not exist in this file's $defs`,
        );
      if (
        type === 'Customer' &&
        facts.targets &&
        Object.keys(facts.targets).some((t) => t !== 'account' && t !== 'contact')
      )
        err(
          'PORTICO_CONFIG_TYPE_MISMATCH',
          e.file,
          `${at}/x-dataverse/targets`,
          'a Customer column targets only account and contact',
        );
    } else if (jsonType !== expectJson[type]) {
      err(
        'PORTICO_CONFIG_TYPE_MISMATCH',
        e.file,
        `${at}/type`,
        `Dataverse type ${type} needs JSON type "${expectJson[type]}", found ${jsonType === undefined ? 'none' : `"${jsonType}"`}`,
      );
    }
    if (TEXT_TYPES.has(type) && col.maxLength === undefined)
      err(
        'PORTICO_CONFIG_MISSING_MAX_LENGTH',
        e.file,
        at,
        `text column "${name}" has no maxLength; expected the column's MaxLength (e.g. 100), so input is bounded`,
      );
    if (type === 'DateTime' && col.format !== (facts.dateOnly ? 'date' : 'date-time'))
      err(
        'PORTICO_CONFIG_TYPE_MISMATCH',
        e.file,
        `${at}/format`,
        `DateTime column "${name}" needs format "${facts.dateOnly ? 'date' : 'date-time'}"${facts.dateOnly ? ' (dateOnly)' : ''}`,
      );
    if (facts.format === 'Email' && col.format !== 'email')
      err('PORTICO_CONFIG_TYPE_MISMATCH', e.file, `${at}/format`, `an Email column needs "format": "email"`);
    if (CHOICE_TYPES.has(type) && facts.options) {
      const values = facts.options.map((o) => o.value);
      const en: number[] = col.enum ?? [];
      const missing = values.filter((v) => !en.includes(v));
      const extra = en.filter((v) => !values.includes(v));
      if (missing.length > 0 || extra.length > 0)
        err(
          'PORTICO_CONFIG_OPTION_MISMATCH',
          e.file,
          `${at}/enum`,
          `enum must list exactly the option values ${JSON.stringify(values)}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; not an option: ${extra.join(', ')}` : ''}`,
        );
      const dup = values.find((v, i) => values.indexOf(v) !== i);
      if (dup !== undefined)
        err(
          'PORTICO_CONFIG_DUPLICATE_ID',
          e.file,
          `${at}/x-dataverse/options`,
          `option value ${dup} appears twice`,
        );
      if (typeof facts.default === 'number' && !values.includes(facts.default))
        err(
          'PORTICO_CONFIG_UNKNOWN_OPTION',
          e.file,
          `${at}/x-dataverse/default`,
          `default ${facts.default} is not an option; expected one of ${values.join(', ')}`,
        );
    }
    if (type === 'Status' && facts.options) {
      const stateCol = Object.values(raw.properties).find((c) => c['x-dataverse'].type === 'State');
      const states = (stateCol?.['x-dataverse'].options ?? []).map((o) => o.value);
      facts.options.forEach((o, i) => {
        if (o.state !== undefined && !states.includes(o.state))
          err(
            'PORTICO_CONFIG_UNKNOWN_OPTION',
            e.file,
            `${at}/x-dataverse/options/${i}/state`,
            `state ${o.state} is not an option of the State column; expected one of ${states.join(', ') || '(no State column)'}`,
          );
      });
    }
  }
  // The file must also be a valid JSON Schema in Ajv strict mode (unknown keywords, bad $ref, …).
  try {
    schemaAjv = createAjv();
    const copy = structuredClone(raw) as unknown as Record<string, unknown>;
    delete copy.$schema;
    schemaAjv.compile(copy);
  } catch (error) {
    err(
      'PORTICO_CONFIG_SCHEMA_COMPILE',
      e.file,
      '',
      `not a valid JSON Schema 2020-12: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export { toCondition };
