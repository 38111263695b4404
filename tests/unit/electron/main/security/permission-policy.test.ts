import { describe, expect, it } from 'vitest';
import {
  decideDevicePermission,
  decidePermissionCheck,
  decidePermissionRequest,
  isOwnOrigin,
} from '../../../../../electron/src/main/security/permission-policy.js';
import { pickTelephonyDevice } from '../../../../../electron/src/main/security/hid-selection.js';

const OWN = 'http://127.0.0.1:8080';
const OWN_PAGE = 'http://127.0.0.1:8080/app/call?x=1';
const FOREIGN = [
  'https://evil.example',
  'http://127.0.0.1:8081/',
  'https://127.0.0.1:8080/',
  'http://localhost:8080/',
  'file:///tmp/x.html',
  'data:text/html,hi',
  'about:blank',
  '',
  undefined,
];

describe('permission requests: origin × permission matrix', () => {
  const permissions = [
    'media',
    'hid',
    'geolocation',
    'notifications',
    'display-capture',
    'clipboard-read',
    'midi',
    'midiSysex',
    'usb',
    'serial',
    'pointerLock',
    'openExternal',
    'fullscreen',
    'unknown',
  ];

  it('grants only audio-only media and HID, and only to our origin', () => {
    for (const permission of permissions) {
      const mediaTypes = permission === 'media' ? ['audio'] : undefined;
      const expected = permission === 'media' || permission === 'hid';
      expect(
        decidePermissionRequest({ permission, requestingUrl: OWN_PAGE, mediaTypes }, OWN),
        permission,
      ).toBe(expected);
      for (const url of FOREIGN) {
        expect(
          decidePermissionRequest({ permission, requestingUrl: url, mediaTypes }, OWN),
          `${permission} ${url}`,
        ).toBe(false);
      }
    }
  });

  it('never grants the camera, even with the microphone', () => {
    expect(
      decidePermissionRequest({ permission: 'media', requestingUrl: OWN_PAGE, mediaTypes: ['video'] }, OWN),
    ).toBe(false);
    expect(
      decidePermissionRequest(
        { permission: 'media', requestingUrl: OWN_PAGE, mediaTypes: ['audio', 'video'] },
        OWN,
      ),
    ).toBe(false);
    expect(
      decidePermissionRequest({ permission: 'media', requestingUrl: OWN_PAGE, mediaTypes: [] }, OWN),
    ).toBe(false);
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: OWN_PAGE }, OWN)).toBe(false);
  });

  it('answers silent checks the same way', () => {
    expect(
      decidePermissionCheck({ permission: 'media', requestingOrigin: OWN, mediaType: 'audio' }, OWN),
    ).toBe(true);
    expect(
      decidePermissionCheck({ permission: 'media', requestingOrigin: OWN, mediaType: 'unknown' }, OWN),
    ).toBe(true);
    expect(
      decidePermissionCheck({ permission: 'media', requestingOrigin: OWN, mediaType: 'video' }, OWN),
    ).toBe(false);
    expect(decidePermissionCheck({ permission: 'hid', requestingOrigin: OWN }, OWN)).toBe(true);
    expect(decidePermissionCheck({ permission: 'geolocation', requestingOrigin: OWN }, OWN)).toBe(false);
    expect(
      decidePermissionCheck(
        { permission: 'media', requestingOrigin: 'https://evil.example', mediaType: 'audio' },
        OWN,
      ),
    ).toBe(false);
    expect(decidePermissionCheck({ permission: 'hid', requestingOrigin: undefined }, OWN)).toBe(false);
  });

  it('gives devices only for HID and only to our origin', () => {
    expect(decideDevicePermission({ deviceType: 'hid', origin: OWN }, OWN)).toBe(true);
    expect(decideDevicePermission({ deviceType: 'usb', origin: OWN }, OWN)).toBe(false);
    expect(decideDevicePermission({ deviceType: 'serial', origin: OWN }, OWN)).toBe(false);
    expect(decideDevicePermission({ deviceType: 'hid', origin: 'https://evil.example' }, OWN)).toBe(false);
  });

  it('compares whole origins: scheme, host and port', () => {
    expect(isOwnOrigin('http://127.0.0.1:8080', OWN)).toBe(true);
    expect(isOwnOrigin('http://127.0.0.1:8080.evil.example/', OWN)).toBe(false);
    expect(isOwnOrigin('http://user@127.0.0.1:8080/', OWN)).toBe(true);
    expect(isOwnOrigin('not a url', OWN)).toBe(false);
  });
});

describe('HID device choice', () => {
  it('picks only a device with the telephony usage page', () => {
    const keyboard = { deviceId: 'kbd', collections: [{ usagePage: 0x01 }] };
    const headset = { deviceId: 'headset', collections: [{ usagePage: 0x0c }, { usagePage: 0x0b }] };
    expect(pickTelephonyDevice([keyboard, headset])).toBe('headset');
    expect(pickTelephonyDevice([keyboard])).toBeNull();
    expect(pickTelephonyDevice([{ deviceId: 'bare' }])).toBeNull();
  });
});
