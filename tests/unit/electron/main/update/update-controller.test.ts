import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../../../common/ipc-contract.js';
import {
  createUpdateController,
  NO_FEED_MESSAGE,
  type UpdaterApi,
} from '../../../../../electron/src/main/update/update-controller.js';

describe('update controller', () => {
  it('without a feed: never loads the updater and says no feed is configured', async () => {
    const published: UpdateStatus[] = [];
    const controller = createUpdateController({
      feedUrl: undefined,
      updater: () => {
        throw new Error('must not load electron-updater');
      },
      publish: (s) => published.push(s),
    });
    expect(controller.feedConfigured).toBe(false);
    expect(await controller.check()).toEqual({ state: 'no-feed', message: NO_FEED_MESSAGE });
    expect(NO_FEED_MESSAGE).toMatch(/No update feed configured/);
    expect(published).toHaveLength(1);
  });

  it('with a feed: configures once, reports available / up to date / downloaded / errors', async () => {
    const feeds: string[] = [];
    let next: { version: string } | null | Error = { version: '1.2.3' };
    let downloaded: ((v: string) => void) | undefined;
    const updater: UpdaterApi = {
      setFeed: (url) => feeds.push(url),
      check: async () => {
        if (next instanceof Error) throw next;
        return next;
      },
      onDownloaded: (l) => (downloaded = l),
    };
    const published: string[] = [];
    const controller = createUpdateController({
      feedUrl: 'https://updates.example.org/parley/',
      updater: () => updater,
      publish: (s) => published.push(s.state),
    });
    expect(await controller.check()).toMatchObject({ state: 'available', version: '1.2.3' });
    next = null;
    expect(await controller.check()).toMatchObject({ state: 'up-to-date' });
    next = new Error('offline');
    expect(await controller.check()).toMatchObject({
      state: 'error',
      message: 'Update check failed: offline',
    });
    downloaded!('1.2.3');
    expect(controller.status()).toMatchObject({ state: 'downloaded', version: '1.2.3' });
    expect(feeds).toEqual(['https://updates.example.org/parley/']);
    expect(published).toEqual([
      'checking',
      'available',
      'checking',
      'up-to-date',
      'checking',
      'error',
      'downloaded',
    ]);
  });
});
