/**
 * Compact HS256 JWS for the server's own tokens (record versions, page cursors), signed and
 * checked with node:crypto's synchronous HMAC.
 *
 * Why not jose here: jose signs and verifies through WebCrypto, which measured ~0.4 ms per token on
 * the 2-core machines this runs on, and a list page hands out one version token per row (25 rows =
 * 10 ms of signing). HMAC-SHA256 through node:crypto takes a few microseconds. The output is a
 * standard HS256 JWT (RFC 7515/7519), so jose or any JWT library can verify it — a test does.
 * User tokens from outside are still verified only by jose.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function signHs256(key: Buffer, typ: string, payload: Record<string, unknown>): string {
  const head = b64(JSON.stringify({ alg: 'HS256', typ }));
  const body = b64(JSON.stringify(payload));
  const signature = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/**
 * The payload when `token` is an HS256 JWS with this `typ`, a valid signature under `key`, and an
 * `exp` in the future; otherwise undefined. The header must be exactly `{alg: HS256, typ}` — no
 * other algorithm, no `none`, no key hints.
 */
export function verifyHs256(
  key: Buffer,
  typ: string,
  token: string,
  now = Date.now(),
): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (header.alg !== 'HS256' || header.typ !== typ || Object.keys(header).length !== 2) return undefined;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
    const exp = (payload as { exp?: unknown }).exp;
    if (typeof exp !== 'number' || exp * 1000 <= now) return undefined;
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
