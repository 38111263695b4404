/**
 * Recording a call (issue 16 item 4). The engine asks the platform to record (`recordCall`: the browser
 * mixes both voices with Web Audio and plays a short tone to the other party, web/call-recorder.ts),
 * tells the other side in a re-INVITE whose offer says `a=record:on` (RFC 7866 §6.1; see
 * recording-indication.ts for why), and hands the finished recording to `onCallRecorded`.
 *
 * Rules:
 * - Only an active call records; only one recorder per call.
 * - Once a call has said "on" or "off", every later description of ours (offers and answers: hold,
 *   ICE restart, theirs) says the same; it is written in by the SDP tap (calls/sdp-tap.ts `rewriteLocal`).
 * - The other side's recording state follows their offers; an offer without `a=record` means off.
 * - A call that ends while recording finishes its recording (nothing is lost).
 * - A refused re-INVITE does not stop the recording (the tone was heard); it is logged.
 */
import type { Session, SessionDescriptionHandler, SessionDescriptionHandlerModifier } from 'sip.js';
import type { Logger } from '../../../../common/logger.js';
import type { CallPeer } from '../phone-engine-contract.js';
import type { Clock } from '../clock.js';
import { requestHold } from './call-hold.js';
import { recordStateOf, withRecordState, type RecordState } from './recording-indication.js';
import type { SdpKind } from './sdp-tap.js';

/** What the platform recorded: the bytes and their container (`audio/ogg` or `audio/webm`). */
export interface RecordedAudio {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
}

/** A recorder the platform started on one call's media. */
export interface CallRecorder {
  /** Stops recording; resolves with the audio. */
  stop(): Promise<RecordedAudio>;
}

/** Starts recording a call's media (both voices), after a tone to the other party. */
export type CallRecorderFactory = (handler: SessionDescriptionHandler) => CallRecorder;

/** A finished recording, for the app to keep (service store or a folder). */
export interface CallRecording {
  readonly callId: string;
  readonly sipCallId?: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly peer: CallPeer;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly audio: RecordedAudio;
}

/** The call fields this feature reads and writes (a `CallEntry` of the engine). */
export interface RecordableCall {
  readonly id: string;
  sipCallId?: string;
  readonly direction: 'outgoing' | 'incoming';
  peer: CallPeer;
  state: string;
  held: boolean;
  session?: Session;
  /** We are recording this call. */
  recording?: boolean;
  /** The other party said it records (RFC 7866 `a=record:on`). */
  remoteRecording?: boolean;
  recorder?: { readonly recorder: CallRecorder; readonly startedAt: number };
  /** What our offers say since recording was first used on this call. */
  recordIndication?: RecordState;
}

export interface CallRecordingOptions {
  readonly record?: CallRecorderFactory;
  readonly onRecorded?: (recording: CallRecording) => void;
  readonly handlerOptions: Readonly<Record<string, unknown>>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly changed: () => void;
}

export function createCallRecording(options: CallRecordingOptions) {
  const { logger, clock } = options;

  /** Our description as sent: with the call's recording indication once it has one. */
  function describe(call: RecordableCall, sdp: string): string {
    return call.recordIndication ? withRecordState(sdp, call.recordIndication) : sdp;
  }

  /** Stops the call's recorder (if any) and hands the recording over. */
  function finish(call: RecordableCall): void {
    const running = call.recorder;
    if (!running) return;
    call.recorder = undefined;
    call.recording = false;
    void running.recorder
      .stop()
      .then((audio) => {
        logger.info({ tnx: 'record', call: call.id, bytes: audio.bytes.length }, 'recording finished');
        options.onRecorded?.({
          callId: call.id,
          ...(call.sipCallId !== undefined ? { sipCallId: call.sipCallId } : {}),
          direction: call.direction,
          peer: call.peer,
          startedAt: running.startedAt,
          endedAt: clock.now(),
          audio,
        });
      })
      .catch((error: unknown) => {
        logger.warn({ tnx: 'record', call: call.id, error: String(error) }, 'recording lost');
      });
  }

  async function set(
    call: RecordableCall & { session: Session },
    on: boolean,
    base: SessionDescriptionHandlerModifier[],
  ) {
    if (on === (call.recording === true)) return;
    if (on) {
      if (!options.record) throw new Error('This device cannot record calls.');
      const handler = call.session.sessionDescriptionHandler;
      if (!handler) throw new Error('The call has no media to record yet.');
      call.recorder = { recorder: options.record(handler), startedAt: clock.now() };
      call.recording = true;
    } else {
      finish(call);
    }
    call.recordIndication = on ? 'on' : 'off';
    options.changed();
    logger.info({ tnx: 'record', call: call.id, on }, on ? 'recording started' : 'recording stopped');
    // RFC 7866 §6.1: tell the other side in a new offer (a re-INVITE keeping the hold state).
    const outcome = await requestHold({
      session: call.session,
      hold: call.held,
      handlerOptions: options.handlerOptions,
      modifiers: base,
      ownsCallId: call.direction === 'outgoing',
    });
    if (!outcome.ok) {
      logger.warn({ tnx: 'record', call: call.id, reason: outcome.reason }, 'recording indication refused');
    }
  }

  /** Follows the other side's `a=record` (their offers; an answer only when it says so). Returns whether it changed. */
  function noteRemote(call: RecordableCall, sdp: string, kind: SdpKind): boolean {
    const state = recordStateOf(sdp);
    if (kind === 'answer' && state === undefined) return false;
    const remoteRecording = state === 'on';
    if (remoteRecording === (call.remoteRecording === true)) return false;
    call.remoteRecording = remoteRecording;
    return true;
  }

  return { set, finish, describe, noteRemote };
}
