// Contoso Support's own page script (no inline script: the site's CSP forbids it).
// 1. Hands Portico a token provider that asks this site's own token endpoint.
// 2. Theme switcher: changes only CSS custom properties (data-theme on <html>).
// 3. Navigation glue: where a saved or deleted form leads is this site's decision. (Lists need none:
//    their record-href and create-href make rows and "New" real links.)
// 4. The phone menu, and dates in the reader's language.

const THEME_KEY = 'contoso-theme';

async function getToken() {
  const response = await fetch('/session/token', {
    method: 'POST',
    headers: { 'X-Requested-With': 'fetch' },
    credentials: 'same-origin',
  });
  if (response.status === 401) {
    window.location.assign(`/signin?next=${encodeURIComponent(window.location.pathname)}`);
    throw new Error('Signed out');
  }
  if (!response.ok) throw new Error(`Token endpoint answered ${response.status}`);
  const body = await response.json();
  return body.token;
}

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  for (const input of document.querySelectorAll('input[name="theme"]')) {
    input.checked = input.value === theme;
  }
}

const saved = localStorage.getItem(THEME_KEY);
if (saved === 'contoso' || saved === 'midnight' || saved === 'meadow') applyTheme(saved);
document.addEventListener('change', (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.name === 'theme') {
    localStorage.setItem(THEME_KEY, target.value);
    applyTheme(target.value);
  }
});

const config = document.querySelector('portico-config');
if (config) config.getToken = getToken;

const fill = (template, id) => template.replace('{id}', encodeURIComponent(id));

// After a create, this site shows the new record on its own page (instead of the form's default
// onSuccess redirect, which the event lets a host page override).
document.addEventListener('portico-saved', (event) => {
  const template = event.target.dataset?.saved;
  const id = event.detail?.record?.id;
  if (template && id && event.detail.mode === 'create') {
    event.preventDefault();
    window.location.assign(fill(template, id));
  }
});

document.addEventListener('portico-action', (event) => {
  const template = event.target.dataset?.deleted;
  if (template && event.detail?.action === 'delete' && !event.detail.record) window.location.assign(template);
});

// On narrow screens the navigation folds behind the menu button (site.css); this opens and closes it.
const menuButton = document.querySelector('.menu-button');
const menu = document.getElementById('site-menu');
if (menuButton && menu) {
  menuButton.addEventListener('click', () => {
    const open = menuButton.getAttribute('aria-expanded') !== 'true';
    menuButton.setAttribute('aria-expanded', String(open));
    menu.classList.toggle('open', open);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.classList.contains('open')) {
      menuButton.setAttribute('aria-expanded', 'false');
      menu.classList.remove('open');
      menuButton.focus();
    }
  });
}

// The site's own dates are written the way the widgets write theirs: Intl in the page's language
// and the reader's time zone, so a page never mixes two formats. The server sends ISO 8601.
const dateTime = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
for (const time of document.querySelectorAll('time[data-format="datetime"]')) {
  const when = new Date(time.getAttribute('datetime') ?? '');
  if (!Number.isNaN(when.getTime())) time.textContent = dateTime.format(when);
}
