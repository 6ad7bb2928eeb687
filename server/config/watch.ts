/**
 * Hot reload: watch a configuration folder and swap in a new registry when a change is valid. An
 * invalid change (bad JSON, a half-written file, a deleted file something refers to, a broken
 * reference) is refused: its errors go to `onRefused` and `status().lastRefused`, and the last good
 * registry keeps serving. A burst of saves is debounced into one reload; reloads never overlap.
 */
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import { resolve, relative, sep } from 'node:path';
import { loadConfig } from './load.js';
import type { ConfigError, Registry } from './types.js';

export interface WatchOptions {
  /** Quiet period after the last change before reloading, in ms. Default 100. */
  debounceMs?: number;
  /** Called with each newly accepted registry. */
  onReload?(registry: Registry): void;
  /** Called with the errors of each refused change. */
  onRefused?(errors: ConfigError[]): void;
}

export interface RegistryWatcher {
  current(): Registry;
  status(): {
    version: number;
    loadedAt: Date;
    files: readonly string[];
    lastRefused?: { at: Date; errors: ConfigError[] };
  };
  close(): Promise<void>;
}

class WatchError extends Error {
  readonly errors: ConfigError[];
  readonly code = 'PORTICO_CONFIG_INITIAL_LOAD_FAILED';
  constructor(errors: ConfigError[]) {
    super(`configuration has ${errors.length} error(s); the first: ${errors[0]?.message ?? ''}`);
    this.errors = errors;
  }
}

function checkOptions(options: WatchOptions): Required<Pick<WatchOptions, 'debounceMs'>> {
  const debounceMs = options.debounceMs ?? 100;
  if (typeof debounceMs !== 'number' || !Number.isFinite(debounceMs) || debounceMs < 0 || debounceMs > 10_000)
    throw new TypeError(
      `watchRegistry: option debounceMs must be a number of milliseconds from 0 to 10000, got ${String(debounceMs)}; hint: the default 100 suits editors that save in several steps`,
    );
  for (const name of ['onReload', 'onRefused'] as const)
    if (options[name] !== undefined && typeof options[name] !== 'function')
      throw new TypeError(`watchRegistry: option ${name} must be a function, got ${typeof options[name]}`);
  return { debounceMs };
}

/** Watches `dir`; rejects with the errors (an Error with `.errors`) if the first load fails. */
export async function watchRegistry(dirInput: string, options: WatchOptions = {}): Promise<RegistryWatcher> {
  const { debounceMs } = checkOptions(options);
  const dir = resolve(dirInput);
  const first = await loadConfig(dir, 1);
  if (!first.ok) throw new WatchError(first.errors);
  let registry = first.registry;
  let lastRefused: { at: Date; errors: ConfigError[] } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  // A throwing callback must not be mistaken for a refused configuration, nor stop the watcher.
  const notify = (callback: () => void): void => {
    try {
      callback();
    } catch (error) {
      console.error('watchRegistry: a callback threw', error);
    }
  };

  const reload = async (): Promise<void> => {
    const result = await loadConfig(dir, registry.version + 1);
    if (closed) return;
    if (result.ok) {
      registry = result.registry;
      lastRefused = undefined;
      notify(() => options.onReload?.(registry));
    } else {
      lastRefused = { at: new Date(), errors: result.errors };
      notify(() => options.onRefused?.(result.errors));
    }
  };

  const trigger = (): void => {
    if (closed) return;
    if (running) {
      again = true; // a change arrived mid-reload: reload once more afterwards
      return;
    }
    running = reload()
      .catch((error: unknown) => {
        lastRefused = {
          at: new Date(),
          errors: [
            {
              code: 'PORTICO_CONFIG_UNREADABLE',
              file: '.',
              pointer: '',
              message: `reload failed: ${String(error)}`,
            },
          ],
        };
        const errors = lastRefused.errors;
        notify(() => options.onRefused?.(errors));
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
  };

  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(trigger, debounceMs);
  };

  const watcher: FSWatcher = watch(dir, {
    ignoreInitial: true,
    // meta/ is read from the server's own copy; dotfiles and editor backups are not configuration.
    ignored: (path: string) => {
      const rel = relative(dir, path);
      if (rel === '') return false;
      const parts = rel.split(sep);
      return parts[0] === 'meta' || parts.some((p) => p.startsWith('.') || p.endsWith('~'));
    },
  });
  watcher.on('all', schedule);
  await new Promise<void>((resolveReady, reject) => {
    watcher.once('ready', () => resolveReady());
    watcher.once('error', reject);
  });

  return {
    current: () => registry,
    status: () => ({
      version: registry.version,
      loadedAt: registry.loadedAt,
      files: registry.files,
      ...(lastRefused ? { lastRefused } : {}),
    }),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
