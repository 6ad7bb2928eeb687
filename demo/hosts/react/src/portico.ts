// What this app needs from its own site: the Portico endpoint (index.html names it once, beside
// the kit's script tag) and a token provider that asks the site's token endpoint for a short-lived
// token of whoever is signed in here.
import type { PorticoTokenProvider } from 'portico/widgets';

export function porticoEndpoint(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="portico-endpoint"]');
  if (!meta?.content)
    throw new Error('index.html must name the Portico server in <meta name="portico-endpoint">.');
  return meta.content;
}

export const getToken: PorticoTokenProvider = async () => {
  // The custom header marks the request as this site's own script: a cross-site form cannot send it.
  const response = await fetch('/session/token', {
    method: 'POST',
    headers: { 'X-Requested-With': 'fetch' },
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`The token endpoint answered ${response.status}.`);
  const body = (await response.json()) as { token: string };
  return body.token;
};
