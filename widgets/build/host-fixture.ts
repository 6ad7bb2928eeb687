// A stand-in "existing website" for the built-bundle tests (CSP test and render benchmark): a
// node:http server on 127.0.0.1 that serves host pages, the built embed scripts and their chunks, a
// real Ajv standalone validator module, and a stub of the Portico API for one case-create form and
// one list.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type {
  FormDefinitionResponse,
  ListDefinitionResponse,
  ListPageResponse,
  RecordResponse,
} from '../../server/api/contract.js';
import { etagOf } from '../../server/proxy/routes/conditional.js';
import { DIST } from './size.js';

/** The JSON Schema behind the case-create form (what the server's config loader compiles). */
export const CASE_SCHEMA = {
  $id: 'portico:test/case-create',
  type: 'object',
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200 },
    casetypecode: { type: 'integer', enum: [1, 2, 3] },
    prioritycode: { type: 'integer', enum: [1, 2, 3] },
    description: { type: 'string', maxLength: 2000 },
    followupby: { type: 'string', maxLength: 40 },
    contactemail: { type: 'string', maxLength: 100 },
  },
  required: ['title'],
  additionalProperties: false,
} as const;

/**
 * Compiles the schema to an Ajv standalone ES module and bundles its runtime helpers in, as the
 * server does: no eval at runtime (https://ajv.js.org/standalone.html).
 */
export async function validatorModule(): Promise<string> {
  const ajv = new Ajv({ code: { source: true, esm: true }, strict: true });
  // ajv/dist/standalone is CommonJS; its function is also exported as `.default`.
  const source = standaloneCode.default(ajv, ajv.compile(CASE_SCHEMA));
  const out = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    minify: true,
  });
  return out.outputFiles[0]!.text;
}

const en = (en: string, de?: string): { en: string } & Record<string, string> => (de ? { en, de } : { en });

/** A realistic case-create definition: seven fields of five kinds in two sections. */
export function caseCreate(origin: string): FormDefinitionResponse {
  return {
    id: 'case-create',
    entity: 'incident',
    modes: ['create'],
    title: en('New case', 'Neuer Fall'),
    sections: [
      {
        id: 'details',
        label: en('Details'),
        fields: [
          {
            name: 'title',
            kind: 'text',
            label: en('Title', 'Titel'),
            required: true,
            readOnly: false,
            maxLength: 200,
          },
          {
            name: 'casetypecode',
            kind: 'choice',
            display: 'radios',
            label: en('Type'),
            required: false,
            readOnly: false,
            options: [
              { value: 1, label: en('Question') },
              { value: 2, label: en('Problem') },
              { value: 3, label: en('Request') },
            ],
          },
          {
            name: 'prioritycode',
            kind: 'choice',
            label: en('Priority'),
            required: false,
            readOnly: false,
            options: [
              { value: 1, label: en('High') },
              { value: 2, label: en('Normal') },
              { value: 3, label: en('Low') },
            ],
          },
          {
            name: 'description',
            kind: 'textarea',
            label: en('Description'),
            help: en('What happened?'),
            required: false,
            readOnly: false,
            maxLength: 2000,
            requiredWhen: { field: 'casetypecode', equals: 2 },
          },
        ],
      },
      {
        id: 'contact',
        label: en('Follow-up'),
        fields: [
          { name: 'followupby', kind: 'date', label: en('Follow up by'), required: false, readOnly: false },
          {
            name: 'contactemail',
            kind: 'email',
            label: en('Reply to'),
            required: false,
            readOnly: false,
            maxLength: 100,
          },
        ],
      },
    ],
    actions: [{ id: 'save', label: en('Submit case', 'Fall einreichen') }],
    onSuccess: { message: en('Thank you — case created.') },
    validator: `${origin}/validator.js`,
    locales: ['en', 'de'],
  };
}

/** A small case list: two columns, one page of two rows. */
export const CASE_LIST: ListDefinitionResponse = {
  id: 'my-cases',
  entity: 'incident',
  title: en('My cases', 'Meine Fälle'),
  columns: [
    { name: 'ticketnumber', kind: 'text', label: en('Number', 'Nummer'), sortable: true },
    { name: 'title', kind: 'text', label: en('Title', 'Titel'), sortable: true },
  ],
  defaultSort: { field: 'ticketnumber', direction: 'desc' },
  searchable: false,
  filters: [],
  pageSize: 2,
  rowActions: [],
  card: { title: 'title', fields: ['ticketnumber'] },
  locales: ['en', 'de'],
};
export const CASE_PAGE: ListPageResponse = {
  rows: ['Printer on fire', 'Cannot sign in'].map((title, i) => ({
    id: `00000000-0000-0000-0000-00000000000${i}`,
    etag: 'signed-etag',
    values: { ticketnumber: `CAS-${i}`, title },
  })),
};

