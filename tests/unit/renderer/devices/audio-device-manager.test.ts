/**
 * The audio device manager with a fake `navigator.mediaDevices`: choices remembered per device (by id,
 * then by label), "Default" following the OS, a plugged-in headset offered, an unplugged one replaced
 * by the default with a sentence, and setSinkId retried after AbortError.
 */
import { describe, expect, it } from 'vitest';
import {
  createAudioDeviceManager,
  type MediaDevicesLike,
} from '../../../../renderer/src/devices/audio/audio-device-manager.js';
import {
  AUDIO_DEVICES_STORAGE_KEY,
  type AudioDeviceInfo,
} from '../../../../renderer/src/devices/audio/device-preferences.js';
import { setSinkWithRetry } from '../../../../renderer/src/devices/audio/set-sink.js';

class FakeMediaDevices implements MediaDevicesLike {
  devices: AudioDeviceInfo[] = [];
  private readonly listeners = new Set<() => void>();
  enumerateDevices(): Promise<AudioDeviceInfo[]> {
    return Promise.resolve(this.devices.map((d) => ({ ...d })));
  }
  addEventListener(_type: 'devicechange', listener: () => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'devicechange', listener: () => void): void {
    this.listeners.delete(listener);
  }
  /** Changes the list and fires `devicechange`; resolves when the manager has read it. */
  async set(devices: AudioDeviceInfo[], manager: { subscribe(l: () => void): () => void }): Promise<void> {
    this.devices = devices;
    const read = new Promise<void>((resolve) => {
      const off = manager.subscribe(() => {
        off();
        resolve();
      });
    });
    for (const listener of this.listeners) listener();
    await read;
  }
}

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

const dev = (kind: 'audioinput' | 'audiooutput', deviceId: string, label: string, groupId = deviceId) => ({
  kind,
  deviceId,
  label,
  groupId,
});

const laptop = [
  dev('audioinput', 'default', 'Default - Built-in Microphone', 'g-laptop'),
  dev('audioinput', 'mic-laptop', 'Built-in Microphone', 'g-laptop'),
  dev('audiooutput', 'default', 'Default - Built-in Speakers', 'g-laptop'),
  dev('audiooutput', 'spk-laptop', 'Built-in Speakers', 'g-laptop'),
];
const headset = [
  dev('audioinput', 'mic-headset', 'Jabra Evolve2 40', 'g-headset'),
  dev('audiooutput', 'spk-headset', 'Jabra Evolve2 40', 'g-headset'),
];

function manager(media: FakeMediaDevices, storage = new MemoryStorage()) {
  return createAudioDeviceManager({ mediaDevices: media, storage, canChooseOutput: true });
}

