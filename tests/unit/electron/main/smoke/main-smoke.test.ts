/**
 * Runs the real bundled main process (esbuild output of electron/src/main/main.ts) in plain Node with a
 * recording fake of the `electron` module: the composition root is exercised end to end (window options,
 * CSP, permissions, IPC validation, tray, notifications, links, close-to-tray) without an Electron binary.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_INVOKE_CHANNELS } from '../../../../../common/ipc-contract.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../../..');
let dir: string;
let report: Record<string, unknown>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-main-smoke-'));
  const mainPath = path.join(dir, 'main', 'main.cjs');
  await build({
    entryPoints: [path.join(root, 'electron/src/main/main.ts')],
    outfile: mainPath,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron', 'electron-updater'],
    logLevel: 'silent',
  });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(here, 'run-main-with-fake-electron.cjs'),
      mainPath,
      '--url',
      'http://127.0.0.1:9999',
      'sip:bob@example.org',
    ],
    {
      env: {
        ...process.env,
        FAKE_USER_DATA: path.join(dir, 'user-data'),
        FAKE_CHANNEL_COUNT: String(IPC_INVOKE_CHANNELS.length),
      },
      timeout: 20_000,
    },
  );
  report = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('main process composition (bundled main.cjs against a fake electron)', () => {
  it('opens one secure window on the service URL and registers every IPC channel', () => {
    expect(report.error).toBeUndefined();
    expect(report.windowCount).toBe(1);
    expect(report.handlerCount).toBe(IPC_INVOKE_CHANNELS.length);
    expect(report.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: 'preload.cjs',
    });
    expect(report.loaded).toEqual(['http://127.0.0.1:9999/']);
  });

  it('keeps the first-launch link until the page takes it; hands later ones over at once', () => {
    expect(report.pendingLinks).toEqual({
      ok: true,
      value: [{ scheme: 'sip', target: 'sip:bob@example.org' }],
    });
    expect(report.sentAfterSecondInstance).toEqual([
      ['parley:links:dial', { scheme: 'tel', target: '+12015550123' }],
    ]);
  });

  it('answers only its own origin and validates input', () => {
    expect(report.evil).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(report.badArg).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('drives the tray, the badge and notifications', () => {
    expect(report.trayImage).toBe('tray-offline.png');
    expect(report.traySet).toEqual({ ok: true, value: null });
    expect(report.trayAfter).toEqual({
      image: 'tray-registered.png',
      tooltip: 'Parley — Online · 2 missed calls',
      badge: 2,
    });
    expect(report.notification).toEqual({ title: 'Incoming call from Bob', shown: true });
    expect(report.notificationClosed).toBe(true);
  });

  it('reports no update feed, keychain status, and stores credentials', () => {
    expect(report.update).toMatchObject({ ok: true, value: { state: 'no-feed' } });
    expect(report.info).toMatchObject({ ok: true, value: { updateFeedConfigured: false, version: '0.1.0' } });
    expect(report.credentialStatus).toEqual({
      ok: true,
      value: { available: true, backend: 'gnome_libsecret', plainTextOnly: false },
    });
    expect(report.saved).toEqual({ ok: true, value: null });
    expect(report.loadedSecret).toEqual({ ok: true, value: 'pw' });
  });

  it('grants only the microphone to our origin, applies the CSP, guards navigation', () => {
    expect(report.permissions).toEqual({ micOwn: true, camOwn: false, micEvil: false, geoOwn: false });
    expect(report.csp).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(report.navigationBlocked).toBe(true);
    expect(report.openedExternally).toEqual(['https://example.org/']);
    expect(report.windowOpen).toEqual({ action: 'deny' });
  });

  it('closing hides to the tray, quitting really closes; shortcuts registered', () => {
    expect(report.closeHidesToTray).toBe(true);
    expect(report.quitClosesWindow).toBe(true);
    expect(report.shortcuts).toEqual(['CommandOrControl+Alt+A', 'CommandOrControl+Alt+H']);
  });
});
