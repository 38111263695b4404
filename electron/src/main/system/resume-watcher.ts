/**
 * Tells the renderer to register again at once when the machine wakes, the screen unlocks or the network
 * comes back: after sleep the SIP WebSocket is usually dead but nobody notices until the registration
 * refresh, minutes later, and calls in between are lost.
 *
 * Electron's main process has no "online" event, so network recovery is polled with `net.isOnline()`.
 * Several triggers close together (resume then unlock) produce one notice.
 */

export type ResumeReason = 'resume' | 'unlock-screen' | 'network-online';

export interface PowerMonitorApi {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export interface ResumeWatcherDeps {
  readonly power: PowerMonitorApi;
  readonly isOnline: () => boolean;
  readonly onResume: (reason: ResumeReason) => void;
  readonly now?: () => number;
  readonly setInterval?: (fn: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
  /** How often to look at the network; default 5 s. */
  readonly pollMs?: number;
  /** Notices closer than this are merged; default 3 s. */
  readonly quietMs?: number;
}

export interface ResumeWatcher {
  /** Runs one network poll now (the interval calls this). */
  poll(): void;
  dispose(): void;
}

export function watchResume(deps: ResumeWatcherDeps): ResumeWatcher {
  const now = deps.now ?? Date.now;
  const quietMs = deps.quietMs ?? 3000;
  let lastNotice = -Infinity;
  let online = deps.isOnline();

  const notify = (reason: ResumeReason): void => {
    const t = now();
    if (t - lastNotice < quietMs) return;
    lastNotice = t;
    deps.onResume(reason);
  };
  const onResume = (): void => notify('resume');
  const onUnlock = (): void => notify('unlock-screen');
  const poll = (): void => {
    const nowOnline = deps.isOnline();
    if (nowOnline && !online) notify('network-online');
    online = nowOnline;
  };

  deps.power.on('resume', onResume);
  deps.power.on('unlock-screen', onUnlock);
  const timer = (deps.setInterval ?? setInterval)(poll, deps.pollMs ?? 5000);
  return {
    poll,
    dispose() {
      deps.power.removeListener('resume', onResume);
      deps.power.removeListener('unlock-screen', onUnlock);
      (deps.clearInterval ?? ((h: unknown) => clearInterval(h as NodeJS.Timeout)))(timer);
    },
  };
}
