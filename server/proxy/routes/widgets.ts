/**
 * `GET /widgets/portico.js` (ES module entry), its on-demand chunks `/widgets/portico-<name>.js`
 * (which the entry imports from beside itself), `/widgets/portico.iife.js` (classic script) and
 * `/widgets/custom-elements.json`: the embeddable kit, served by the Portico server so a host page
 * needs exactly one script tag pointing here. Module scripts are fetched in CORS mode, so these
 * public files carry `Access-Control-Allow-Origin: *` (no credentials are involved). Only names of
 * the build's shape are served; anything else under /widgets is a 404.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import express from 'express';
import { PorticoError } from '../errors.js';

const WIDGETS_DIR = fileURLToPath(new URL('../../../dist/widgets/', import.meta.url));
const FILES = /^(portico(-[a-z]+)?\.js|portico\.iife\.js|custom-elements\.json)$/;

export function widgetRoutes(dir: string = WIDGETS_DIR): Router {
  const router = Router();
  const files = express.static(dir, {
    index: false,
    dotfiles: 'deny',
    // Not immutable: the file name carries no version, and a redeploy must reach browsers soon.
    maxAge: '5m',
    setHeaders(res) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    },
  });
  router.use('/widgets', (req, res, next) => {
    const name = req.path.replace(/^\//, '');
    if (!FILES.test(name) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    if (!existsSync(dir)) {
      next(
        new PorticoError(
          'PORTICO_SERVER_NOT_READY',
          'The widget bundle has not been built: run `npm run build`.',
        ),
      );
      return;
    }
    files(req, res, next);
  });
  return router;
}
