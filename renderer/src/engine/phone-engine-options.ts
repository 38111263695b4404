/**
 * What the platform code (web client, Electron renderer, Node tests, agents) gives the engine.
 * Everything environment-specific comes in here; the engine itself touches no global but
 * what SIP.js's WebSocket transport needs (`globalThis.WebSocket`).
 * This file may name SIP.js types: only platform code builds these options.
 */
import type { CallRecorderFactory, CallRecording } from './calls/call-recording.js';
import type { ConferenceMixer } from './calls/conference.js';
import type {
  SessionDescriptionHandler,
  SessionDescriptionHandlerFactory,
  UserAgent,
  UserAgentOptions,
} from 'sip.js';
import type { Logger } from '../../../common/logger.js';
import type { Clock } from './clock.js';
import type { CallStatsReader } from './call-quality-monitor.js';
import type { NetworkSignals } from './network-watch.js';

/** The shape of `RTCIceServer` without depending on the DOM types. */
export interface IceServerConfig {
  readonly urls: string | readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

export type { Clock } from './clock.js';

export interface PhoneEngineOptions {
  /** WebSocket URL of the SIP service, e.g. `ws://127.0.0.1:8080/sip` (RFC 7118). */
  readonly sipUrl: string;
  /** SIP domain (and digest realm), e.g. `localhost`. */
  readonly domain: string;
  readonly username: string;
  /** Account password or a session token: the service accepts both as digest password. */
  readonly password: string;
  readonly displayName?: string;
  /**
   * ICE servers, always explicit: empty on loopback/LAN so a call starts at once
   * (SIP.js would otherwise use Google's STUN and wait up to 5 s; FIELD-NOTES).
   */
  readonly iceServers: readonly IceServerConfig[];
  /** Media: SIP.js's Web handler (browser) or werift (Node). Receives `{ peerConnectionConfiguration: { iceServers }, iceGatheringTimeout }`. */
  readonly sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly userAgentString?: string;
  /** Media constraints for each call (default `{ audio: true, video: false }`). */
  readonly mediaConstraints?: { readonly audio: unknown; readonly video: unknown };
  /** Ask for 10 ms Opus packets (default true; see `sdp-low-latency.ts`). */
  readonly lowLatencyAudio?: boolean;
  /** Upper bound on waiting for ICE candidates before an offer/answer is sent, ms (default 1000). */
  readonly iceGatheringTimeoutMs?: number;
  /** Requested registration lifetime in seconds (default 300; SIP.js refreshes before expiry). */
  readonly registerExpiresSec?: number;
  /** Reconnect backoff after the WebSocket drops: first delay and cap in ms (default 500 / 30000). */
  readonly reconnectDelayMs?: { readonly initial: number; readonly max: number };
  /** How many ended calls the snapshot keeps so the UI can say why they ended (default 3). */
  readonly keepEndedCalls?: number;
  /**
   * Call waiting (issue 13): whether a second call may ring while one is active (default on). Read at
   * each incoming INVITE, so a setting change applies to the next call. Off: 486 Busy Here as before.
   */
  readonly callWaiting?: () => boolean;
  /** Mixes a three-way call's audio (the browser's Web Audio mixer); without it `merge()` refuses. */
  readonly mixConference?: ConferenceMixer;
  /** Auto-answer (intercom use, off by default): a call that rings while no other is live is answered at once. */
  readonly autoAnswer?: () => boolean;
  /**
   * Reads a call's media statistics for the call-quality estimate (`CallSnapshot.quality`); the
   * browser's reader uses `RTCPeerConnection.getStats()`. Without it calls carry no quality.
   */
  readonly readCallStats?: CallStatsReader;
  /** Period of the call-quality readings, ms (default 2000). */
  readonly callQualityIntervalMs?: number;
  /**
   * A fresh microphone stream (a `MediaStream`) for `switchMicrophone()`; the browser platform opens the
   * device chosen now. Without it `switchMicrophone()` does nothing.
   */
  readonly acquireMicrophone?: () => Promise<object>;
  /**
   * The platform's network events (browser: `online`/`offline`, `navigator.connection` changes): calls
   * reconnect at once and restart ICE (network-watch.ts). Without them, only transport loss and ICE
   * state trigger a recovery.
   */
  readonly networkSignals?: NetworkSignals;
  /**
   * Makes a media handler before any call exists, for `prepareCall()` (calls/call-warmup.ts): the same
   * handler the factory would make, given SIP.js's logger and the factory options. Without it
   * `prepareCall()` does nothing.
   */
  readonly prepareSessionDescriptionHandler?: (
    logger: ReturnType<UserAgent['getLogger']>,
    factoryOptions: object,
  ) => SessionDescriptionHandler;
  /** How long a prepared call nobody placed keeps its microphone and connection, ms (default 5000). */
  readonly callWarmupIdleMs?: number;
  /**
   * Records a call's two voices after a short tone to the other party (browser: Web Audio + MediaRecorder,
   * web/call-recorder.ts). Without it `setRecording()` refuses.
   */
  readonly recordCall?: CallRecorderFactory;
  /** Receives each finished recording (the app keeps it: service store or a folder). */
  readonly onCallRecorded?: (recording: CallRecording) => void;
  /** Test seam: a SIP.js transport class (default: SIP.js's WebSocket transport). */
  readonly transportConstructor?: UserAgentOptions['transportConstructor'];
}
