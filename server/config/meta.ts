/**
 * Checks each file against its meta-schema (schemas/meta/*.schema.json, always the copy shipped
 * with the server, so a configuration folder cannot loosen its own rules) and turns Ajv's errors
 * into ConfigErrors an admin can act on: file, JSON pointer, what was expected, and for an unknown
 * property or enum value the closest valid one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { didYouMean } from '../shared/did-you-mean.js';
import { configError, pointerSegment } from './errors.js';
import type { ConfigError } from './types.js';

export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas', import.meta.url));

export const META_KINDS = ['entity', 'form', 'list', 'access'] as const;
export type MetaKind = (typeof META_KINDS)[number];

let validators: Map<MetaKind, ValidateFunction> | undefined;

function metaValidators(): Map<MetaKind, ValidateFunction> {
  if (validators) return validators;
  // allErrors: an admin wants every mistake at once. Inputs are the admin's own files, capped at
  // 1 MiB each, so the cost Ajv's security notes warn about for untrusted input does not arise.
  // verbose: errors carry their parentSchema, from which did-you-mean takes the allowed names.
  const ajv = createAjv({ allErrors: true, verbose: true });
  const map = new Map<MetaKind, ValidateFunction>();
  for (const kind of META_KINDS) {
    const schema = JSON.parse(readFileSync(join(DEFAULT_SCHEMAS_DIR, 'meta', `${kind}.schema.json`), 'utf8'));
    map.set(kind, ajv.compile(schema as object));
  }
  validators = map;
  return map;
}

const PATTERN_WORDS: Record<string, string> = {
  '^[a-z][a-z0-9-]{0,63}$':
    'an id of lowercase letters, digits and hyphens, starting with a letter (at most 64)',
  '^[a-z][a-z0-9_]{0,99}$':
    'a column logical name: lowercase letters, digits and underscores, starting with a letter',
  '^[a-z][a-z0-9_]{0,63}$':
    'a logical name: lowercase letters, digits and underscores, starting with a letter',
  '^(?!en$)[a-z]{2}(-[A-Z]{2})?$': 'a locale code such as de or fr-CA',
  '^(/|https://)': 'a path starting with / or an https:// URL',
  '^/(?![/\\\\])[^\\s{}]*\\{id\\}[^\\s{}]*$':
    'a path on the host site starting with a single / and containing {id} once, such as /cases/{id}',
  '^/(?![/\\\\])[^\\s{}]*$': 'a path on the host site starting with a single /, such as /cases/new',
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$':
    'a GUID such as e0000000-0000-4000-8000-000000000001',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function valueAt(root: unknown, ptr: string): unknown {
  if (ptr === '') return root;
  let node: unknown = root;
  for (const raw of ptr.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function translate(error: ErrorObject, file: string, data: unknown): ConfigError | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  switch (error.keyword) {
    case 'if':
    case 'allOf':
      return undefined; // the failing branch reports its own error
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((parent?.properties as object | undefined) ?? {});
      const expected =
        allowed.length > 0
          ? `expected one of: ${allowed.join(', ')}`
          : 'expected only locale codes such as en, de or fr-CA';
      return configError(
        'PORTICO_CONFIG_UNKNOWN_PROPERTY',
        file,
        `${at}/${pointerSegment(name)}`,
        `unknown property "${name}"; ${expected}`,
        didYouMean(name, allowed),
      );
    }
    case 'required':
      return configError(
        'PORTICO_CONFIG_MISSING_PROPERTY',
        file,
        at,
        `missing required property "${String(params.missingProperty)}"`,
      );
    case 'type':
      return configError(
        'PORTICO_CONFIG_WRONG_TYPE',
        file,
        at,
        `expected ${String(params.type).replace(/,/g, ' or ')}, found ${describe(valueAt(data, at))}`,
      );
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const value = valueAt(data, at);
      return configError(
        'PORTICO_CONFIG_INVALID_VALUE',
        file,
        at,
        `${describe(value)} is not allowed; expected one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        typeof value === 'string' ? didYouMean(value, allowed.map(String)) : undefined,
      );
    }
    case 'const':
      return configError(
        'PORTICO_CONFIG_INVALID_VALUE',
        file,
        at,
        `${describe(valueAt(data, at))} is not allowed; expected ${JSON.stringify(params.allowedValue)}`,
      );
    case 'pattern': {
      const pattern = String(params.pattern);
      return configError(
        'PORTICO_CONFIG_INVALID_VALUE',
        file,
        at,
        `${describe(valueAt(data, at))} is not valid; expected ${PATTERN_WORDS[pattern] ?? `a value matching ${pattern}`}`,
      );
    }
    case 'propertyNames':
      return undefined; // reported by the nested pattern error with its propertyName
    default:
      return configError(
        'PORTICO_CONFIG_INVALID_VALUE',
        file,
        at,
        `${describe(valueAt(data, at))} is not allowed: it ${error.message ?? 'is invalid'}`,
      );
  }
}

/** Ajv reports a bad property *name* (propertyNames) with the name in params; point at it. */
function propertyNameError(error: ErrorObject, file: string): ConfigError | undefined {
  const name = (error as { propertyName?: string }).propertyName;
  if (name === undefined || error.keyword !== 'pattern') return undefined;
  const pattern = String((error.params as { pattern?: string }).pattern);
  return configError(
    'PORTICO_CONFIG_INVALID_VALUE',
    file,
    `${error.instancePath}/${pointerSegment(name)}`,
    `invalid name "${name}"; expected ${PATTERN_WORDS[pattern] ?? `a name matching ${pattern}`}`,
  );
}

export function validateMeta(kind: MetaKind, file: string, data: unknown): ConfigError[] {
  const validate = metaValidators().get(kind);
  if (!validate) throw new Error(`no meta-schema for ${kind}`);
  if (validate(data)) return [];
  const out: ConfigError[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const translated = propertyNameError(error, file) ?? translate(error, file, data);
    if (!translated) continue;
    const key = `${translated.pointer}\u0000${translated.code}\u0000${translated.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(translated);
  }
  return out;
}
