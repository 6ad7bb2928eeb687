// Browser tests for the widgets, in real Chromium (found by scripts/chromium.mjs).
import { writeFileSync, mkdirSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { findChromium, CHROMIUM_ARGS } from './scripts/chromium.mjs';

/** Writes pass/fail totals for scripts/test.mjs, which prints the one summary line. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) continue;
          if (test.passed) passed += 1;
          else failed += 1;
        }
        for (const child of suite.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed += 1;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync('.test-results/browser.json', JSON.stringify({ passed, failed }));
    },
  };
}

/**
 * `executeServerCommand('timezone', 'Pacific/Honolulu')` runs the test's page in that time zone
 * (`null` puts the machine's back): what the widgets show of dates must hold wherever the reader is,
 * and the machines that run the tests are all in UTC.
 */
function timezoneCommand() {
  return {
    name: 'portico-timezone',
    async executeCommand({ command, payload, session }) {
      if (command !== 'timezone') return undefined;
      await session.browser.getPage(session.id).emulateTimezone(payload ?? undefined);
      return true;
    },
  };
}

export default {
  files: ['widgets/src/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: a page in the background gets no animation frames, and fixtures wait for one.
  concurrency: 1,
  // The machine is shared and axe audits are slow; the default 120 s for the whole run is too tight.
  testsFinishTimeout: 600000,
  testFramework: { config: { timeout: 10000 } },
  // The widgets fetch a language's messages from `lang/<code>.json` beside the module that asks
  // (internal/i18n-packs.ts); the Portico server answers that from the admin's languages folder, and
  // so does this test server.
  middleware: [
    function languages(ctx, next) {
      const m = /^\/widgets\/src\/internal\/lang\/([a-z]{2,3})\.json$/.exec(ctx.path);
      if (m) ctx.url = `/schemas/languages/${m[1]}.json`;
      return next();
    },
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'auto', tsconfig: './tsconfig.json' }), timezoneCommand()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChromium({ install: false }),
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  reporters: [defaultReporter(), countingReporter()],
  filterBrowserLogs: ({ type }) => type === 'error',
};
