import { DOCUMENT } from '@angular/common';
import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { PorticoTokenProvider } from 'portico/widgets';

/**
 * What the Portico elements need from this app: the server's endpoint (index.html names it once,
 * beside the kit's script tag) and a token provider that asks this site's token endpoint for a
 * short-lived token of whoever is signed in here.
 */
@Injectable({ providedIn: 'root' })
export class PorticoService {
  readonly #http = inject(HttpClient);
  readonly endpoint: string;

  constructor() {
    const meta = inject(DOCUMENT).querySelector<HTMLMetaElement>('meta[name="portico-endpoint"]');
    if (!meta?.content)
      throw new Error('index.html must name the Portico server in <meta name="portico-endpoint">.');
    this.endpoint = meta.content;
  }

  /** Bound once, so the element keeps one function. The custom header: a cross-site form cannot send it. */
  readonly getToken: PorticoTokenProvider = async () => {
    const body = await firstValueFrom(
      this.#http.post<{ token: string }>('/session/token', null, {
        headers: new HttpHeaders({ 'X-Requested-With': 'fetch' }),
      }),
    );
    return body.token;
  };
}
