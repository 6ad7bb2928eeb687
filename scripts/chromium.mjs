// Finds a Chromium for the browser and end-to-end tests: CHROME_PATH, the usual install paths, or
// Debian's `chromium` package (scripts/system-package.mjs).
import { findProgram } from './system-package.mjs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export function findChromium(options) {
  return findProgram(
    {
      what: 'Chromium',
      envVar: 'CHROME_PATH',
      candidates: CANDIDATES,
      aptPackage: 'chromium',
      note: ' (about a minute)',
    },
    options,
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
