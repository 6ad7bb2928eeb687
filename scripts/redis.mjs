// Finds a redis-server for the tests of shared limits (Redis in a deployment is the operator's; the
// tests start their own, on a free loopback port): REDIS_SERVER_PATH, the usual install paths, or
// Debian's `redis-server` package (scripts/system-package.mjs).
import { findProgram } from './system-package.mjs';

const CANDIDATES = [
  '/usr/bin/redis-server',
  '/usr/local/bin/redis-server',
  '/usr/sbin/redis-server',
  '/opt/homebrew/bin/redis-server',
];

export function findRedisServer(options) {
  return findProgram(
    {
      what: 'redis-server',
      envVar: 'REDIS_SERVER_PATH',
      candidates: CANDIDATES,
      aptPackage: 'redis-server',
      // The tests start their own server; the package's service is not needed.
      aptFlags: ['--no-install-recommends'],
    },
    options,
  );
}
