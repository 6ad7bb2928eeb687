/**
 * `npm run connection:check`: proves, step by step, that Portico can work with the configured
 * Dynamics, and says how to fix the first thing that is wrong:
 *
 *   settings → URL reachable → authentication → Web API version path → WhoAmI
 *   → the integration user's privileges on contact and incident.
 *
 * Privileges come from `RetrieveUserPrivileges` on the user WhoAmI names
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/retrieveuserprivileges):
 * the union of the user's roles and team roles, with their depth. Portico needs Read, Create,
 * Write, Delete, Assign, Append and AppendTo on both tables at Organization depth, because it acts
 * for many external users whose records the integration user does not own.
 * Exit codes: 0 everything passed (warnings allowed), 1 a check failed, 2 usage error.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { AuthMode } from '../dataverse/auth/index.js';
import { UpstreamError, dataverseError } from '../dataverse/client.js';
import type { TokenProvider, UpstreamClient, UpstreamResponse } from '../dataverse/client.js';
import { ConnectSetupError, connectionFromEnv } from './env.js';
import type { Output } from './env.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id: settings, url, authentication, version, whoami, privileges:contact, privileges:incident. */
  id: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** How to fix it (fail/warn only). */
  fix?: string;
}

export interface CheckTarget {
  client: UpstreamClient;
  provider: TokenProvider;
  url: string;
  mode: AuthMode;
  describe: string;
}

/** What Portico does to a record, as privilege actions: the same on both tables. */
const ACTIONS = ['Read', 'Create', 'Write', 'Delete', 'Assign', 'Append', 'AppendTo'] as const;

/** The privileges Portico's operations need, per table (schema names as in privilege names). */
export const REQUIRED_PRIVILEGES = {
  contact: { table: 'Contact', actions: ACTIONS },
  incident: { table: 'Incident', actions: ACTIONS },
} as const;

const WHAT: Record<string, string> = {
  Read: 'list and open records',
  Create: 'create records',
  Write: 'save edits',
  Delete: 'delete records',
  Assign: 'assign records to an owner',
  Append: 'link this record to others (e.g. a case to its customer)',
  AppendTo: 'let other records link to this one',
};

function authFix(mode: AuthMode): string {
  switch (mode) {
    case 'client-credentials':
      return 'Check DATAVERSE_TENANT_ID, DATAVERSE_CLIENT_ID and the secret or certificate, and that the app registration is added to the environment as an application user (Power Platform admin center → Environment → Settings → Users + permissions → Application users).';
    case 'adfs':
      return 'Check DATAVERSE_TOKEN_URL, DATAVERSE_CLIENT_ID, DATAVERSE_RESOURCE and the credentials, and that the AD FS application group grants the client access to the Dynamics relying party.';
    case 'ntlm':
      return 'Check DATAVERSE_USERNAME (DOMAIN\\user), DATAVERSE_PASSWORD and DATAVERSE_DOMAIN, that the account is not locked, and that it is a Dynamics user.';
    case 'static':
      return 'Set DATAVERSE_AUTH to client-credentials (online), adfs (on-premises IFD) or ntlm (on-premises Active Directory) with its settings; a static DATAVERSE_TOKEN expires.';
  }
}

const root = (url: string) => new URL(url).origin;

/** The checks after the first, in order: when one fails, those after it are skipped. */
const LATER = ['authentication', 'version', 'whoami', 'privileges:contact', 'privileges:incident'];

export async function runConnectionCheck(target: CheckTarget): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  /** Ends the run at a failed check: the checks after it did not run. */
  const stopAt = (failed: CheckResult): CheckResult[] => {
    results.push(failed);
    for (const id of LATER.slice(LATER.indexOf(failed.id) + 1))
      results.push({ id, status: 'skip', detail: 'not checked (an earlier check failed)' });
    return results;
  };

  const reachable = await checkReachable(target);
  if (reachable.status === 'fail') return stopAt(reachable);
  results.push(reachable);

  const auth = await checkAuthentication(target);
  if ('failed' in auth) return stopAt(auth.failed);
  results.push(auth.passed);

  const version = checkVersion(target, auth.service);
  if (version.status === 'fail') return stopAt(version);
  results.push(version);

  const who = await checkWhoAmI(target);
  if (who.userId === undefined) return stopAt(who.result);
  results.push(who.result);

  results.push(...(await checkPrivileges(target, who.userId)));
  return results;
}

