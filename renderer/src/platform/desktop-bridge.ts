/**
 * The ONE place in the web client that reads the desktop preload's object (`window.parley`).
 * In a plain browser there is none and this returns `undefined`: every desktop feature is optional.
 * The object's type and channels are the IPC contract (common/ipc-contract.ts).
 */
import { DESKTOP_BRIDGE_KEY, type ParleyDesktopApi } from '../../../common/ipc-contract.js';

export type DesktopBridge = ParleyDesktopApi;

/** The desktop bridge when running inside Parley's Electron shell, else `undefined`. */
export function getDesktopBridge(scope: object = globalThis): DesktopBridge | undefined {
  const candidate = (scope as Record<string, unknown>)[DESKTOP_BRIDGE_KEY];
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const api = candidate as Partial<Record<keyof ParleyDesktopApi, unknown>>;
  return typeof api.invoke === 'function' && typeof api.on === 'function'
    ? (candidate as DesktopBridge)
    : undefined;
}
