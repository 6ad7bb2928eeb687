/**
 * The HTTP side of the emulator: one node:http exchange → one routed Web API request, with what
 * Dataverse does before its Web API sees a request — URL length, NTLM per connection, the OAuth
 * token endpoint, the `/api/data/v9.x/` path and version, bearer authentication,
 * RetrieveUserPrivileges, service-protection admission — plus the test hooks: injected faults and
 * the request log.
 *
 * Plain `node:http` rather than Express: the emulator must control the raw exchange — reading the
 * body itself to answer Dataverse's 413, destroying a socket after a committed write for fault
 * injection, OData URL segments such as `contacts(<id>)/fullname` and
 * `EntityDefinitions(LogicalName='x')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`
 * that route patterns do not express, and the same in-process dispatch for `$batch` parts.
 * Express would add a layer whose routing, body parsing and error handling would all be bypassed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { userPrivileges } from './actions.js';
import type { NtlmMode, OAuthMode } from './auth.js';
import { DataverseError, errors } from './errors.js';
import { faultError, type Fault, type Faults } from './faults.js';
import type { ServiceProtection } from './limits.js';
import type { EmulatorConfig } from './options.js';
import type { Log } from './request-log.js';
import type { Router } from './router.js';
import { errorResponse, type EmuResponse } from './wire.js';

const VERSIONS = new Set(['9.0', '9.1', '9.2']);
/** Dataverse's documented GET URL limit (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors). */
export const MAX_URL = 32_768;

/** Everything one exchange may need, made once by `startEmulator`. */
export interface HttpContext {
  readonly config: Readonly<EmulatorConfig>;
  readonly router: Router;
  readonly log: Log;
  readonly faults: Faults;
  readonly protection: ServiceProtection | undefined;
  readonly oauth: OAuthMode | undefined;
  readonly ntlm: NtlmMode | undefined;
  /** `/<org>` in the on-premises layout, else empty. */
  readonly prefix: string;
  readonly say: (line: string) => void;
}

/** The `request` listener for `http.createServer`. */
export function requestListener(ctx: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => void new Exchange(ctx, req, res).handle();
}

/** Resolves after `ms` (never when `ms` is Infinity), or as soon as `signal` aborts. */
function waitUnless(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    signal.addEventListener('abort', done);
  });
}

class BodyTooLarge extends Error {}

class ClientGone extends Error {}

/** The body, or `ClientGone` when the client disconnected before sending all of it. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    // A request whose client already left has no 'end' to come: waiting for it would never finish.
    if (req.destroyed && !req.readableEnded) {
      reject(new ClientGone());
      return;
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(size === 0 ? undefined : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('close', () => {
      if (!req.readableEnded && !failed) {
        failed = true;
        reject(new ClientGone());
      }
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

function send(res: ServerResponse, r: EmuResponse): void {
  const headers: Record<string, string> = { 'OData-Version': '4.0', REQ_ID: randomUUID(), ...r.headers };
  if (r.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(r.body));
  else if (r.status !== 304 && r.status !== 204) headers['Content-Length'] = '0';
  res.writeHead(r.status, headers);
  res.end(r.body);
}

/** The path below `/api/data/`: its version segment (`v9.2`) and the rest. */
interface ApiPath {
  version: string;
  rest: string;
}

/** One request and its response; each step either answers (and the exchange ends) or lets it go on. */
class Exchange {
  private readonly started = performance.now();
  private readonly at = new Date();
  private readonly method: string;
  private readonly rawUrl: string;
  private status = 0;
  private release: (() => void) | undefined;
  /**
   * Aborts when the client disconnects before its answer: whatever the request waits for then
   * ends, and `handle` gives back its concurrency slot.
   */
  private readonly gone = new AbortController();

  constructor(
    private readonly ctx: HttpContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    this.rawUrl = req.url ?? '/';
    res.once('close', () => {
      if (!res.writableFinished) this.gone.abort();
    });
  }

