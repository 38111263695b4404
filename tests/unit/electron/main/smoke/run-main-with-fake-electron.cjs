// Runs the bundled main process against fake-electron.cjs, drives it like Electron and a page would,
// and prints one JSON report line. Usage: node run-main-with-fake-electron.cjs MAIN_CJS [argv…]
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS harness around a CommonJS bundle */
const Module = require('node:module');
const path = require('node:path');
const fake = require('./fake-electron.cjs');

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'electron') return fake;
  if (request === 'electron-updater') throw new Error('electron-updater must not load without a feed');
  return originalLoad.call(this, request, parent, isMain);
};

const [mainPath, ...args] = process.argv.slice(2);
process.argv = [process.execPath, mainPath, ...args];
const log = fake.__log;
const OWN = { senderFrame: { url: 'http://127.0.0.1:9999/index.html' } };
const EVIL = { senderFrame: { url: 'https://evil.example/' } };
const invoke = (channel, event, ...a) => log.handlers.get(`parley:${channel}`)(event, ...a);
const permission = (permission, url, mediaTypes) =>
  new Promise((resolve) =>
    fake.__session.permissionRequest({}, permission, resolve, { requestingUrl: url, mediaTypes }),
  );

async function report() {
  const win = log.windows[0];
  const tray = log.trays[0];
  const out = {
    handlerCount: log.handlers.size,
    windowCount: log.windows.length,
    webPreferences: {
      ...win.options.webPreferences,
      preload: path.basename(win.options.webPreferences.preload),
    },
    loaded: win.webContents.loaded,
    trayImage: path.basename(tray.image),
    trayTooltip: tray.tooltip,
    shortcuts: log.shortcuts,
    menuCount: log.menus.length,
  };
  out.pendingLinks = await invoke('links:take-pending', OWN);
  out.evil = await invoke('dnd:set', EVIL, true);
  out.badArg = await invoke('tray:set-status', OWN, { registration: 'hacked' });
  out.traySet = await invoke('tray:set-status', OWN, {
    registration: 'registered',
    missedCalls: 2,
    unreadMessages: 0,
  });
  out.trayAfter = { image: path.basename(tray.image), tooltip: tray.tooltip, badge: log.badge };
  out.info = await invoke('app:get-info', OWN);
  out.update = await invoke('update:check', OWN);
  out.credentialStatus = await invoke('credentials:status', OWN);
  out.saved = await invoke('credentials:save', OWN, { account: 'alice@x.org', secret: 'pw' });
  out.loadedSecret = await invoke('credentials:load', OWN, 'alice@x.org');

  fake.app.emit('second-instance', {}, ['/opt/parley', 'tel:+1 201'], '/', {
    argv: ['/opt/parley', 'tel:+12015550123'],
  });
  out.sentAfterSecondInstance = log.sent.filter(([c]) => c === 'parley:links:dial');

  await invoke('notify:incoming-call', OWN, { callId: 'call-1', from: 'Bob' });
  const n = log.notifications[0];
  out.notification = { title: n.options.title, shown: n.shown };
  await invoke('notify:clear-call', OWN, 'call-1');
  out.notificationClosed = n.closed;

  out.permissions = {
    micOwn: await permission('media', 'http://127.0.0.1:9999/', ['audio']),
    camOwn: await permission('media', 'http://127.0.0.1:9999/', ['video']),
    micEvil: await permission('media', 'https://evil.example/', ['audio']),
    geoOwn: await permission('geolocation', 'http://127.0.0.1:9999/'),
  };
  fake.__session.onHeadersReceived(
    { url: 'http://127.0.0.1:9999/', responseHeaders: {} },
    (r) => (out.csp = r.responseHeaders['Content-Security-Policy'][0]),
  );

  let prevented = false;
  win.emit('close', { preventDefault: () => (prevented = true) });
  out.closeHidesToTray = prevented && win.visible === false;
  let navPrevented = false;
  win.webContents.emit(
    'will-navigate',
    { preventDefault: () => (navPrevented = true) },
    'https://example.org/',
  );
  out.navigationBlocked = navPrevented;
  out.openedExternally = log.opened;
  out.windowOpen = win.webContents.windowOpenHandler({ url: 'http://127.0.0.1:9999/popup' });
  fake.app.emit('before-quit');
  prevented = false;
  win.emit('close', { preventDefault: () => (prevented = true) });
  out.quitClosesWindow = !prevented;
  out.error = log.error;

  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

// main.ts registers its IPC handlers last (after window, tray, menu): report once they are all there.
const originalHandle = fake.ipcMain.handle;
let registered = 0;
fake.ipcMain.handle = (channel, listener) => {
  originalHandle(channel, listener);
  if (++registered === Number(process.env.FAKE_CHANNEL_COUNT))
    setImmediate(() =>
      report().catch((e) => {
        process.stderr.write(String(e && e.stack) + '\n');
        process.exit(2);
      }),
    );
};
require(path.resolve(mainPath));
