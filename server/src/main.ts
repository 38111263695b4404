/**
 * `npm run service`: configuration → logger → service; SIGTERM/SIGINT close gracefully and exit 0;
 * SIGUSR2 prints the service's table sizes and memory as one JSON line (server/src/introspection.ts).
 * A setting that cannot be used stops start-up with a one-line reason on stderr and exit code 1.
 */
import { createJsonLogger } from './logging/json-logger.js';
import { introspectOnSignal } from './introspection.js';
import { startService } from './service.js';
import { configOrExit, exitWith } from './start-up.js';

const config = configOrExit();

const logger = createJsonLogger(config.logLevel);
let service;
try {
  service = await startService(config, logger);
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') exitWith(`cannot listen on ${config.host}:${config.port}: the port is in use`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    exitWith(`cannot listen on ${config.host}: no such local address`);
  if (code === 'EACCES') exitWith(`cannot listen on ${config.host}:${config.port}: permission denied`);
  exitWith(`cannot start: ${(error as Error).message.split('\n')[0]}`);
}
const running = service;
logger.info({ tnx: 'ready', url: running.url, sipUrl: running.sipUrl }, `Parley service at ${running.url}`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  logger.info({ tnx: 'signal', signal }, 'shutting down');
  // A second signal, or a close that hangs, must still end the process.
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ tnx: 'close', err: String(error) }, 'close failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// One JSON line of table sizes, timers and memory on stdout (server/src/introspection.ts).
introspectOnSignal(running);
// Issue 11: re-read the gateway and rates files; a bad file keeps the old ones (one log line).
process.on('SIGHUP', () => running.gateway?.reload());
