/**
 * What every route handler shares: the frozen config, the live registry, the upstream client and
 * the identity, signing, audit and logging services. Built once by `createServer`.
 */
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from '../config/types.js';
import type { AuditLog } from './audit/index.js';
import type { ServerConfig } from './config.js';
import type { IdentityResolver, PorticoUser } from './identity/resolve.js';
import type { TokenSigner } from './policy/tokens.js';
import type { EntitySets } from './records.js';
import type { UpstreamClient } from './upstream/client.js';

/** The live configuration: the config loader's watcher, or a fixed registry in tests. */
export interface RegistrySource {
  current(): Registry;
  /** Loader status for the admin endpoint (files, version, last reload, last refused change). */
  status?(): unknown;
  close?(): void | Promise<void>;
}

export interface Context {
  config: Readonly<ServerConfig>;
  registry(): Registry;
  registrySource: RegistrySource;
  upstream: UpstreamClient;
  identity: IdentityResolver;
  signer: TokenSigner;
  sets: EntitySets;
  audit: AuditLog;
  logger: Logger;
}

/** Per-request state kept in `res.locals`. */
export interface Locals {
  requestId: string;
  user?: PorticoUser;
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
