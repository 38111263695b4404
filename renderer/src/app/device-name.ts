/**
 * How this device names itself to the service (the SIP `User-Agent` header, RFC 3261 §20.41), so the
 * call history can say which device answered: "Parley web (Chrome on Linux)", "Parley desktop (macOS)".
 */

function browserOf(ua: string): string {
  if (/Edg\//.test(ua)) return 'Edge';
  if (/Firefox\//.test(ua)) return 'Firefox';
  if (/(Chrome|Chromium|HeadlessChrome)\//.test(ua)) return 'Chrome';
  if (/Safari\//.test(ua)) return 'Safari';
  return 'a browser';
}

function systemOf(ua: string): string | undefined {
  if (/Android/.test(ua)) return 'Android';
  if (/iPhone|iPad/.test(ua)) return 'iOS';
  if (/Windows/.test(ua)) return 'Windows';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/Linux|X11/.test(ua)) return 'Linux';
  return undefined;
}

/** The name for a browser's `navigator.userAgent` (or the desktop shell's renderer). */
export function deviceName(userAgent: string, desktop = false): string {
  const system = systemOf(userAgent);
  if (desktop) return `Parley desktop${system ? ` (${system})` : ''}`;
  return `Parley web (${browserOf(userAgent)}${system ? ` on ${system}` : ''})`;
}
