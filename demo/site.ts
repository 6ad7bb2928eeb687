/**
 * "Contoso Support": an existing website that embeds Portico exactly as a customer's site would —
 * one script tag from the Portico server, `<portico-*>` elements in its pages, and a token endpoint
 * of its own that signs a short-lived JWT for whoever is signed in here. The site's sign-in is its
 * own business (here: pick a demo user); Portico only ever sees the token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Request, Response, NextFunction } from 'express';
import { SignJWT } from 'jose';
import { adminPage, homePage, layout, noticePage, signInPage } from './pages.js';
import type { Page } from './pages.js';
import { findDemoUser } from './users.js';
import type { DemoUser } from './users.js';

export { escapeHtml } from './pages.js';

export interface DemoSiteOptions {
  /** Origin of the Portico server, e.g. `http://127.0.0.1:8080`; the widget script and API live there. */
  porticoOrigin: string;
  /** HS256 secret shared with the Portico server (PORTICO_JWT_SECRET). At least 32 characters. */
  jwtSecret: string;
  /** `iss` of the tokens this site signs; Portico's PORTICO_JWT_ISSUER. */
  issuer: string;
  /** `aud` of the tokens; Portico's PORTICO_JWT_AUDIENCE. */
  audience: string;
  /** Token lifetime in seconds. Default 300: short, because the widget asks for a new one when it expires. */
  tokenTtlSeconds?: number;
  /** Signs this site's own session cookie. Default: random per process (sign-ins end with a restart). */
  sessionSecret?: string;
  /** What Portico stands on, for the footer: the embedded emulator or a Dynamics organisation. Default `emulator`. */
  dataverse?: 'emulator' | 'dynamics';
  /**
   * Reads Portico's configuration status for the admin page. The admin token stays on this server;
   * the browser never sees it. When absent the admin page says that it is not connected.
   */
  configStatus?: () => Promise<unknown>;
}

const SESSION_COOKIE = 'contoso_session';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createDemoSite(options: DemoSiteOptions): express.Express {
  const porticoOrigin = new URL(options.porticoOrigin).origin;
  if (options.jwtSecret.length < 32) {
    throw new TypeError('createDemoSite: jwtSecret must be at least 32 characters (HS256 needs 256 bits).');
  }
  const session = siteSession(options.sessionSecret ?? randomBytes(32).toString('hex'));

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(hostSiteHeaders(porticoOrigin));
  app.use(
    express.static(fileURLToPath(new URL('./public/', import.meta.url)), { index: false, maxAge: '5m' }),
  );
  app.use(express.urlencoded({ extended: false, limit: '2kb' }));

  const pages = pageKit(session, porticoOrigin, options.dataverse ?? 'emulator');
  app.get('/', (req, res) => pages.render(req, res, homePage(session.currentUser(req))));
  addSignInRoutes(app, session, pages);
  addTokenEndpoint(app, session, options);
  addPorticoPages(app, session, pages);
  addAdminPage(app, pages, options);
  app.use((req, res) => {
    res.status(404);
    pages.render(req, res, noticePage('Not found', 'Page not found', 'There is no page at this address.'));
  });
  return app;
}

/** The site's own sign-in: a cookie holding the demo user's key and an HMAC of it. */
interface SiteSession {
  sign(value: string): string;
  currentUser(req: Request): DemoUser | undefined;
}

function siteSession(sessionSecret: string): SiteSession {
  const sign = (value: string) => createHmac('sha256', sessionSecret).update(value).digest('base64url');
  const currentUser = (req: Request): DemoUser | undefined => {
    const raw = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!raw) return undefined;
    const dot = raw.lastIndexOf('.');
    const key = raw.slice(0, dot);
    const mac = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(sign(key));
    if (dot < 1 || mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
    return findDemoUser(key);
  };
  return { sign, currentUser };
}

/**
 * The host site's own strict CSP: scripts only from itself and the Portico server, no inline
 * script or eval anywhere. Portico must work under exactly this.
 */
export function hostSiteHeaders(porticoOrigin: string): express.RequestHandler {
  return (_req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' ${porticoOrigin}`,
        `connect-src 'self' ${porticoOrigin}`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  };
}

