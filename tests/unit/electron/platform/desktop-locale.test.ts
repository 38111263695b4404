/** The renderer tells the shell its language: once at start, then on each change (not on repeats). */
import { describe, expect, it } from 'vitest';
import { createLocaleStore } from '../../../../renderer/src/i18n/i18n.js';
import type { DesktopBridge } from '../../../../renderer/src/platform/desktop-bridge.js';
import { connectDesktopLocale } from '../../../../renderer/src/platform/desktop-locale.js';

describe('connectDesktopLocale', () => {
  it('sends app:set-locale at start and when the user picks another language', () => {
    const sent: unknown[][] = [];
    const bridge = {
      invoke: async (channel: string, ...args: unknown[]) => {
        sent.push([channel, ...args]);
        return { ok: true, value: null };
      },
      on: () => () => undefined,
    } as unknown as DesktopBridge;
    const locales = createLocaleStore({ preferred: ['de-DE'] });
    const stop = connectDesktopLocale(bridge, locales);
    expect(sent).toEqual([['app:set-locale', 'de']]);

    locales.setLocale('es');
    locales.setLocale('es');
    locales.setLocale(undefined);
    expect(sent).toEqual([
      ['app:set-locale', 'de'],
      ['app:set-locale', 'es'],
      ['app:set-locale', 'de'],
    ]);

    stop();
    locales.setLocale('en');
    expect(sent).toHaveLength(3);
  });
});
