/**
 * Which web permissions the Parley window gets: the microphone (audio only, never the camera) and HID
 * devices (headset buttons and LEDs over WebHID), and only for pages of the Parley service origin.
 * Everything else — camera, screen capture, geolocation, web notifications (Parley uses native ones from
 * main), clipboard, MIDI, USB, serial, pointer lock, … — is denied.
 *
 * The three Electron hooks that ask (see main.ts): `session.setPermissionRequestHandler` (a page asks),
 * `session.setPermissionCheckHandler` (a page checks silently, e.g. `enumerateDevices` labels, WebHID),
 * `session.setDevicePermissionHandler` (a page wants a device it chose before).
 */

/** What a permission request carries (subset of Electron's `PermissionRequest` details). */
export interface PermissionRequestQuery {
  readonly permission: string;
  /** URL of the frame that asks. */
  readonly requestingUrl: string | undefined;
  /** For `media`: what is asked (`audio`, `video`). */
  readonly mediaTypes?: readonly string[];
}

/** What a permission check carries (subset of Electron's `PermissionCheckHandlerHandlerDetails`). */
export interface PermissionCheckQuery {
  readonly permission: string;
  readonly requestingOrigin: string | undefined;
  /** For `media`: `audio`, `video` or `unknown`. */
  readonly mediaType?: string;
}

export interface DevicePermissionQuery {
  readonly deviceType: string;
  readonly origin: string | undefined;
}

/** True when `url` (a URL or an origin) has exactly the given origin (scheme, host and port). */
export function isOwnOrigin(url: string | undefined, ownOrigin: string): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    // Opaque origins (data:, file:, about:blank…) serialize as "null": never ours.
    return parsed.origin !== 'null' && parsed.origin === ownOrigin;
  } catch {
    return false;
  }
}

/** A page asks for a permission. Grants only microphone-only media and HID, only to our origin. */
export function decidePermissionRequest(query: PermissionRequestQuery, ownOrigin: string): boolean {
  if (!isOwnOrigin(query.requestingUrl, ownOrigin)) return false;
  switch (query.permission) {
    case 'media': {
      const types = query.mediaTypes ?? [];
      return types.length > 0 && types.every((t) => t === 'audio');
    }
    case 'hid':
      return true;
    default:
      return false;
  }
}

/** A page checks a permission without prompting (device labels, WebHID availability). */
export function decidePermissionCheck(query: PermissionCheckQuery, ownOrigin: string): boolean {
  if (!isOwnOrigin(query.requestingOrigin, ownOrigin)) return false;
  switch (query.permission) {
    case 'media':
      return query.mediaType === 'audio' || query.mediaType === 'unknown' || query.mediaType === undefined;
    case 'hid':
      return true;
    default:
      return false;
  }
}

/** A page wants a device: only HID devices, only for our origin. */
export function decideDevicePermission(query: DevicePermissionQuery, ownOrigin: string): boolean {
  return query.deviceType === 'hid' && isOwnOrigin(query.origin, ownOrigin);
}
