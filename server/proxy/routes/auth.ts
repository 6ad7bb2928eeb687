/**
 * The two ways a route is entered besides `public` (routes/spec.ts): a user's JWT (→ claims → role
 * → contact, the result in `res.locals.user`) or the operator's admin token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { locals } from '../context.js';
import type { Context } from '../context.js';
import { PorticoError } from '../errors.js';
import { createTokenVerifier } from '../identity/verify.js';

/** JWT → role (must exist in access.json) → contact. The result is `res.locals.user`. */
export function authenticate(ctx: Context): RequestHandler {
  const verify = createTokenVerifier({
    jwtSecret: ctx.settings.jwtSecret,
    jwksUrl: ctx.settings.jwksUrl,
    issuer: ctx.settings.jwtIssuer,
    audience: ctx.settings.jwtAudience,
    algorithms: ctx.settings.jwtAlgorithms,
    clockSkewSeconds: ctx.settings.jwtClockSkewSeconds,
  });
  return async function porticoAuthenticate(req, res, next) {
    try {
      const claims = ctx.identity.claimsOf(await verify(req.get('Authorization')));
      const role = ctx.identity.roleOf(claims);
      if (!ctx.registry().roles.has(role)) {
        throw new PorticoError(
          'PORTICO_AUTH_ROLE_UNKNOWN',
          `The role "${role.slice(0, 64)}" is not configured.`,
        );
      }
      const contactId = await ctx.identity.contactOf(claims);
      locals(res).user = { sub: claims.sub, role, contactId };
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * `Authorization: Bearer <PORTICO_ADMIN_TOKEN>`; without a configured token the admin routes do
 * not exist (404).
 */
export function requireAdmin(ctx: Context): RequestHandler {
  const expected = ctx.settings.adminToken
    ? createHash('sha256').update(ctx.settings.adminToken).digest()
    : undefined;
  return function porticoAdmin(req, _res, next) {
    if (!expected) {
      next(new PorticoError('PORTICO_ROUTE_NOT_FOUND', 'No such endpoint. See /api/v1/openapi.json.'));
      return;
    }
    const match = /^Bearer (.+)$/.exec(req.get('Authorization') ?? '');
    // Hash both sides so the comparison is constant-time whatever the presented length.
    const presented = createHash('sha256')
      .update(match?.[1] ?? '')
      .digest();
    if (!match || !timingSafeEqual(presented, expected)) {
      next(
        new PorticoError('PORTICO_ADMIN_UNAUTHORIZED', 'Send Authorization: Bearer <PORTICO_ADMIN_TOKEN>.'),
      );
      return;
    }
    next();
  };
}
