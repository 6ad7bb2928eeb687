/**
 * The emulator's authentication test modes, matching what Portico's upstream strategies meet in
 * production:
 *
 * - OAuth: a client-credentials token endpoint (Entra ID v2 form, and AD FS form with `resource`
 *   plus the password grant) that issues signed JWT access tokens, which the Web API then requires.
 *   Refusals use the token endpoint's JSON error shape (`error`, `error_description` with an
 *   AADSTS code, `error_codes`, `trace_id`, `correlation_id`, `timestamp`:
 *   https://learn.microsoft.com/entra/identity-platform/reference-error-codes) and the Web API's
 *   401 with a `WWW-Authenticate: Bearer authorization_uri=…` challenge.
 * - NTLM: the server side of the Windows authentication handshake, per connection (MS-NLMP:
 *   https://learn.microsoft.com/openspecs/windows_protocols/ms-nlmp/), verifying NTLMv2 responses.
 *   MD4 (for the NT hash) comes from js-md4 because Node 20's OpenSSL 3 has no MD4.
 * - Privileges: the integration user's privileges served by `RetrieveUserPrivileges`.
 */
import { createHmac, createPublicKey, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import md4 from 'js-md4';
import { SignJWT, errors as joseErrors, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import type { EmuResponse } from './wire.js';

export interface EmulatorOAuthOptions {
  /** The one registered application. */
  clientId: string;
  /** Its client secret; a client without one must use a certificate assertion. */
  clientSecret?: string;
  /** PEM public key or certificate that verifies the application's client assertions. */
  clientCertificate?: string;
  /** Service accounts accepted by the password grant (AD FS), name → password. */
  users?: Record<string, string>;
  /** Audience of issued tokens and the only accepted resource. Default: the emulator's origin. */
  audience?: string;
  /** Tenant id in the token endpoint path and `iss`. Default `00000000-0000-4000-8000-0000000000aa`. */
  tenant?: string;
  /** Lifetime of issued access tokens in seconds. Default 3600. */
  tokenLifetimeSeconds?: number;
}

export interface EmulatorNtlmOptions {
  /** `DOMAIN\user` (or `user` for no domain). */
  user: string;
  password: string;
}

/** Test handles of the OAuth mode. */
export interface OAuthControl {
  /** Token endpoint URL in the Entra ID form `<origin>/<tenant>/oauth2/v2.0/token`. */
  tokenUrl: string;
  /** AD FS form `<origin>/adfs/oauth2/token`. */
  adfsTokenUrl: string;
  audience: string;
  /** Access tokens issued so far. */
  issued(): number;
  /** Makes every token issued so far invalid (as a key rollover or revoked consent would). */
  revokeAll(): void;
  /** A token signed by the emulator with chosen audience/lifetime, to test refusals. */
  issueToken(options?: { audience?: string; lifetimeSeconds?: number }): Promise<string>;
  /** The public signing key as a JWK. */
  jwk(): Promise<JWK>;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export class OAuthMode {
  readonly tenant: string;
  private audience = '';
  private origin = '';
  private keys: { publicKey: CryptoKey; privateKey: CryptoKey } | undefined;
  private readonly lifetime: number;
  private readonly clientKey: KeyObject | undefined;
  private count = 0;
  /** Tokens issued before this instant (seconds) are refused. */
  private notBefore = 0;

  constructor(private readonly options: EmulatorOAuthOptions) {
    this.tenant = options.tenant ?? '00000000-0000-4000-8000-0000000000aa';
    this.lifetime = options.tokenLifetimeSeconds ?? 3600;
    this.clientKey = options.clientCertificate ? createPublicKey(options.clientCertificate) : undefined;
  }

  async start(origin: string): Promise<void> {
    this.origin = origin;
    this.audience = (this.options.audience ?? origin).replace(/\/$/, '');
    this.keys = await generateKeyPair('ES256');
  }

  get issuer(): string {
    return `${this.origin}/${this.tenant}/`;
  }

  control(): OAuthControl {
    return {
      tokenUrl: `${this.origin}/${this.tenant}/oauth2/v2.0/token`,
      adfsTokenUrl: `${this.origin}/adfs/oauth2/token`,
      audience: this.audience,
      issued: () => this.count,
      revokeAll: () => {
        // Tokens carry whole-second `iat`; refusing everything issued up to this second (inclusive).
        this.notBefore = Math.floor(Date.now() / 1000) + 1;
      },
      issueToken: (o = {}) =>
        this.sign(o.audience ?? this.audience, o.lifetimeSeconds ?? this.lifetime, 'test'),
      jwk: () => exportJWK(this.keys!.publicKey),
    };
  }

  /** Token endpoint paths: Entra ID v1/v2 (`/<tenant>/oauth2[/v2.0]/token`) and AD FS (`/adfs/oauth2/token`). */
  isTokenPath(pathname: string): boolean {
    return (
      pathname === '/adfs/oauth2/token' ||
      pathname === `/${this.tenant}/oauth2/v2.0/token` ||
      pathname === `/${this.tenant}/oauth2/token` ||
      pathname === '/oauth2/token'
    );
  }

  private async sign(audience: string, lifetime: number, subject: string): Promise<string> {
    // `iat` may not precede a revocation in the same second, so a fresh token is never born revoked.
    const clock = Math.floor(Date.now() / 1000);
    const now = Math.max(clock, this.notBefore);
    this.count += 1;
    return new SignJWT({ appid: this.options.clientId, tid: this.tenant, ver: '2.0' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt(now)
      .setNotBefore(clock)
      .setExpirationTime(clock + lifetime)
      .setJti(randomUUID())
      .sign(this.keys!.privateKey);
  }

  /** `POST` token endpoint: form-encoded grant → access token, or the AADSTS-style refusal. */
  async token(
    method: string,
    contentType: string,
    body: string | undefined,
    url: string,
  ): Promise<EmuResponse> {
    if (method !== 'POST') {
      return aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
    }
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      );
    }
    const form = new URLSearchParams(body ?? '');
    const grant = form.get('grant_type');
    const clientId = form.get('client_id');
    if (!grant) {
      return aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      );
    }
    if (grant !== 'client_credentials' && !(grant === 'password' && this.options.users)) {
      return aadError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grant.slice(0, 40)}'.`,
      );
    }
    if (!clientId) {
      return aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    }
    if (clientId !== this.options.clientId) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId.slice(0, 64)}' was not found in the directory '${this.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== ASSERTION_TYPE || !this.clientKey) {
        return aadError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
      }
      try {
        await jwtVerify(assertion, this.clientKey, {
          audience: url,
          issuer: clientId,
          subject: clientId,
          clockTolerance: 60,
        });
      } catch (error) {
        const expired = error instanceof joseErrors.JWTExpired;
        return aadError(
          401,
          'invalid_client',
          expired ? 700024 : 700027,
          expired
            ? 'Client assertion is not within its valid time range.'
            : `Client assertion failed signature validation. (${(error as Error).message.slice(0, 120)})`,
        );
      }
    } else if (secret !== null) {
      if (!this.options.clientSecret || !safeEqual(secret, this.options.clientSecret)) {
        return aadError(
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to the app.',
        );
      }
    } else if (grant !== 'password') {
      return aadError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    let subject = clientId;
    if (grant === 'password') {
      const username = form.get('username') ?? '';
      const password = form.get('password') ?? '';
      const known = Object.entries(this.options.users ?? {}).find(
        ([u]) => u.toLowerCase() === username.toLowerCase(),
      );
      if (!known || !safeEqual(password, known[1])) {
        // AD FS answers a wrong service-account password with invalid_grant / MSIS7068.
        return jsonError(400, {
          error: 'invalid_grant',
          error_description: "MSIS9659: Invalid 'username' or 'password'.",
        });
      }
      subject = known[0];
    }
    const scope = form.get('scope');
    const resource = form.get('resource');
    const requested = scope !== null ? scope.replace(/\/\.default$/, '') : (resource ?? '');
    if (requested.replace(/\/$/, '') !== this.audience || (scope !== null && !scope.endsWith('/.default'))) {
      return aadError(
        400,
        scope !== null ? 'invalid_scope' : 'invalid_resource',
        500011,
        `The resource principal named ${requested.slice(0, 200) || '(none)'} was not found in the tenant named ${this.tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const accessToken = await this.sign(this.audience, this.lifetime, subject);
    return {
      status: 200,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        Pragma: 'no-cache',
      },
      body: JSON.stringify({
        token_type: 'Bearer',
        expires_in: this.lifetime,
        ext_expires_in: this.lifetime,
        access_token: accessToken,
      }),
    };
  }

  /** Checks `Authorization: Bearer <jwt>` on a Web API request; a refusal is the 401 to send. */
  async verify(authorization: string | undefined, host: string): Promise<EmuResponse | undefined> {
    const challenge = (extra: string) => ({
      status: 401,
      headers: {
        'WWW-Authenticate': `Bearer ${extra}authorization_uri=${this.origin}/${this.tenant}/oauth2/authorize, resource_id=${this.audience || `http://${host}`}/`,
      },
    });
    const m = /^Bearer\s+(\S+)$/.exec(authorization ?? '');
    if (!m) return challenge('');
    try {
      const { payload } = await jwtVerify(m[1]!, this.keys!.publicKey, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['ES256'],
      });
      if ((payload.iat ?? 0) < this.notBefore) throw new Error('token revoked');
      return undefined;
    } catch (error) {
      const reason =
        error instanceof joseErrors.JWTExpired
          ? 'The token is expired.'
          : error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud'
            ? 'The audience of the token is not this organization.'
            : 'Error during token validation!';
      return challenge(`error="invalid_token", error_description="${reason}", `);
    }
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function jsonError(status: number, body: Record<string, unknown>): EmuResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify(body),
  };
}

function aadError(status: number, error: string, code: number, text: string): EmuResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return jsonError(status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  });
}

// ---- NTLM ---------------------------------------------------------------------------------------

const SIGNATURE = Buffer.from('NTLMSSP\0', 'ascii');
const FLAGS =
  0x00000001 | // NEGOTIATE_UNICODE
  0x00000004 | // REQUEST_TARGET
  0x00000200 | // NEGOTIATE_NTLM
  0x00008000 | // NEGOTIATE_ALWAYS_SIGN
  0x00010000 | // TARGET_TYPE_DOMAIN
  0x00080000 | // NEGOTIATE_EXTENDED_SESSIONSECURITY (NTLMv2)
  0x00800000; // NEGOTIATE_TARGET_INFO

interface SocketState {
  challenge: Buffer | undefined;
  authenticated: boolean;
}

/** Windows authentication per connection, as IIS does it for an on-premises Dynamics site. */
export class NtlmMode {
  private readonly domain: string;
  private readonly user: string;
  private readonly sockets = new WeakMap<Socket, SocketState>();
  /** Handshakes completed (for tests: keep-alive must not repeat them). */
  handshakes = 0;

  constructor(private readonly options: EmulatorNtlmOptions) {
    const [domain, user] = options.user.includes('\\')
      ? (options.user.split('\\', 2) as [string, string])
      : ['', options.user];
    this.domain = domain;
    this.user = user;
  }

  /** Undefined when the request may proceed; otherwise the 401 to send (challenge or refusal). */
  check(req: IncomingMessage): EmuResponse | undefined {
    const socket = req.socket;
    let state = this.sockets.get(socket);
    if (!state) {
      state = { challenge: undefined, authenticated: false };
      this.sockets.set(socket, state);
    }
    const header = req.headers['authorization'] ?? '';
    const m = /^(?:NTLM|Negotiate)\s+([A-Za-z0-9+/=]+)$/.exec(header);
    if (!m) {
      return state.authenticated ? undefined : unauthorized('NTLM');
    }
    const message = Buffer.from(m[1]!, 'base64');
    const type =
      message.length >= 12 && message.subarray(0, 8).equals(SIGNATURE) ? message.readUInt32LE(8) : 0;
    if (type === 1) {
      state.authenticated = false;
      state.challenge = randomBytes(8);
      return unauthorized(`NTLM ${this.challengeMessage(state.challenge).toString('base64')}`);
    }
    if (type === 3 && state.challenge) {
      const challenge = state.challenge;
      state.challenge = undefined;
      if (this.verify(message, challenge)) {
        state.authenticated = true;
        this.handshakes += 1;
        return undefined;
      }
      return unauthorized('NTLM');
    }
    state.authenticated = false;
    return unauthorized('NTLM');
  }

  private challengeMessage(challenge: Buffer): Buffer {
    const target = Buffer.from(this.domain.toUpperCase(), 'utf16le');
    const av = (id: number, value: Buffer) => {
      const head = Buffer.alloc(4);
      head.writeUInt16LE(id, 0);
      head.writeUInt16LE(value.length, 2);
      return Buffer.concat([head, value]);
    };
    const info = Buffer.concat([
      av(2, target), // MsvAvNbDomainName
      av(1, Buffer.from('DYNAMICS', 'utf16le')), // MsvAvNbComputerName
      av(0, Buffer.alloc(0)), // MsvAvEOL
    ]);
    const header = Buffer.alloc(48);
    SIGNATURE.copy(header, 0);
    header.writeUInt32LE(2, 8);
    header.writeUInt16LE(target.length, 12);
    header.writeUInt16LE(target.length, 14);
    header.writeUInt32LE(48, 16);
    header.writeUInt32LE(FLAGS, 20);
    challenge.copy(header, 24);
    header.writeUInt16LE(info.length, 40);
    header.writeUInt16LE(info.length, 42);
    header.writeUInt32LE(48 + target.length, 44);
    return Buffer.concat([header, target, info]);
  }

  /** NTLMv2: NTProofStr = HMAC-MD5(NTOWFv2, serverChallenge ‖ blob) (MS-NLMP §3.3.2). */
  private verify(message: Buffer, challenge: Buffer): boolean {
    if (message.length < 64) return false;
    const field = (offset: number): Buffer | undefined => {
      const length = message.readUInt16LE(offset);
      const start = message.readUInt32LE(offset + 4);
      return start + length <= message.length ? message.subarray(start, start + length) : undefined;
    };
    const nt = field(20);
    const domain = field(28)?.toString('utf16le') ?? '';
    const user = field(36)?.toString('utf16le') ?? '';
    if (!nt || nt.length < 48) return false; // shorter is NTLMv1, which is refused
    if (user.toLowerCase() !== this.user.toLowerCase()) return false;
    if (domain.toLowerCase() !== this.domain.toLowerCase()) return false;
    const ntHash = Buffer.from(md4.arrayBuffer(Buffer.from(this.options.password, 'utf16le')));
    const ntowfv2 = createHmac('md5', ntHash)
      .update(Buffer.from(user.toUpperCase() + domain, 'utf16le'))
      .digest();
    const proof = nt.subarray(0, 16);
    const blob = nt.subarray(16);
    if (blob.readUInt16BE(0) !== 0x0101) return false;
    const expected = createHmac('md5', ntowfv2)
      .update(Buffer.concat([challenge, blob]))
      .digest();
    return timingSafeEqual(proof, expected);
  }
}

function unauthorized(challenge: string): EmuResponse {
  return {
    status: 401,
    headers: { 'WWW-Authenticate': challenge, 'Content-Type': 'text/html' },
    body: '<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>',
  };
}

// ---- Privileges ---------------------------------------------------------------------------------

/** The privileges a Portico integration user needs on contact and incident, plus those an emulator grants by default. */
export const ENTITY_PRIVILEGES = [
  'Read',
  'Create',
  'Write',
  'Delete',
  'Assign',
  'Append',
  'AppendTo',
] as const;

/** Every `prv<Action><Entity>` privilege for the emulator's tables (the default grant). */
export function allPrivileges(entities: readonly string[]): string[] {
  return entities.flatMap((e) => ENTITY_PRIVILEGES.map((p) => `prv${p}${e}`));
}
