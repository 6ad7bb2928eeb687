// `npm test`: every check and every suite, then one line `N passed, N failed` (totals over all).
// Static checks (types, lint, format, generated files) count as one test each; node:test and
// web-test-runner report their own test counts.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium.mjs';
import { findRedisServer } from './redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const only = process.argv.slice(2); // e.g. `npm test -- node` runs one stage
const want = (name) => only.length === 0 || only.includes(name);

let passed = 0;
let failed = 0;
const failures = [];

function run(cmd, args, { env = {}, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        process.stdout.write(chunk);
        out += chunk.toString();
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function check(name, cmd, args, opts) {
  if (!want(name)) return;
  console.log(`\n── ${name}: ${[cmd, ...args].join(' ')}`);
  const { code } = await run(cmd, args, opts);
  if (code === 0) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

function findFiles(dir, pattern, acc = []) {
  if (!existsSync(dir)) return acc;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, pattern, acc);
    else if (pattern.test(entry.name)) acc.push(relative(root, full));
  }
  return acc.sort();
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Browser and end-to-end suites need Chromium; find (or install) it once, up front.
let chromePath;
if (want('browser') || want('node')) {
  try {
    chromePath = findChromium();
    console.log(`Chromium: ${chromePath}`);
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    process.exit(1);
  }
}
// The shared-limits suites start their own redis-server on a free loopback port; find (or install) it
// once, up front, the same way.
let redisPath;
if (want('node')) {
  try {
    redisPath = findRedisServer();
    console.log(`redis-server: ${redisPath}`);
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    process.exit(1);
  }
}
const env = {
  ...(chromePath ? { CHROME_PATH: chromePath } : {}),
  ...(redisPath ? { REDIS_SERVER_PATH: redisPath } : {}),
};

if (pkg.scripts['gen:check']) await check('generated', 'npm', ['run', '--silent', 'gen:check']);
await check('types', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
await check('lint', bin('eslint'), ['.', '--max-warnings=0']);
await check('format', bin('prettier'), ['--check', '--log-level=warn', '.']);
if (pkg.scripts.build) await check('build', 'npm', ['run', '--silent', 'build']);

if (want('node')) {
  // Node suites: server, emulator, schema loader, scripts, end-to-end (which drive Chromium).
  const files = ['server', 'schemas', 'scripts', 'demo', 'widgets/build'].flatMap((d) =>
    findFiles(join(root, d), /\.test\.ts$/),
  );
  if (files.length > 0) {
    console.log(`\n── node: ${files.length} test files`);
    const { code, out } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=2',
        '--test-reporter=spec',
        // A failed test can leave a server or socket open, and its file would then never exit: the
        // run would wait until CI's own limit. Finished files exit; a test stuck for 15 minutes fails.
        '--test-force-exit',
        '--test-timeout=900000',
        ...files,
      ],
      { env, capture: true },
    );
    const pass = Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
    const fail = Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0);
    passed += pass;
    failed += fail;
    if (fail > 0 || code !== 0) failures.push('node');
    if (code !== 0 && fail === 0) failed += 1; // crashed before reporting
  }
}

if (want('browser')) {
  const files = findFiles(join(root, 'widgets', 'src'), /\.test\.ts$/);
  if (files.length > 0) {
    console.log(`\n── browser: ${files.length} test files in Chromium`);
    const { code } = await run(bin('wtr'), ['--config', 'web-test-runner.config.mjs'], { env });
    const summaryFile = join(results, 'browser.json');
    const summary = existsSync(summaryFile)
      ? JSON.parse(readFileSync(summaryFile, 'utf8'))
      : { passed: 0, failed: 1 };
    passed += summary.passed;
    failed += summary.failed;
    if (code !== 0) {
      failures.push('browser');
      if (summary.failed === 0) failed += 1;
    }
  }
}

if (failures.length > 0) console.log(`\nFailed stages: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
