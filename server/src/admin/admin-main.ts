/**
 * `npm run admin -- …`: operator commands on the configured store (./pstn-admin.ts). Reads the same
 * environment as the service (`PARLEY_DATA_DIR`, `PARLEY_DATABASE_URL`); prints one line; exit code 0,
 * 1 (refused, e.g. an unknown user) or 2 (usage), errors as `parley admin: …` on stderr.
 */
import { ConfigError, parseConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import { AdminError, runPstnAdmin } from './pstn-admin.js';

function fail(message: string, code: number): never {
  process.stderr.write(`parley admin: ${message}\n`);
  process.exit(code);
}

let config;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`, 1);
  throw error;
}
let store;
try {
  store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
} catch (error) {
  fail(`cannot open the store: ${(error as Error).message.split('\n')[0] ?? ''}`, 1);
}
try {
  process.stdout.write(`${await runPstnAdmin(store, process.argv.slice(2), Date.now())}\n`);
  await store.close();
} catch (error) {
  await store.close();
  if (error instanceof AdminError) fail(error.message, error.exitCode);
  fail((error as Error).message.split('\n')[0] ?? 'failed', 1);
}
