/**
 * Picks the integration identity's authentication strategy from the configuration. The server,
 * `schemas:pull`, `schemas:drift` and `connection:check` all go through here, so they sign in the
 * same way.
 */
import { staticToken } from '../client.js';
import type { TokenProvider } from '../client.js';
import { NtlmAuthenticator } from './ntlm.js';
import { OAuthTokenProvider, defaultScope, loadClientCertificate } from './oauth.js';
import { authModeOf, authSettingsProblem } from './settings.js';
import type { AuthInput, AuthMode } from './settings.js';

export { NtlmAuthenticator } from './ntlm.js';
export type { NtlmOptions } from './ntlm.js';
export { OAuthTokenProvider, loadClientCertificate } from './oauth.js';
export type { ClientCertificate, OAuthTokenOptions } from './oauth.js';
export { AUTH_MODES, AUTH_SETTINGS, authModeOf, authSettingsProblem } from './settings.js';
export type { AuthInput, AuthMode, UpstreamAuthConfig } from './settings.js';

export interface AuthStrategyInput extends AuthInput {
  /** The upstream concurrency cap (NTLM opens at most this many connections). */
  upstreamConcurrency?: number | undefined;
}

export interface AuthStrategy {
  mode: AuthMode;
  provider: TokenProvider;
  /** One line for the start-up log: the mode and the non-secret identifiers. */
  describe: string;
}

/** Builds the strategy; throws `TypeError` with a message naming the variable when the settings do not fit together. */
export function createAuthStrategy(input: AuthStrategyInput): AuthStrategy {
  const problem = authSettingsProblem(input);
  if (problem) throw new TypeError(problem);
  const mode = authModeOf(input);
  switch (mode) {
    case 'static':
      return {
        mode,
        provider: staticToken(input.dataverseToken),
        describe: input.dataverseToken ? 'static bearer token' : 'no authentication',
      };
    case 'client-credentials':
    case 'adfs': {
      const url = input.dataverseUrl!;
      const tokenUrl =
        input.dataverseTokenUrl ??
        `https://login.microsoftonline.com/${encodeURIComponent(input.dataverseTenantId!)}/oauth2/v2.0/token`;
      const certificate = input.dataverseClientCertificate
        ? loadClientCertificate(input.dataverseClientCertificate, input.dataverseCertificateThumbprint)
        : undefined;
      const provider = new OAuthTokenProvider({
        tokenUrl,
        clientId: input.dataverseClientId!,
        ...(input.dataverseClientSecret !== undefined ? { clientSecret: input.dataverseClientSecret } : {}),
        ...(certificate ? { certificate } : {}),
        ...(mode === 'adfs'
          ? { resource: input.dataverseResource ?? `${new URL(url).origin}/` }
          : { scope: input.dataverseScope ?? defaultScope(url) }),
        ...(mode === 'adfs' && input.dataverseUsername !== undefined
          ? { username: input.dataverseUsername, password: input.dataversePassword ?? '' }
          : {}),
      });
      const grant =
        mode === 'adfs' && input.dataverseUsername !== undefined
          ? `password grant for ${input.dataverseUsername}`
          : `client ${input.dataverseClientId} with ${certificate ? 'certificate' : 'secret'}`;
      return { mode, provider, describe: `${mode}: ${grant} at ${tokenUrl}` };
    }
    case 'ntlm': {
      const provider = new NtlmAuthenticator({
        username: input.dataverseUsername!,
        password: input.dataversePassword!,
        ...(input.dataverseDomain !== undefined ? { domain: input.dataverseDomain } : {}),
        ...(input.upstreamConcurrency !== undefined ? { maxSockets: input.upstreamConcurrency } : {}),
      });
      return { mode, provider, describe: `ntlm: ${provider.account}` };
    }
  }
}
