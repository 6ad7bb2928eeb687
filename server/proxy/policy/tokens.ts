/**
 * Server-signed tokens handed to the browser (DESIGN principle 5): a record's version (`etag`) and a
 * list's next-page cursor. Both are HS256 JWTs (see hs256.ts) under the server's signing secret, bound to the user,
 * role and what they address, with an expiry; a forged, altered, expired or replayed-for-someone-else
 * token fails verification.
 *
 * The version token is what lets a save cost one upstream call: it proves the caller read this
 * record in scope, and carries the real Dataverse ETag that goes into `If-Match`. If anything in the
 * record changed since (including the customer or owner that decides scope), the ETag no longer
 * matches and Dataverse answers 412 — scope can only have been lost by a change that also changes
 * the ETag. It is bound to role × entity (not to one form) because scope is decided per role and
 * entity: a row read through a list may be saved through any form of that entity for the same role.
 * The permission's scope and `via` are part of the binding, so an admin narrowing a scope
 * invalidates tokens issued under the old rule.
 */
import { createHash } from 'node:crypto';
import type { Permission } from '../../config/types.js';
import { PorticoError } from '../errors.js';
import { signHs256, verifyHs256 } from './hs256.js';
import type { PorticoUser } from '../identity/resolve.js';

export interface VersionClaims {
  /** The Dataverse ETag, e.g. `W/"1234"`. */
  etag: string;
  entity: string;
  id: string;
}

export interface CursorClaims {
  listId: string;
  queryHash: string;
  skiptoken: string;
}

const ISSUER = 'portico';

export function permissionFingerprint(permission: Permission): string {
  return `${permission.scope}:${permission.via ?? ''}`;
}

/** A stable hash of a list query (sort, direction, search, filters), so a cursor only continues the query it came from. */
export function hashQuery(parts: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(parts)
      .sort()
      .map((k) => [k, parts[k]]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

export class TokenSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly etagTtlSeconds: number,
    private readonly cursorTtlSeconds: number,
  ) {
    if (secret.length < 32)
      throw new TypeError('TokenSigner: the signing secret must be at least 32 characters');
    this.key = Buffer.from(secret, 'utf8');
  }

  private claims(user: PorticoUser, audience: string, ttlSeconds: number): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { iss: ISSUER, sub: user.sub, aud: audience, iat: now, exp: now + ttlSeconds };
  }

  /**
   * `anchor` is what the scope hangs on for this user (their contact id, or their parent account id
   * for account scope): if the user's account changes, their old tokens stop working.
   * Synchronous on purpose (see hs256.ts); returns a Promise only to keep callers uniform.
   */
  signVersion(
    user: PorticoUser,
    permission: Permission,
    anchor: string,
    claims: VersionClaims,
  ): Promise<string> {
    return Promise.resolve(
      signHs256(this.key, 'portico-etag', {
        ...this.claims(user, 'etag', this.etagTtlSeconds),
        v: claims.etag,
        e: claims.entity,
        i: claims.id,
        r: user.role,
        c: user.contactId,
        a: anchor,
        p: permissionFingerprint(permission),
      }),
    );
  }

  /** The real ETag when `presented` is a valid version token for this user, permission and record; else throws. */
  verifyVersion(
    presented: string | undefined,
    user: PorticoUser,
    permission: Permission,
    anchor: string,
    expect: { entity: string; id: string },
  ): Promise<string> {
    if (!presented) {
      return Promise.reject(
        new PorticoError(
          'PORTICO_ETAG_REQUIRED',
          'Send the `etag` from your last read of this record in the If-Match header.',
        ),
      );
    }
    // Accept the token bare or quoted as an HTTP entity tag, as browsers and libraries may add quotes.
    const token = presented
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
    const refuse = () =>
      Promise.reject(
        new PorticoError(
          'PORTICO_ETAG_INVALID',
          'The If-Match value is not a current version of this record for you. Reload it.',
        ),
      );
    if (token.length > 4096 || !/^[A-Za-z0-9_\-.]+$/.test(token)) return refuse();
    const payload = verifyHs256(this.key, 'portico-etag', token);
    if (
      !payload ||
      payload.iss !== ISSUER ||
      payload.aud !== 'etag' ||
      payload.sub !== user.sub ||
      payload.e !== expect.entity ||
      payload.i !== expect.id.toLowerCase() ||
      payload.r !== user.role ||
      payload.c !== user.contactId ||
      payload.a !== anchor ||
      payload.p !== permissionFingerprint(permission) ||
      typeof payload.v !== 'string'
    ) {
      return refuse();
    }
    return Promise.resolve(payload.v);
  }

  signCursor(user: PorticoUser, claims: CursorClaims): Promise<string> {
    return Promise.resolve(
      signHs256(this.key, 'portico-cursor', {
        ...this.claims(user, 'cursor', this.cursorTtlSeconds),
        l: claims.listId,
        q: claims.queryHash,
        t: claims.skiptoken,
        r: user.role,
        c: user.contactId,
      }),
    );
  }

  /** The upstream `$skiptoken` when `cursor` continues exactly this user's query on this list; else throws. */
  verifyCursor(
    cursor: string,
    user: PorticoUser,
    expect: { listId: string; queryHash: string },
  ): Promise<string> {
    const refuse = () =>
      Promise.reject(
        new PorticoError(
          'PORTICO_CURSOR_INVALID',
          'The page cursor is not valid for this list and query (or has expired). Start again from the first page.',
        ),
      );
    if (cursor.length > 8192 || !/^[A-Za-z0-9_\-.]+$/.test(cursor)) return refuse();
    const payload = verifyHs256(this.key, 'portico-cursor', cursor);
    if (
      !payload ||
      payload.iss !== ISSUER ||
      payload.aud !== 'cursor' ||
      payload.sub !== user.sub ||
      payload.l !== expect.listId ||
      payload.q !== expect.queryHash ||
      payload.r !== user.role ||
      payload.c !== user.contactId ||
      typeof payload.t !== 'string'
    ) {
      return refuse();
    }
    return Promise.resolve(payload.t);
  }
}
