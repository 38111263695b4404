import { describe, expect, it } from 'vitest';
import { peaksOf } from '../../../../renderer/src/voicemail/audio-peaks.js';

describe('peaks of decoded audio', () => {
  it('takes the loudest absolute sample of each slice', () => {
    const samples = new Float32Array([0.1, -0.5, 0.2, 0.05, -0.9, 0.3, 0, 0]);
    const audio = { length: samples.length, getChannelData: () => samples };
    expect(peaksOf(audio, 4)).toEqual([0.5, 0.2, 0.9, 0]);
    expect(peaksOf(audio, 64)).toHaveLength(64);
    expect(peaksOf({ length: 0, getChannelData: () => new Float32Array() })).toEqual([]);
  });
});
