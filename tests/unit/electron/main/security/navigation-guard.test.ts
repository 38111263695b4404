import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  decideWindowOpen,
  installNavigationGuard,
  isSafeExternalUrl,
  type GuardedContents,
} from '../../../../../electron/src/main/security/navigation-guard.js';

const OWN = 'http://127.0.0.1:8080';

describe('navigation guard', () => {
  it('allows our origin, sends https elsewhere to the browser, denies the rest', () => {
    expect(decideNavigation('http://127.0.0.1:8080/contacts', OWN)).toBe('allow');
    expect(decideNavigation('https://example.org/help', OWN)).toBe('open-external');
    for (const url of [
      'http://example.org/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,x',
      'sip:bob@x.org',
      'smb://host/share',
      'https://user:pw@example.org/',
      'https://example.org/\nx',
      'chrome://settings',
    ]) {
      expect(decideNavigation(url, OWN), url).toBe('deny');
    }
    expect(isSafeExternalUrl(`https://example.org/${'a'.repeat(3000)}`)).toBe(false);
  });

  it('never opens a new Electron window', () => {
    expect(decideWindowOpen('http://127.0.0.1:8080/popup', OWN)).toBe('deny');
    expect(decideWindowOpen('https://example.org/', OWN)).toBe('open-external');
    expect(decideWindowOpen('file:///x', OWN)).toBe('deny');
  });

  it('wires will-navigate, will-redirect, webviews and window.open', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const contents: GuardedContents = {
      on: (event: string, listener: (event: { preventDefault(): void }, url?: string) => void) =>
        listeners.set(event, listener),
      setWindowOpenHandler: (h) => (openHandler = h),
    } as GuardedContents;
    const opened: string[] = [];
    installNavigationGuard(contents, OWN, (url) => opened.push(url));

    const navigate = (event: string, url: string): boolean => {
      let prevented = false;
      listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'http://127.0.0.1:8080/x')).toBe(false);
    expect(navigate('will-navigate', 'https://example.org/')).toBe(true);
    expect(navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-attach-webview', '')).toBe(true);
    expect(openHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'http://127.0.0.1:8080/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/', 'https://docs.example/']);
  });
});