type Allowed = (user: DemoUser) => boolean;
const isCustomer: Allowed = (u) => u.role === 'customer';
const isPortalUser: Allowed = (u) => u.role !== undefined;
const isAgent: Allowed = (u) => u.role === 'agent';

/** Rendering a page in the site's layout, and the guard that sends strangers to sign in. */
interface PageKit {
  render(req: Request, res: Response, page: Page): void;
  requireUser(allowed?: Allowed): express.RequestHandler;
}

function pageKit(session: SiteSession, porticoOrigin: string, dataverse: 'emulator' | 'dynamics'): PageKit {
  const render = (req: Request, res: Response, page: Page) => {
    res
      .type('html')
      .send(layout(page, { user: session.currentUser(req), porticoOrigin, path: req.path, dataverse }));
  };
  const requireUser = (allowed?: Allowed) => (req: Request, res: Response, next: NextFunction) => {
    const user = session.currentUser(req);
    if (!user) return res.redirect(303, `/signin?next=${encodeURIComponent(req.originalUrl)}`);
    if (allowed && !allowed(user)) {
      res.status(403);
      return render(
        req,
        res,
        noticePage('Not available', 'Not available', 'This page is not part of your account.'),
      );
    }
    next();
  };
  return { render, requireUser };
}

function addSignInRoutes(app: express.Express, session: SiteSession, { render }: PageKit): void {
  app.get('/signin', (req, res) => render(req, res, signInPage(safeNext(req.query.next))));
  app.post('/signin', (req, res) => {
    const user = findDemoUser(typeof req.body?.user === 'string' ? req.body.user : undefined);
    if (!user) {
      res.status(400);
      return render(req, res, signInPage(safeNext(req.body?.next), 'Choose one of the demo users.'));
    }
    res.setHeader(
      'Set-Cookie',
      `${SESSION_COOKIE}=${user.key}.${session.sign(user.key)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=28800`,
    );
    res.redirect(303, safeNext(req.body?.next) ?? (user.siteAdmin ? '/admin' : '/'));
  });
  app.post('/signout', (_req, res) => {
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    res.redirect(303, '/');
  });
}

/**
 * The token endpoint: what every Portico customer writes in their own stack (see README for
 * Node and C#). POST only and a custom header, so another site cannot mint tokens through a
 * visitor's cookie (a cross-site form cannot set headers; fetch from elsewhere fails CORS).
 */
function addTokenEndpoint(app: express.Express, session: SiteSession, options: DemoSiteOptions): void {
  const ttl = options.tokenTtlSeconds ?? 300;
  app.post('/session/token', async (req, res) => {
    const user = session.currentUser(req);
    if (req.get('x-requested-with') !== 'fetch') {
      return res.status(400).json({ error: 'send X-Requested-With: fetch' });
    }
    if (!user?.role || !user.contactId) return res.status(401).json({ error: 'not signed in' });
    const token = await signUserToken(user, { ...options, tokenTtlSeconds: ttl });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token, expiresIn: ttl });
  });
}

/**
 * The token this site signs for one of its users: HS256 with the secret shared with Portico, the
 * user's Dynamics contact, email and Portico role. The demo's Angular and React hosts sign theirs
 * here too (demo/hosts/serve.ts).
 */
