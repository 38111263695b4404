/**
 * Keeps the Parley window on the Parley service: in-page navigation to another origin and every
 * `window.open` are blocked; `https:` links to elsewhere open in the user's browser instead
 * (Electron security checklist #13 and #14). Nothing else (file:, javascript:, data:, plain http:,
 * custom schemes) is handed to the OS.
 */
import { isOwnOrigin } from './permission-policy.js';

export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/** Longest URL handed to the OS browser. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/** True for a well-formed `https:` URL with a host and no credentials, short enough to hand to the OS. */
export function isSafeExternalUrl(url: unknown): url is string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL_LENGTH || /[\s\x00-\x1f\x7f]/.test(url))
    return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/** A page of ours navigates (`will-navigate`, `will-redirect`). */
export function decideNavigation(url: string, ownOrigin: string): NavigationDecision {
  if (isOwnOrigin(url, ownOrigin)) return 'allow';
  return isSafeExternalUrl(url) ? 'open-external' : 'deny';
}

/** A page calls `window.open` or follows `target=_blank`: never a new Electron window. */
export function decideWindowOpen(url: string, ownOrigin: string): Exclude<NavigationDecision, 'allow'> {
  if (isOwnOrigin(url, ownOrigin)) return 'deny';
  return isSafeExternalUrl(url) ? 'open-external' : 'deny';
}

/** The parts of `WebContents` the guard needs. */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function installNavigationGuard(
  contents: GuardedContents,
  ownOrigin: string,
  openExternal: (url: string) => void,
): void {
  const onNavigate = (event: { preventDefault(): void }, url: string): void => {
    const decision = decideNavigation(url, ownOrigin);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openExternal(url);
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (decideWindowOpen(url, ownOrigin) === 'open-external') openExternal(url);
    return { action: 'deny' };
  });
}