/** 1. Reachable: any HTTP answer from the host counts; the path and credentials come next. */
async function checkReachable(target: CheckTarget): Promise<CheckResult> {
  try {
    const res = await fetch(target.url, {
      method: 'GET',
      signal: AbortSignal.timeout(15_000),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    return { id: 'url', status: 'pass', detail: `${root(target.url)} answered (HTTP ${res.status})` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      id: 'url',
      status: 'fail',
      detail: `${root(target.url)} could not be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      fix: 'Check DATAVERSE_URL (host name, port, https), DNS, and any proxy or firewall between this server and Dynamics.',
    };
  }
}

/**
 * 2. Authentication: a token (OAuth) or the NTLM handshake (on the first Web API request). The
 * Web API root's answer is kept for the version check; a failure there may be the version's.
 */
async function checkAuthentication(
  target: CheckTarget,
): Promise<{ failed: CheckResult } | { passed: CheckResult; service: UpstreamResponse }> {
  if (target.mode === 'client-credentials' || target.mode === 'adfs') {
    try {
      await target.provider.getToken();
    } catch (error) {
      return {
        failed: {
          id: 'authentication',
          status: 'fail',
          detail: (error as Error).message,
          fix: authFix(target.mode),
        },
      };
    }
  }
  let service;
  try {
    service = await target.client.request({ method: 'GET', path: '' });
  } catch (error) {
    const e = error as UpstreamError;
    const auth = e instanceof UpstreamError && e.kind === 'auth';
    const message = e.cause instanceof Error ? e.cause.message : e.message;
    return {
      failed: {
        id: auth ? 'authentication' : 'version',
        status: 'fail',
        detail: message,
        fix: auth ? authFix(target.mode) : 'Check DATAVERSE_URL and that Dynamics answers.',
      },
    };
  }
  if (service.status === 401 || service.status === 403)
    return { failed: refusedCredentials(target, service) };
  return {
    passed: { id: 'authentication', status: 'pass', detail: `accepted (${target.describe})` },
    service,
  };
}

/** Dynamics answered 401 or 403: its challenge tells which kind of authentication it expects. */
function refusedCredentials(target: CheckTarget, service: UpstreamResponse): CheckResult {
  const challenge = String(service.headers['www-authenticate'] ?? '');
  return {
    id: 'authentication',
    status: 'fail',
    detail: `Dynamics refused the credentials (HTTP ${service.status}${challenge ? `, WWW-Authenticate: ${challenge.slice(0, 160)}` : ''})`,
    fix:
      target.mode === 'ntlm' && /^Bearer/i.test(challenge)
        ? 'This Dynamics expects OAuth (Bearer), not Windows authentication: use DATAVERSE_AUTH = client-credentials (online) or adfs (IFD).'
        : target.mode !== 'ntlm' && /^(NTLM|Negotiate)/i.test(challenge)
          ? 'This Dynamics expects Windows authentication: use DATAVERSE_AUTH = ntlm, or enable IFD/OAuth on the server.'
          : authFix(target.mode),
  };
}

/** 3. The Web API root with a supported version. */
function checkVersion(target: CheckTarget, service: UpstreamResponse): CheckResult {
  if (service.status !== 200) {
    const detail = dataverseError(service.body);
    return {
      id: 'version',
      status: 'fail',
      detail: `GET ${target.url} answered ${service.status}${detail ? `: ${detail.message.slice(0, 200)}` : ''}`,
      fix: 'DATAVERSE_URL must be the Web API root: https://<org>.crm<N>.dynamics.com/api/data/v9.2/ online, https://<server>/<ORG>/api/data/v9.0/ (or v9.1) on-premises. Check the organisation name and version.',
    };
  }
  const version = /\/api\/data\/(v\d+\.\d+)\/?$/.exec(new URL(target.url).pathname)?.[1] ?? '?';
  return { id: 'version', status: 'pass', detail: `Web API ${version} answered` };
}

/** 4. WhoAmI: the integration user. */
async function checkWhoAmI(target: CheckTarget): Promise<{ result: CheckResult; userId?: string }> {
  const who = await target.client.request({ method: 'GET', path: 'WhoAmI' });
  const userId = (who.body as { UserId?: unknown } | null)?.UserId;
  if (who.status !== 200 || typeof userId !== 'string') {
    return {
      result: {
        id: 'whoami',
        status: 'fail',
        detail: `WhoAmI answered ${who.status}${dataverseError(who.body) ? `: ${dataverseError(who.body)!.message.slice(0, 200)}` : ''}`,
        fix: 'The identity signed in but is not a usable Dynamics user: check that it exists as a (non-disabled) user in the organisation, with at least one security role.',
      },
    };
  }
  return { result: { id: 'whoami', status: 'pass', detail: `integration user ${userId}` }, userId };
}

/** 5. Privileges: one result per table, from the user's privileges and their depth. */
async function checkPrivileges(target: CheckTarget, userId: string): Promise<CheckResult[]> {
  const res = await target.client.request({
    method: 'GET',
    path: `systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`,
  });
  const held = new Map<string, string>();
  if (res.status === 200) {
    for (const p of ((res.body as { RolePrivileges?: unknown[] } | null)?.RolePrivileges ?? []) as Array<{
      PrivilegeName?: unknown;
      Depth?: unknown;
    }>) {
      if (typeof p.PrivilegeName === 'string') held.set(p.PrivilegeName.toLowerCase(), String(p.Depth ?? ''));
    }
  }
  const results: CheckResult[] = [];
  for (const [entity, spec] of Object.entries(REQUIRED_PRIVILEGES)) {
    const id = `privileges:${entity}`;
    if (res.status !== 200) {
      results.push({
        id,
        status: 'warn',
        detail: `could not read the user's privileges (RetrieveUserPrivileges answered ${res.status})`,
        fix: 'Give the integration user read access to security roles (prvReadRole), or check its roles by hand.',
      });
      continue;
    }
    results.push(tablePrivileges(id, spec, held));
  }
  return results;
}

