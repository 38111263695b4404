/**
 * The service's logger (common/logger.ts `Logger`) on pino: JSON lines `{ time, level, msg, ...fields }`,
 * gated by level (`PARLEY_LOG_LEVEL`), and scrubbed of secrets before they are written — whatever a
 * caller passes by mistake. Lives on the Node side only: the renderer imports common/logger.ts too.
 *
 * Redaction, in every field at any depth:
 * - a text or object field named like a secret (`password`, `newPassword`, `token`, `authorization`, `ha1`, `ha1Md5`,
 *   `cookie`, `secret`, `credential`, `response` of digest credentials, ...) is replaced by `[redacted]`;
 * - in text, an `Authorization`/`Proxy-Authorization` header value (RFC 7235 §4.2, RFC 3261 §20.7),
 *   `Basic`/`Bearer` credentials (RFC 7617, RFC 6750), digest `response="..."` (RFC 7616 §3.4), and a
 *   `token=` query parameter are replaced by `[redacted]`.
 */
import pino from 'pino';
import type { LogFields, Logger, LogLevel } from '../../../common/logger.js';

export const REDACTED = '[redacted]';

const SECRET_KEY =
  /^(?:password|newpassword|currentpassword|oldpassword|passwd|secret|token|tokens|accesstoken|sessiontoken|authorization|proxy-authorization|proxyauthorization|cookie|set-cookie|ha1|ha1b|ha1md5|ha1sha256|passwordhash|passwordsalt|credential|credentials|response|nonce-response|apikey|api-key|privatekey)$/i;

const SECRET_TEXT: readonly [RegExp, string][] = [
  [/((?:proxy-)?authorization\s*[:=]\s*)[^\r\n]*/gi, `$1${REDACTED}`],
  [/\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${REDACTED}`],
  [/\b(response\s*=\s*)"?[0-9a-f]{16,}"?/gi, `$1${REDACTED}`],
  [/([?&]token=)[^&\s"]+/gi, `$1${REDACTED}`],
];

/** The text with credentials in it replaced (see the module comment). */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** A copy of `value` with secret-named fields and secrets in text replaced (cycles and depth bounded). */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 8 || seen.has(value)) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  if (value instanceof Error) return scrubText(value.stack ?? `${value.name}: ${value.message}`);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const secret = SECRET_KEY.test(key) && (typeof v === 'string' || (typeof v === 'object' && v !== null));
    out[key] = secret ? REDACTED : scrub(v, depth + 1, seen);
  }
  return out;
}

/**
 * JSON lines to a sink (stdout by default, written synchronously so nothing is lost at exit); what the
 * service, its scripts and tests log through.
 */
export function createJsonLogger(
  level: LogLevel = 'info',
  sink?: (line: string) => void,
  base: LogFields = {},
): Logger {
  const stream =
    sink === undefined
      ? pino.destination({ dest: 1, sync: true })
      : { write: (chunk: string) => sink(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
  const root = pino(
    {
      level,
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object) as Record<string, unknown>,
      },
      hooks: {
        // The message too: callers build it from text now and then.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    stream,
  );
  return wrap(root, scrub(base) as Record<string, unknown>);
}

/**
 * A logger with `bindings` on every line. A child's fields replace its parent's of the same name (as the
 * Logger contract says), so each child is made from the root with the merged fields: pino's own
 * `child()` of a child would write a repeated key (`"room":"voicemail","room":"voicemail-agent"`).
 */
function wrap(root: pino.Logger, bindings: Record<string, unknown>): Logger {
  const p = Object.keys(bindings).length === 0 ? root : root.child(bindings);
  return {
    debug: (fields, message) => p.debug(fields, message),
    info: (fields, message) => p.info(fields, message),
    warn: (fields, message) => p.warn(fields, message),
    error: (fields, message) => p.error(fields, message),
    child: (fields) => wrap(root, { ...bindings, ...(scrub(fields) as Record<string, unknown>) }),
  };
}
