/**
 * The server's own routes: liveness, readiness (configuration loaded, Dynamics answering, and
 * whether the limits are shared), the OpenAPI document and the configuration status for operators.
 */
import type { RequestHandler } from 'express';
import type { ConfigStatusResponse, HealthResponse, ReadinessResponse } from '../../api/contract.js';
import { formatConfigError } from '../../config/index.js';
import type { ConfigError } from '../../config/types.js';
import type { Context } from '../context.js';
import { PorticoError } from '../errors.js';
import { openApiDocument } from '../openapi.js';
import { sharedUpstreamWork } from '../../dataverse/client.js';
import type { RouteSpec } from './spec.js';

export function health(): RequestHandler {
  return function porticoHealth(_req, res) {
    // Health is about this moment: a cache must not answer for the server.
    res.setHeader('Cache-Control', 'no-store');
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  };
}

export function readiness(ctx: Context): RequestHandler {
  let checkedAt = 0;
  let ok = false;
  let pending: Promise<boolean> | undefined;
  const check = async () => {
    try {
      const res = await ctx.upstream.request({ method: 'GET', path: 'WhoAmI' });
      return res.status === 200;
    } catch {
      return false;
    }
  };
  return async function porticoReady(_req, res) {
    // WhoAmI at most every 5 s, however often the orchestrator asks: readiness must not spend the budget.
    if (Date.now() - checkedAt > 5000) {
      // Shared by every probe that arrives meanwhile: one prober hanging up must not fail it.
      pending ??= sharedUpstreamWork(check).finally(() => (pending = undefined));
      ok = await pending;
      checkedAt = Date.now();
    }
    let registryOk = false;
    try {
      registryOk = ctx.registry().version > 0;
    } catch {
      registryOk = false;
    }
    if (!ok || !registryOk) {
      throw new PorticoError(
        'PORTICO_SERVER_NOT_READY',
        !registryOk ? 'The configuration is not loaded.' : 'Dynamics is not reachable.',
      );
    }
    // Asked at every probe (a PING is cheap, and recovery should show at once); an unreachable
    // Redis is `degraded`, not 503: see ReadinessResponse in server/api/schemas.ts.
    const limits = !ctx.shared ? 'local' : (await ctx.shared.reachable()) ? 'shared' : 'fallback';
    res.setHeader('Cache-Control', 'no-store');
    const body: ReadinessResponse = {
      status: limits === 'fallback' ? 'degraded' : 'ready',
      configVersion: ctx.registry().version,
      limits,
    };
    res.json(body);
  };
}

/** The document is generated once per public URL (which is fixed once the server listens). */
export function openApi(ctx: Context, routes: readonly RouteSpec[]): RequestHandler {
  let made: { origin: string; json: string } | undefined;
  return function porticoOpenApi(_req, res) {
    const origin = ctx.publicUrl();
    if (made?.origin !== origin) made = { origin, json: JSON.stringify(openApiDocument(origin, routes)) };
    // Public and cacheable: nothing in it depends on the request (the server URL is configuration).
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(made.json);
  };
}

/** The loader's status, projected to the fields the `ConfigStatusResponse` schema declares. */
export function configStatus(ctx: Context): RequestHandler {
  return function porticoConfigStatus(_req, res) {
    const registry = ctx.registry();
    const status = (ctx.registrySource.status?.() ?? {}) as Record<string, unknown>;
    const refused = status.lastRefused as { at?: unknown; errors?: ConfigError[] } | undefined;
    const body: ConfigStatusResponse = {
      version: registry.version,
      loadedAt: registry.loadedAt.toISOString(),
      files: [...registry.files],
    };
    if (refused && Array.isArray(refused.errors)) {
      body.lastRefused = {
        at: refused.at instanceof Date ? refused.at.toISOString() : String(refused.at),
        errors: refused.errors,
        formatted: refused.errors.map((e) => formatConfigError(e)),
      };
    }
    res.json(body);
  };
}