/** `held`: privilege name (lower case) to depth, as RetrieveUserPrivileges gives them. */
function tablePrivileges(
  id: string,
  spec: (typeof REQUIRED_PRIVILEGES)[keyof typeof REQUIRED_PRIVILEGES],
  held: ReadonlyMap<string, string>,
): CheckResult {
  const missing = spec.actions.filter((a) => !held.has(`prv${a}${spec.table}`.toLowerCase()));
  const shallow = spec.actions.filter((a) => {
    const depth = held.get(`prv${a}${spec.table}`.toLowerCase());
    return depth !== undefined && depth !== 'Global';
  });
  if (missing.length > 0)
    return {
      id,
      status: 'fail',
      detail: `missing ${missing.map((a) => `${a} (${WHAT[a]})`).join(', ')}`,
      fix: `In the integration user's security role, Core Records → ${spec.table}: give ${missing.join(', ')} at Organization level.`,
    };
  if (shallow.length > 0)
    return {
      id,
      status: 'warn',
      detail: `${shallow.join(', ')} below Organization level: Portico will not see records the integration user does not own`,
      fix: `Raise ${shallow.join(', ')} on ${spec.table} to Organization level in the integration user's security role.`,
    };
  return { id, status: 'pass', detail: `${spec.actions.join(', ')} at Organization level` };
}

const MARK: Record<CheckStatus, string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

export function formatResults(results: readonly CheckResult[]): string {
  return results
    .map((r) => `${MARK[r.status]}  ${r.id.padEnd(20)} ${r.detail}${r.fix ? `\n      fix: ${r.fix}` : ''}`)
    .join('\n');
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Output = { out: process.stdout, err: process.stderr },
): Promise<number> {
  try {
    const parsed = parseArgs({ args: argv, options: { help: { type: 'boolean' } }, strict: true });
    if (parsed.values.help) {
      io.out.write(
        "Usage: npm run connection:check\n\nChecks DATAVERSE_URL, authentication (DATAVERSE_AUTH and its settings), WhoAmI and the integration user's privileges on contact and incident.\n",
      );
      return 0;
    }
  } catch (error) {
    io.err.write(`${(error as Error).message}\n`);
    return 2;
  }
  let connection;
  try {
    connection = connectionFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConnectSetupError)) throw error;
    io.out.write(
      `${formatResults([{ id: 'settings', status: 'fail', detail: error.message, fix: 'See the README section for your deployment.' }])}\n`,
    );
    return 1;
  }
  try {
    io.out.write(`Checking ${connection.url} (${connection.describe})\n`);
    const results: CheckResult[] = [
      { id: 'settings', status: 'pass', detail: `DATAVERSE_AUTH = ${connection.mode}` },
      ...(await runConnectionCheck(connection)),
    ];
    io.out.write(`${formatResults(results)}\n`);
    return results.some((r) => r.status === 'fail') ? 1 : 0;
  } finally {
    connection.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
