/**
 * Records a call in the browser (issue 16 item 4): our microphone and the other party's voice are mixed
 * with Web Audio into one mono track that `MediaRecorder` encodes as Opus. Chromium writes only WebM
 * (`audio/ogg;codecs=opus` is not supported there); the app remuxes it to Ogg Opus without transcoding
 * (voicemail/webm-opus-to-ogg.ts).
 *
 * When recording starts the other party hears a short double tone: for half a second our sending track
 * is replaced (`RTCRtpSender.replaceTrack`, no re-INVITE) by a mix of the microphone and a 1400 Hz
 * beep, then the microphone track is put back. A muted microphone stays silent in that mix.
 *
 *   mic ───────┬──────────────────────────► record mix ──► MediaRecorder (Opus)
 *              └─(unless muted)─► send mix ──► sender (0.5 s)
 *   beep ──────────────────────┘     remote ──► record mix
 *
 * Remote audio is decoded only while an unmuted `<audio>` element plays it (FIELD-NOTES): the page's
 * element does, so the Web Audio source gets samples.
 */
import type { Web } from 'sip.js';
import type { CallRecorder, RecordedAudio } from '../calls/call-recording.js';

/** Frequency and shape of the "this call is recorded" tone. */
export const RECORDING_TONE_HZ = 1400;
const BEEPS: readonly [start: number, end: number][] = [
  [0, 0.15],
  [0.3, 0.45],
];

/** The container to record: Ogg Opus where supported, else WebM Opus (Chromium), else none. */
export function recordingMimeType(isTypeSupported: (type: string) => boolean): string | undefined {
  return ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus'].find((type) => isTypeSupported(type));
}

/** Whether this browser can record calls at all. */
export function canRecordCalls(): boolean {
  return (
    typeof MediaRecorder !== 'undefined' &&
    typeof AudioContext !== 'undefined' &&
    recordingMimeType((t) => MediaRecorder.isTypeSupported(t)) !== undefined
  );
}

function audioSender(handler: Web.SessionDescriptionHandler): RTCRtpSender | undefined {
  return handler.peerConnection?.getSenders().find((sender) => sender.track?.kind === 'audio');
}

/** Plays the recording tone to the other party by swapping the sending track for half a second. */
function playTone(context: AudioContext, sender: RTCRtpSender | undefined, mic: MediaStreamTrack | null) {
  if (!sender) return;
  const send = context.createMediaStreamDestination();
  if (mic && mic.enabled) context.createMediaStreamSource(new MediaStream([mic])).connect(send);
  const tone = context.createOscillator();
  tone.frequency.value = RECORDING_TONE_HZ;
  const gain = context.createGain();
  gain.gain.value = 0;
  const t0 = context.currentTime + 0.05;
  for (const [start, end] of BEEPS) {
    gain.gain.setValueAtTime(0.3, t0 + start);
    gain.gain.setValueAtTime(0, t0 + end);
  }
  tone.connect(gain).connect(send);
  const [track] = send.stream.getAudioTracks();
  if (!track) return;
  const original = sender.track;
  void sender.replaceTrack(track).then(
    () => {
      tone.start(t0);
      tone.stop(t0 + BEEPS[BEEPS.length - 1]![1] + 0.05);
      tone.onended = () => {
        // Put the microphone back, unless something else (a conference mix) replaced the track meanwhile.
        if (sender.track === track) void sender.replaceTrack(original).catch(() => undefined);
        track.stop();
      };
    },
    () => track.stop(),
  );
}

export function recordWebCall(handler: Web.SessionDescriptionHandler): CallRecorder {
  const mimeType = recordingMimeType((t) => MediaRecorder.isTypeSupported(t));
  if (!mimeType) throw new Error('This browser cannot record Opus audio.');
  const context = new AudioContext();
  void context.resume().catch(() => undefined);
  const mix = context.createMediaStreamDestination();
  mix.channelCount = 1;
  const sender = audioSender(handler);
  const mic = sender?.track ?? null;
  if (mic) context.createMediaStreamSource(new MediaStream([mic])).connect(mix);
  const remote = handler.remoteMediaStream;
  if (remote.getAudioTracks().length > 0) context.createMediaStreamSource(remote).connect(mix);
  playTone(context, sender, mic);

  const chunks: Blob[] = [];
  const recorder = new MediaRecorder(mix.stream, { mimeType, audioBitsPerSecond: 32_000 });
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  };
  const stopped = new Promise<void>((resolve) => {
    recorder.onstop = () => resolve();
  });
  recorder.start(1000);

  return {
    async stop(): Promise<RecordedAudio> {
      if (recorder.state !== 'inactive') recorder.stop();
      await stopped;
      void context.close().catch(() => undefined);
      const blob = new Blob(chunks, { type: mimeType });
      return { bytes: new Uint8Array(await blob.arrayBuffer()), mimeType: mimeType.split(';')[0]! };
    },
  };
}
