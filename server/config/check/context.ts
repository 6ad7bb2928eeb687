/**
 * What every cross-file check shares: the loaded files, the error collector, and the look-ups of
 * entities and columns that report an unknown name with a did-you-mean. Each look-up reports its
 * own miss, so a checker only decides what to do next (usually: skip what depends on it).
 */
import { didYouMean } from '../../shared/did-you-mean.js';
import type { ConfigErrorCode } from '../errors.js';
import type { ColumnSchema, EntitySchemaFile } from '../generated/entity-file.js';
import type { JsonDocument } from '../json.js';

/** One configuration file as read: `valid` is false when it failed its meta-schema. */
export interface Loaded<T> {
  file: string;
  stem: string;
  raw: T;
  doc: JsonDocument;
  valid: boolean;
}

/** Collects one error; the loader turns it into a ConfigError with its line and column. */
export type Report = (
  code: ConfigErrorCode,
  file: string,
  pointer: string,
  message: string,
  suggestion?: string,
) => void;

/** Actions and privileges that exist only for incident (Case). */
export const INCIDENT_ONLY = new Set(['resolve', 'cancel', 'reopen', 'readNotes', 'addNotes']);

export interface CheckContext {
  err: Report;
  /** The columns of an entity whose schema passed its meta-schema; undefined otherwise. */
  columnsOf(entity: string): Record<string, ColumnSchema> | undefined;
  /** False, and reported, when no entity schema has this name. */
  checkEntityRef(file: string, pointer: string, entity: string): boolean;
  /**
   * The column, or undefined: reported when the entity is valid and lacks it, silent when the
   * entity itself is unknown or invalid (that is reported once, where it is named).
   */
  checkColumn(file: string, pointer: string, entity: string, column: string): ColumnSchema | undefined;
  /** Reports a form's or list's `id` that differs from its file name (which is how it is addressed). */
  checkIdMatchesFile(file: string, id: string, stem: string): void;
}

/** `entityByName`: every entity file by its file name, valid or not (see checkEntities). */
export function checkContext(
  err: Report,
  entityByName: ReadonlyMap<string, Loaded<EntitySchemaFile>>,
): CheckContext {
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
  const checkIdMatchesFile = (file: string, id: string, stem: string): void => {
    if (id !== stem)
      err(
        'PORTICO_CONFIG_ID_MISMATCH',
        file,
        '/id',
        `id "${id}" differs from the file name; expected "${stem}"`,
        stem,
      );
  };
  return { err, columnsOf, checkEntityRef, checkColumn, checkIdMatchesFile };
}
