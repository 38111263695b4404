import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from './app/app-store.js';
import { readClientSettings } from './app/client-settings.js';
import { createConsoleLogger, logLevelFrom } from './app/console-logger.js';
import { browserEngineFactory } from './app/create-browser-engine.js';
import { openEventSourceFeed } from './app/presence-feed.js';
import { createSessionPersistence } from './app/session-persistence.js';
import { App } from './ui/app.js';
import { StoreProvider } from './ui/shared/store-context.js';
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
const logger = createConsoleLogger(logLevelFrom(storage?.getItem('parley.logLevel')), { app: 'parley' });

const store = createAppStore({
  persistence: createSessionPersistence(storage),
  createEngine: browserEngineFactory(remoteAudio, logger, readClientSettings(storage)),
  openPresenceFeed: openEventSourceFeed,
  logger,
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
void store.start();
