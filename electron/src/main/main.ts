/**
 * The composition root of the desktop shell: the only file (with main-window.ts) that touches the
 * Electron API directly. Every module it wires takes the small part of Electron it needs as a parameter
 * and is unit-tested with fakes (tests/unit/electron/).
 */
import {
  app,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import type { AppUpdater } from 'electron-updater';
import path from 'node:path';
import {
  IPC_WIRE_PREFIX,
  ipcOk,
  type DialRequest,
  type IpcEventChannel,
  type IpcEventMap,
  type TrayIconState,
} from '../../../common/ipc-contract.js';
import { readDesktopConfig, type DesktopConfig } from './app-config.js';
import { createCredentialStore } from './credentials/credential-store.js';
import { createIpcDispatcher, registerIpcHandlers } from './ipc/ipc-router.js';
import { createVoicemailHandlers } from './ipc/voicemail-handlers.js';
import { createRecordingHandlers } from './ipc/recording-handlers.js';
import { createLinkInbox } from './links/link-inbox.js';
import * as voicemailMailbox from './mailbox/voicemail-mailbox.js';
import { LINK_SCHEMES, linksFromArgv, parseProtocolLink } from './links/protocol-links.js';
import { buildAppMenuTemplate } from './menu/app-menu.js';
import { createNotificationCenter } from './notifications/notification-center.js';
import {
  buildContentSecurityPolicy,
  installContentSecurityPolicy,
} from './security/content-security-policy.js';
import { installHidChooser, parseGrants } from './security/hid-chooser.js';
import { readJsonFile, writeJsonFile } from './settings/json-file.js';
import { decideWindowOpen } from './security/navigation-guard.js';
import { decidePermissionCheck, decidePermissionRequest, isOwnOrigin } from './security/permission-policy.js';
import { openSettingsStore } from './settings/settings-store.js';
import { createDesktopSettingsController } from './settings/desktop-settings-controller.js';
import { createShortcutManager } from './shortcuts/global-shortcuts.js';
import { watchResume } from './system/resume-watcher.js';
import { createTrayController } from './tray/tray-controller.js';
import { shellLocaleFor } from './i18n/shell-text.js';
import { createUpdateController, type UpdaterApi } from './update/update-controller.js';
import { createMainWindow } from './window/main-window.js';
import { claimSingleInstance } from './window/single-instance.js';

const ASSETS = path.join(__dirname, '..', 'assets');
const PRELOAD = path.join(__dirname, '..', 'preload', 'preload.cjs');

function fail(message: string): never {
  dialog.showErrorBox('Parley cannot start', message);
  app.exit(1);
  throw new Error(message);
}

let config: DesktopConfig;
try {
  config = readDesktopConfig(process.argv, process.env);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

app.setAppUserModelId('org.parley.desktop');
let quitting = false;
const earlyLinks: DialRequest[] = [];
let handleLink: (request: DialRequest) => void = (request) => earlyLinks.push(request);
let showWindow: () => void = () => undefined;

const isPrimary = claimSingleInstance(app, process.argv, (argv) => {
  showWindow();
  for (const request of linksFromArgv(argv, { defaultCountry: app.getLocaleCountryCode() }).accepted)
    handleLink(request);
});

if (isPrimary) {
  // macOS hands links over with an event, before and after `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const parsed = parseProtocolLink(url, { defaultCountry: app.getLocaleCountryCode() });
    if (parsed.ok) handleLink(parsed.request);
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start, (error: unknown) => fail(String(error)));
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const settings = createDesktopSettingsController({
    store: await openSettingsStore(path.join(userData, 'settings.json')),
    loginItem: {
      app,
      platform: process.platform,
      execPath: process.execPath,
      autostartDir: path.join(
        process.env.XDG_CONFIG_HOME || path.join(app.getPath('home'), '.config'),
        'autostart',
      ),
    },
    // `shortcuts` is created below, before any settings change can arrive over IPC.
    applyShortcuts: (next) => shortcuts.apply(next),
    onError: (what, error) => console.error(`[settings] could not apply ${what}:`, error),
  });
  const credentials = createCredentialStore(
    safeStorage,
    process.platform,
    path.join(userData, 'credentials.json'),
  );
  const origin = config.serviceOrigin;

  if (app.isPackaged) for (const scheme of LINK_SCHEMES) app.setAsDefaultProtocolClient(scheme);

  // ── session security: CSP, permissions, devices ──
  const ses = session.defaultSession;
  const csp = buildContentSecurityPolicy(origin, { extraConnectSources: config.extraConnectSources });
  installContentSecurityPolicy(ses.webRequest, origin, csp);
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(
      decidePermissionRequest({ permission, requestingUrl: details.requestingUrl, mediaTypes }, origin),
    );
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermissionCheck({ permission, requestingOrigin, mediaType: details.mediaType }, origin),
  );
  // Headsets (WebHID): main picks the telephony device itself and keeps the grant (hid-chooser.ts).
  const hidGrantsFile = path.join(userData, 'hid-grants.json');
  const hidGrants = parseGrants(await readJsonFile(hidGrantsFile));
  installHidChooser(ses, origin, {
    load: () => hidGrants,
    save: (grants) => void writeJsonFile(hidGrantsFile, grants).catch(() => undefined),
  });
  app.on('web-contents-created', (_event, contents) => {
    // Any other contents (there should be none) gets the same no-new-window rule.
    contents.setWindowOpenHandler(({ url }) => {
      if (decideWindowOpen(url, origin) === 'open-external') void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  // ── window ──
  const current = settings.get();
  const win = await createMainWindow({
    serviceUrl: config.serviceUrl,
    serviceOrigin: origin,
    preloadPath: PRELOAD,
    iconPath: path.join(ASSETS, 'icon-256.png'),
    boundsFile: path.join(userData, 'window-state.json'),
    show: !current.startMinimized,
    shouldHideOnClose: () => settings.shouldHideOnClose(quitting),
    onFocused: () => send('window:focused', {}),
    onPageLoading: () => links.rendererGone(),
  });
  function send<E extends IpcEventChannel>(channel: E, payload: IpcEventMap[E]): void {
    if (!win.isDestroyed()) win.webContents.send(IPC_WIRE_PREFIX + channel, payload);
  }
  showWindow = () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  // ── links ──
  const links = createLinkInbox((request) => send('links:dial', request));
  handleLink = (request) => {
    links.push(request);
    showWindow();
  };
  const fromArgv = linksFromArgv(process.argv, { defaultCountry: app.getLocaleCountryCode() });
  for (const request of [...earlyLinks, ...fromArgv.accepted]) links.push(request);

  // ── tray, notifications, menu ──
  // In the OS's language until the renderer says which one the user chose (`app:set-locale`).
  const shellLocale = shellLocaleFor(app.getLocale());
  const tray = new Tray(trayIcon('offline'));
  const trayController = createTrayController({
    tray,
    locale: shellLocale,
    buildMenu: (template) => Menu.buildFromTemplate(template),
    iconFor: trayIcon,
    setBadgeCount: (count) => app.setBadgeCount(count),
    onShow: () => showWindow(),
    onQuit: () => app.quit(),
    onDndChanged: (enabled) => {
      send('dnd:changed', { enabled });
      setMenu();
    },
  });
  tray.on('click', () => showWindow());
  const notifications = createNotificationCenter({
    create: (options) => new Notification(options),
    supportsActions: process.platform === 'darwin' || process.platform === 'win32',
    iconPath: path.join(ASSETS, 'icon-256.png'),
    locale: shellLocale,
    onCallAction: (callId, action) => {
      if (action !== 'decline') showWindow();
      send('notify:action', { callId, action });
    },
    onFocusRequest: () => showWindow(),
  });
  const updates = createUpdateController({
    feedUrl: config.updateFeedUrl,
    updater: createElectronUpdater,
    publish: (status) => send('update:status', status),
  });
  const setMenu = (): void => {
    const template = buildAppMenuTemplate({
      platform: process.platform,
      devTools: config.devTools || !app.isPackaged,
      dnd: trayController.getInputs().dnd,
      onToggleDnd: () => trayController.setDnd(!trayController.getInputs().dnd),
      onCheckForUpdates: () => {
        void updates.check().then((status) => dialog.showMessageBox(win, { message: status.message }));
      },
      onShowWindow: () => showWindow(),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  setMenu();

  // ── shortcuts, power ──
  const shortcuts = createShortcutManager(globalShortcut, (action) => send('shortcut:fired', { action }));
  shortcuts.apply(current.shortcuts);
  const resume = watchResume({
    power: powerMonitor,
    isOnline: () => net.isOnline(),
    onResume: (reason) => send('system:resumed', { reason }),
  });
  void settings.applyAtStart();

  // ── IPC ──
  const dispatch = createIpcDispatcher(
    {
      'app:get-info': () =>
        ipcOk({
          version: app.getVersion(),
          platform: ['darwin', 'win32', 'linux'].includes(process.platform)
            ? (process.platform as 'darwin' | 'win32' | 'linux')
            : 'other',
          notificationActions: process.platform === 'darwin' || process.platform === 'win32',
          updateFeedConfigured: updates.feedConfigured,
        }),
      'app:set-locale': (locale) => {
        trayController.setLocale(locale);
        notifications.setLocale(locale);
        return ipcOk(null);
      },
      'window:show': () => (showWindow(), ipcOk(null)),
      'tray:set-status': (status) => (trayController.setStatus(status), ipcOk(null)),
      'dnd:get': () => ipcOk(trayController.getInputs().dnd),
      'dnd:set': (enabled) => (trayController.setDnd(enabled), ipcOk(enabled)),
      'notify:incoming-call': (notice) => (notifications.incomingCall(notice), ipcOk(null)),
      'notify:clear-call': (callId) => (notifications.clearCall(callId), ipcOk(null)),
      'notify:missed-call': (notice) => (notifications.missedCall(notice), ipcOk(null)),
      'notify:message': (notice) => (notifications.message(notice), ipcOk(null)),
      'links:take-pending': () => ipcOk(links.take()),
      'links:open-external': async (url) => (await shell.openExternal(url), ipcOk(null)),
      'settings:get': () => ipcOk(settings.get()),
      'settings:set': async (patch) => ipcOk(await settings.update(patch)),
      'credentials:status': () => ipcOk(credentials.status()),
      'credentials:save': (request) => credentials.save(request),
      'credentials:load': (account) => credentials.load(account),
      'credentials:delete': (account) => credentials.remove(account),
      'update:check': async () => ipcOk(await updates.check()),
      ...createVoicemailHandlers({
        sourceFile: path.join(userData, 'voicemail-source.json'),
        pop3StoreDir: path.join(userData, 'voicemail-pop3'),
        credentials,
        mailbox: voicemailMailbox,
      }),
      ...createRecordingHandlers({
        folderFile: path.join(userData, 'recordings-folder.json'),
        chooseFolder: async () => {
          const picked = await dialog.showOpenDialog(win, {
            title: 'Folder for call recordings',
            properties: ['openDirectory', 'createDirectory'],
          });
          return picked.canceled ? undefined : picked.filePaths[0];
        },
      }),
    },
    {
      isTrustedSender: (url) => isOwnOrigin(url, origin),
      onError: (channel, error) => console.error(`[ipc] ${channel} failed:`, error),
    },
  );
  registerIpcHandlers(ipcMain, dispatch);

  app.on('will-quit', () => {
    shortcuts.dispose();
    resume.dispose();
    notifications.clearAll();
  });
  app.on('activate', () => showWindow());
  if (updates.feedConfigured) void updates.check();
}

function trayIcon(state: TrayIconState): string {
  return path.join(ASSETS, `tray-${state}.png`);
}

/** electron-updater, loaded only when a feed is configured. */
function createElectronUpdater(): UpdaterApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { autoUpdater } = require('electron-updater') as { autoUpdater: AppUpdater };
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  return {
    setFeed: (url) => autoUpdater.setFeedURL({ provider: 'generic', url }),
    check: async () => {
      const result = await autoUpdater.checkForUpdates();
      return result?.isUpdateAvailable ? { version: result.updateInfo.version } : null;
    },
    onDownloaded: (listener) => autoUpdater.on('update-downloaded', (info) => listener(info.version)),
  };
}
