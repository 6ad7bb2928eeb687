/**
 * Cross-cutting HTTP middleware: request ids, request deadlines, access logging, CORS allow-list,
 * strict JSON bodies, rate limits and the one error handler that turns everything into an `ErrorResponse`.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import express from 'express';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import type { Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { IDEMPOTENCY_KEY_HEADER } from '../api/contract.js';
import { locals } from './context.js';
import { PorticoError } from './errors.js';
import type { ErrorCode } from './errors.js';
import { withUpstreamBudget } from '../dataverse/client.js';
import { fromUpstreamError } from './upstream-errors.js';

/** A client-supplied request id is kept only if it is short and plain (it ends up in logs). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export function requestId(): RequestHandler {
  return function porticoRequestId(req, res, next) {
    const offered = req.get('X-Request-Id');
    const id = offered && SAFE_REQUEST_ID.test(offered) ? offered : randomUUID();
    locals(res).requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}

/**
 * Gives the request one deadline, `deadlineMs` from its arrival, that all its upstream calls share
 * (server/dataverse/client.ts), and a signal that aborts when the client disconnects before its answer, so
 * waits on its behalf end and reads stop instead of holding connections to Dynamics nobody needs.
 */
export function requestDeadline(deadlineMs: number): RequestHandler {
  return function porticoDeadline(_req, res, next) {
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    withUpstreamBudget({ deadline: Date.now() + deadlineMs, signal: gone.signal }, next);
  };
}

/**
 * One log line per request: method, route pattern (not the URL — query strings can hold search
 * text, i.e. personal data), status, duration, request id. Never headers, never bodies.
 */
export function accessLog(logger: Logger): RequestHandler {
  return function porticoAccessLog(req, res, next) {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      logger.info(
        {
          requestId: locals(res).requestId,
          method: req.method,
          route: route ? `${req.baseUrl}${route}` : req.path.startsWith('/api/') ? '(unmatched)' : req.path,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          role: locals(res).user?.role,
        },
        'request',
      );
    });
    next();
  };
}

const CORS_HEADERS = [
  'Authorization',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  IDEMPOTENCY_KEY_HEADER,
  'X-Request-Id',
  'Accept',
  'Accept-Language',
];

/**
 * CORS for the embedding origins only. An unlisted origin gets no CORS headers (the browser then
 * hides the response), and its preflight is refused outright with 403.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_HEADERS,
    exposedHeaders: ['X-Request-Id', 'ETag', 'Location', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    credentials: false,
    // The answer is the same for every path, but browsers cache it per URL, so every new record,
    // page or search pays one preflight anyway; the longest cache Chromium honours (2 h; Firefox
    // 24 h) at least spares repeats. https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Max-Age
    maxAge: 7200,
  });
  return function porticoCors(req, res, next) {
    // Every answer's CORS headers depend on Origin, including the answers that carry none (no
    // Origin, or an unlisted one): without Vary on those too, a shared cache could hand a public,
    // long-cached module stored for a request without Origin to the embedding page, which the
    // browser would then refuse to run.
    res.vary('Origin');
    const origin = req.get('Origin');
    if (
      req.method === 'OPTIONS' &&
      origin !== undefined &&
      req.get('Access-Control-Request-Method') &&
      !allowed.has(origin)
    ) {
      next(new PorticoError('PORTICO_CORS_ORIGIN_DENIED', 'This page origin may not call Portico.'));
      return;
    }
    handler(req, res, next);
  };
}

/**
 * HTTP/1.1 requires a Host header (RFC 9112 §3.2). Node's own check answers with a bare 400 that
 * carries no code, so the server is created without it and this refuses the request instead.
 * Nothing reads the header's value: absolute URLs come from configuration (`public-url.ts`).
 */
export function requireHost(): RequestHandler {
  return function porticoHost(req, _res, next) {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      next(new PorticoError('PORTICO_REQUEST_MALFORMED', 'HTTP/1.1 requests need a Host header.'));
      return;
    }
    next();
  };
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * A path segment that is not valid percent-encoded UTF-8 (`%zz`, `%E0%A4`) makes the router throw
 * while it decodes route parameters. Such a segment is re-escaped here so that it reaches the route
 * as the literal text it is. Every route parameter is an id and no id contains `%`, so the route
 * then gives the answer it gives any unknown id (no such form, list, record or action), after the
 * same authentication as any other request.
 */
