/**
 * OAuth 2.0 token strategy for the integration identity: client credentials against Entra ID
 * (online: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow)
 * or AD FS (on-premises IFD: https://learn.microsoft.com/windows-server/identity/ad-fs/overview/ad-fs-openid-connect-oauth-flows-scenarios),
 * with a client secret or a certificate-signed client assertion
 * (https://learn.microsoft.com/entra/identity-platform/certificate-credentials), and the AD FS
 * resource-owner password grant for an on-premises service account.
 *
 * Tokens are cached and refreshed `refreshSkewSeconds` before they expire; concurrent callers share
 * one in-flight token request. `invalidate()` (the upstream client calls it on a 401) drops the
 * cached token so the next caller fetches a new one. Secrets never appear in errors or logs.
 */
import { X509Certificate, createPrivateKey, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import type { TokenProvider } from '../client.js';

/** A token could not be obtained; `code` is stable, `message` says what to fix (never a secret). */
export class UpstreamAuthError extends Error {
  readonly code = 'PORTICO_UPSTREAM_AUTH_FAILED';
  /** The token endpoint's `error` (e.g. `invalid_client`), when it gave one. */
  readonly oauthError: string | undefined;
  /** HTTP status of the token endpoint, 0 when it could not be reached. */
  readonly status: number;
  constructor(message: string, status: number, oauthError?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'UpstreamAuthError';
    this.status = status;
    this.oauthError = oauthError;
  }
}

export interface ClientCertificate {
  /** PKCS#8/PKCS#1 private key (PEM). */
  privateKey: KeyObject;
  /** SHA-1 thumbprint of the certificate, as 40 hex digits. */
  thumbprint: string;
}

export interface OAuthTokenOptions {
  /** The token endpoint. */
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  certificate?: ClientCertificate;
  /** Entra ID v2 `scope`, e.g. `https://org.crm.dynamics.com/.default`. */
  scope?: string;
  /** AD FS `resource`. */
  resource?: string;
  /** Resource-owner password grant (AD FS service account) instead of client credentials. */
  username?: string;
  password?: string;
  /** Refresh this long before expiry. Default 300 (capped at half the token's lifetime). */
  refreshSkewSeconds?: number;
  /** Timeout of one token request in ms. Default 15000. */
  timeoutMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

interface Cached {
  token: string;
  /** When to fetch a new one (ms since epoch). */
  refreshAt: number;
}

/** Reads a PEM file with a private key and, ideally, its certificate; the thumbprint comes from the certificate when present. */
export function loadClientCertificate(path: string, thumbprint: string | undefined): ClientCertificate {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UpstreamAuthError(
      `DATAVERSE_CLIENT_CERTIFICATE = ${JSON.stringify(path)} could not be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      0,
    );
  }
  const keyBlock =
    /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem);
  if (!keyBlock) {
    throw new UpstreamAuthError(
      `DATAVERSE_CLIENT_CERTIFICATE = ${JSON.stringify(path)} holds no unencrypted PEM private key (BEGIN PRIVATE KEY).`,
      0,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(keyBlock[0]);
  } catch (error) {
    throw new UpstreamAuthError(
      `DATAVERSE_CLIENT_CERTIFICATE = ${JSON.stringify(path)}: the private key is unreadable (${(error as Error).message}).`,
      0,
    );
  }
  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  let fromCert: string | undefined;
  if (certBlock) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certBlock[0]);
    } catch (error) {
      throw new UpstreamAuthError(
        `DATAVERSE_CLIENT_CERTIFICATE = ${JSON.stringify(path)}: the certificate is unreadable (${(error as Error).message}).`,
        0,
      );
    }
    if (!cert.checkPrivateKey(privateKey)) {
      throw new UpstreamAuthError(
        `DATAVERSE_CLIENT_CERTIFICATE = ${JSON.stringify(path)}: the certificate does not belong to the private key in the same file.`,
        0,
      );
    }
    fromCert = cert.fingerprint.replace(/:/g, '').toLowerCase();
  }
  const given = thumbprint?.replace(/:/g, '').toLowerCase();
  if (given && fromCert && given !== fromCert) {
    throw new UpstreamAuthError(
      `DATAVERSE_CERTIFICATE_THUMBPRINT does not match the certificate in DATAVERSE_CLIENT_CERTIFICATE (its SHA-1 thumbprint is ${fromCert}).`,
      0,
    );
  }
  const use = given ?? fromCert;
  if (!use) {
    throw new UpstreamAuthError(
      `DATAVERSE_CLIENT_CERTIFICATE = ${JSON.stringify(path)} holds no certificate: add it to the PEM file or set DATAVERSE_CERTIFICATE_THUMBPRINT.`,
      0,
    );
  }
  return { privateKey, thumbprint: use };
}

/** The JWT a client signs with its certificate to prove its identity (RFC 7523 client assertion). */
export async function clientAssertion(
  clientId: string,
  tokenUrl: string,
  certificate: ClientCertificate,
  nowMs = Date.now(),
): Promise<string> {
  const alg = certificate.privateKey.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256';
  const now = Math.floor(nowMs / 1000);
  // Entra ID finds the certificate by `x5t`: the base64url SHA-1 thumbprint.
  const x5t = Buffer.from(certificate.thumbprint, 'hex').toString('base64url');
  return new SignJWT({})
    .setProtectedHeader({ alg, typ: 'JWT', x5t })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 600)
    .sign(certificate.privateKey);
}

export class OAuthTokenProvider implements TokenProvider {
  private readonly options: Required<Pick<OAuthTokenOptions, 'refreshSkewSeconds' | 'timeoutMs' | 'now'>> &
    OAuthTokenOptions;
  private cached: Cached | undefined;
  private inflight: Promise<string> | undefined;
  /** Token requests sent (for tests and the connection check). */
  fetches = 0;

  constructor(options: OAuthTokenOptions) {
    try {
      new URL(options.tokenUrl);
    } catch {
      throw new TypeError(
        `OAuthTokenProvider: tokenUrl ${JSON.stringify(options.tokenUrl)} is not an absolute URL.`,
      );
    }
    if (!options.clientId) throw new TypeError('OAuthTokenProvider: clientId is required.');
    const password = options.username !== undefined;
    if (!password && (options.clientSecret === undefined) === (options.certificate === undefined)) {
      throw new TypeError('OAuthTokenProvider: give exactly one of clientSecret and certificate.');
    }
    if ((options.scope === undefined) === (options.resource === undefined)) {
      throw new TypeError('OAuthTokenProvider: give exactly one of scope (Entra ID) and resource (AD FS).');
    }
    const skew = options.refreshSkewSeconds ?? 300;
    if (!Number.isInteger(skew) || skew < 0 || skew > 3600) {
      throw new TypeError(
        `OAuthTokenProvider: refreshSkewSeconds = ${JSON.stringify(skew)} must be a whole number from 0 to 3600.`,
      );
    }
    this.options = {
      ...options,
      refreshSkewSeconds: skew,
      timeoutMs: options.timeoutMs ?? 15_000,
      now: options.now ?? Date.now,
    };
  }

  getToken(): Promise<string> {
    const cached = this.cached;
    if (cached && this.options.now() < cached.refreshAt) return Promise.resolve(cached.token);
    // One refresh at a time: everyone asking meanwhile waits on the same request.
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** The cached token while it is not due for a refresh (then `getToken` would resolve with it at once). */
  currentToken(): string | undefined {
    const cached = this.cached;
    return cached && this.options.now() < cached.refreshAt ? cached.token : undefined;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const o = this.options;
    const form = new URLSearchParams();
    if (o.username !== undefined) {
      form.set('grant_type', 'password');
      form.set('username', o.username);
      form.set('password', o.password ?? '');
    } else {
      form.set('grant_type', 'client_credentials');
    }
    form.set('client_id', o.clientId);
    if (o.clientSecret !== undefined) form.set('client_secret', o.clientSecret);
    if (o.certificate) {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', await clientAssertion(o.clientId, o.tokenUrl, o.certificate, o.now()));
    }
    if (o.scope !== undefined) form.set('scope', o.scope);
    if (o.resource !== undefined) form.set('resource', o.resource);
    this.fetches += 1;
    const started = o.now();
    let res: Response;
    try {
      res = await fetch(o.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (error) {
      throw new UpstreamAuthError(
        `the token endpoint ${o.tokenUrl} could not be reached (${(error as Error).message}). Check DATAVERSE_TOKEN_URL / DATAVERSE_TENANT_ID and the network path.`,
        0,
        undefined,
        error,
      );
    }
    const text = (await res.text()).slice(0, 65_536);
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      body = {};
    }
    if (!res.ok || typeof body.access_token !== 'string') {
      const error = typeof body.error === 'string' ? body.error : undefined;
      const description =
        typeof body.error_description === 'string'
          ? body.error_description.split(/\r?\n/)[0]!.slice(0, 400)
          : undefined;
      throw new UpstreamAuthError(
        `the token endpoint refused the request (HTTP ${res.status}${error ? `, ${error}` : ''}${description ? `: ${description}` : ''}). ${hintFor(error, description)}`,
        res.status,
        error,
      );
    }
    const lifetime = Number(body.expires_in ?? 3600);
    const lifetimeMs = (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 3600) * 1000;
    const skewMs = Math.min(o.refreshSkewSeconds * 1000, lifetimeMs / 2);
    this.cached = {
      token: body.access_token,
      refreshAt: started + lifetimeMs - skewMs,
    };
    return body.access_token;
  }
}

/** What to change for the common token endpoint errors (AADSTS codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes). */
function hintFor(error: string | undefined, description: string | undefined): string {
  const d = description ?? '';
  if (/AADSTS7000215|AADSTS7000222|invalid client secret|secret.*expired/i.test(d)) {
    return 'Check DATAVERSE_CLIENT_SECRET (the secret value, not its id) and that it has not expired.';
  }
  if (/AADSTS700027|AADSTS700023|assertion|certificate/i.test(d)) {
    return 'Check that the certificate in DATAVERSE_CLIENT_CERTIFICATE is the one uploaded to the app registration.';
  }
  if (/AADSTS700016|AADSTS90002|unauthorized_client|not found in the directory/i.test(d + (error ?? ''))) {
    return 'Check DATAVERSE_CLIENT_ID and DATAVERSE_TENANT_ID.';
  }
  if (/AADSTS500011|AADSTS70011|invalid_resource|invalid_scope|resource/i.test(d + (error ?? ''))) {
    return 'Check DATAVERSE_SCOPE / DATAVERSE_RESOURCE: they must name the organisation URL (DATAVERSE_URL).';
  }
  if (error === 'invalid_grant') return 'Check DATAVERSE_USERNAME and DATAVERSE_PASSWORD.';
  if (error === 'invalid_client') return 'Check DATAVERSE_CLIENT_ID and its secret or certificate.';
  return 'Check the DATAVERSE_* authentication settings.';
}

/** `https://host/.default` for the organisation behind a Web API root. */
export function defaultScope(dataverseUrl: string): string {
  return `${new URL(dataverseUrl).origin}/.default`;
}
