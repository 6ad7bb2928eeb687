/**
 * Cross-cutting HTTP middleware: request ids, request deadlines, access logging, CORS allow-list,
 * strict JSON bodies, rate limits and the one error handler that turns everything into an `ErrorResponse`.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { IDEMPOTENCY_KEY_HEADER } from '../api/contract.js';
import { locals } from './context.js';
import { PorticoError } from './errors.js';
import { withUpstreamBudget } from './upstream/client.js';
import { fromUpstreamError } from './upstream/errors.js';

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
 * (upstream/client.ts), and a signal that aborts when the client disconnects before its answer, so
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

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;

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

/**
 * Bodies: POST and PATCH must be `application/json` (415 otherwise) and at most `limit` bytes
 * (413); the JSON must parse (400) and be free of prototype-pollution keys (400). Other methods'
 * bodies are never read.
 */
export function jsonBody(limit: number): RequestHandler[] {
  const parse = express.json({ limit, strict: true, type: 'application/json' });
  return [
    function porticoContentType(req, _res, next) {
      if (req.method !== 'POST' && req.method !== 'PATCH' && req.method !== 'PUT') return next();
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
      next();
    },
    parse,
    function porticoBodyKeys(req, _res, next) {
      if (req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT') checkBodyKeys(req.body);
      next();
    },
  ];
}

export interface RateLimitSettings {
  windowSeconds: number;
  limit: number;
  key: 'ip' | 'user';
}

export function limiter(settings: RateLimitSettings): RequestHandler {
  return rateLimit({
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

interface BodyParserError {
  type?: string;
  status?: number;
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
    if (!(mapped instanceof PorticoError)) {
      const type = (mapped as BodyParserError | null)?.type;
      if (type === 'entity.too.large') {
        mapped = new PorticoError('PORTICO_BODY_TOO_LARGE', 'The body is larger than this server accepts.');
      } else if (type === 'entity.parse.failed') {
        mapped = new PorticoError(
          'PORTICO_BODY_MALFORMED',
          'The body is not valid JSON (or not a JSON object).',
        );
      } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
        mapped = new PorticoError(
          'PORTICO_CONTENT_TYPE_UNSUPPORTED',
          'Send the body as UTF-8 JSON without content encoding.',
        );
      } else if (type === 'request.aborted' || type === 'request.size.invalid') {
        mapped = new PorticoError(
          'PORTICO_BODY_MALFORMED',
          'The body ended early or its length did not match.',
        );
      }
    }
    if (!(mapped instanceof PorticoError)) {
      logger.error({ requestId, err: error }, 'unhandled error');
      mapped = new PorticoError(
        'PORTICO_SERVER_INTERNAL',
        'Something went wrong on the server. Quote the request id if you report it.',
      );
    } else if (mapped.status >= 500 || mapped.code === 'PORTICO_UPSTREAM_REJECTED') {
      logger.warn({ requestId, code: mapped.code, cause: describeCause(mapped.cause) }, 'request failed');
    }
    const failure = mapped as PorticoError;
    for (const [name, value] of Object.entries(failure.headers)) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');
    res.status(failure.status).json(failure.toResponse(requestId));
  };
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return cause;
}