export function literalBrokenEscapes(): RequestHandler {
  return function porticoPathEscapes(req, _res, next) {
    const query = req.url.indexOf('?');
    const path = query === -1 ? req.url : req.url.slice(0, query);
    if (!path.includes('%')) return next();
    const segments = path.split('/');
    let changed = false;
    for (const [i, segment] of segments.entries()) {
      if (segment.includes('%') && !decodes(segment)) {
        segments[i] = segment.replaceAll('%', '%25');
        changed = true;
      }
    }
    if (changed) req.url = `${segments.join('/')}${query === -1 ? '' : req.url.slice(query)}`;
    next();
  };
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;
/** The methods whose bodies are read; any other method's body is ignored, whatever it claims to be. */
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

/** Throws for prototype-pollution keys anywhere in the body, and for bodies nested deeper than any valid request. */
export function checkBodyKeys(value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) throw new PorticoError('PORTICO_BODY_MALFORMED', 'The body is nested too deeply.');
  for (const key of Object.keys(value)) {
    if (UNSAFE_KEYS.has(key)) {
      throw new PorticoError('PORTICO_BODY_UNSAFE_KEY', `The body contains the forbidden key "${key}".`);
    }
    checkBodyKeys((value as Record<string, unknown>)[key], depth + 1);
  }
}

function tooLarge(headers: Record<string, string> = {}): PorticoError {
  return new PorticoError('PORTICO_BODY_TOO_LARGE', 'The body is larger than this server accepts.', {
    headers,
  });
}

/**
 * Bodies: POST, PATCH and PUT must be `application/json` (415 otherwise) without content encoding
 * (415: a body is never inflated, so there is no decompression to fail or to blow up) and at most
 * `limit` bytes (413); the JSON must parse (400) and be free of prototype-pollution keys (400).
 * Other methods' bodies are never read, nor those `streamed` says a route reads itself (a note's
 * multipart upload, with limits of its own).
 */
export function jsonBody(limit: number, streamed: (req: Request) => boolean = () => false): RequestHandler[] {
  const parse = express.json({ limit, strict: true, type: 'application/json', inflate: false });
  const json = (req: Request) => BODY_METHODS.has(req.method) && !streamed(req);
  return [
    function porticoContentType(req, _res, next) {
      if (!json(req)) return next();
      const length = req.get('Content-Length');
      const hasBody = req.get('Transfer-Encoding') !== undefined || (length !== undefined && length !== '0');
      if (!hasBody) {
        return next(
          new PorticoError(
            'PORTICO_BODY_MALFORMED',
            'A JSON body is required (use {} when there is nothing to send).',
          ),
        );
      }
      if (req.is('application/json') !== 'application/json') {
        return next(
          new PorticoError(
            'PORTICO_CONTENT_TYPE_UNSUPPORTED',
            'Send the body as Content-Type: application/json.',
          ),
        );
      }
      // Refused before a byte is read: body-parser would otherwise drain the whole declared length
      // before answering, holding the connection for as long as the client cares to trickle.
      // Node's parser has already refused a Content-Length that is not a plain decimal number.
      if (length !== undefined && Number(length) > limit) return next(tooLarge({ Connection: 'close' }));
      next();
    },
    function porticoJson(req, res, next) {
      if (!json(req)) return next();
      parse(req, res, next);
    },
    function porticoBodyKeys(req, _res, next) {
      if (json(req)) checkBodyKeys(req.body);
      next();
    },
  ];
}

export interface RateLimitSettings {
  windowSeconds: number;
  limit: number;
  key: 'ip' | 'user';
}

/** `store`: where the counts live when they are shared between instances (Redis); default this process's memory. */
export function limiter(settings: RateLimitSettings, store?: Store): RequestHandler {
  return rateLimit({
    ...(store ? { store } : {}),
    windowMs: settings.windowSeconds * 1000,
    limit: settings.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: settings.key === 'ip' ? 'per-ip' : 'per-user',
    ...(settings.key === 'user'
      ? { keyGenerator: (_req: Request, res: Response) => `user:${locals(res).user?.sub ?? 'unknown'}` }
      : {}),
    handler: (_req: Request, _res: Response, next: NextFunction) => {
      next(
        new PorticoError(
          'PORTICO_RATE_LIMITED',
          settings.key === 'ip'
            ? 'Too many requests from your network; wait a moment.'
            : 'Too many requests; wait a moment.',
        ),
      );
    },
  });
}

/** What body-parser, raw-body, http-errors and the router attach to the errors they throw. */
interface ReadFailure {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
}

