import type { Logger } from '../../../common/logger.js';
import type { PhoneEngine } from '../engine/phone-engine-contract.js';
import { createWebPhoneEngine } from '../engine/web/create-web-phone-engine.js';
import type { EngineFactoryOptions } from './app-store.js';
import { resolveSipUrl } from './sip-url.js';

/** Builds the WebRTC phone engine for the browser (and Electron's renderer) from the service's config. */
export function browserEngineFactory(
  remoteAudio: HTMLAudioElement,
  logger: Logger,
): (options: EngineFactoryOptions) => PhoneEngine {
  return ({ config, username, token, displayName }) =>
    createWebPhoneEngine({
      sipUrl: resolveSipUrl(config.sipUrl, window.location),
      domain: config.domain,
      username,
      password: token,
      displayName,
      iceServers: config.iceServers ?? [],
      remoteAudio,
      logger: logger.child({ area: 'engine' }),
    });
}
