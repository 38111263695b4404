/**
 * Start-up configuration of the desktop shell, read once from the command line and the environment and
 * validated (ARCHITECTURE.md: safe defaults, a clear one-line reason when something is wrong).
 *
 *   --url URL            the Parley service (env PARLEY_URL; default http://127.0.0.1:8080)
 *   --update-url URL     electron-updater "generic" feed (env PARLEY_UPDATE_URL; default: updates off)
 *   --connect-src A,B    extra origins the page may connect to, e.g. a SIP edge (env PARLEY_CONNECT_SRC)
 *   --dev                developer tools in the View menu (env PARLEY_DEV=1)
 *
 * Plain `http:` is accepted only for loopback: elsewhere the microphone needs a secure context and the
 * password must not cross the network in clear.
 */

export interface DesktopConfig {
  readonly serviceUrl: string;
  readonly serviceOrigin: string;
  readonly updateFeedUrl: string | undefined;
  readonly extraConnectSources: readonly string[];
  readonly devTools: boolean;
}

export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8080';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** An http(s) URL without credentials; http only on loopback. Throws with the reason otherwise. */
export function checkServiceUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${what} is not a URL: ${raw}`);
  }
  if (url.username || url.password) throw new Error(`${what} must not contain a user name or password`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new Error(`${what} must be https:// (plain http:// only on 127.0.0.1 / localhost): ${raw}`);
}

/** The value of `--name VALUE` or `--name=VALUE`, last one wins. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) value = argv[i + 1];
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  }
  return value;
}

export function readDesktopConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DesktopConfig {
  const service = checkServiceUrl(
    argValue(argv, 'url') ?? env.PARLEY_URL ?? DEFAULT_SERVICE_URL,
    'The service URL',
  );
  const feedRaw = argValue(argv, 'update-url') ?? env.PARLEY_UPDATE_URL;
  const updateFeedUrl = feedRaw ? checkServiceUrl(feedRaw, 'The update feed URL').toString() : undefined;
  const connectRaw = argValue(argv, 'connect-src') ?? env.PARLEY_CONNECT_SRC ?? '';
  const extraConnectSources = connectRaw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const url = new URL(s);
      if (!['https:', 'wss:'].includes(url.protocol) && !isLoopbackHost(url.hostname)) {
        throw new Error(`Extra connect sources must be https:// or wss://: ${s}`);
      }
      return s;
    });
  return {
    serviceUrl: service.toString(),
    serviceOrigin: service.origin,
    updateFeedUrl,
    extraConnectSources,
    devTools: argv.includes('--dev') || env.PARLEY_DEV === '1',
  };
}