/**
 * The one mapping from failures while reading a request (body-parser and raw-body: size, declared
 * length, content encoding, charset, JSON syntax; the router: percent-decoding) to catalogue codes.
 * Undefined for anything else, which then stays a server error.
 */
export function requestReadError(error: unknown): PorticoError | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { type, status, expose } = error as ReadFailure;
  const refuse = (code: ErrorCode, message: string) => new PorticoError(code, message, { cause: error });
  // The router's own percent-decoding of a route parameter (it marks those 400). `literalBrokenEscapes`
  // leaves it nothing to fail on; a URIError from anywhere else is a bug and stays a server error.
  if (error instanceof URIError && status === 400) {
    return refuse('PORTICO_REQUEST_MALFORMED', 'A path segment is not valid percent-encoded UTF-8.');
  }
  switch (type) {
    case 'entity.too.large':
      return tooLarge();
    case 'entity.parse.failed':
      return refuse('PORTICO_BODY_MALFORMED', 'The body is not valid JSON (or not a JSON object).');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return refuse(
        'PORTICO_CONTENT_TYPE_UNSUPPORTED',
        'Send the body as UTF-8 JSON without content encoding.',
      );
    case 'request.aborted':
    case 'request.size.invalid':
      return refuse('PORTICO_BODY_MALFORMED', 'The body ended early or its length did not match.');
  }
  // Any other client error raised while the request was read (http-errors marks those `expose`).
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return refuse('PORTICO_REQUEST_MALFORMED', 'The request could not be read.');
  }
  return undefined;
}

/** Every error becomes one `ErrorResponse`; stack traces and upstream details go to the log only. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return function porticoErrors(error: unknown, _req, res, next) {
    if (res.headersSent) {
      next(error);
      return;
    }
    const requestId = locals(res).requestId ?? randomUUID();
    let mapped = fromUpstreamError(error);
    if (!(mapped instanceof PorticoError)) mapped = requestReadError(mapped) ?? mapped;
    if (!(mapped instanceof PorticoError)) {
      logger.error({ requestId, err: error }, 'unhandled error');
      mapped = new PorticoError(
        'PORTICO_SERVER_INTERNAL',
        'Something went wrong on the server. Quote the request id if you report it.',
      );
    } else if (mapped.status >= 500 || mapped.code === 'PORTICO_UPSTREAM_REJECTED') {
      logger.warn({ requestId, code: mapped.code, cause: describeCause(mapped.cause) }, 'request failed');
    } else if (mapped.cause !== undefined) {
      // An upstream refusal told to the user in their words: the upstream's own words stay here.
      logger.info(
        { requestId, code: mapped.code, cause: describeCause(mapped.cause) },
        'request refused upstream',
      );
    }
    const failure = mapped as PorticoError;
    for (const [name, value] of Object.entries(failure.headers)) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');
    res.status(failure.status).json(failure.toResponse(requestId));
  };
}

/** The catalogue error for a request Node's HTTP parser refused before Express saw it. */
export function clientFailure(error: { code?: unknown }): PorticoError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new PorticoError('PORTICO_HEADERS_TOO_LARGE', 'The request headers are too large.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new PorticoError('PORTICO_REQUEST_TIMEOUT', 'The request did not arrive in time.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return tooLarge();
    default:
      return new PorticoError(
        'PORTICO_REQUEST_MALFORMED',
        'The request is not well-formed HTTP (request line, header syntax or body framing).',
      );
  }
}

/**
 * The server's `clientError` listener: Node's default answers a request its parser refuses (bad
 * request line or header, contradicting or non-numeric `Content-Length`, broken chunking, headers
 * too large, timeouts) with a bare status line; this answers with the catalogue error instead and
 * closes the connection, since what follows on it can no longer be framed.
 */
export function clientErrorHandler(
  logger: Logger,
): (error: Error & { code?: unknown }, socket: Duplex) => void {
  return function porticoClientError(error, socket) {
    // Node's own default handler makes the same check: once a response has started on this
    // connection, a second status line would corrupt it.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const failure = clientFailure(error);
    const requestId = randomUUID();
    logger.info({ requestId, status: failure.status, code: error.code }, 'malformed request refused');
    const body = JSON.stringify(failure.toResponse(requestId));
    socket.end(
      [
        `HTTP/1.1 ${failure.status} ${STATUS_CODES[failure.status] ?? ''}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        `X-Request-Id: ${requestId}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  };
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return cause;
}
