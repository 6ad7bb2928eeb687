/**
 * `npm run server`: the Portico server from environment variables (see the README's configuration
 * table). A configuration mistake prints one clear line and exits 1; SIGTERM/SIGINT finish
 * in-flight requests before exiting, telling their keep-alive clients to close the connection
 * (see `close()` in server/proxy/index.ts). Without DATAVERSE_URL it runs on the embedded emulator
 * (see index.ts here). With PORTICO_WORKERS above 1 it runs that many worker processes on one port
 * (workers.ts).
 */
import cluster from 'node:cluster';
import { serverSettings } from '../proxy/index.js';
import { optionsFromEnv } from '../settings/index.js';
import { ServerConfigError, assembleServerFromEnv } from './index.js';
import { runPrimary, runWorker } from './workers.js';

function refuse(error: unknown): never {
  if (error instanceof ServerConfigError) {
    console.error(`Portico cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

async function single(): Promise<void> {
  let server;
  try {
    server = await assembleServerFromEnv(process.env);
  } catch (error) {
    refuse(error);
  }
  await server.listen();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: finishing in-flight requests…`);
    server
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  if (cluster.isWorker) return runWorker().catch(refuse);
  let settings;
  try {
    settings = serverSettings(optionsFromEnv(process.env));
  } catch (error) {
    refuse(error);
  }
  if (settings.workers > 1) return runPrimary(settings).catch(refuse);
  return single();
}

await main();
