/**
 * The SIP WebSocket URL to use (RFC 7118). The service tells us its own (`GET /api/config`); a relative
 * path (e.g. `/sip`) is resolved against the page so the same build works behind any host name.
 */
export function resolveSipUrl(configured: string, page: { protocol: string; host: string }): string {
  if (/^wss?:\/\//i.test(configured)) return configured;
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = configured.startsWith('/') ? configured : `/${configured || 'sip'}`;
  return `${scheme}//${page.host}${path}`;
}
