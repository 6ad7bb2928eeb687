// Contoso Support's own page script (no inline script: the site's CSP forbids it).
// 1. Hands Portico a token provider that asks this site's own token endpoint.
// 2. Theme switcher: changes only CSS custom properties (data-theme on <html>).
// 3. Navigation glue: where a saved or deleted form leads is this site's decision. (Lists need none:
//    their record-href and create-href make rows and "New" real links.)

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
