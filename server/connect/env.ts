/**
 * The Dataverse connection the command-line tools use: the same DATAVERSE_* settings (environment
 * or PORTICO_CONFIG_FILE), the same authentication strategy and upstream client as the server, so
 * a tool that works proves the server will.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { optionsFromEnv } from '../settings/index.js';
import { createAuthStrategy } from '../dataverse/auth/index.js';
import type { AuthMode } from '../dataverse/auth/index.js';
import { UpstreamClient } from '../dataverse/client.js';
import type { TokenProvider } from '../dataverse/client.js';

/** Where a command writes; tests pass their own. */
export interface Output {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

export interface Connection {
  client: UpstreamClient;
  provider: TokenProvider;
  url: string;
  mode: AuthMode;
  /** Mode and non-secret identifiers, for messages. */
  describe: string;
  schemasDir: string;
  close(): void;
}

/** A usage or settings mistake: the tools print the message and exit 2. */
export class ConnectSetupError extends Error {
  readonly code = 'PORTICO_CONNECT_SETTINGS_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConnectSetupError';
  }
}

export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): Connection {
  let options;
  try {
    options = optionsFromEnv(env);
  } catch (error) {
    throw new ConnectSetupError((error as Error).message);
  }
  if (!options.dataverseUrl) {
    throw new ConnectSetupError(
      'DATAVERSE_URL is not set: set it to the Web API root, e.g. https://contoso.crm4.dynamics.com/api/data/v9.2/ (online) or https://crm.contoso.local/CONTOSO/api/data/v9.0/ (on-premises). For the local emulator: http://127.0.0.1:5555/api/data/v9.2/.',
    );
  }
  let strategy;
  try {
    strategy = createAuthStrategy(options);
  } catch (error) {
    throw new ConnectSetupError((error as Error).message);
  }
  const client = new UpstreamClient({
    baseUrl: options.dataverseUrl,
    tokenProvider: strategy.provider,
    // Unset ones take the client's own defaults, as in the server.
    concurrency: options.upstreamConcurrency,
    timeoutMs: options.upstreamTimeoutMs,
    maxRetryWaitMs: options.upstreamMaxRetryWaitMs,
    maxRetries: options.upstreamMaxRetries,
  });
  return {
    client,
    provider: strategy.provider,
    url: options.dataverseUrl,
    mode: strategy.mode,
    describe: strategy.describe,
    schemasDir: options.schemasDir ?? 'schemas/',
    close: () => client.close(),
  };
}

/**
 * For `schemas:pull` and `schemas:drift`: the connection, or `undefined` after printing the
 * settings problem (the caller exits 2). Other errors are bugs and propagate.
 */
export function connectionForCli(env: NodeJS.ProcessEnv, io: Output): Connection | undefined {
  try {
    return connectionFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConnectSetupError)) throw error;
    io.err.write(`${error.message}\n`);
    return undefined;
  }
}

/**
 * For `schemas:pull` and `schemas:drift`: their arguments, strictly parsed, plus `--help`. `--help`
 * prints the usage and a malformed argument prints the problem and the usage; both return the exit
 * code (0 and 2) instead of the values.
 */
export function cliArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  usage: string,
  io: Output,
): ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'] | number {
  let values;
  try {
    const all = { ...options, help: { type: 'boolean' as const } };
    ({ values } = parseArgs({ args: argv, options: all, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if ((values as { help?: boolean }).help) {
    io.out.write(`${usage}\n`);
    return 0;
  }
  return values;
}
