import type { Logger } from '../../../common/logger.js';
import type { CallRecording } from '../engine/calls/call-recording.js';
import type { PhoneEngine } from '../engine/phone-engine-contract.js';
import { createWebPhoneEngine } from '../engine/web/create-web-phone-engine.js';
import type { EngineFactoryOptions } from './app-store.js';
import type { ClientSettings } from './client-settings.js';
import { DEFAULT_SETTINGS } from './client-settings.js';
import { resolveSipUrl } from './sip-url.js';

/** Builds the WebRTC phone engine for the browser (and Electron's renderer) from the service's config. */
export function browserEngineFactory(
  remoteAudio: HTMLAudioElement,
  logger: Logger,
  settings: ClientSettings = DEFAULT_SETTINGS,
  /** Switches read at each call: call waiting, auto-answer, and the microphone chosen in Audio settings. */
  live?: {
    readonly callWaiting?: () => boolean;
    readonly autoAnswer?: () => boolean;
    readonly microphoneConstraint?: () => ConstrainDOMString | undefined;
    /** How this device names itself to the service (app/device-name.ts), e.g. for the call history. */
    readonly deviceName?: string;
    /** Keeps each finished call recording (issue 16); without it calls cannot be recorded. */
    readonly onCallRecorded?: (recording: CallRecording) => void;
  },
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
      ...(live?.deviceName ? { userAgentString: live.deviceName } : {}),
      audioProcessing: settings.audioProcessing,
      ...(live?.callWaiting ? { callWaiting: live.callWaiting } : {}),
      ...(live?.autoAnswer ? { autoAnswer: live.autoAnswer } : {}),
      ...(live?.microphoneConstraint ? { microphoneConstraint: live.microphoneConstraint } : {}),
      ...(live?.onCallRecorded ? { onCallRecorded: live.onCallRecorded } : {}),
      logger: logger.child({ area: 'engine' }),
    });
}
