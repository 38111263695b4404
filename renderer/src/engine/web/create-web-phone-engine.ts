/**
 * The phone engine for a browser or Electron renderer: WebRTC media through SIP.js's Web handler
 * (fast ICE release), a fresh `getUserMedia` stream per call (SIP.js stops local tracks when a
 * session ends), and the remote audio played by the `<audio>` element the UI gives us. The same
 * handler can be made before a call (`prepareCall()`, engine/calls/call-warmup.ts).
 */
import type { SessionDescriptionHandlerFactory, Web } from 'sip.js';
import type { Logger } from '../../../../common/logger.js';
import { silentLogger } from '../../../../common/logger.js';
import { createPhoneEngine } from '../create-phone-engine.js';
import type { PhoneEngine } from '../phone-engine-contract.js';
import type { Clock } from '../clock.js';
import type { IceServerConfig } from '../phone-engine-options.js';
import { browserNetworkSignals } from './browser-network-signals.js';
import { FastIceSessionDescriptionHandler } from './fast-ice-session-description-handler.js';
import { mixConference } from './conference-mixer.js';
import { canRecordCalls, recordWebCall } from './call-recorder.js';
import type { CallRecording } from '../calls/call-recording.js';
import { readWebCallStats } from './read-web-call-stats.js';

type Constructor = ConstructorParameters<typeof FastIceSessionDescriptionHandler>;

export interface WebPhoneEngineOptions {
  readonly sipUrl: string;
  readonly domain: string;
  readonly username: string;
  /** Account password or session token. */
  readonly password: string;
  readonly displayName?: string;
  /** From `GET /api/config`; empty on loopback/LAN. */
  readonly iceServers: readonly IceServerConfig[];
  /**
   * Plays the remote party. Must be in the document, not muted: Chromium decodes remote audio
   * only when an unmuted element plays it (FIELD-NOTES).
   */
  readonly remoteAudio: HTMLAudioElement;
  /** Microphone `deviceId`; the default device when absent. */
  readonly inputDeviceId?: string;
  /**
   * Asked at each call (and each microphone switch) for the microphone's `deviceId` constraint; wins
   * over `inputDeviceId`. Undefined = the OS default.
   */
  readonly microphoneConstraint?: () => ConstrainDOMString | undefined;
  /**
   * Echo cancellation, noise suppression and automatic gain control (default true).
   * Tests with Chromium's fake microphone turn them off (FIELD-NOTES).
   */
  readonly audioProcessing?: boolean;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Call waiting on or off, read at each incoming call (default on). */
  readonly callWaiting?: () => boolean;
  /** Auto-answer on or off, read at each incoming call (default off). */
  readonly autoAnswer?: () => boolean;
  readonly userAgentString?: string;
  /** How long a prepared call nobody placed keeps the microphone, ms (default 5000). */
  readonly callWarmupIdleMs?: number;
  /** Receives each finished call recording; without it calls cannot be recorded. */
  readonly onCallRecorded?: (recording: CallRecording) => void;
}

export function createWebPhoneEngine(options: WebPhoneEngineOptions): PhoneEngine {
  const logger = options.logger ?? silentLogger;
  const processing = options.audioProcessing ?? true;
  const audio = (): MediaTrackConstraints => {
    const deviceId =
      options.microphoneConstraint?.() ??
      (options.inputDeviceId ? { exact: options.inputDeviceId } : undefined);
    return {
      echoCancellation: processing,
      noiseSuppression: processing,
      autoGainControl: processing,
      ...(deviceId ? { deviceId } : {}),
    };
  };
  const open = (): Promise<MediaStream> =>
    navigator.mediaDevices.getUserMedia({ audio: audio(), video: false });
  // A fresh stream for every call: SIP.js stops the tracks when a session ends. A handler closed while
  // the microphone was opening (a prepared call released early) must not keep the new stream live.
  const mediaStreamFactory: Web.MediaStreamFactory = async (_constraints, handler) => {
    const stream = await open();
    if ((handler as Web.SessionDescriptionHandler).peerConnection === undefined) {
      for (const track of stream.getTracks()) track.stop();
      throw new Error('The call ended while the microphone was opening.');
    }
    return stream;
  };

  const makeHandler = (sipLogger: Constructor[0], factoryOptions: object | undefined) => {
    const config = (factoryOptions ?? {}) as Web.SessionDescriptionHandlerFactoryOptions;
    const handler = new FastIceSessionDescriptionHandler(sipLogger, mediaStreamFactory, {
      iceGatheringTimeout: config.iceGatheringTimeout ?? 1000,
      peerConnectionConfiguration: { ...config.peerConnectionConfiguration },
    });
    playRemote(handler, options.remoteAudio, logger);
    return handler;
  };
  const factory: SessionDescriptionHandlerFactory = (session, factoryOptions) =>
    makeHandler(session.userAgent.getLogger('sip.SessionDescriptionHandler'), factoryOptions);

  return createPhoneEngine({
    sipUrl: options.sipUrl,
    domain: options.domain,
    username: options.username,
    password: options.password,
    iceServers: options.iceServers,
    sessionDescriptionHandlerFactory: factory,
    readCallStats: readWebCallStats,
    mixConference: (handlers) =>
      mixConference(handlers as Web.SessionDescriptionHandler[], options.remoteAudio),
    acquireMicrophone: open,
    prepareSessionDescriptionHandler: makeHandler,
    ...(options.callWarmupIdleMs !== undefined ? { callWarmupIdleMs: options.callWarmupIdleMs } : {}),
    ...(options.onCallRecorded && canRecordCalls()
      ? {
          recordCall: (handler) => recordWebCall(handler as Web.SessionDescriptionHandler),
          onCallRecorded: options.onCallRecorded,
        }
      : {}),
    networkSignals: browserNetworkSignals(),
    logger,
    clock: options.clock ?? { now: () => Date.now() },
    ...(options.displayName ? { displayName: options.displayName } : {}),
    ...(options.callWaiting ? { callWaiting: options.callWaiting } : {}),
    ...(options.autoAnswer ? { autoAnswer: options.autoAnswer } : {}),
    ...(options.userAgentString ? { userAgentString: options.userAgentString } : {}),
  });
}

/** Attaches the call's remote stream to the element when its first track arrives, and plays it. */
function playRemote(
  handler: FastIceSessionDescriptionHandler,
  element: HTMLAudioElement,
  logger: Logger,
): void {
  const stream = handler.remoteMediaStream;
  stream.addEventListener('addtrack', () => {
    element.autoplay = true;
    if (element.srcObject !== stream) element.srcObject = stream;
    element.play().catch((error: unknown) => {
      logger.warn({ tnx: 'media', error: String(error) }, 'cannot play remote audio');
    });
  });
  const close = handler.close.bind(handler);
  handler.close = () => {
    // SIP.js stops the senders' tracks; a track not yet given to a sender is stopped here too.
    for (const track of handler.localMediaStream.getTracks()) track.stop();
    close();
    if (element.srcObject === stream) element.srcObject = null;
  };
}
