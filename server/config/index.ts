/**
 * Public API of the configuration loader: load, watch, and format errors. The server and the
 * `schemas:check` CLI use exactly this.
 */
import { loadConfig } from './load.js';
import type { ConfigError, Registry } from './types.js';

export { formatConfigError, CONFIG_ERROR_CODES } from './errors.js';
export { FIELD_ERROR_CODES } from './field-errors.js';
export { DEFAULT_SCHEMAS_DIR } from './meta.js';
export { watchRegistry } from './watch.js';
export type { RegistryWatcher, WatchOptions } from './watch.js';
export type * from './types.js';

/**
 * Loads, checks and compiles a configuration folder. Bad configuration resolves to
 * `{ ok: false, errors }` (every error at once); only a non-path argument rejects (TypeError).
 */
export function loadRegistry(
  dir: string,
): Promise<{ ok: true; registry: Registry } | { ok: false; errors: ConfigError[] }> {
  if (typeof dir !== 'string' || dir === '')
    return Promise.reject(
      new TypeError(
        `loadRegistry: dir must be a folder path, got ${JSON.stringify(dir)}; hint: pass DEFAULT_SCHEMAS_DIR for the shipped configuration`,
      ),
    );
  return loadConfig(dir, 1);
}
