import { describe, expect, it } from 'vitest';
import { parsePresenceEvent } from '../../../../renderer/src/app/presence-feed.js';
import { resolveSipUrl } from '../../../../renderer/src/app/sip-url.js';

describe('parsePresenceEvent', () => {
  it('reads a presence update', () => {
    expect(parsePresenceEvent('{"username":"bob","presence":"on-call"}')).toEqual({
      username: 'bob',
      presence: 'on-call',
    });
  });
  it('ignores anything else', () => {
    expect(parsePresenceEvent('not json')).toBeUndefined();
    expect(parsePresenceEvent('{"username":"bob","presence":"away"}')).toBeUndefined();
    expect(parsePresenceEvent('null')).toBeUndefined();
  });
});

describe('resolveSipUrl', () => {
  it('keeps an absolute WebSocket URL from the service', () => {
    expect(resolveSipUrl('ws://127.0.0.1:9/sip', { protocol: 'http:', host: 'x' })).toBe(
      'ws://127.0.0.1:9/sip',
    );
  });
  it('resolves a path against the page, wss on https', () => {
    expect(resolveSipUrl('/sip', { protocol: 'https:', host: 'parley.example:8443' })).toBe(
      'wss://parley.example:8443/sip',
    );
    expect(resolveSipUrl('', { protocol: 'http:', host: 'h' })).toBe('ws://h/sip');
  });
});
