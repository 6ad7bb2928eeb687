/**
 * The Dataverse connection settings: which authentication strategy the server uses for its
 * integration identity, and what each one needs. The rows are merged into the server's SETTINGS
 * table (so they are parsed, documented and misspelling-checked like every other variable);
 * `authSettingsProblem` checks the combinations once, at start.
 *
 * Strategies (https://learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth):
 * - `static`: a fixed bearer (DATAVERSE_TOKEN), or none for the emulator.
 * - `client-credentials`: Entra ID application user (online), secret or certificate.
 * - `adfs`: AD FS OAuth on an internet-facing (IFD) on-premises deployment; client credentials,
 *   or the resource-owner password grant for a service account when a username is set.
 * - `ntlm`: Windows authentication against an on-premises Active Directory deployment.
 */

export const AUTH_MODES = ['static', 'client-credentials', 'adfs', 'ntlm'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** The connection-related fields of the server configuration. */
export interface UpstreamAuthConfig {
  dataverseAuth: AuthMode | undefined;
  dataverseTenantId: string | undefined;
  dataverseClientId: string | undefined;
  dataverseClientSecret: string | undefined;
  dataverseClientCertificate: string | undefined;
  dataverseCertificateThumbprint: string | undefined;
  dataverseTokenUrl: string | undefined;
  dataverseResource: string | undefined;
  dataverseScope: string | undefined;
  dataverseUsername: string | undefined;
  dataversePassword: string | undefined;
  dataverseDomain: string | undefined;
}

/** SETTINGS rows (same shape as the server's table). */
export const AUTH_SETTINGS = {
  dataverseAuth: {
    env: 'DATAVERSE_AUTH',
    kind: 'string',
    minLength: 1,
    default: 'static',
    description:
      'How Portico signs in to Dynamics: `static` (DATAVERSE_TOKEN or none), `client-credentials` (Entra ID, online), `adfs` (AD FS OAuth, on-premises IFD) or `ntlm` (Windows authentication, on-premises AD).',
  },
  dataverseTenantId: {
    env: 'DATAVERSE_TENANT_ID',
    kind: 'string',
    minLength: 1,
    description: 'Entra ID tenant (directory) id or domain, for `client-credentials`.',
  },
  dataverseClientId: {
    env: 'DATAVERSE_CLIENT_ID',
    kind: 'string',
    minLength: 1,
    description: 'Application (client) id registered in Entra ID or AD FS.',
  },
  dataverseClientSecret: {
    env: 'DATAVERSE_CLIENT_SECRET',
    kind: 'secret',
    minLength: 1,
    description: 'Client secret of that application. Exactly one of this and DATAVERSE_CLIENT_CERTIFICATE.',
  },
  dataverseClientCertificate: {
    env: 'DATAVERSE_CLIENT_CERTIFICATE',
    kind: 'string',
    minLength: 1,
    description:
      'Path of a PEM file holding the private key (and, best, the certificate) used to sign a client assertion instead of a secret.',
  },
  dataverseCertificateThumbprint: {
    env: 'DATAVERSE_CERTIFICATE_THUMBPRINT',
    kind: 'string',
    minLength: 1,
    description:
      'SHA-1 thumbprint (hex) of the certificate uploaded to the app registration; read from the PEM when it contains the certificate.',
  },
  dataverseTokenUrl: {
    env: 'DATAVERSE_TOKEN_URL',
    kind: 'url',
    description:
      'OAuth token endpoint. Required for `adfs` (e.g. `https://adfs.contoso.com/adfs/oauth2/token`); for `client-credentials` it replaces `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`.',
  },
  dataverseResource: {
    env: 'DATAVERSE_RESOURCE',
    kind: 'string',
    minLength: 1,
    description:
      'AD FS `resource` (the relying party identifier). Default: the origin of DATAVERSE_URL with `/`.',
  },
  dataverseScope: {
    env: 'DATAVERSE_SCOPE',
    kind: 'string',
    minLength: 1,
    description: 'Entra ID `scope`. Default: `https://<host of DATAVERSE_URL>/.default`.',
  },
  dataverseUsername: {
    env: 'DATAVERSE_USERNAME',
    kind: 'string',
    minLength: 1,
    description:
      'Service account for `ntlm` (`user`, or `DOMAIN\\user`), or for the `adfs` password grant (`user@domain`).',
  },
  dataversePassword: {
    env: 'DATAVERSE_PASSWORD',
    kind: 'secret',
    minLength: 1,
    description: 'Password of DATAVERSE_USERNAME.',
  },
  dataverseDomain: {
    env: 'DATAVERSE_DOMAIN',
    kind: 'string',
    minLength: 1,
    description: 'Windows domain for `ntlm` when DATAVERSE_USERNAME has none.',
  },
} as const;

type AuthSettingKey = keyof UpstreamAuthConfig;

/** What `authSettingsProblem` and the strategies read. */
export type AuthInput = Partial<Record<AuthSettingKey, string>> & {
  dataverseUrl?: string | undefined;
  dataverseToken?: string | undefined;
};

const env = (key: AuthSettingKey | 'dataverseUrl' | 'dataverseToken'): string =>
  key === 'dataverseUrl'
    ? 'DATAVERSE_URL'
    : key === 'dataverseToken'
      ? 'DATAVERSE_TOKEN'
      : AUTH_SETTINGS[key].env;

/** The strategy named by the settings (`static` when none is). */
export function authModeOf(input: AuthInput): AuthMode {
  return (input.dataverseAuth as AuthMode | undefined) ?? 'static';
}

/**
 * Checks the combination of connection settings; returns a message naming the variables and the
 * fix, or undefined when they are consistent.
 */
export function authSettingsProblem(input: AuthInput): string | undefined {
  const mode = input.dataverseAuth;
  if (mode !== undefined && !(AUTH_MODES as readonly string[]).includes(mode)) {
    return `DATAVERSE_AUTH = ${JSON.stringify(mode)} is not valid: expected one of ${AUTH_MODES.join(', ')}.`;
  }
  const m = authModeOf(input);
  const missing = (keys: AuthSettingKey[]) => keys.filter((k) => input[k] === undefined).map(env);
  const unused = (keys: AuthSettingKey[]) => keys.filter((k) => input[k] !== undefined).map(env);
  if (m !== 'static' && input.dataverseUrl === undefined) {
    return `DATAVERSE_AUTH = ${m} needs DATAVERSE_URL (the Web API root of the organisation).`;
  }
  if (m !== 'static' && input.dataverseToken !== undefined) {
    return `DATAVERSE_TOKEN is set with DATAVERSE_AUTH = ${m}: a static token is only used with DATAVERSE_AUTH = static. Remove one.`;
  }
  const oauthKeys: AuthSettingKey[] = [
    'dataverseTenantId',
    'dataverseClientId',
    'dataverseClientSecret',
    'dataverseClientCertificate',
    'dataverseCertificateThumbprint',
    'dataverseTokenUrl',
    'dataverseResource',
    'dataverseScope',
  ];
  const ntlmKeys: AuthSettingKey[] = ['dataverseUsername', 'dataversePassword', 'dataverseDomain'];
  switch (m) {
    case 'static': {
      const extra = unused([...oauthKeys, ...ntlmKeys]);
      return extra.length > 0
        ? `${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} set but DATAVERSE_AUTH is static (the default): set DATAVERSE_AUTH to client-credentials, adfs or ntlm.`
        : undefined;
    }
    case 'client-credentials':
    case 'adfs': {
      const need: AuthSettingKey[] = ['dataverseClientId'];
      if (m === 'client-credentials' && input.dataverseTokenUrl === undefined) need.push('dataverseTenantId');
      if (m === 'adfs') need.push('dataverseTokenUrl');
      const lacking = missing(need);
      if (lacking.length > 0) return `DATAVERSE_AUTH = ${m} needs ${lacking.join(' and ')}.`;
      const passwordGrant = m === 'adfs' && input.dataverseUsername !== undefined;
      if (passwordGrant && input.dataversePassword === undefined) {
        return 'DATAVERSE_USERNAME is set with DATAVERSE_AUTH = adfs but DATAVERSE_PASSWORD is not: the AD FS password grant needs both.';
      }
      if (input.dataverseClientSecret !== undefined && input.dataverseClientCertificate !== undefined) {
        return 'DATAVERSE_CLIENT_SECRET and DATAVERSE_CLIENT_CERTIFICATE are both set: choose one way for the application to prove its identity.';
      }
      if (
        !passwordGrant &&
        input.dataverseClientSecret === undefined &&
        input.dataverseClientCertificate === undefined
      ) {
        return `DATAVERSE_AUTH = ${m} needs DATAVERSE_CLIENT_SECRET or DATAVERSE_CLIENT_CERTIFICATE.`;
      }
      const wrong = unused(
        m === 'client-credentials'
          ? ['dataverseResource', 'dataverseUsername', 'dataversePassword', 'dataverseDomain']
          : ['dataverseTenantId', 'dataverseScope', 'dataverseDomain'],
      );
      if (wrong.length > 0) {
        return `${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not apply to DATAVERSE_AUTH = ${m}: remove ${wrong.length === 1 ? 'it' : 'them'}.`;
      }
      if (
        input.dataverseCertificateThumbprint !== undefined &&
        !/^[0-9a-fA-F:]{40,59}$/.test(input.dataverseCertificateThumbprint)
      ) {
        return `DATAVERSE_CERTIFICATE_THUMBPRINT = ${JSON.stringify(input.dataverseCertificateThumbprint)} is not valid: expected the 40 hex digits of the SHA-1 thumbprint.`;
      }
      return undefined;
    }
    case 'ntlm': {
      const lacking = missing(['dataverseUsername', 'dataversePassword']);
      if (lacking.length > 0) return `DATAVERSE_AUTH = ntlm needs ${lacking.join(' and ')}.`;
      const wrong = unused(oauthKeys);
      if (wrong.length > 0) {
        return `${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not apply to DATAVERSE_AUTH = ntlm: remove ${wrong.length === 1 ? 'it' : 'them'}.`;
      }
      const user = input.dataverseUsername ?? '';
      if (user.includes('\\') && input.dataverseDomain !== undefined) {
        return `DATAVERSE_USERNAME = ${JSON.stringify(user)} already names a domain; remove DATAVERSE_DOMAIN or the DOMAIN\\ prefix.`;
      }
      if (user.includes('\\') ? !/^[^\\]+\\[^\\]+$/.test(user) : /[\\]/.test(user)) {
        return `DATAVERSE_USERNAME = ${JSON.stringify(user)} is not valid: expected user or DOMAIN\\user.`;
      }
      return undefined;
    }
  }
}
