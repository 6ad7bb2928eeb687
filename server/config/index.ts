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

/** Loads, checks and compiles a configuration folder; never throws for bad configuration. */
export function loadRegistry(
  dir: string,
): Promise<{ ok: true; registry: Registry } | { ok: false; errors: ConfigError[] }> {
  return loadConfig(dir, 1);
}
