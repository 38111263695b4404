import { describe, expect, it } from 'vitest';
import { argValue, readDesktopConfig } from '../../../../electron/src/main/app-config.js';
import { buildAppMenuTemplate, type AppMenuItem } from '../../../../electron/src/main/menu/app-menu.js';

describe('desktop configuration', () => {
  it('defaults to the local service with updates off', () => {
    expect(readDesktopConfig([], {})).toEqual({
      serviceUrl: 'http://127.0.0.1:8080/',
      serviceOrigin: 'http://127.0.0.1:8080',
      updateFeedUrl: undefined,
      extraConnectSources: [],
      devTools: false,
    });
  });

  it('reads --url and --update-url (both spellings) before the environment', () => {
    const config = readDesktopConfig(
      ['electron', '.', '--url', 'https://parley.example.org', '--update-url=https://u.example.org/feed'],
      {
        PARLEY_URL: 'http://127.0.0.1:1',
      },
    );
    expect(config.serviceOrigin).toBe('https://parley.example.org');
    expect(config.updateFeedUrl).toBe('https://u.example.org/feed');
    expect(readDesktopConfig([], { PARLEY_URL: 'http://localhost:9000' }).serviceOrigin).toBe(
      'http://localhost:9000',
    );
    expect(argValue(['--url', 'a', '--url=b'], 'url')).toBe('b');
  });

  it('refuses plain http off loopback, credentials in URLs and other schemes', () => {
    expect(() => readDesktopConfig(['--url', 'http://parley.example.org'], {})).toThrow(/https/);
    expect(() => readDesktopConfig(['--url', 'https://u:p@parley.example.org'], {})).toThrow(/password/);
    expect(() => readDesktopConfig(['--url', 'file:///tmp/index.html'], {})).toThrow(/https/);
    expect(() => readDesktopConfig(['--url', 'nonsense'], {})).toThrow(/not a URL/);
    expect(() => readDesktopConfig([], { PARLEY_UPDATE_URL: 'http://updates.example.org' })).toThrow(
      /update feed/,
    );
    expect(() => readDesktopConfig([], { PARLEY_CONNECT_SRC: 'ws://sip.example.org' })).toThrow(/wss/);
  });
});

describe('application menu', () => {
  const labels = (items: AppMenuItem[]): string[] =>
    items.map((i) => ('label' in i && i.label) || ('role' in i && i.role) || 'sep');

  it('uses standard roles and offers Check for Updates', () => {
    const clicks: string[] = [];
    const template = buildAppMenuTemplate({
      platform: 'linux',
      devTools: false,
      dnd: false,
      onToggleDnd: () => clicks.push('dnd'),
      onCheckForUpdates: () => clicks.push('update'),
      onShowWindow: () => clicks.push('show'),
    });
    expect(labels(template)).toEqual(['&File', 'editMenu', '&Phone', '&View', 'windowMenu', '&Help']);
    const help = template.find((i) => 'label' in i && i.label === '&Help') as { submenu: AppMenuItem[] };
    const check = help.submenu[0] as { label: string; click: () => void };
    expect(check.label).toBe('Check for Updates…');
    check.click();
    expect(clicks).toEqual(['update']);
    expect(JSON.stringify(template)).not.toContain('toggleDevTools');
  });

  it('has the app menu on macOS and developer tools only when asked', () => {
    const template = buildAppMenuTemplate({
      platform: 'darwin',
      devTools: true,
      dnd: true,
      onToggleDnd: () => undefined,
      onCheckForUpdates: () => undefined,
      onShowWindow: () => undefined,
    });
    expect(labels(template)[0]).toBe('appMenu');
    expect(JSON.stringify(template)).toContain('toggleDevTools');
  });
});