/** The same fields as plain HTML, for the render benchmark's baseline. */
export const STATIC_FORM = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static</title></head><body>
<form><h2>New case</h2><fieldset><legend>Details</legend>
<label for="title">Title</label><input id="title" name="title" required maxlength="200">
<fieldset><legend>Type</legend><label><input type="radio" name="t" value="1">Question</label><label><input type="radio" name="t" value="2">Problem</label><label><input type="radio" name="t" value="3">Request</label></fieldset>
<label for="p">Priority</label><select id="p"><option></option><option>High</option><option>Normal</option><option>Low</option></select>
<label for="d">Description</label><textarea id="d"></textarea></fieldset>
<fieldset><legend>Follow-up</legend><label for="f">Follow up by</label><input id="f" type="date">
<label for="e">Reply to</label><input id="e" type="email"></fieldset><button>Submit case</button></form></body></html>`;

/**
 * The host's token for its signed-in user: shaped like the JWT a real host hands over (the widgets
 * read its claims to know whose definitions they hold, api.ts `definition`; this stub never checks
 * the signature).
 */
export const HOST_TOKEN = ['{"alg":"HS256"}', '{"sub":"host-user","role":"customer"}', 'signature']
  .map((part) => Buffer.from(part).toString('base64url'))
  .join('.');

export interface HostServer {
  origin: string;
  /** Requests seen, in order: method, path, parsed JSON body and headers. */
  requests: Array<{ method: string; path: string; body: unknown; headers: IncomingHttpHeaders }>;
  /** CSP violation reports posted by the browser to /csp-report. */
  reports: unknown[];
  close: () => Promise<void>;
}

/**
 * Starts the host site on 127.0.0.1, port 0. `pages` maps a path to HTML (`%ORIGIN%` is replaced by
 * the server's origin), served with the given CSP header; `scripts` maps a path to JavaScript served
 * like the kit's files (the render benchmark's floors). Definitions carry an ETag and answer a
 * matching `If-None-Match` with 304, as the Portico server's do. With `asServed`, the kit's files and
 * the validator module are cacheable as the Portico server serves them (5 minutes; a year, immutable)
 * — what a warm visit finds; otherwise nothing is cached, so every load is cold.
 */
export async function startHost(
  pages: Record<string, string>,
  csp: string,
  { asServed = false, scripts = {} }: { asServed?: boolean; scripts?: Record<string, string> } = {},
): Promise<HostServer> {
  const validator = await validatorModule();
  const requests: HostServer['requests'] = [];
  const reports: unknown[] = [];
  const bundles: Record<string, string> = {};
  let origin = '';
  const send = (
    res: ServerResponse,
    status: number,
    type: string,
    body: string,
    extra: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
    res.end(body);
  };
  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString()));
      req.on('end', () => resolve(s));
    });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', origin).pathname;
      const text = await readBody(req);
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      requests.push({ method: req.method ?? 'GET', path, body, headers: req.headers });
      const json = 'application/json; charset=utf-8';
      if (pages[path] !== undefined)
        return send(res, 200, 'text/html; charset=utf-8', pages[path].replaceAll('%ORIGIN%', origin), {
          'Content-Security-Policy': csp,
        });
      if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
      // The entry, its chunks (portico-<name>.js, imported from beside it) and the classic script.
      if (/^\/portico(-[a-z]+|\.iife)?\.js$/.test(path))
        return send(
          res,
          200,
          'text/javascript',
          (bundles[path] ??= readFileSync(DIST + path.slice(1), 'utf8')),
          asServed ? { 'Cache-Control': 'public, max-age=300' } : {},
        );
      // A language's messages, beside the entry as the Portico server serves them (schemas/languages).
      const lang = /^\/lang\/([a-z]{2,3})\.json$/.exec(path)?.[1];
      if (lang) {
        const file = new URL(`../../schemas/languages/${lang}.json`, import.meta.url);
        return existsSync(file)
          ? send(res, 200, json, readFileSync(file, 'utf8'))
          : send(res, 404, json, '{}');
      }
      if (path === '/validator.js')
        return send(
          res,
          200,
          'text/javascript',
          validator,
          asServed ? { 'Cache-Control': 'public, max-age=31536000, immutable' } : {},
        );
      // A definition, as the Portico server sends it (server/proxy/routes/conditional.ts).
      const definition = (content: string): void => {
        const etag = etagOf(content);
        const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers);
          res.end();
        } else send(res, 200, json, content, headers);
      };
      if (scripts[path] !== undefined)
        return send(
          res,
          200,
          'text/javascript',
          scripts[path],
          asServed ? { 'Cache-Control': 'public, max-age=300' } : {},
        );
      if (path === '/host.js')
        return send(
          res,
          200,
          'text/javascript',
          // The host's own script: token provider, and a record of CSP violations for the test.
          `window.violations=[];document.addEventListener('securitypolicyviolation',e=>violations.push(e.violatedDirective+' '+e.blockedURI));
           window.Portico&&Portico.configure({endpoint:location.origin,getToken:()=>'${HOST_TOKEN}'});
           const c=document.querySelector('portico-config');if(c)c.getToken=()=>'${HOST_TOKEN}';`,
        );
      if (path === '/csp-report') {
        reports.push(body);
        return send(res, 204, 'text/plain', '');
      }
      if (path === '/api/v1/lists/my-cases') return definition(JSON.stringify(CASE_LIST));
      if (path === '/api/v1/lists/my-cases/records') return send(res, 200, json, JSON.stringify(CASE_PAGE));
      if (path === '/api/v1/forms/case-create' && req.method === 'GET')
        return definition(JSON.stringify(caseCreate(origin)));
      if (path === '/api/v1/forms/case-create/records' && req.method === 'POST') {
        const record: RecordResponse = {
          id: '11111111-2222-3333-4444-555555555555',
          etag: 'signed-etag',
          values: (body as { values: RecordResponse['values'] }).values,
        };
        return send(res, 201, json, JSON.stringify(record));
      }
      send(
        res,
        404,
        json,
        JSON.stringify({
          error: { code: 'PORTICO_TEST_NOT_FOUND', status: 404, message: path, requestId: 'x' },
        }),
      );
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    reports,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
