/**
 * Records a voicemail greeting with the microphone. MediaRecorder writes Ogg Opus where the browser
 * can (Firefox); Chromium and Electron record only WebM Opus, which is remuxed to Ogg Opus here without
 * transcoding (renderer/src/voicemail/webm-opus-to-ogg.ts), because the service takes Ogg Opus.
 */
import { t } from '../../i18n/i18n.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { webmOpusToOgg } from '../../voicemail/webm-opus-to-ogg.js';

/** Longest greeting (the recorder stops by itself). */
export const GREETING_MAX_MS = 30_000;
/** Shorter recordings are refused ("Say a little more"). */
export const GREETING_MIN_MS = 1_000;

export type GreetingRecorderState =
  | { readonly status: 'idle' }
  | { readonly status: 'starting' }
  | { readonly status: 'recording'; readonly startedAt: number }
  | { readonly status: 'recorded'; readonly ogg: Blob; readonly url: string; readonly durationMs: number }
  | { readonly status: 'error'; readonly error: string };

/** The container MediaRecorder should write: Ogg Opus when supported, else WebM Opus (then remuxed). */
export function pickRecordingType(isTypeSupported: (type: string) => boolean): string | undefined {
  return ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus'].find((type) => isTypeSupported(type));
}

export function useGreetingRecorder() {
  const [state, setState] = useState<GreetingRecorderState>({ status: 'idle' });
  const recorder = useRef<MediaRecorder | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const url = useRef<string | undefined>(undefined);

  const forgetUrl = (): void => {
    if (url.current) URL.revokeObjectURL(url.current);
    url.current = undefined;
  };

  const stop = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = undefined;
    if (recorder.current?.state === 'recording') recorder.current.stop();
  }, []);

  const start = useCallback(async () => {
    forgetUrl();
    const type =
      typeof MediaRecorder === 'undefined'
        ? undefined
        : pickRecordingType((t) => MediaRecorder.isTypeSupported(t));
    if (!type) {
      setState({ status: 'error', error: t('greeting.noOpus') });
      return;
    }
    setState({ status: 'starting' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setState({ status: 'error', error: t('greeting.noMic') });
      return;
    }
    const chunks: Blob[] = [];
    const rec = new MediaRecorder(stream, { mimeType: type, audioBitsPerSecond: 32_000 });
    recorder.current = rec;
    const startedAt = Date.now();
    rec.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    rec.onstop = () => {
      for (const track of stream.getTracks()) track.stop();
      const recorded = new Blob(chunks, { type });
      void (async () => {
        try {
          let ogg: Blob;
          let durationMs = Date.now() - startedAt;
          if (type.startsWith('audio/ogg')) ogg = recorded;
          else {
            const result = webmOpusToOgg(new Uint8Array(await recorded.arrayBuffer()));
            ogg = new Blob([result.ogg.slice().buffer], { type: 'audio/ogg' });
            durationMs = result.durationMs;
          }
          if (durationMs < GREETING_MIN_MS) {
            setState({ status: 'error', error: t('greeting.tooShort') });
            return;
          }
          forgetUrl();
          url.current = URL.createObjectURL(ogg);
          setState({ status: 'recorded', ogg, url: url.current, durationMs });
        } catch {
          setState({ status: 'error', error: t('greeting.convertFailed') });
        }
      })();
    };
    rec.start(250);
    setState({ status: 'recording', startedAt });
    timer.current = setTimeout(stop, GREETING_MAX_MS);
  }, [stop]);

  const discard = useCallback(() => {
    stop();
    forgetUrl();
    setState({ status: 'idle' });
  }, [stop]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      if (recorder.current?.state === 'recording') recorder.current.stop();
      forgetUrl();
    },
    [],
  );

  return { state, start, stop, discard };
}
