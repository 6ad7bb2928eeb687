// Finds a program the tests need from the system (Chromium, redis-server): the path in an
// environment variable, then the usual install paths. When none is present on Debian/Ubuntu and we
// run as root, installs the Debian package with apt (the only source this project relies on for
// them) and says so; otherwise stops with a message naming what to install.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

function isDebianLike() {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease);
  } catch {
    return false;
  }
}

/**
 * @param {{ what: string, envVar: string, candidates: string[], aptPackage: string, aptFlags?: string[], note?: string }} program
 * @param {{ install?: boolean, log?: (line: string) => void }} [options]
 * @returns {string} the program's path
 */
export function findProgram(program, { install = true, log = console.log } = {}) {
  const fromEnv = process.env[program.envVar];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${program.envVar} is set to ${fromEnv}, but no file exists there.`);
  }
  const found = program.candidates.find((p) => existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && isDebianLike()) {
    log(
      `${program.what} not found: installing Debian package "${program.aptPackage}" with apt-get${program.note ?? ''}...`,
    );
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...(program.aptFlags ?? []), program.aptPackage], {
      stdio: 'inherit',
      env,
    });
    const installed = program.candidates.find((p) => existsSync(p));
    if (installed) {
      log(`Installed ${program.what} at ${installed}.`);
      return installed;
    }
  }
  throw new Error(
    `No ${program.what} found. Install it (Debian/Ubuntu: \`apt-get install ${program.aptPackage}\`) or set ${program.envVar} to its binary.`,
  );
}