describe('audio device manager', () => {
  it('lists real devices only, starts on "Default" (no constraint, default sink)', async () => {
    const media = new FakeMediaDevices();
    media.devices = [...laptop, ...headset];
    const m = manager(media);
    await m.start();
    const s = m.getSnapshot();
    expect(s.inputs.map((d) => d.deviceId)).toEqual(['mic-laptop', 'mic-headset']);
    expect(s.outputs.map((d) => d.deviceId)).toEqual(['spk-laptop', 'spk-headset']);
    expect(s.microphone.selected).toBe('default');
    expect(m.microphoneConstraint()).toBeUndefined();
    expect(m.sinkId('speaker')).toBe('');
  });

  it('remembers a choice across restarts, and finds it by label when the deviceId changed', async () => {
    const media = new FakeMediaDevices();
    media.devices = [...laptop, ...headset];
    const storage = new MemoryStorage();
    const first = manager(media, storage);
    await first.start();
    first.choose('microphone', 'mic-headset');
    first.choose('ringer', 'spk-laptop');
    expect(first.microphoneConstraint()).toEqual({ exact: 'mic-headset' });
    expect(JSON.parse(storage.getItem(AUDIO_DEVICES_STORAGE_KEY) ?? '{}')).toEqual({
      microphone: { deviceId: 'mic-headset', label: 'Jabra Evolve2 40' },
      ringer: { deviceId: 'spk-laptop', label: 'Built-in Speakers' },
    });

    // A restart where the browser hands out new deviceIds: the label still finds the headset.
    media.devices = [...laptop, dev('audioinput', 'new-id', 'Jabra Evolve2 40', 'g2')];
    const second = manager(media, storage);
    await second.start();
    expect(second.getSnapshot().microphone.selected).toBe('new-id');
    expect(second.microphoneConstraint()).toEqual({ exact: 'new-id' });
    expect(second.sinkId('ringer')).toBe('spk-laptop');
    expect(second.sinkId('speaker')).toBe('');
  });

  it('a headset plugged in is offered; accepting uses its microphone and speaker', async () => {
    const media = new FakeMediaDevices();
    media.devices = laptop;
    const m = manager(media);
    await m.start();
    await media.set([...laptop, ...headset], m);
    expect(m.getSnapshot().offer).toEqual({
      label: 'Jabra Evolve2 40',
      groupId: 'g-headset',
      inputId: 'mic-headset',
      outputId: 'spk-headset',
    });
    const micBefore = m.getSnapshot().microphone.generation;
    m.acceptOffer();
    const s = m.getSnapshot();
    expect(s.offer).toBeUndefined();
    expect(s.microphone.selected).toBe('mic-headset');
    expect(s.speaker.selected).toBe('spk-headset');
    expect(s.microphone.generation).toBe(micBefore + 1);
  });

  it('the chosen headset unplugged: falls back to the default at once and says so', async () => {
    const media = new FakeMediaDevices();
    media.devices = [...laptop, ...headset];
    const storage = new MemoryStorage();
    const m = manager(media, storage);
    await m.start();
    m.choose('microphone', 'mic-headset');
    m.choose('speaker', 'spk-headset');
    const before = m.getSnapshot().microphone.generation;
    await media.set(laptop, m);
    const s = m.getSnapshot();
    expect(s.notice).toBe('Jabra Evolve2 40 was unplugged. Parley now uses your default device.');
    expect(s.microphone.generation).toBe(before + 1);
    expect(m.microphoneConstraint()).toBeUndefined();
    expect(m.sinkId('speaker')).toBe('');
    // The choice is kept: plugged back in, the headset is used again without asking.
    await media.set([...laptop, ...headset], m);
    expect(m.microphoneConstraint()).toEqual({ exact: 'mic-headset' });
    expect(m.getSnapshot().offer).toBeUndefined();
  });

  it('"Default" follows the OS: a new OS default is a new microphone generation', async () => {
    const media = new FakeMediaDevices();
    media.devices = [...laptop, ...headset];
    const m = manager(media);
    await m.start();
    const before = m.getSnapshot().microphone.generation;
    await media.set(
      [
        dev('audioinput', 'default', 'Default - Jabra Evolve2 40', 'g-headset'),
        ...laptop.slice(1),
        ...headset,
      ],
      m,
    );
    expect(m.getSnapshot().microphone.generation).toBe(before + 1);
    expect(m.microphoneConstraint()).toBeUndefined();
  });
});

describe('setSinkWithRetry', () => {
  it('retries once with a fresh answer after AbortError', async () => {
    const calls: string[] = [];
    const element = {
      setSinkId(id: string) {
        calls.push(id);
        if (id === 'gone') return Promise.reject(Object.assign(new Error('gone'), { name: 'AbortError' }));
        return Promise.resolve();
      },
    };
    expect(await setSinkWithRetry(element, 'gone', () => Promise.resolve(''))).toBe('');
    expect(calls).toEqual(['gone', '']);
  });

  it('other errors are not swallowed', async () => {
    const element = {
      setSinkId: () => Promise.reject(Object.assign(new Error('no'), { name: 'SecurityError' })),
    };
    await expect(setSinkWithRetry(element, 'x', () => Promise.resolve(''))).rejects.toThrow('no');
  });
});
