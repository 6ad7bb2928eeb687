// The render benchmark's host site in a process of its own, as a real site's server would be: in
// the benchmark's process it would share an event loop with the browser driver, whose protocol
// traffic peaks exactly while a page loads. Reads the pages and CSP from BENCH_HOST (JSON), prints
// its origin on the first line of stdout (`asServed`, `scripts`: see startHost), and serves until
// stdin closes (so it never outlives the benchmark, even when that is killed).
import { startHost } from '../../widgets/build/host-fixture.js';

const { pages, csp, asServed, scripts } = JSON.parse(process.env.BENCH_HOST ?? '{}') as {
  pages?: Record<string, string>;
  csp?: string;
  asServed?: boolean;
  scripts?: Record<string, string>;
};
if (!pages || typeof csp !== 'string') throw new Error('BENCH_HOST must be {"pages": {...}, "csp": "..."}');
const host = await startHost(pages, csp, { asServed: asServed === true, scripts: scripts ?? {} });
process.stdout.write(`${host.origin}\n`);
process.stdin.resume();
process.stdin.on('close', () => void host.close().then(() => process.exit(0)));
