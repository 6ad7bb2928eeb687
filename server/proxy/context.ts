/**
 * What every route handler shares: the frozen server settings, the live registry of the admin's schemas, the upstream client and
 * the identity, signing, audit and logging services. Built once by `createServer`.
 */
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from '../config/types.js';
import type { AuditLog } from './audit/index.js';
import type { ServerSettings } from '../settings/index.js';
import type { IdentityResolver, PorticoUser } from './identity/resolve.js';
import type { TokenSigner } from './policy/tokens.js';
import type { EntitySets } from './records.js';
import type { UpstreamClient } from '../dataverse/client.js';
import type { SharedState } from '../shared-state/index.js';

/** The admin's live schemas (the registry): the config loader's watcher, or a fixed registry in tests. */
export interface RegistrySource {
  current(): Registry;
  /** Loader status for the admin endpoint (files, version, last reload, last refused change). */
  status?(): unknown;
  close?(): void | Promise<void>;
}

export interface Context {
  settings: Readonly<ServerSettings>;
  /** The base of every absolute URL the server writes: see `publicBaseUrl`. */
  publicUrl(): string;
  registry(): Registry;
  registrySource: RegistrySource;
  upstream: UpstreamClient;
  identity: IdentityResolver;
  signer: TokenSigner;
  sets: EntitySets;
  audit: AuditLog;
  logger: Logger;
  /** What the instances share through Redis (PORTICO_REDIS_URL); absent when each process is on its own. */
  shared?: SharedState;
}

/** Per-request state kept in `res.locals`. */
export interface Locals {
  requestId: string;
  user?: PorticoUser;
}

/**
 * The base of every absolute URL the server writes (validator module URLs, the OpenAPI `servers`
 * entry, `Location`): PORTICO_PUBLIC_URL, else the address the server listens on. Never the
 * request's Host or X-Forwarded-* headers, whatever PORTICO_TRUST_PROXY says: a stranger chooses
 * those, and a shared cache would keep the URL they chose — for a module the widget imports, that
 * is a script of their choosing on the host page.
 */
export function publicBaseUrl(
  config: Pick<ServerSettings, 'publicUrl' | 'host' | 'port'>,
  listening: string | undefined,
): string {
  if (config.publicUrl) return config.publicUrl;
  if (listening) return listening;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

export function locals(res: Response): Locals {
  return res.locals as Locals;
}

export function currentUser(res: Response): PorticoUser {
  const user = locals(res).user;
  // Only reachable if a route were mounted without the auth middleware: fail closed.
  if (!user) throw new Error('route reached without an authenticated user');
  return user;
}