export function signUserToken(
  user: DemoUser,
  options: Pick<DemoSiteOptions, 'jwtSecret' | 'issuer' | 'audience' | 'tokenTtlSeconds'>,
): Promise<string> {
  return new SignJWT({ email: user.email, contactid: user.contactId, portico_role: user.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`contoso|${user.key}`)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${options.tokenTtlSeconds ?? 300}s`)
    .sign(new TextEncoder().encode(options.jwtSecret));
}

/** Pages that only place a Portico element: path, who may see it, title, body. */
const ELEMENT_PAGES: Array<[string, Allowed, string, string]> = [
  [
    '/cases',
    isCustomer,
    'My cases',
    `<header class="page-head"><h1>My cases</h1><p>Every case you opened with us, the latest news first.</p></header>
<portico-list hide-title list="my-cases" record-href="/cases/{id}" create-href="/cases/new"></portico-list>`,
  ],
  [
    '/cases/new',
    isPortalUser,
    'New case',
    `<header class="page-head"><h1>Open a new case</h1><p>Tell us what is wrong; we answer within one business day.</p></header>
<portico-form hide-title form="case-create" data-saved="/cases/{id}"></portico-form>`,
  ],
  [
    '/account/cases',
    isAgent,
    'Account cases',
    `<header class="page-head"><h1>Fabrikam cases</h1><p>The cases of the account you serve: assign, resolve or open one.</p></header>
<portico-list hide-title list="account-cases" record-href="/cases/{id}" create-href="/cases/new"></portico-list>`,
  ],
  [
    '/account/contacts',
    isAgent,
    'Account contacts',
    `<header class="page-head"><h1>Fabrikam contacts</h1><p>The people at Fabrikam who work with us on cases.</p></header>
<portico-list hide-title list="account-contacts" record-href="/account/contacts/{id}" create-href="/account/contacts/new"></portico-list>`,
  ],
  [
    '/account/contacts/new',
    isAgent,
    'New contact',
    `<p class="back"><a href="/account/contacts">Back to contacts</a></p>
<header class="page-head"><h1>New contact</h1><p>Add someone at Fabrikam who works with us on cases.</p></header>
<portico-form hide-title form="contact-agent" mode="create" data-saved="/account/contacts/{id}"></portico-form>`,
  ],
];

/** The signed-in pages that embed Portico: the profile, the element pages, then the record pages. */
function addPorticoPages(app: express.Express, session: SiteSession, { render, requireUser }: PageKit): void {
  app.get('/profile', requireUser(isPortalUser), (req, res) => {
    const user = session.currentUser(req)!;
    render(req, res, {
      title: 'My profile',
      body: `<header class="page-head"><h1>My profile</h1><p>Keep your contact details up to date so our engineers can reach you.</p></header>
<portico-form hide-title form="${user.role === 'agent' ? 'contact-agent' : 'contact-profile'}" record-id="${user.contactId}"></portico-form>`,
    });
  });

  for (const [path, allowed, title, body] of ELEMENT_PAGES) {
    app.get(path, requireUser(allowed), (req, res) => render(req, res, { title, body }));
  }

  // Pages of one record: a malformed id goes back to the list instead of reaching Portico.
  const recordPage = (
    path: string,
    allowed: Allowed,
    title: string,
    list: (user: DemoUser) => string,
    body: (id: string, back: string) => string,
  ) =>
    app.get(path, requireUser(allowed), (req, res) => {
      const id = String(req.params.id);
      const back = list(session.currentUser(req)!);
      if (!GUID.test(id)) return res.redirect(303, back);
      render(req, res, { title, body: body(id.toLowerCase(), back) });
    });
  recordPage(
    '/cases/:id',
    isPortalUser,
    'Case',
    (user) => (user.role === 'agent' ? '/account/cases' : '/cases'),
    (
      id,
      back,
    ) => `<p class="back"><a href="${back}">Back to ${back === '/cases' ? 'my cases' : 'account cases'}</a></p>
<header class="page-head"><h1>Case details</h1></header>
<portico-form hide-title form="case-edit" record-id="${id}"></portico-form>`,
  );
  recordPage(
    '/account/contacts/:id',
    isAgent,
    'Contact',
    () => '/account/contacts',
    (id, back) => `<p class="back"><a href="${back}">Back to contacts</a></p>
<header class="page-head"><h1>Contact details</h1></header>
<portico-form hide-title form="contact-agent" record-id="${id}" data-deleted="${back}"></portico-form>`,
  );
}

function addAdminPage(
  app: express.Express,
  { render, requireUser }: PageKit,
  options: Pick<DemoSiteOptions, 'configStatus'>,
): void {
  app.get(
    '/admin',
    requireUser((u) => u.siteAdmin === true),
    async (req, res) => {
      let status: unknown;
      let failure: string | undefined;
      if (!options.configStatus) failure = 'This site is not connected to a Portico admin endpoint.';
      else {
        try {
          status = await options.configStatus();
        } catch (error) {
          failure = `Could not read the Portico configuration status: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      render(req, res, adminPage(status, failure));
    },
  );
}

/** Only same-site relative paths may be a post-sign-in target (no open redirect). */
function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^\/(?!\/)[\w\-/.?=&%]*$/.test(value) && !value.includes('\\') ? value : undefined;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
