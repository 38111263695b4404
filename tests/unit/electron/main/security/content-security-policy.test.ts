import { describe, expect, it } from 'vitest';
import {
  applyCspHeader,
  buildContentSecurityPolicy,
  installContentSecurityPolicy,
  type HeadersReceivedDetails,
  type HeadersReceivedResponse,
} from '../../../../../electron/src/main/security/content-security-policy.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('Content-Security-Policy', () => {
  const csp = buildContentSecurityPolicy('http://127.0.0.1:8080');
  const d = directives(csp);

  it('is the exact expected string', () => {
    expect(csp).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; media-src 'self' blob: mediastream: data:; connect-src 'self' ws://127.0.0.1:8080; " +
        "worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; frame-src 'none'; frame-ancestors 'none'; " +
        "base-uri 'none'; form-action 'self'",
    );
  });

  it('forbids inline and evaluated script, plugins, frames and base changes', () => {
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
  });

  it('connects to the service and its SIP WebSocket (wss for https) and configured extras only', () => {
    const secure = directives(
      buildContentSecurityPolicy('https://parley.example.org', {
        extraConnectSources: ['wss://sip.example.org:7443/ws'],
      }),
    );
    expect(secure.get('connect-src')).toEqual([
      "'self'",
      'wss://parley.example.org',
      'wss://sip.example.org:7443',
    ]);
    expect(() =>
      buildContentSecurityPolicy('https://a.example', { extraConnectSources: ['javascript:alert(1)'] }),
    ).toThrow();
  });

  it('is added to responses of our origin only, keeping other headers', () => {
    const ours = applyCspHeader(
      { url: 'http://127.0.0.1:8080/index.html', responseHeaders: { 'Content-Type': ['text/html'] } },
      'http://127.0.0.1:8080',
      csp,
    );
    expect(ours.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [csp] });
    expect(applyCspHeader({ url: 'https://cdn.example/x.js' }, 'http://127.0.0.1:8080', csp)).toEqual({});
    expect(applyCspHeader({ url: '::bad::' }, 'http://127.0.0.1:8080', csp)).toEqual({});
  });

  it('installs an onHeadersReceived listener that always calls back', () => {
    let listener: ((d: HeadersReceivedDetails, cb: (r: HeadersReceivedResponse) => void) => void) | undefined;
    installContentSecurityPolicy({ onHeadersReceived: (l) => (listener = l) }, 'http://127.0.0.1:8080', csp);
    const answers: HeadersReceivedResponse[] = [];
    listener!({ url: 'http://127.0.0.1:8080/' }, (r) => answers.push(r));
    listener!({ url: 'https://elsewhere.example/' }, (r) => answers.push(r));
    expect(answers).toEqual([{ responseHeaders: { 'Content-Security-Policy': [csp] } }, {}]);
  });
});
