import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { knownDisplayName } from './app/app-state.js';
import { createAppStore } from './app/app-store.js';
import { readClientSettings } from './app/client-settings.js';
import { createConsoleLogger, logLevelFrom } from './app/console-logger.js';
import { browserEngineFactory } from './app/create-browser-engine.js';
import { openEventSourceFeed } from './app/presence-feed.js';
import { connectDesktopShell } from './platform/connect-desktop-shell.js';
import { getDesktopBridge } from './platform/desktop-bridge.js';
import { connectDesktopLocale } from './platform/desktop-locale.js';
import { createDesktopVoicemailApi } from './platform/desktop-voicemail.js';
import { createDesktopSessionPersistence } from './platform/desktop-session-persistence.js';
import { createSessionPersistence } from './app/session-persistence.js';
import { deviceName } from './app/device-name.js';
import { createSharedEventSources } from './app/shared-event-source.js';
import { App } from './ui/app.js';
import { createLocaleStore, installLocaleStore } from './i18n/i18n.js';
import { I18nProvider } from './i18n/i18n-provider.js';
import { StoreProvider } from './ui/shared/store-context.js';
import { VoicemailProvider } from './ui/voicemail/voicemail-context.js';
import { CallHistoryProvider } from './ui/history/call-history-context.js';
import { createCallHistoryController } from './history/call-history-controller.js';
import { createVoicemailController } from './voicemail/voicemail-controller.js';
import { createDevicesHub, type DevicesHub } from './app/devices-hub.js';
import { createAudioDeviceManager } from './devices/audio/audio-device-manager.js';
import { createWebHidHeadset, type HidLike } from './devices/hid/webhid-headset.js';
import { DevicesProvider } from './ui/devices/devices-context.js';
import { createRecordingsController } from './recordings/recordings-controller.js';
import { createDesktopRecordingsApi } from './platform/desktop-recordings.js';
import { RecordingsProvider } from './ui/recordings/recordings-context.js';
import './ui/styles.css';

// The remote party's voice: a real, unmuted <audio autoplay> element that lives outside React so no
// re-render ever replaces it (Chromium decodes remote audio only when such an element plays it).
const remoteAudio = document.createElement('audio');
remoteAudio.id = 'remote-audio';
remoteAudio.autoplay = true;
document.body.append(remoteAudio);

let storage: Storage | undefined;
try {
  storage = window.localStorage;
} catch {
  storage = undefined; // storage blocked: sessions will not survive a reload
}
// The language (issue 16): the user's choice in Settings, else the browser's/OS's, else English.
const locales = createLocaleStore({ storage, preferred: navigator.languages });
installLocaleStore(locales);
const logger = createConsoleLogger(logLevelFrom(storage?.getItem('parley.logLevel')), { app: 'parley' });

// Audio devices and the headset's buttons (issue 12): chosen devices are remembered in localStorage.
const audioDevices = createAudioDeviceManager({
  mediaDevices: navigator.mediaDevices,
  storage,
  canChooseOutput: typeof HTMLMediaElement.prototype.setSinkId === 'function',
  logger: logger.child({ area: 'devices' }),
});
const headset = createWebHidHeadset({
  hid: (navigator as { hid?: HidLike }).hid,
  // `devices` is created below, before any headset can report a button press.
  onAction: (action) => devices.handleHeadsetAction(action),
  logger: logger.child({ area: 'headset' }),
});

// The desktop shell keeps the session token in the OS keychain; a browser keeps it in localStorage.
const bridge = getDesktopBridge();
if (bridge) connectDesktopLocale(bridge, locales);
let desktopNotice: string | undefined;
let persistence = createSessionPersistence(storage);
if (bridge) {
  const desktop = await createDesktopSessionPersistence(bridge, (message) => store.showNotice(message));
  persistence = desktop;
  desktopNotice = desktop.notice;
}

const store = createAppStore({
  persistence,
  createEngine: browserEngineFactory(remoteAudio, logger, readClientSettings(storage), {
    callWaiting: () => readClientSettings(storage).callWaiting,
    autoAnswer: () => readClientSettings(storage).autoAnswer,
    microphoneConstraint: () => audioDevices.microphoneConstraint(),
    deviceName: deviceName(navigator.userAgent, bridge !== undefined),
    // `recordings` is created below, before any call can be recorded.
    onCallRecorded: (recording) => void recordings.save(recording),
  }),
  openPresenceFeed: openEventSourceFeed,
  logger,
  // The desktop app announces chat with the OS's own notification (the shell clears and focuses it).
  notifyMessage: bridge
    ? (notice) =>
        void bridge.invoke('notify:message', {
          messageId: notice.id,
          from: notice.name,
          preview: notice.body,
        })
    : undefined,
  // In the desktop app, the shell (tray, notifications, sip:/tel: links, wake) follows each engine the
  // store creates (one per sign-in or reconnect). In a plain browser there is no bridge and nothing to do.
  onEngine: (engine) => {
    if (!bridge) return;
    const connection = connectDesktopShell(engine, bridge, {
      onNotice: (message) => store.showNotice(message),
      reRegister: () => store.reconnect(),
    });
    // The tray shows the chat's total unread count (issue 3).
    const pushUnread = (): void => connection.setUnreadMessages(store.chat.getSnapshot().totalUnread);
    const offUnread = store.chat.subscribe(pushUnread);
    return () => {
      offUnread();
      connection.dispose();
    };
  },
});

const devices: DevicesHub = createDevicesHub({ store, audio: audioDevices, headset, remoteAudio, logger });

// Voicemail and call history read one shared event stream (browsers allow six connections per host).
const openEvents = createSharedEventSources();

// Voicemail follows the signed-in user: the service's store, or (desktop) the mailbox chosen in settings.
const desktopBridge = getDesktopBridge();
const voicemail = createVoicemailController({
  app: store,
  openEvents,
  desktop: desktopBridge ? createDesktopVoicemailApi(desktopBridge) : undefined,
  onFocus: desktopBridge ? (listener) => desktopBridge.on('window:focused', listener) : undefined,
});

// Call recordings (issue 16): the administrator's policy, and the user's recordings in the service store.
const recordings = createRecordingsController({
  app: store,
  desktop: desktopBridge ? createDesktopRecordingsApi(desktopBridge) : undefined,
  nameOf: (peer) => knownDisplayName(store.getSnapshot(), peer.username),
});

// Call history (kept by the service, so it follows the user to every device).
const callHistory = createCallHistoryController({ app: store, openEvents });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nProvider store={locales}>
      <StoreProvider store={store}>
        <VoicemailProvider controller={voicemail}>
          <CallHistoryProvider store={callHistory.store}>
            <DevicesProvider hub={devices}>
              <RecordingsProvider controller={recordings}>
                <App />
              </RecordingsProvider>
            </DevicesProvider>
          </CallHistoryProvider>
        </VoicemailProvider>
      </StoreProvider>
    </I18nProvider>
  </StrictMode>,
);
void store.start();
void devices.start();
if (desktopNotice) store.showNotice(desktopNotice);
