/** Routes SIP.js's log lines into our structured logger (SIP.js's own console output is off). */
import type { LogConnector } from 'sip.js';
import type { Logger } from '../../../common/logger.js';

export function sipJsLogConnector(logger: Logger): LogConnector {
  const sip = logger.child({ lib: 'sip.js' });
  return (level, category, _label, content) => {
    const fields = { category };
    if (level === 'error') sip.error(fields, content);
    else if (level === 'warn') sip.warn(fields, content);
    else sip.debug(fields, content);
  };
}
