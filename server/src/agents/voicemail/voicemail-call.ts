/**
 * One voicemail call, media side, independent of SIP signalling:
 *
 * ```
 *  connected ──▶ greeting ──(ends, or any key)──▶ beep ──▶ recording ──▶ done
 *      │             │                              │          │ stops on: hang-up, `#`, 2 s silence after
 *      └─────────────┴──── hang-up before the beep ─┘          │ speech, maximum length
 *                          → nothing is recorded               ▼
 *                                                   Recording (Ogg Opus) | undefined (< 1 s)
 * ```
 * The SIP layer (voicemail-agent.ts) feeds it hang-up and SIP INFO DTMF and sends BYE when it ends by
 * itself. Media is any handler with this small surface (the werift SessionDescriptionHandler has it).
 */
import { parseTelephoneEvent } from './dtmf.js';
import {
  VoicemailRecorder,
  type Recording,
  type StopReason,
  type VoicemailRecorderOptions,
} from './voicemail-recorder.js';

export interface VoicemailRtp {
  readonly payload: Buffer;
  readonly payloadType: number;
  readonly timestamp: number;
  readonly receivedAt: number;
}

/** What the call needs from media (structurally what `WeriftSessionDescriptionHandler` offers). */
export interface VoicemailMedia {
  whenConnected(): Promise<void>;
  sendOpusFrames(
    frames: readonly Buffer[],
    options?: { readonly loop?: boolean; readonly frameMs?: number },
  ): Promise<void>;
  stopSending(): void;
  onRtp(listener: (rtp: VoicemailRtp) => void): () => void;
}

export interface VoicemailPrompts {
  /** 20 ms Opus packets. */
  readonly greeting: readonly Buffer[];
  /** Duration of each greeting packet when not 20 ms (e.g. 60 ms from a browser's MediaRecorder). */
  readonly greetingFrameMs?: number;
  readonly beep: readonly Buffer[];
}

export interface VoicemailCallOptions {
  readonly media: VoicemailMedia;
  readonly prompts: VoicemailPrompts;
  readonly recorder?: VoicemailRecorderOptions;
  /** RTP payload types carrying RFC 4733 telephone-events, from the negotiated SDP. */
  readonly telephoneEventPayloadTypes?: readonly number[];
  /** How often the stop conditions are checked (default 50 ms). */
  readonly tickMs?: number;
  readonly now?: () => number;
  /** Progress for logs and tests. */
  readonly onPhase?: (phase: 'greeting' | 'beep' | 'recording' | 'done') => void;
}

export interface VoicemailCall {
  /** The caller hung up (BYE/CANCEL). */
  hangup(): void;
  /** A key from SIP INFO (RFC 4733 events arrive over media by themselves). */
  dtmf(key: string): void;
  /** The recording, or undefined if nothing worth sending was left. Never rejects. */
  readonly result: Promise<{
    recording: Recording | undefined;
    reason: StopReason;
    startedAt: number | undefined;
  }>;
}

export function runVoicemailCall(options: VoicemailCallOptions): VoicemailCall {
  const { media, prompts } = options;
  const now = options.now ?? Date.now;
  const eventTypes = new Set(options.telephoneEventPayloadTypes ?? []);
  let recorder: VoicemailRecorder | undefined;
  let recordingStartedAt: number | undefined;
  let stop: ((reason: StopReason) => void) | undefined;
  const stopped = new Promise<StopReason>((resolve) => (stop = resolve));
  let stopReason: StopReason | undefined;
  let skipGreeting: (() => void) | undefined;
  let lastEventTimestamp: number | undefined;

  const end = (reason: StopReason): void => {
    if (stopReason) return;
    stopReason = reason;
    media.stopSending();
    stop?.(reason);
  };

  const onKey = (key: string): void => {
    if (!recorder)
      skipGreeting?.(); // any key skips the greeting
    else if (key === '#') end('dtmf');
  };

  const unsubscribe = media.onRtp((rtp) => {
    if (eventTypes.has(rtp.payloadType)) {
      const event = parseTelephoneEvent(rtp.payload);
      // One key press is many packets with the same RTP timestamp (RFC 4733 §2.5.1.2): act once.
      if (event && rtp.timestamp !== lastEventTimestamp) {
        lastEventTimestamp = rtp.timestamp;
        onKey(event.key);
      }
      return;
    }
    recorder?.push(rtp.payload, rtp.timestamp, rtp.receivedAt);
  });

  const run = async (): Promise<StopReason> => {
    const connected = await Promise.race([
      media.whenConnected().then(() => true),
      stopped.then(() => false),
    ]).catch(() => false);
    if (!connected || stopReason) return stopReason ?? 'hangup';
    options.onPhase?.('greeting');
    const skipped = new Promise<void>((resolve) => (skipGreeting = resolve));
    const frameMs = prompts.greetingFrameMs;
    await Promise.race([
      media.sendOpusFrames(prompts.greeting, frameMs ? { frameMs } : undefined),
      skipped,
      stopped,
    ]);
    if (stopReason) return stopReason;
    options.onPhase?.('beep');
    await Promise.race([media.sendOpusFrames(prompts.beep), stopped]);
    if (stopReason) return stopReason;
    recordingStartedAt = now();
    recorder = new VoicemailRecorder(recordingStartedAt, options.recorder);
    options.onPhase?.('recording');
    const active = recorder;
    const timer = setInterval(() => {
      const reason = active.shouldStop(now());
      if (reason) end(reason);
    }, options.tickMs ?? 50);
    const reason = await stopped;
    clearInterval(timer);
    return reason;
  };

  const result = run()
    .catch((): StopReason => 'hangup')
    .then((reason) => {
      const endedAt = now();
      unsubscribe();
      options.onPhase?.('done');
      const recording = recorder?.finish(endedAt, reason);
      return { recording, reason, startedAt: recordingStartedAt };
    });

  return {
    hangup: () => end('hangup'),
    dtmf: onKey,
    result,
  };
}
