/**
 * The devices hub between the store and the devices (fake store, fake headset, real device manager on a
 * fake `mediaDevices`), and the echo test's result and advice.
 */
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../../renderer/src/app/app-state.js';
import { initialAppState } from '../../../../renderer/src/app/app-state.js';
import type { AppStore } from '../../../../renderer/src/app/app-store.js';
import { createDevicesHub, headsetCallState } from '../../../../renderer/src/app/devices-hub.js';
import { echoTestResult } from '../../../../renderer/src/app/echo-test.js';
import { createAudioDeviceManager } from '../../../../renderer/src/devices/audio/audio-device-manager.js';
import type { AudioDeviceInfo } from '../../../../renderer/src/devices/audio/device-preferences.js';
import type { WebHidHeadset } from '../../../../renderer/src/devices/hid/webhid-headset.js';
import type { CallSnapshot } from '../../../../renderer/src/engine/phone-engine-contract.js';

const call = (state: CallSnapshot['state'], muted = false): CallSnapshot => ({
  id: 'call-1',
  direction: 'incoming',
  peer: { uri: 'sip:bob@localhost', username: 'bob' },
  state,
  muted,
  held: false,
  holdPending: false,
  remoteHeld: false,
  createdAt: 0,
});

function withCall(c: CallSnapshot | undefined): AppState {
  return { ...initialAppState(), phone: { registration: { state: 'registered' }, calls: c ? [c] : [] } };
}

function setup() {
  let state = withCall(undefined);
  const listeners = new Set<() => void>();
  const did: string[] = [];
  const store = {
    getSnapshot: () => state,
    subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    answer: (id: string) => (did.push(`answer ${id}`), Promise.resolve()),
    hangup: (id: string) => (did.push(`hangup ${id}`), Promise.resolve()),
    decline: (id: string) => (did.push(`decline ${id}`), Promise.resolve()),
    setMuted: (id: string, m: boolean) => void did.push(`mute ${id} ${m}`),
    switchMicrophone: () => void did.push('switch microphone'),
  } as unknown as AppStore;
  const setState = (next: AppState): void => {
    state = next;
    for (const l of [...listeners]) l();
  };
  const leds: string[] = [];
  const headset = {
    setCall: (c: string, muted: boolean) => void leds.push(`${c}${muted ? ' muted' : ''}`),
    start: () => Promise.resolve(),
    dispose: () => Promise.resolve(),
    subscribe: () => () => undefined,
    getStatus: () => ({ state: 'none' }),
    connect: () => Promise.resolve(),
  } as unknown as WebHidHeadset;
  let devices: AudioDeviceInfo[] = [
    { kind: 'audioinput', deviceId: 'mic-1', label: 'Mic 1', groupId: 'g1' },
    { kind: 'audioinput', deviceId: 'mic-2', label: 'Mic 2', groupId: 'g2' },
    { kind: 'audiooutput', deviceId: 'spk-2', label: 'Speaker 2', groupId: 'g2' },
  ];
  const audio = createAudioDeviceManager({
    mediaDevices: {
      enumerateDevices: () => Promise.resolve(devices),
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    },
    canChooseOutput: true,
  });
  const sinks: string[] = [];
  const remoteAudio = { setSinkId: (id: string) => (sinks.push(id), Promise.resolve()) };
  const hub = createDevicesHub({ store, audio, headset, remoteAudio });
  return { hub, audio, did, leds, sinks, setState, setDevices: (d: AudioDeviceInfo[]) => (devices = d) };
}

describe('devices hub', () => {
  it('the headset follows the calls: ringing, then active and muted, then idle', async () => {
    const { hub, leds, setState } = setup();
    await hub.start();
    setState(withCall(call('incoming')));
    setState(withCall(call('active', true)));
    setState(withCall(call('ended')));
    expect(leds).toEqual(['idle', 'ringing', 'active muted', 'idle']);
  });

  it('headset buttons act on the live call', async () => {
    const { hub, did, setState } = setup();
    await hub.start();
    hub.handleHeadsetAction({ type: 'answer' }); // no call: nothing
    setState(withCall(call('incoming')));
    hub.handleHeadsetAction({ type: 'answer' });
    setState(withCall(call('active')));
    hub.handleHeadsetAction({ type: 'mute', muted: true });
    hub.handleHeadsetAction({ type: 'hangup' });
    expect(did).toEqual(['answer call-1', 'mute call-1 true', 'hangup call-1']);
  });

  it('a new microphone is switched into a live call only; the speaker choice sets the sink', async () => {
    const { hub, audio, did, sinks, setState } = setup();
    await hub.start();
    audio.choose('microphone', 'mic-1'); // no call: nothing to switch
    expect(did).toEqual([]);
    setState(withCall(call('active')));
    audio.choose('microphone', 'mic-2');
    expect(did).toEqual(['switch microphone']);
    audio.choose('speaker', 'spk-2');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sinks).toEqual(['', 'spk-2']);
  });

  it('headsetCallState: an outgoing call being set up counts as off-hook', () => {
    expect(headsetCallState(withCall({ ...call('dialing'), direction: 'outgoing' }))).toEqual({
      call: 'active',
      muted: false,
      id: 'call-1',
    });
  });
});

describe('echo test result', () => {
  it('a good call: the numbers of the last reading, no advice', () => {
    const result = echoTestResult([
      { level: 'good', mos: 4.4, audioLevelOut: 0.2 },
      {
        level: 'good',
        mos: 4.41,
        rttMs: 4,
        jitterMs: 1.5,
        lossPercent: 0,
        audioLevelIn: 0.1,
        audioLevelOut: 0.3,
      },
    ]);
    expect(result).toEqual({
      rttMs: 4,
      jitterMs: 1.5,
      lossPercent: 0,
      mos: 4.41,
      level: 'good',
      micLevel: 0.3,
      echoLevel: 0.1,
      advice: [],
    });
  });

  it('a silent microphone and a slow, lossy network get advice', () => {
    const result = echoTestResult([
      {
        level: 'poor',
        mos: 2.1,
        rttMs: 420,
        jitterMs: 45,
        lossPercent: 8,
        audioLevelIn: 0,
        audioLevelOut: 0,
      },
    ]);
    expect(result.advice).toEqual([
      'No sound from your microphone — is it muted on the headset, or is another microphone chosen?',
      'The connection is slow (long round trip). Calls may feel delayed: try a wired network.',
      'Some audio is lost on the way. Move closer to the Wi-Fi access point or use a cable.',
      'The network is uneven (jitter). Pause big downloads or video while you call.',
    ]);
    expect(result.level).toBe('poor');
  });
});
