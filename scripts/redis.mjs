// Finds a redis-server for the tests of shared limits (Redis in a deployment is the operator's; the
// tests start their own, on a free loopback port). Order: REDIS_SERVER_PATH, then the usual install
// paths. When none is present on Debian/Ubuntu and we run as root, installs Debian's `redis-server`
// package with apt (the only Redis source this project relies on) and says so; otherwise stops
// with a message naming what to install. The same pattern as scripts/chromium.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/redis-server',
  '/usr/local/bin/redis-server',
  '/usr/sbin/redis-server',
  '/opt/homebrew/bin/redis-server',
];

function isDebianLike() {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease);
  } catch {
    return false;
  }
}

export function findRedisServer({ install = true, log = console.log } = {}) {
  const fromEnv = process.env.REDIS_SERVER_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`REDIS_SERVER_PATH is set to ${fromEnv}, but no file exists there.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && isDebianLike()) {
    log('redis-server not found: installing Debian package "redis-server" with apt-get...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    // --no-install-recommends: the tests start their own server; the package's service is not needed.
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], {
      stdio: 'inherit',
      env,
    });
    const installed = CANDIDATES.find((p) => existsSync(p));
    if (installed) {
      log(`Installed redis-server at ${installed}.`);
      return installed;
    }
  }
  throw new Error(
    'No redis-server found. Install it (Debian/Ubuntu: `apt-get install redis-server`) or set REDIS_SERVER_PATH to a redis-server binary.',
  );
}
