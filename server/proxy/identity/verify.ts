/**
 * User token verification with jose: signature with a pinned algorithm list (never `none`),
 * issuer, audience, expiry and not-before with a bounded clock skew. Tokens come only from the
 * `Authorization: Bearer` header — no cookies, so there is no CSRF surface, and no query strings,
 * so tokens do not land in access logs.
 */
import { LRUCache } from 'lru-cache';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { PorticoError } from '../errors.js';
import type { JwtAlgorithm } from '../../settings/index.js';

export interface VerifierOptions {
  jwtSecret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer: string;
  audience: string;
  algorithms: readonly JwtAlgorithm[];
  clockSkewSeconds: number;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<JWTPayload>;

/** Longest token accepted; real ones are a few hundred bytes to a few KB. */
const MAX_TOKEN_LENGTH = 8192;

const CLAIM_NAMES: Record<string, string> = {
  iss: 'issuer (iss)',
  aud: 'audience (aud)',
  nbf: 'not-before (nbf)',
  iat: 'issued-at (iat)',
  sub: 'subject (sub)',
  exp: 'expiry (exp)',
};

function invalid(message: string, cause?: unknown): PorticoError {
  return new PorticoError('PORTICO_AUTH_TOKEN_INVALID', message, { cause });
}

/** Turns a jose failure into the one message a client may see: which check failed, nothing more. */
export function explainJoseError(error: unknown): PorticoError {
  if (error instanceof errors.JWTExpired) {
    return new PorticoError(
      'PORTICO_AUTH_TOKEN_EXPIRED',
      'The token has expired; get a new one from the host site.',
      {
        cause: error,
      },
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const name = CLAIM_NAMES[error.claim] ?? `"${error.claim}"`;
    const what = error.reason === 'missing' ? 'is missing' : 'is not accepted';
    return invalid(`The token's ${name} claim ${what}.`, error);
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return invalid('The token is signed with an algorithm that is not accepted.', error);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalid('The token signature does not verify.', error);
  if (error instanceof errors.JWKSNoMatchingKey)
    return invalid('No key of the identity provider matches the token (kid).', error);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return invalid("The identity provider's keys could not be fetched; try again shortly.", error);
  }
  if (error instanceof errors.JOSENotSupported)
    return invalid('The token uses an unsupported algorithm or key type.', error);
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid)
    return invalid('The token is malformed.', error);
  return invalid('The token could not be verified.', error);
}

export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  let key: Uint8Array | JWTVerifyGetKey;
  if (options.jwtSecret) key = new TextEncoder().encode(options.jwtSecret);
  else if (options.jwksUrl) key = createRemoteJWKSet(new URL(options.jwksUrl), { cacheMaxAge: 10 * 60_000 });
  else throw new TypeError('createTokenVerifier: set jwtSecret or jwksUrl');
  const algorithms = [...options.algorithms];
  if (algorithms.length === 0) throw new TypeError('createTokenVerifier: algorithms must not be empty');
  // A widget sends the same token with every request until it expires. Verifying it once and
  // remembering the result (for at most a minute, never past `exp` + skew) saves jose's ~0.3 ms
  // per request; the same bytes always verify the same way, and time-bound claims are re-checked.
  const verified = new LRUCache<string, JWTPayload>({ max: 10_000, ttl: 60_000 });
  const skewMs = options.clockSkewSeconds * 1000;
  const stillValid = (payload: JWTPayload, now: number) =>
    typeof payload.exp === 'number' &&
    payload.exp * 1000 + skewMs > now &&
    (typeof payload.nbf !== 'number' || payload.nbf * 1000 - skewMs <= now);

  return async function verifyToken(authorization) {
    if (!authorization) {
      throw new PorticoError(
        'PORTICO_AUTH_TOKEN_MISSING',
        'Send the host-site token as `Authorization: Bearer <token>`.',
      );
    }
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization.trim());
    if (!match) {
      throw new PorticoError(
        'PORTICO_AUTH_TOKEN_MISSING',
        'The Authorization header must be `Bearer <token>`.',
      );
    }
    const token = match[1]!;
    if (token.length > MAX_TOKEN_LENGTH) throw invalid('The token is too long.');
    const now = Date.now();
    const remembered = verified.get(token);
    if (remembered && stillValid(remembered, now)) return remembered;
    try {
      const result =
        key instanceof Uint8Array
          ? await jwtVerify(token, key, {
              issuer: options.issuer,
              audience: options.audience,
              algorithms,
              clockTolerance: options.clockSkewSeconds,
              requiredClaims: ['exp', 'sub'],
            })
          : await jwtVerify(token, key, {
              issuer: options.issuer,
              audience: options.audience,
              algorithms,
              clockTolerance: options.clockSkewSeconds,
              requiredClaims: ['exp', 'sub'],
            });
      const sub = result.payload.sub;
      if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256)
        throw invalid("The token's subject (sub) claim is not usable.");
      const payload = result.payload;
      const ttl = Math.min(60_000, (payload.exp ?? 0) * 1000 + skewMs - now);
      if (ttl > 0) verified.set(token, payload, { ttl });
      return payload;
    } catch (error) {
      if (error instanceof PorticoError) throw error;
      throw explainJoseError(error);
    }
  };
}
