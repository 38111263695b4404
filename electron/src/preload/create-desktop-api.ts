/**
 * Builds `window.parley` from the IPC contract. Pure (the `ipcRenderer` part is passed in) so the unit
 * tests check it: only contract channels pass, listeners get the payload and never Electron's event
 * object (which would hand the page `sender`, i.e. raw IPC), and nothing rejects.
 */
import {
  IPC_WIRE_PREFIX,
  ipcError,
  isEventChannel,
  isInvokeChannel,
  type IpcResult,
  type ParleyDesktopApi,
} from '../../../common/ipc-contract.js';

/** The part of Electron's `ipcRenderer` used here. */
export interface IpcRendererApi {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createDesktopApi(ipc: IpcRendererApi): ParleyDesktopApi {
  const invoke = async (channel: unknown, ...arg: unknown[]): Promise<IpcResult<unknown>> => {
    if (!isInvokeChannel(channel)) return ipcError('unknown_channel', 'Unknown channel.');
    if (arg.length > 1) return ipcError('invalid_argument', 'Too many arguments.');
    try {
      return (await ipc.invoke(IPC_WIRE_PREFIX + channel, ...arg)) as IpcResult<unknown>;
    } catch {
      return ipcError('internal', 'The desktop shell did not answer.');
    }
  };
  const on = (channel: unknown, listener: unknown): (() => void) => {
    if (!isEventChannel(channel) || typeof listener !== 'function') return () => undefined;
    const wrapped = (_event: unknown, payload: unknown): void => {
      (listener as (payload: unknown) => void)(payload);
    };
    ipc.on(IPC_WIRE_PREFIX + channel, wrapped);
    return () => {
      ipc.removeListener(IPC_WIRE_PREFIX + channel, wrapped);
    };
  };
  // The generic signatures of ParleyDesktopApi are checked at the call sites (renderer); here every
  // input is re-checked at run time, so the implementation is typed over `unknown`.
  return Object.freeze({ invoke, on }) as unknown as ParleyDesktopApi;
}
