/**
 * Puts the route table on the app. Each entry becomes one Express route: its authentication
 * (`user`: JWT → contact, then the per-user rate limit; `admin`: the admin token), the check of
 * its parameters and body against its schemas, then its handler. Every path of the table also
 * answers its other methods with 405 and `Allow`, before any authentication (so `PUT` on a record
 * says 405 rather than 401).
 */
import type { Express, RequestHandler } from 'express';
import type { Context } from '../context.js';
import { PorticoError } from '../errors.js';
import { limiter } from '../http.js';
import { authenticate, requireAdmin } from './auth.js';
import type { RouteSpec } from './spec.js';
import { requestValidators } from './validate.js';

const EXPRESS_METHOD = { GET: 'get', POST: 'post', PATCH: 'patch', DELETE: 'delete' } as const;

/** The methods each path of the table accepts, in table order. */
export function allowedMethods(routes: readonly RouteSpec[]): Map<string, string[]> {
  const allowed = new Map<string, string[]>();
  for (const route of routes) allowed.set(route.path, [...(allowed.get(route.path) ?? []), route.method]);
  return allowed;
}

function methodNotAllowed(methods: readonly string[]): RequestHandler {
  const allow = methods.join(', ');
  return function porticoMethodNotAllowed(_req, _res, next) {
    next(new PorticoError('PORTICO_METHOD_NOT_ALLOWED', `Use ${allow} here.`, { headers: { Allow: allow } }));
  };
}

export function registerRoutes(app: Express, ctx: Context, routes: readonly RouteSpec[]): void {
  const { settings: config } = ctx;
  const validators = requestValidators(routes);
  const entry: Record<RouteSpec['auth'], RequestHandler[]> = {
    public: [],
    user: [
      authenticate(ctx),
      // One limiter for every user route: its counts are per user across the API.
      limiter(
        { windowSeconds: config.rateLimitWindowSeconds, limit: config.rateLimitPerUser, key: 'user' },
        ctx.shared?.rateLimitStore('user'),
      ),
    ],
    admin: [requireAdmin(ctx)],
  };
  for (const route of routes) {
    const handler = route.handler(ctx, routes) as RequestHandler;
    app[EXPRESS_METHOD[route.method]](route.path, ...entry[route.auth], validators.get(route)!, handler);
  }
  for (const [path, methods] of allowedMethods(routes)) app.all(path, methodNotAllowed(methods));
}
