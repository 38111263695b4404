/**
 * Tells the desktop shell the user's language (`app:set-locale`), at start and after every change in
 * Settings, so the tray menu and the OS notifications speak it too.
 */
import type { LocaleStore } from '../i18n/i18n.js';
import type { DesktopBridge } from './desktop-bridge.js';

export function connectDesktopLocale(bridge: DesktopBridge, locales: LocaleStore): () => void {
  let sent: string | undefined;
  const send = (): void => {
    const locale = locales.getLocale();
    if (locale === sent) return;
    sent = locale;
    void bridge.invoke('app:set-locale', locale);
  };
  send();
  return locales.subscribe(send);
}
