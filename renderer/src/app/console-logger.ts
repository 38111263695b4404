import type { LogFields, Logger } from '../../../common/logger.js';

/** The browser's logger: structured lines on the console (never secrets: callers pass none). */
export function createConsoleLogger(base: LogFields = {}): Logger {
  return {
    debug: (fields, message) => console.debug(message, { ...base, ...fields }),
    info: (fields, message) => console.info(message, { ...base, ...fields }),
    warn: (fields, message) => console.warn(message, { ...base, ...fields }),
    error: (fields, message) => console.error(message, { ...base, ...fields }),
    child: (fields) => createConsoleLogger({ ...base, ...fields }),
  };
}
