/**
 * A structured logger, injected everywhere (smtp-server style: `{ tnx: 'listen', host, port }`).
 * Never pass secrets (passwords, tokens, HA1, Authorization headers) in `fields`; the service's JSON
 * logger (server/src/logging/json-logger.ts, on pino) redacts them anyway.
 */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Drops everything; for tests that do not look at logs. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
