// The React host's own build (demo/hosts/build.ts runs it): its files only. The Portico kit is
// loaded by index.html from the Portico server, so it is not bundled here.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../../dist/hosts/react/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
