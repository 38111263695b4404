/**
 * Plays voicemails through one `<audio>` element: the recording is fetched with the session token (or
 * over IPC from the mailbox), turned into a `blob:` URL (CSP `media-src 'self' blob:`), and played.
 * The first time a voicemail actually starts playing it is marked heard. Progress is read every frame
 * while playing, so the waveform moves smoothly. Call recordings (issue 16) play through the same
 * player: it needs only `loadAudio`/`markHeard` and an item's id, length and peaks.
 */
import { t } from '../../i18n/i18n.js';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { peaksOfBlob } from '../../voicemail/audio-peaks.js';
import type { VoicemailItem } from '../../voicemail/voicemail-source.js';
import type { VoicemailStore } from '../../voicemail/voicemail-store.js';

/** What the player needs of a list item (a voicemail, a call recording). */
export type PlayableItem = Pick<VoicemailItem, 'id' | 'durationMs' | 'peaks'>;
/** What the player needs of a list's store. */
export type PlayableStore = Pick<VoicemailStore, 'loadAudio' | 'markHeard'>;

export type PlayerStatus = 'idle' | 'loading' | 'playing' | 'paused' | 'error';

export interface PlayerState {
  readonly id?: string;
  readonly status: PlayerStatus;
  /** Seconds. */
  readonly position: number;
  /** Seconds (from the element when known, else the voicemail's length). */
  readonly duration: number;
  readonly error?: string;
}

export interface VoicemailPlayer {
  readonly state: PlayerState;
  readonly audioRef: RefObject<HTMLAudioElement | null>;
  /** Plays this voicemail (from where it was), or pauses it when it is playing. */
  toggle(item: PlayableItem): void;
  seek(item: PlayableItem, seconds: number): void;
  /** Stops and forgets the current voicemail (e.g. it was deleted). */
  stop(): void;
  /** Peaks measured from downloaded audio, for voicemails that came without (mailbox). */
  readonly measuredPeaks: Readonly<Record<string, readonly number[]>>;
}

const IDLE: PlayerState = { status: 'idle', position: 0, duration: 0 };

export function useVoicemailPlayer(store: PlayableStore): VoicemailPlayer {
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const [state, setState] = useState<PlayerState>(IDLE);
  const [measuredPeaks, setMeasuredPeaks] = useState<Readonly<Record<string, readonly number[]>>>({});
  const current = useRef<{ id: string; url: string; durationMs: number } | undefined>(undefined);
  const request = useRef(0);
  const frame = useRef<number | undefined>(undefined);

  const durationOf = useCallback((audio: HTMLAudioElement, fallbackMs: number): number => {
    return Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : fallbackMs / 1000;
  }, []);

  const release = useCallback(() => {
    const audio = audioRef.current;
    if (audio) {
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
    }
    if (current.current) URL.revokeObjectURL(current.current.url);
    current.current = undefined;
  }, []);

  /** Loads the voicemail into the element unless it is there already. */
  const load = useCallback(
    async (item: PlayableItem): Promise<HTMLAudioElement | undefined> => {
      const audio = audioRef.current;
      if (!audio) return undefined;
      if (current.current?.id === item.id) return audio;
      const ticket = ++request.current;
      release();
      setState({ id: item.id, status: 'loading', position: 0, duration: item.durationMs / 1000 });
      try {
        const { data } = await store.loadAudio(item.id);
        if (ticket !== request.current) return undefined;
        const url = URL.createObjectURL(data);
        current.current = { id: item.id, url, durationMs: item.durationMs };
        audio.src = url;
        if (item.peaks.length === 0) {
          void peaksOfBlob(data).then((peaks) => {
            if (peaks.length > 0) setMeasuredPeaks((all) => ({ ...all, [item.id]: peaks }));
          });
        }
        return audio;
      } catch (error) {
        if (ticket !== request.current) return undefined;
        setState({
          id: item.id,
          status: 'error',
          position: 0,
          duration: item.durationMs / 1000,
          error: error instanceof Error ? error.message : t('player.loadFailed'),
        });
        return undefined;
      }
    },
    [release, store],
  );

  // Element events drive the state; a frame loop moves the progress while playing.
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    const read = (status?: PlayerStatus): void => {
      const playing = current.current;
      if (!playing) return;
      setState((prev) => ({
        id: playing.id,
        status: status ?? prev.status,
        position: audio.currentTime,
        duration: durationOf(audio, playing.durationMs),
      }));
    };
    const tick = (): void => {
      read();
      frame.current = requestAnimationFrame(tick);
    };
    const onPlaying = (): void => {
      read('playing');
      if (current.current) void store.markHeard(current.current.id, true);
      if (frame.current === undefined) frame.current = requestAnimationFrame(tick);
    };
    const halt = (status: PlayerStatus) => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
      frame.current = undefined;
      read(status);
    };
    const onPause = halt('paused');
    const onEnded = (): void => {
      halt('paused')();
      audio.currentTime = 0;
      read('paused');
    };
    const onError = (): void => {
      halt('error')();
      const playing = current.current;
      if (playing) setState((prev) => ({ ...prev, status: 'error', error: t('player.cannotPlay') }));
    };
    const onLoaded = (): void => read();
    audio.addEventListener('playing', onPlaying);
    audio.addEventListener('pause', onPause);
    audio.addEventListener('ended', onEnded);
    audio.addEventListener('error', onError);
    audio.addEventListener('loadedmetadata', onLoaded);
    audio.addEventListener('seeked', onLoaded);
    return () => {
      audio.removeEventListener('playing', onPlaying);
      audio.removeEventListener('pause', onPause);
      audio.removeEventListener('ended', onEnded);
      audio.removeEventListener('error', onError);
      audio.removeEventListener('loadedmetadata', onLoaded);
      audio.removeEventListener('seeked', onLoaded);
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
      frame.current = undefined;
    };
  }, [durationOf, store]);

  // Leaving the view stops playback and frees the blob URL.
  useEffect(() => () => release(), [release]);

  const toggle = useCallback(
    (item: PlayableItem) => {
      const audio = audioRef.current;
      if (audio && current.current?.id === item.id && !audio.paused) {
        audio.pause();
        return;
      }
      void load(item).then((loaded) => {
        if (!loaded) return;
        loaded.play().catch((error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') return; // replaced by another
          setState((prev) => ({ ...prev, status: 'error', error: t('player.cannotPlay') }));
        });
      });
    },
    [load],
  );

  const seek = useCallback(
    (item: PlayableItem, seconds: number) => {
      void load(item).then((loaded) => {
        if (!loaded) return;
        loaded.currentTime = Math.max(0, seconds);
        setState((prev) => ({
          ...prev,
          id: item.id,
          status: prev.status === 'loading' ? 'paused' : prev.status,
          position: Math.max(0, seconds),
        }));
      });
    },
    [load],
  );

  const stop = useCallback(() => {
    request.current++;
    release();
    setState(IDLE);
  }, [release]);

  return { state, audioRef, toggle, seek, stop, measuredPeaks };
}
