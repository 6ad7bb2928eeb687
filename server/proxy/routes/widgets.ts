/**
 * `GET /widgets/portico.js` (ES module entry), its on-demand chunks `/widgets/portico-<name>.js`
 * (which the entry imports from beside itself), `/widgets/portico.iife.js` (classic script) and
 * `/widgets/custom-elements.json`: the embeddable kit, served by the Portico server so a host page
 * needs exactly one script tag pointing here. Module scripts are fetched in CORS mode, so these
 * public files carry `Access-Control-Allow-Origin: *` (no credentials are involved). Only the
 * files the build produces are routes (routes/table.ts); anything else under /widgets is a 404.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { RequestHandler } from 'express';
import type { Context } from '../context.js';
import { PorticoError } from '../errors.js';
import { sendConditional } from './conditional.js';
import { refuse } from './shared.js';
import type { Refusal } from './spec.js';

const WIDGETS_DIR = fileURLToPath(new URL('../../../dist/widgets/', import.meta.url));

/**
 * The module entry's on-demand chunks, by the names vite.config.ts gives them (`CHUNK_NAMES`);
 * server/proxy/openapi.test.ts checks that the build makes exactly these.
 */
export const WIDGET_CHUNKS = [
  'portico-form.js',
  'portico-list.js',
  'portico-more.js',
  'portico-timeline.js',
] as const;
export const WIDGET_FILES = [
  'portico.js',
  'portico.iife.js',
  'custom-elements.json',
  ...WIDGET_CHUNKS,
] as const;
export type WidgetFile = (typeof WIDGET_FILES)[number];

/** The one answer to a language with no file, or to a segment that is no language subtag. */
export const LANGUAGE_REFUSAL: Refusal = {
  code: 'PORTICO_LANGUAGE_NOT_FOUND',
  message: (lang) =>
    `There are no messages for "${String(lang).slice(0, 16)}"; the widgets show English. An admin adds a language as schemas/languages/<code>.json.`,
};

/**
 * `GET /widgets/lang/<code>.json`: the widgets' messages in one language, from the admin's
 * `languages/` folder as the configuration loader checked it (server/config/languages.ts), so a
 * file is never read at request time and only a loaded language is ever sent. Public and
 * cross-origin like the kit's files beside it, cached briefly: an admin's edit reaches browsers
 * within minutes, and the ETag makes the check after that a 304.
 */
export function widgetLanguage(ctx: Context): RequestHandler {
  return function porticoWidgetLanguage(req, res) {
    // The route's parameter schema has checked the segment is a language subtag.
    const lang = String(req.params.lang);
    const language = ctx.registry().languages.get(lang);
    if (!language) throw refuse(LANGUAGE_REFUSAL, lang);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('application/json');
    sendConditional(req, res, language.json);
  };
}

/** One file of the built kit, with ETag, Last-Modified, conditional and range requests. */
export function widgetFile(name: WidgetFile, dir: string = WIDGETS_DIR): RequestHandler {
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
  return function porticoWidgetFile(req, res, next) {
    if (!existsSync(dir)) {
      next(
        new PorticoError(
          'PORTICO_SERVER_NOT_READY',
          'The widget bundle has not been built: run `npm run build`.',
        ),
      );
      return;
    }
    // The static handler serves the URL it is given, relative to `dir`: give it the file's name.
    const url = req.url;
    req.url = `/${name}`;
    files(req, res, (error?: unknown) => {
      req.url = url;
      // A missing file, or a precondition or range it cannot meet, is answered like an unknown path.
      next(
        error ?? new PorticoError('PORTICO_ROUTE_NOT_FOUND', 'No such endpoint. See /api/v1/openapi.json.'),
      );
    });
  };
}
