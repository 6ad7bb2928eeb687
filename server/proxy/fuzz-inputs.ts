/**
 * Generated inputs for the fuzz suite (fuzz.test.ts): percent-encodings, strings that break naive
 * handling, JSON of any shape, bodies JSON cannot produce, and token claims. Pure generators; the
 * suite combines them with the routes and fixtures of a running server.
 */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import type { Registry } from '../config/types.js';
import { AUDIENCE, DEMO_IDS, ISSUER, JWT_SECRET } from '../testing/proxy-harness.js';

// ---------------------------------------------------------------------------------------------
// Building blocks

const hex = (byte: number) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
export const percentBytes = (bytes: Uint8Array) => [...bytes].map(hex).join('');
/** Every byte of the UTF-8 form escaped (an unpaired surrogate becomes U+FFFD, as on the wire). */
export const escapeAll = (text: string) => percentBytes(Buffer.from(text, 'utf8'));

export const BROKEN_ESCAPES = [
  '%',
  '%z',
  '%zz',
  '%%',
  '%E0%A4%A',
  '%C3',
  '%C3%28',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%FF',
  '%u0041',
  '%0',
  '%2',
];

/** Characters that break naive handling: controls, bidi and zero-width, unpaired surrogates, quotes. */
const NASTY = [
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\r\n',
  "'",
  '"',
  '\\',
  '%00',
  ')',
  ' or 1 eq 1',
  '𝒳',
  'é',
];

export const nastyString = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })), { maxLength: 6 })
  .map((parts) => parts.join(''));

const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 5e-324, -0, 1e21, 0.1);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer(),
  hugeNumber,
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.constantFrom('2024-02-30', '1990-01-01', '1', 'customer', 'agent'),
  fc.string({ minLength: 150, maxLength: 5000, unit: fc.constantFrom('a', ' ', 'ü') }),
);

const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom('id', 'type', 'value')), tie('tree'), {
      maxKeys: 3,
    }),
  ),
}));

/** Nesting deeper than any valid request, built directly (generated trees stay shallow). */
const deep = fc
  .tuple(fc.integer({ min: 9, max: 5000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return `{"values":{"title":${open.repeat(depth)}1${close.repeat(depth)}}}`;
  });

function realFieldNames(registry: Registry): string[] {
  const names = new Set<string>();
  for (const form of registry.forms.values()) {
    for (const role of registry.roles.keys()) {
      for (const name of form.forRole(role)?.readable ?? []) names.add(name);
    }
  }
  return [...names];
}

function lookupValue(ids: string[]): fc.Arbitrary<unknown> {
  return fc.record(
    {
      id: fc.oneof(fc.constantFrom(...ids), fc.uuid(), nastyString),
      type: fc.oneof(fc.constantFrom('contact', 'account', 'team', 'systemuser', 'incident'), nastyString),
      extra: leaf,
    },
    { requiredKeys: ['id', 'type'] },
  );
}

/** JSON bodies: the documented shapes with generated contents, and anything else JSON can say. */
export function jsonBodies(registry: Registry, ids: string[]): fc.Arbitrary<string> {
  const fields = realFieldNames(registry);
  const value = fc.oneof({ weight: 4, arbitrary: leaf }, lookupValue(ids), tree);
  const values = fc.dictionary(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fields) }, nastyString),
    value,
    {
      maxKeys: 6,
    },
  );
  const shaped = fc.oneof(
    fc.record({ values }),
    fc.record({ values: tree }),
    fc.record({ values, extra: leaf }, { requiredKeys: ['values'] }),
    fc.record({ owner: fc.oneof(lookupValue(ids), leaf) }),
    fc.record({ resolution: leaf }),
    fc.constant({}),
    fc.jsonValue(),
  );
  return shaped.map((body) => JSON.stringify(body) ?? 'null');
}

/** Bodies JSON.stringify cannot produce. */
export const rawBodies: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  deep,
  fc.constantFrom(
    '{"values":{"title":"x","prioritycode":1e400}}',
    '{"values":{"title":"x","prioritycode":-1e400}}',
    '{"values":{"title":"x"},"values":[]}',
    '{"__proto__":{"admin":true},"values":{"title":"x"}}',
    '{"values":{"constructor":{"prototype":{"x":1}}}}',
    '\ufeff{"values":{"title":"x"}}',
    '{"values":{"title":"\u0000"}}',
    '{"values":{"title":"x"}',
    '{"values":{"title":"x"}}}',
    '{values:{title:"x"}}',
    "{'values':{}}",
    'null',
    '',
    ' ',
    '1',
    '"x"',
    '[]',
    'true',
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc
    .uint8Array({ maxLength: 16 })
    .map((bytes) => Buffer.concat([Buffer.from('{"values":{"title":"'), bytes, Buffer.from('"}}')])),
);

/**
 * Claims over a valid base: each claim Portico reads is left alone, plausible, plausible with a
 * nasty character spliced in, of another type, or removed. The registered claims jose checks
 * (issuer, audience, times) are varied less often, or nothing would get past them.
 */
export function claimSets(): fc.Arbitrary<Record<string, unknown>> {
  const variant = (plausible: readonly unknown[]) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...plausible) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...plausible.map(String)), fc.nat(), fc.constantFrom(...NASTY))
          .map(([text, at, nasty]) => {
            const cut = at % (text.length + 1);
            return `${text.slice(0, cut)}${nasty}${text.slice(cut)}`;
          }),
      },
      { weight: 2, arbitrary: fc.oneof(leaf, tree) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  const now = Math.floor(Date.now() / 1000);
  const read = fc.record(
    {
      sub: variant(['fuzz-user', 'site-user-alice']),
      portico_role: variant(['customer', 'agent']),
      contactid: variant([
        DEMO_IDS.contacts.alice,
        DEMO_IDS.contacts.vera,
        DEMO_IDS.contacts.alice.toUpperCase(),
      ]),
      email: variant([
        'alice@fabrikam.example',
        'vera@fabrikam.example',
        'ALICE@FABRIKAM.EXAMPLE',
        'nobody@nowhere.example',
      ]),
      given_name: variant(['Alice']),
      family_name: variant(['Brooks']),
      name: variant(['Alice Brooks']),
    },
    { requiredKeys: [] },
  );
  const registered = fc.dictionary(
    fc.constantFrom('iss', 'aud', 'exp', 'nbf', 'iat', 'jti'),
    fc.oneof(
      variant([ISSUER, AUDIENCE, [AUDIENCE, 'other'], 'x']),
      fc.integer({ min: -1e10, max: 1e10 }).map((n) => now + n),
      hugeNumber,
    ),
    { maxKeys: 1 },
  );
  // Half the tokens bind the user by email, so that the look-up path is reached as often as the id.
  return fc
    .record({
      byEmail: fc.boolean(),
      read,
      registered: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, registered),
    })
    .map(({ byEmail, read: claims, registered: times }) => ({
      ...(byEmail ? { contactid: undefined, email: 'alice@fabrikam.example' } : {}),
      ...claims,
      ...times,
    }));
}

export async function signClaims(claims: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: 'fuzz-user',
    portico_role: 'customer',
    contactid: DEMO_IDS.contacts.alice,
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + 300,
  };
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined) delete payload[name];
    else payload[name] = value;
  }
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(JWT_SECRET));
}
