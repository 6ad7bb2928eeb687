// Finds a Chromium for the browser and end-to-end tests. Order: CHROME_PATH, then the usual install
// paths. When none is present on Debian/Ubuntu and we run as root, installs Debian's `chromium`
// package with apt (the only browser source this project relies on) and says so; otherwise stops
// with a message naming what to install.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function isDebianLike() {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease);
  } catch {
    return false;
  }
}

export function findChromium({ install = true, log = console.log } = {}) {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file exists there.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && isDebianLike()) {
    log('Chromium not found: installing Debian package "chromium" with apt-get (about a minute)...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    const installed = CANDIDATES.find((p) => existsSync(p));
    if (installed) {
      log(`Installed Chromium at ${installed}.`);
      return installed;
    }
  }
  throw new Error(
    'No Chromium found. Install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROME_PATH to a Chrome/Chromium binary.',
  );
}

/** Launch flags that work headless as root in a sandbox with no internet access. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
