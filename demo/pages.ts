/**
 * Contoso Support's page furniture — the header with its navigation (a menu button on phones), the
 * content column, the footer — and the pages that hold no Portico element (home, sign-in, the
 * admin's status page). The site's routes are in site.ts.
 */
import { DEMO_USERS } from './users.js';
import type { DemoUser } from './users.js';

export interface Page {
  title: string;
  body: string;
}

export interface PageContext {
  user: DemoUser | undefined;
  porticoOrigin: string;
  path: string;
  /** What the Portico server stands on, said plainly in the footer. */
  dataverse: 'emulator' | 'dynamics';
}

/** The navigation a user gets: what their role may open, in the order they need it. */
function navigation(user: DemoUser | undefined): Array<[string, string]> {
  const nav: Array<[string, string]> = [['/', 'Home']];
  if (user?.role === 'customer') nav.push(['/cases', 'My cases'], ['/cases/new', 'New case']);
  if (user?.role === 'agent')
    nav.push(['/account/cases', 'Account cases'], ['/account/contacts', 'Contacts']);
  if (user?.role) nav.push(['/profile', 'My profile']);
  if (user?.siteAdmin) nav.push(['/admin', 'Portico status']);
  return nav;
}

/**
 * One page in the site's layout. A page with a list gets the wide column; a form or text reads
 * better in a narrower one. On a phone the navigation and the account sit behind a menu button
 * (site.js opens it; the panel is closed until then, so there is no flash of a tall header).
 */
export function layout(page: Page, context: PageContext): string {
  const { user, path, porticoOrigin } = context;
  const links = navigation(user)
    .map(
      ([href, label]) =>
        `<li><a href="${href}"${href === path ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a></li>`,
    )
    .join('');
  const account = user
    ? `<p class="who">${escapeHtml(user.name)}<small>${escapeHtml(user.organisation)}</small></p>
      <form method="post" action="/signout"><button type="submit" class="button quiet">Sign out</button></form>`
    : `<a class="button" href="/signin">Sign in</a>`;
  const width = page.body.includes('<portico-list') ? 'wide' : 'narrow';
  const backend =
    context.dataverse === 'emulator'
      ? 'the local Dataverse emulator that ships with Portico'
      : 'the Dynamics 365 organisation Portico is connected to';
  return `<!doctype html>
<html lang="en" data-theme="contoso">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Contoso Support</title>
<link rel="stylesheet" href="/css/site.css">
<link rel="stylesheet" href="/css/themes.css">
<link rel="icon" href="data:,">
<script type="module" src="${porticoOrigin}/widgets/portico.js"></script>
<script type="module" src="/js/site.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
  <div class="bar">
    <a class="brand" href="/"><span class="logo" aria-hidden="true">C</span><span>Contoso <span class="brand-sub">Support</span></span></a>
    <button type="button" class="menu-button" aria-expanded="false" aria-controls="site-menu">Menu</button>
    <div class="site-menu" id="site-menu">
      <nav aria-label="Main"><ul>${links}</ul></nav>
      <div class="account">${account}</div>
    </div>
  </div>
</header>
<portico-config endpoint="${porticoOrigin}"></portico-config>
<main id="main" class="page ${width}">
${page.body}
</main>
<footer class="site-footer">
  <div class="footer-inner">
    <section class="footer-about" aria-label="Contoso Support">
      <p class="footer-brand">Contoso Support</p>
      <p>Help for Contoso's customers and partners. Our engineers answer cases on working days, 8:00–18:00 CET.</p>
    </section>
    <fieldset class="themes"><legend>Theme</legend>
      <label><input type="radio" name="theme" value="contoso" checked> Contoso</label>
      <label><input type="radio" name="theme" value="midnight"> Midnight</label>
      <label><input type="radio" name="theme" value="meadow"> Meadow</label>
    </fieldset>
    <p class="fineprint">Contoso is a fictional company. This demo site embeds Portico's forms and lists; the records come from ${backend}.</p>
  </div>
</footer>
</body>
</html>`;
}

/** A short page of text in a card: not found, not available. */
export function noticePage(title: string, heading: string, text: string): Page {
  return {
    title,
    body: `<section class="notice"><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p><p><a href="/">Back to the start page</a></p></section>`,
  };
}

