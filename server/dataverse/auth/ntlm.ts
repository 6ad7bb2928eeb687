/**
 * Windows (NTLM) authentication for on-premises Dynamics 365 in an Active Directory deployment
 * (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/webapi/authenticate-web-api).
 *
 * NTLM authenticates a TCP connection, not a request: the client sends a negotiate message
 * (Type 1), the server answers 401 with a challenge (Type 2), and the client's authenticate message
 * (Type 3) on the *same* socket carries the real request; later requests on that socket need no
 * header (MS-NTHT: https://learn.microsoft.com/openspecs/windows_protocols/ms-ntht/).
 * So this strategy owns its connections: a pool of `maxSockets` connections, each a keep-alive
 * agent limited to one socket, so a handshake's two requests are guaranteed to share a socket and
 * an authenticated socket keeps serving until the server closes it (then the next request
 * handshakes again). The message encoding and NTLMv2 hashing come from `@ewsjs/ntlm-client`: it
 * only builds and reads the three messages (so it works over our own agent), and depends only on
 * `des.js` and `js-md4` (MD4 is needed for the NT hash and Node 20's OpenSSL 3 no longer provides
 * it). The alternatives were unsuitable: `httpntlm` brings its own HTTP client and cannot share our
 * keep-alive agent or concurrency cap, and `ntlm-client`/`node-ntlm-client` depend on the
 * deprecated `request` package. The strategy plugs into the upstream client as a connection hook
 * rather than a bearer token.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { hostname } from 'node:os';
import ntlm from '@ewsjs/ntlm-client';
import type { ConnectionAuthenticator, ConnectionRequest, TokenProvider } from '../client.js';

export interface NtlmOptions {
  /** `user` or `DOMAIN\user`. */
  username: string;
  password: string;
  /** Domain when `username` has none. */
  domain?: string;
  /** Most connections (the upstream concurrency cap). Default 16. */
  maxSockets?: number;
  /** Workstation name sent in the messages. Default: this host's name. */
  workstation?: string;
}

interface Connection {
  agent: http.Agent;
  /** The socket this connection authenticated, while it stays open. */
  authenticated: Socket | undefined;
  busy: boolean;
}

/** The NTLM handshake failed for a reason other than a refused password (which is a 401 response). */
export class NtlmHandshakeError extends Error {
  /**
   * `PORTICO_UPSTREAM_AUTH_FAILED` (the default): a set-up problem that a retry cannot mend, so the
   * client reports it at once as an authentication failure. A connection closed mid-handshake is a
   * network failure instead, and retried like one.
   */
  readonly code: 'PORTICO_UPSTREAM_AUTH_FAILED' | 'PORTICO_UPSTREAM_UNAVAILABLE';
  constructor(message: string, code: NtlmHandshakeError['code'] = 'PORTICO_UPSTREAM_AUTH_FAILED') {
    super(message);
    this.name = 'NtlmHandshakeError';
    this.code = code;
  }
}

/** Resolves once the agent has given the request a socket (headers not yet sent). */
function open(
  agent: http.Agent,
  url: URL,
  request: ConnectionRequest,
): Promise<{ req: http.ClientRequest; socket: Socket }> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, {
      method: request.method,
      headers: request.headers,
      agent,
      signal: request.signal,
    });
    req.once('error', reject);
    req.once('socket', (socket: Socket) => resolve({ req, socket }));
  });
}

function answer(req: http.ClientRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
}

/** Reads and discards a (small) response body so the socket is free for the next request. */
function drain(res: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    res.on('data', () => undefined);
    res.once('end', resolve);
    res.once('error', reject);
  });
}

export class NtlmAuthenticator implements TokenProvider, ConnectionAuthenticator {
  readonly connection: ConnectionAuthenticator = this;
  private readonly user: string;
  private readonly domain: string;
  private readonly password: string;
  private readonly workstation: string;
  private readonly maxSockets: number;
  private readonly pool: Connection[] = [];
  private readonly waiters: Array<(c: Connection) => void> = [];
  private secure = false;
  /** Handshakes performed (one per new socket). */
  handshakes = 0;

  /** `DOMAIN\\user` (or `user` without a domain), for messages; never the password. */
  get account(): string {
    return this.domain ? `${this.domain}\\${this.user}` : this.user;
  }

  constructor(options: NtlmOptions) {
    const [domain, user] = options.username.includes('\\')
      ? (options.username.split('\\', 2) as [string, string])
      : [options.domain ?? '', options.username];
    if (!user) throw new TypeError('NtlmAuthenticator: username is required.');
    if (typeof options.password !== 'string') throw new TypeError('NtlmAuthenticator: password is required.');
    const max = options.maxSockets ?? 16;
    if (!Number.isInteger(max) || max < 1 || max > 52) {
      throw new TypeError(
        `NtlmAuthenticator: maxSockets = ${JSON.stringify(max)} must be a whole number from 1 to 52.`,
      );
    }
    this.user = user;
    this.domain = domain;
    this.password = options.password;
    this.workstation = (options.workstation ?? hostname()).slice(0, 15).toUpperCase();
    this.maxSockets = max;
  }

