/**
 * `npm run hosts:build`: builds the demo's Angular and React host apps with their own toolchains,
 * into dist/hosts/<name>/. Angular: its CLI's `ng build` with the esbuild-based application
 * builder, which type-checks the templates (strict). React: `tsc` (Vite only strips types), then
 * Vite. A build is skipped when nothing it depends on changed since the last one: the host's
 * sources, the stylesheet both share, the shipped declarations it compiles against and the lock
 * file, hashed into dist/hosts/<name>.source-hash. `--force` builds anyway.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HOSTS = ['angular', 'react'] as const;
export type HostName = (typeof HOSTS)[number];

/** Where a host's built files are. */
export const hostOutput = (name: HostName): string => join(ROOT, 'dist', 'hosts', name);

function files(dir: string, acc: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files(full, acc);
    else acc.push(full);
  }
  return acc;
}

/** Hash of everything the host's build reads from this repository. */
export function sourceHash(name: HostName): string {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(ROOT, 'demo', 'hosts', name)),
    join(ROOT, 'demo', 'hosts', 'styles.css'),
    ...files(join(ROOT, 'widgets', 'types')),
    join(ROOT, 'package-lock.json'),
  ].sort();
  for (const file of inputs) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

const bin = (pkg: string, path: string): string =>
  join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), path);

/** Runs one step; its output is shown only when it fails (a passing build has nothing to say). */
function step(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${relative(ROOT, args[0] ?? '')} ${args.slice(1).join(' ')} failed:\n${output}`)),
    );
  });
}

const BUILDERS: Record<HostName, () => Promise<void>> = {
  async angular() {
    await step([bin('@angular/cli', 'bin/ng.js'), 'build'], join(ROOT, 'demo', 'hosts', 'angular'));
  },
  async react() {
    const dir = join(ROOT, 'demo', 'hosts', 'react');
    await step([bin('typescript', 'bin/tsc'), '--noEmit', '-p', join(dir, 'tsconfig.json')], ROOT);
    await step([bin('vite', 'bin/vite.js'), 'build', '--config', join(dir, 'vite.config.ts')], ROOT);
  },
};

/** Builds one host unless its last build is of the same sources; says which it did. */
export async function buildHost(name: HostName, { force = false } = {}): Promise<'built' | 'cached'> {
  const stamp = `${hostOutput(name)}.source-hash`;
  const hash = sourceHash(name);
  const fresh =
    !force &&
    existsSync(join(hostOutput(name), 'index.html')) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === hash;
  if (fresh) return 'cached';
  await BUILDERS[name]();
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, hash);
  return 'built';
}

/** Both hosts, one after the other (each build uses every core it can get). */
export async function buildHosts(options: { force?: boolean } = {}): Promise<Record<HostName, string>> {
  const result = {} as Record<HostName, string>;
  for (const name of HOSTS) result[name] = await buildHost(name, options);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  try {
    const result = await buildHosts({ force: process.argv.includes('--force') });
    for (const name of HOSTS) console.log(`${name}: ${result[name]} → ${relative(ROOT, hostOutput(name))}/`);
    console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
