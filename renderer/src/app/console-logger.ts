import type { LogFields, LogLevel, Logger } from '../../../common/logger.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * The browser's logger: structured lines on the console (never secrets: callers pass none).
 * `info` and above by default; `localStorage['parley.logLevel'] = 'debug'` shows SIP traffic too.
 */
export function createConsoleLogger(level: LogLevel = 'info', base: LogFields = {}): Logger {
  const on = (wanted: LogLevel): boolean => ORDER[wanted] >= ORDER[level];
  return {
    debug: (fields, message) => on('debug') && console.debug(message, { ...base, ...fields }),
    info: (fields, message) => on('info') && console.info(message, { ...base, ...fields }),
    warn: (fields, message) => on('warn') && console.warn(message, { ...base, ...fields }),
    error: (fields, message) => on('error') && console.error(message, { ...base, ...fields }),
    child: (fields) => createConsoleLogger(level, { ...base, ...fields }),
  };
}

export function logLevelFrom(value: string | null | undefined): LogLevel {
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error' || value === 'silent'
    ? value
    : 'info';
}