  async handle(): Promise<void> {
    try {
      await this.steps();
    } catch (e) {
      if (e instanceof ClientGone) return;
      this.ctx.say(
        `Unexpected error on ${this.method} ${this.rawUrl}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      if (!this.res.headersSent && !this.res.destroyed)
        this.reply(errorResponse(new DataverseError(500, '0x80040216', 'An unexpected error occurred.')));
    } finally {
      this.release?.();
      const durationMs = performance.now() - this.started;
      this.ctx.log.push({
        method: this.method,
        path: this.rawUrl,
        status: this.status,
        durationMs,
        at: this.at,
      });
      this.ctx.say(`${this.method} ${this.rawUrl} ${this.status} ${durationMs.toFixed(1)}ms`);
    }
  }

  private reply(r: EmuResponse): void {
    this.status = r.status;
    send(this.res, r);
  }

  private async steps(): Promise<void> {
    const { ntlm, oauth } = this.ctx;
    if (this.rawUrl.length > MAX_URL) {
      this.reply(
        errorResponse(
          new DataverseError(414, '0x80060888', `The request URL is longer than ${MAX_URL} characters.`),
        ),
      );
      return;
    }
    const qi = this.rawUrl.indexOf('?');
    const pathname = qi < 0 ? this.rawUrl : this.rawUrl.slice(0, qi);
    const query = qi < 0 ? '' : this.rawUrl.slice(qi + 1);
    if (ntlm) {
      // IIS authenticates the whole site, before any routing.
      const refusal = ntlm.check(this.req);
      if (refusal) return this.reply(refusal);
    }
    if (oauth?.isTokenPath(pathname)) return this.tokenEndpoint(oauth, pathname);
    const api = this.apiPath(pathname);
    if (!api || !(await this.authenticated())) return;
    if (this.userPrivileges(api)) return;
    if (!this.admitted()) return;
    // Faults act after admission, so an injected delay counts as execution time and concurrency.
    const fault = this.ctx.faults.take(this.method, this.rawUrl);
    if (fault?.hang) await waitUnless(this.gone.signal, Infinity);
    else if (fault?.delayMs) await waitUnless(this.gone.signal, fault.delayMs);
    if (this.gone.signal.aborted) return;
    if (fault?.resetConnection === 'beforeHandling') {
      this.req.socket.destroy();
      return;
    }
    if (fault?.respond) return this.replyFault(fault.respond);
    await this.dispatch(api, query, fault);
  }

  private async tokenEndpoint(oauth: OAuthMode, pathname: string): Promise<void> {
    let form: string | undefined;
    try {
      form = await readBody(this.req, 65_536);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      this.res.setHeader('Connection', 'close');
      this.reply({ status: 413, headers: {} });
      return;
    }
    const tokenUrl = `http://${this.req.headers.host ?? ''}${pathname}`;
    this.reply(
      await oauth.token(this.method, String(this.req.headers['content-type'] ?? ''), form, tokenUrl),
    );
  }

  /** `[/<org>]/api/data/v9.x/…` with a supported version, or the answer Dataverse gives instead. */
  private apiPath(pathname: string): ApiPath | undefined {
    const { prefix } = this.ctx;
    const m = /^\/api\/data\/([^/]*)(?:\/(.*))?$/.exec(
      pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : '/',
    );
    if (!m) {
      this.reply(errorResponse(errors.noResource(`http://${this.req.headers.host ?? ''}${this.rawUrl}`)));
      return undefined;
    }
    const version = m[1]!.replace(/^v/, '');
    if (!m[1]!.startsWith('v') || !VERSIONS.has(version)) {
      this.reply(errorResponse(errors.badVersion(m[1]!)));
      return undefined;
    }
    return { version: m[1]!, rest: m[2] ?? '' };
  }

  private async authenticated(): Promise<boolean> {
    const { config, oauth } = this.ctx;
    if (config.token !== undefined) {
      const auth = this.req.headers['authorization'];
      if (auth !== `Bearer ${config.token}`) {
        // Dataverse answers an unauthenticated request with an empty 401 and a Bearer challenge.
        this.reply({
          status: 401,
          headers: {
            'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=http://${this.req.headers.host ?? ''}/`,
          },
        });
        return false;
      }
    } else if (oauth) {
      const refusal = await oauth.verify(this.req.headers['authorization'], this.req.headers.host ?? '');
      if (refusal) {
        this.reply(refusal);
        return false;
      }
    }
    return true;
  }

  /** GET `systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges`: answered here, from the options. */
  private userPrivileges(api: ApiPath): boolean {
    const privilegeQuery =
      /^systemusers\(([0-9a-fA-F-]{36})\)\/Microsoft\.Dynamics\.CRM\.RetrieveUserPrivileges(?:\(\))?$/.exec(
        api.rest,
      );
    if (!privilegeQuery || this.method !== 'GET') return false;
    const root = `http://${this.req.headers.host ?? ''}${this.ctx.prefix}/api/data/${api.version}/`;
    this.reply(userPrivileges(root, privilegeQuery[1]!, this.ctx.config.privileges));
    return true;
  }

  /** Service protection: a slot for this user, or the 429 Dataverse would send. */
  private admitted(): boolean {
    const { protection } = this.ctx;
    if (!protection) return true;
    const user = String(this.req.headers['authorization'] ?? 'anonymous');
    try {
      this.release = protection.admit(user);
      return true;
    } catch (e) {
      if (e instanceof DataverseError) {
        this.reply(errorResponse(e));
        return false;
      }
      throw e;
    }
  }

  private replyFault(respond: NonNullable<Fault['respond']>): void {
    const e = faultError(respond.status);
    if (respond.retryAfterSeconds !== undefined) e.headers['Retry-After'] = String(respond.retryAfterSeconds);
    this.reply(errorResponse(e));
  }

  /** Reads the body and hands the request to the router. */
  private async dispatch(api: ApiPath, query: string, fault: Fault | undefined): Promise<void> {
    const { config, protection, prefix, router } = this.ctx;
    let body: string | undefined;
    try {
      body = await readBody(this.req, config.maxBodyBytes);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        this.res.setHeader('Connection', 'close');
        this.reply(errorResponse(errors.requestTooLarge(config.maxBodyBytes)));
        return;
      }
      throw e;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(this.req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const root = `http://${this.req.headers.host ?? `${config.host}:${config.port}`}${prefix}/api/data/${api.version}/`;
    const result = router.handle({ method: this.method, path: api.rest, query, headers, body, root });
    if (fault?.resetConnection === 'afterCommit') {
      // The write is committed; the client never hears about it.
      this.req.socket.destroy();
      return;
    }
    if (protection)
      Object.assign(
        result.headers,
        protection.headers(String(this.req.headers['authorization'] ?? 'anonymous')),
      );
    this.reply(result);
  }
}
