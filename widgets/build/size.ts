// Measures the built embed scripts: raw and brotli bytes of each bundle in dist/widgets, against the
// budget (the whole kit, Lit included; per-form validator modules are not part of it).
// `npm run size` prints the table; widgets/build/size.test.ts fails the build above budget.
import { readFileSync, existsSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Budget in brotli bytes for each bundle (16 KB). */
export const BUDGET = 16 * 1024;
export const BUNDLES = ['portico.js', 'portico.iife.js'] as const;
export const DIST = fileURLToPath(new URL('../../dist/widgets/', import.meta.url));

export interface Size {
  file: string;
  raw: number;
  brotli: number;
}

/** Sizes of the built bundles; throws `PORTICO_BUILD_MISSING` when the build has not run. */
export function measure(): Size[] {
  return BUNDLES.map((file) => {
    const path = DIST + file;
    if (!existsSync(path))
      throw new Error(`PORTICO_BUILD_MISSING: ${path} does not exist; run \`npm run build\` first`);
    const buf = readFileSync(path);
    // Quality 11 is what CDNs and `brotli -9+` serve for static assets.
    const brotli = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    return { file, raw: buf.length, brotli };
  });
}

export const report = (sizes: Size[]): string =>
  sizes
    .map(
      (s) =>
        `${s.file.padEnd(16)} ${String(s.raw).padStart(7)} B raw  ${String(s.brotli).padStart(6)} B brotli  ` +
        `(${((s.brotli / BUDGET) * 100).toFixed(1)}% of ${BUDGET} B budget)`,
    )
    .join('\n');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(report(measure()));
