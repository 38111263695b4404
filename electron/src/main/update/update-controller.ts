/**
 * Auto-update through electron-updater, off unless a feed is configured (`PARLEY_UPDATE_URL` or
 * `--update-url`, an `https:` URL of a "generic" electron-updater feed holding `latest*.yml`).
 * Without a feed every check answers `no-feed` with a message saying so, and nothing touches the network.
 * https://www.electron.build/auto-update
 */
import type { UpdateStatus } from '../../../../common/ipc-contract.js';

/** The part of electron-updater's `autoUpdater` used here, adapted in main.ts. */
export interface UpdaterApi {
  setFeed(url: string): void;
  /** Resolves with the newer version when one is available (it then downloads), else null. */
  check(): Promise<{ readonly version: string } | null>;
  onDownloaded(listener: (version: string) => void): void;
}

export interface UpdateController {
  readonly feedConfigured: boolean;
  check(): Promise<UpdateStatus>;
  status(): UpdateStatus;
}

export const NO_FEED_MESSAGE =
  'No update feed configured: updates are off. Set PARLEY_UPDATE_URL to an https:// electron-updater feed to turn them on.';

export function createUpdateController(deps: {
  readonly feedUrl: string | undefined;
  /** Created only when a feed is configured (so electron-updater is never loaded otherwise). */
  readonly updater: () => UpdaterApi;
  readonly publish: (status: UpdateStatus) => void;
}): UpdateController {
  let current: UpdateStatus = { state: 'no-feed', message: NO_FEED_MESSAGE };
  let running: Promise<UpdateStatus> | undefined;
  let updater: UpdaterApi | undefined;
  const set = (status: UpdateStatus): UpdateStatus => {
    current = status;
    deps.publish(status);
    return status;
  };

  const feedUrl = deps.feedUrl;
  return {
    feedConfigured: feedUrl !== undefined,
    status: () => current,
    check() {
      if (feedUrl === undefined) return Promise.resolve(set({ state: 'no-feed', message: NO_FEED_MESSAGE }));
      if (running) return running;
      running = (async () => {
        try {
          if (!updater) {
            updater = deps.updater();
            updater.setFeed(feedUrl);
            updater.onDownloaded((version) =>
              set({
                state: 'downloaded',
                version,
                message: `Parley ${version} is ready: it installs when you quit.`,
              }),
            );
          }
          set({ state: 'checking', message: 'Checking for updates…' });
          const found = await updater.check();
          return found
            ? set({
                state: 'available',
                version: found.version,
                message: `Parley ${found.version} is downloading…`,
              })
            : set({ state: 'up-to-date', message: 'Parley is up to date.' });
        } catch (error) {
          return set({
            state: 'error',
            message: `Update check failed: ${error instanceof Error ? error.message : String(error)}`,
          });
        } finally {
          running = undefined;
        }
      })();
      return running;
    },
  };
}
