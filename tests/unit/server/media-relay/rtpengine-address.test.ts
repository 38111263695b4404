import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RTPENGINE,
  formatRtpengineAddress,
  parseRtpengineSetting,
} from '../../../../server/src/media-relay/rtpengine-address.js';

describe('PARLEY_RTPENGINE', () => {
  it('defaults to udp:127.0.0.1:2223 and accepts off', () => {
    expect(parseRtpengineSetting(undefined)).toEqual(DEFAULT_RTPENGINE);
    expect(parseRtpengineSetting('  ')).toEqual(DEFAULT_RTPENGINE);
    expect(parseRtpengineSetting('off')).toBeUndefined();
    expect(parseRtpengineSetting('OFF')).toBeUndefined();
  });

  it('parses udp:HOST:PORT, IPv6 in brackets, and formats it back', () => {
    expect(parseRtpengineSetting('udp:10.0.0.5:22222')).toEqual({ host: '10.0.0.5', port: 22222 });
    expect(parseRtpengineSetting('udp:rtp.example.com:2223')).toEqual({
      host: 'rtp.example.com',
      port: 2223,
    });
    expect(parseRtpengineSetting('udp:[::1]:2223')).toEqual({ host: '::1', port: 2223 });
    expect(formatRtpengineAddress({ host: '::1', port: 2223 })).toBe('udp:[::1]:2223');
    expect(formatRtpengineAddress(DEFAULT_RTPENGINE)).toBe('udp:127.0.0.1:2223');
  });

  it.each([
    ['127.0.0.1:2223', /must be udp:HOST:PORT/],
    ['tcp:127.0.0.1:2223', /must be udp:HOST:PORT/],
    ['udp:127.0.0.1', /must be udp:HOST:PORT/],
    ['udp:127.0.0.1:0', /port must be 1-65535/],
    ['udp:127.0.0.1:70000', /port must be 1-65535/],
    ['udp:[nothost]:2223', /must be udp|not an IPv6/],
  ])('refuses %j with a one-line reason naming the setting', (value, message) => {
    expect(() => parseRtpengineSetting(value)).toThrow(message);
    expect(() => parseRtpengineSetting(value)).toThrow(/PARLEY_RTPENGINE/);
  });
});
