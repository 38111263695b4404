/**
 * Composes the devices with the phone (issue 12), so neither knows the other:
 *
 *   app state (calls) ──► headset LEDs / ringer         headset buttons ──► answer / hang up / mute
 *   microphone changed (choice, unplug, new default) ──► engine.switchMicrophone() during a call
 *   speaker changed ──► remote <audio>.setSinkId (retried after AbortError)
 *
 * It also holds the Audio settings dialog's own state (open, the echo test's progress).
 */
import type { Logger } from '../../../common/logger.js';
import { silentLogger } from '../../../common/logger.js';
import type { AudioDeviceManager } from '../devices/audio/audio-device-manager.js';
import { setSinkWithRetry, type SinkElement } from '../devices/audio/set-sink.js';
import type { HeadsetAction, HeadsetCallState } from '../devices/hid/headset-machine.js';
import type { WebHidHeadset } from '../devices/hid/webhid-headset.js';
import type { AppStore } from './app-store.js';
import type { AppState } from './app-state.js';
import { runEchoTest, type EchoTestState } from './echo-test.js';

export interface DevicesUiState {
  readonly settingsOpen: boolean;
  readonly echo: EchoTestState;
}

export interface DevicesHub {
  readonly audio: AudioDeviceManager;
  readonly headset: WebHidHeadset;
  subscribe(listener: () => void): () => void;
  getSnapshot(): DevicesUiState;
  openSettings(): void;
  closeSettings(): void;
  /** What a headset button asks (the headset adapter's `onAction`). */
  handleHeadsetAction(action: HeadsetAction): void;
  /** Runs the echo test call ("Check my setup"). */
  startEchoTest(): Promise<void>;
  start(): Promise<void>;
  dispose(): void;
}

export interface DevicesHubDeps {
  readonly store: AppStore;
  readonly audio: AudioDeviceManager;
  readonly headset: WebHidHeadset;
  /** The element that plays the call's remote audio. */
  readonly remoteAudio: SinkElement;
  readonly logger?: Logger;
  /** How long the echo test lets you hear yourself (default 6 s). */
  readonly echoListenMs?: number;
}

/** The headset's view of the calls: the one live call, if any. */
export function headsetCallState(state: AppState): { call: HeadsetCallState; muted: boolean; id?: string } {
  const live = state.phone.calls.find((c) => c.state !== 'ended');
  if (!live) return { call: 'idle', muted: false };
  if (live.state === 'incoming') return { call: 'ringing', muted: false, id: live.id };
  return { call: 'active', muted: live.muted, id: live.id };
}

export function createDevicesHub(deps: DevicesHubDeps): DevicesHub {
  const { store, audio, headset } = deps;
  const logger = deps.logger ?? silentLogger;
  const listeners = new Set<() => void>();
  let ui: DevicesUiState = { settingsOpen: false, echo: { phase: 'idle' } };
  const set = (next: Partial<DevicesUiState>): void => {
    ui = { ...ui, ...next };
    for (const listener of [...listeners]) listener();
  };

  let micGeneration = audio.getSnapshot().microphone.generation;
  let speakerKey = '';
  const offs: (() => void)[] = [];

  const applySpeaker = (): void => {
    const key = `${audio.sinkId('speaker')}#${audio.getSnapshot().speaker.generation}`;
    if (key === speakerKey) return;
    speakerKey = key;
    void setSinkWithRetry(deps.remoteAudio, audio.sinkId('speaker'), async () => {
      await audio.refresh();
      return audio.sinkId('speaker');
    }).catch((error: unknown) =>
      logger.warn({ tnx: 'sink', error: String(error) }, 'cannot set the speaker'),
    );
  };

  const onAudio = (): void => {
    const snapshot = audio.getSnapshot();
    if (snapshot.microphone.generation !== micGeneration) {
      micGeneration = snapshot.microphone.generation;
      // During a call the new microphone replaces the old one at once (mute kept).
      if (headsetCallState(store.getSnapshot()).call === 'active') store.switchMicrophone();
    }
    applySpeaker();
  };

  const onState = (): void => {
    const { call, muted } = headsetCallState(store.getSnapshot());
    headset.setCall(call, muted);
  };

  const onHeadset = (action: HeadsetAction): void => {
    const { id } = headsetCallState(store.getSnapshot());
    if (!id) return;
    if (action.type === 'answer') void store.answer(id);
    else if (action.type === 'hangup') void store.hangup(id);
    else if (action.type === 'decline') void store.decline(id);
    else store.setMuted(id, action.muted);
  };

  return {
    audio,
    headset,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => ui,
    handleHeadsetAction: onHeadset,
    openSettings() {
      set({ settingsOpen: true });
      void audio.refresh();
    },
    closeSettings() {
      set({ settingsOpen: false });
    },
    async startEchoTest() {
      if (ui.echo.phase === 'calling' || ui.echo.phase === 'listening') return;
      const final = await runEchoTest({
        call: (target) => store.call(target),
        hangup: (id) => store.hangup(id),
        callById: (id) => store.getSnapshot().phone.calls.find((c) => c.id === id),
        subscribe: (listener) => store.subscribe(listener),
        onState: (echo) => set({ echo }),
        ...(deps.echoListenMs !== undefined ? { listenMs: deps.echoListenMs } : {}),
      });
      // The test call is not a call to remember on the main screen.
      for (const call of store.getSnapshot().phone.calls)
        if (call.state === 'ended' && call.peer.username === 'echo') store.dismiss(call.id);
      logger.info({ tnx: 'echo-test', phase: final.phase }, 'echo test finished');
    },
    async start() {
      offs.push(audio.subscribe(onAudio), store.subscribe(onState));
      await audio.start();
      applySpeaker();
      onState();
      await headset.start();
    },
    dispose() {
      for (const off of offs.splice(0)) off();
      audio.dispose();
      void headset.dispose();
      listeners.clear();
    },
  };
}
