// A recording stand-in for the `electron` module, so the bundled main process (electron/out/main/main.cjs)
// can run in plain Node where no Electron binary exists. Loaded by run-main-with-fake-electron.cjs.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS harness around a CommonJS bundle */
const { EventEmitter } = require('node:events');

const log = {
  windows: [],
  trays: [],
  notifications: [],
  sent: [],
  handlers: new Map(),
  menus: [],
  shortcuts: [],
  opened: [],
};
const session = {
  listeners: new EventEmitter(),
  onHeadersReceived: undefined,
  permissionRequest: undefined,
  permissionCheck: undefined,
  devicePermission: undefined,
};

class FakeApp extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
  }
  setAppUserModelId() {}
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath() {
    return process.env.FAKE_USER_DATA;
  }
  getLocaleCountryCode() {
    return 'US';
  }
  getLocale() {
    return 'en-US';
  }
  getVersion() {
    return '0.1.0';
  }
  setAsDefaultProtocolClient() {
    return true;
  }
  setBadgeCount(n) {
    log.badge = n;
    return true;
  }
  setLoginItemSettings() {}
  quit() {
    log.quit = true;
  }
  exit(code) {
    log.exitCode = code;
  }
}
const app = new FakeApp();

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.loaded = [];
  }
  setWindowOpenHandler(h) {
    this.windowOpenHandler = h;
  }
  loadURL(url) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  send(channel, payload) {
    log.sent.push([channel, payload]);
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.visible = options.show;
    log.windows.push(this);
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  restore() {}
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  getNormalBounds() {
    return { x: 0, y: 0, width: 420, height: 720 };
  }
}

class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    log.trays.push(this);
  }
  setImage(image) {
    this.image = image;
  }
  setToolTip(t) {
    this.tooltip = t;
  }
  setContextMenu(m) {
    this.menu = m;
  }
}

class Notification extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.closed = false;
    log.notifications.push(this);
  }
  show() {
    this.shown = true;
  }
  close() {
    this.closed = true;
    this.emit('close');
  }
}

module.exports = {
  __log: log,
  __session: session,
  app,
  BrowserWindow,
  Tray,
  Notification,
  dialog: {
    showErrorBox: (t, m) => (log.error = `${t}: ${m}`),
    showMessageBox: async () => ({ response: 0 }),
  },
  globalShortcut: { register: (a) => (log.shortcuts.push(a), true), unregister: () => undefined },
  ipcMain: { handle: (c, l) => log.handlers.set(c, l), removeHandler: (c) => log.handlers.delete(c) },
  Menu: { buildFromTemplate: (t) => ({ template: t }), setApplicationMenu: (m) => log.menus.push(m) },
  net: { isOnline: () => true },
  powerMonitor: new EventEmitter(),
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(s).reverse(),
    decryptString: (b) => Buffer.from(b).reverse().toString(),
    getSelectedStorageBackend: () => 'gnome_libsecret',
  },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: { openExternal: async (url) => log.opened.push(url) },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (l) => (session.onHeadersReceived = l) },
      setPermissionRequestHandler: (h) => (session.permissionRequest = h),
      setPermissionCheckHandler: (h) => (session.permissionCheck = h),
      setDevicePermissionHandler: (h) => (session.devicePermission = h),
      on: (event, l) => session.listeners.on(event, l),
    },
  },
};