export function homePage(user: DemoUser | undefined): Page {
  const start =
    user?.role === 'customer'
      ? `<p class="hero-actions"><a class="button" href="/cases/new">Open a case</a><a class="button quiet" href="/cases">See my cases</a></p>`
      : user?.role === 'agent'
        ? `<p class="hero-actions"><a class="button" href="/account/cases">Account cases</a><a class="button quiet" href="/account/contacts">Contacts</a></p>`
        : user?.siteAdmin
          ? `<p class="hero-actions"><a class="button" href="/admin">Portico status</a></p>`
          : `<p class="hero-actions"><a class="button" href="/signin">Sign in</a></p>`;
  const greeting = user
    ? `<p class="signed-in">Signed in as <strong>${escapeHtml(user.name)}</strong> (${escapeHtml(user.organisation)}).</p>`
    : '';
  return {
    title: 'Home',
    body: `<section class="hero">
  <h1>How can we help?</h1>
  <p class="lead">Open a case, follow its progress and keep your details current — all without calling us.</p>
  ${greeting}
  ${start}
</section>
<section class="cards" aria-label="What you can do here">
  <article><h2>Track your cases</h2><p>See every case you opened with us, its status and priority.</p></article>
  <article><h2>Open a case in a minute</h2><p>Describe the problem; your draft is kept even if you close the tab.</p></article>
  <article><h2>For our partners</h2><p>Vendor agents manage their account's cases and contacts here.</p></article>
</section>`,
  };
}

export function signInPage(next: string | undefined, error?: string): Page {
  const options = DEMO_USERS.map(
    (u, i) => `<label class="user-choice">
  <input type="radio" name="user" value="${u.key}"${i === 0 ? ' checked' : ''}>
  <span><strong>${escapeHtml(u.name)}</strong> — ${escapeHtml(u.organisation)}<small>${escapeHtml(u.description)}</small></span>
</label>`,
  ).join('\n');
  return {
    title: 'Sign in',
    body: `<section class="signin">
<h1>Sign in</h1>
<p>This demo site has its own sign-in. Choose who you are:</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/signin">
<fieldset><legend>Demo users</legend>
${options}
</fieldset>
${next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">` : ''}
<button type="submit" class="button">Sign in</button>
</form>
</section>`,
  };
}

/**
 * A moment in time as the page's reader reads it: the ISO value in `datetime` for machines, and
 * the text site.js writes with `Intl.DateTimeFormat` in the page's language — the formatting the
 * widgets use — so one page never shows two formats. Until then, the ISO text.
 */
function moment(iso: string | undefined): string {
  if (!iso) return '?';
  return `<time datetime="${escapeHtml(iso)}" data-format="datetime">${escapeHtml(iso)}</time>`;
}

export function adminPage(status: unknown, failure: string | undefined): Page {
  const head = `<header class="page-head"><h1>Portico configuration</h1><p>Whether the forms, lists and permissions in <code>schemas/</code> loaded, and why a change was refused.</p></header>`;
  if (failure) {
    return {
      title: 'Portico status',
      body: `${head}<p class="error" role="alert">${escapeHtml(failure)}</p>`,
    };
  }
  const s = (status ?? {}) as {
    version?: number;
    loadedAt?: string;
    files?: string[];
    /** `formatted` holds one readable line per error (file, line, message, suggestion). */
    lastRefused?: { at: string; formatted?: string[] };
  };
  const refused = s.lastRefused
    ? `<section class="refused" aria-labelledby="refused-h"><h2 id="refused-h">Last change refused</h2>
<p>At ${moment(s.lastRefused.at)} an edit was refused; the configuration above kept serving. Fix these and save again:</p>
<ul>${(s.lastRefused.formatted ?? []).map((e) => `<li><code>${escapeHtml(e)}</code></li>`).join('')}</ul></section>`
    : `<p class="ok">No change has been refused since the last successful load.</p>`;
  return {
    title: 'Portico status',
    body: `${head}
<dl class="facts">
<dt>Configuration version</dt><dd data-testid="config-version">${escapeHtml(String(s.version ?? '?'))}</dd>
<dt>Last successful load</dt><dd>${moment(s.loadedAt)}</dd>
<dt>Files</dt><dd><ul class="files">${(s.files ?? []).map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join('')}</ul></dd>
</dl>
${refused}`,
  };
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
