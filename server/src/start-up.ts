/**
 * What the two ways of starting the service (`npm run service`: server/src/main.ts, `npm start`:
 * scripts/start.ts) do alike before the service runs: read the configuration, and stop with a one-line
 * reason on stderr and exit code 1 when something cannot be used.
 */
import { ConfigError, parseConfig, type ParleyConfig } from './config.js';

/** Ends the process: `parley: <message>` on stderr, exit code 1. */
export function exitWith(message: string): never {
  process.stderr.write(`parley: ${message}\n`);
  process.exit(1);
}

/**
 * The configuration from the environment and the command line; a setting that cannot be used ends the
 * process with `invalid configuration: <why>` (any other error is thrown).
 */
export function configOrExit(
  env: Readonly<Record<string, string | undefined>> = process.env,
  argv: readonly string[] = process.argv.slice(2),
): ParleyConfig {
  try {
    return parseConfig(env, argv);
  } catch (error) {
    if (error instanceof ConfigError) exitWith(`invalid configuration: ${error.message}`);
    throw error;
  }
}