  /** NTLM sends no bearer token. */
  getToken(): Promise<string> {
    return Promise.resolve('');
  }

  currentToken(): string {
    return '';
  }

  /** After a 401 every connection handshakes again. */
  invalidate(): void {
    for (const c of this.pool) c.authenticated = undefined;
  }

  async request(url: URL, request: ConnectionRequest, body: Buffer | undefined): Promise<IncomingMessage> {
    this.secure = url.protocol === 'https:';
    const connection = await this.acquire();
    // Released when the response has been read (or failed), so the socket is free for reuse.
    const release = () => this.release(connection);
    try {
      const res = await this.send(connection, url, request, body);
      let released = false;
      const once = () => {
        if (!released) {
          released = true;
          release();
        }
      };
      res.once('end', once);
      res.once('close', once);
      res.once('error', once);
      return res;
    } catch (error) {
      release();
      throw error;
    }
  }

  private async send(
    connection: Connection,
    url: URL,
    request: ConnectionRequest,
    body: Buffer | undefined,
  ): Promise<IncomingMessage> {
    const first = await open(connection.agent, url, request);
    if (first.socket === connection.authenticated) {
      first.req.end(body);
      const res = await answer(first.req);
      if (res.statusCode === 401) connection.authenticated = undefined;
      return res;
    }
    // A new socket: negotiate with a body-less copy of the request, then send the real one with the
    // authenticate message.
    this.handshakes += 1;
    first.req.removeHeader('Content-Type');
    if (body) first.req.setHeader('Content-Length', '0');
    first.req.setHeader('Authorization', ntlm.createType1Message(this.workstation, this.domain));
    first.req.end();
    const challenge = await answer(first.req);
    await drain(challenge);
    const offered = ([] as string[])
      .concat(challenge.headers['www-authenticate'] ?? [])
      .flatMap((h) => h.split(/,\s*(?=[A-Za-z]+(?:\s|$))/))
      .find((h) => /^NTLM\s+\S+/.test(h));
    if (challenge.statusCode !== 401 || !offered) {
      throw new NtlmHandshakeError(
        challenge.statusCode === 401
          ? 'Dynamics did not offer an NTLM challenge (WWW-Authenticate: NTLM). Check that Windows authentication with the NTLM provider is enabled on the Dynamics web site, or use DATAVERSE_AUTH = adfs for an IFD deployment.'
          : `Dynamics answered the NTLM negotiation with HTTP ${challenge.statusCode} instead of a challenge. Check DATAVERSE_URL and DATAVERSE_AUTH.`,
      );
    }
    let type2;
    try {
      type2 = ntlm.decodeType2Message(offered);
    } catch (error) {
      throw new NtlmHandshakeError(
        `Dynamics sent an unreadable NTLM challenge (${(error as Error).message}).`,
      );
    }
    if (type2.version !== 2 || !type2.targetInfo) {
      // NTLMv1 responses are crackable offline; Windows has defaulted to NTLMv2 since Vista.
      throw new NtlmHandshakeError(
        'Dynamics offered only NTLMv1, which Portico refuses. Set the LAN Manager authentication level on the server to NTLMv2.',
      );
    }
    const authenticate = ntlm.createType3Message(
      type2,
      this.user,
      this.password,
      this.workstation,
      this.domain,
    );
    const second = await open(connection.agent, url, request);
    if (second.socket !== first.socket) {
      second.req.destroy();
      throw new NtlmHandshakeError(
        'Dynamics closed the connection in the middle of the NTLM handshake. Check that the site keeps connections alive (HTTP keep-alive enabled in IIS).',
        'PORTICO_UPSTREAM_UNAVAILABLE',
      );
    }
    second.req.setHeader('Authorization', authenticate);
    second.req.end(body);
    const res = await answer(second.req);
    if (res.statusCode !== 401) {
      const socket = second.socket;
      connection.authenticated = socket;
      socket.once('close', () => {
        if (connection.authenticated === socket) connection.authenticated = undefined;
      });
    }
    return res;
  }

  private acquire(): Promise<Connection> {
    // Prefer a connection whose socket is already authenticated.
    const idle =
      this.pool.find((c) => !c.busy && c.authenticated && !c.authenticated.destroyed) ??
      this.pool.find((c) => !c.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (this.pool.length < this.maxSockets) {
      const AgentClass = this.secure ? https.Agent : http.Agent;
      const created: Connection = {
        agent: new AgentClass({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }),
        authenticated: undefined,
        busy: true,
      };
      this.pool.push(created);
      return Promise.resolve(created);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(connection: Connection): void {
    const next = this.waiters.shift();
    if (next) next(connection);
    else connection.busy = false;
  }

  /** Open (authenticated) sockets, for tests and diagnostics. */
  openConnections(): number {
    return this.pool.filter((c) => c.authenticated && !c.authenticated.destroyed).length;
  }

  close(): void {
    for (const c of this.pool.splice(0)) c.agent.destroy();
  }
}
