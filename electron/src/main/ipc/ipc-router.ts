/**
 * The main side of the IPC contract (common/ipc-contract.ts): one `ipcMain.handle` per channel, each
 * answering an `IpcResult` — never a throw. Every call is checked in this order:
 *   1. the sender frame belongs to the Parley origin (else `forbidden_sender`);
 *   2. the argument count and the argument itself pass the channel's validator (else `invalid_argument`);
 *   3. the handler runs; whatever it throws becomes `internal` (the message is logged, not sent).
 */
import {
  IPC_INVOKE_CHANNELS,
  IPC_WIRE_PREFIX,
  ipcError,
  isInvokeChannel,
  type IpcArg,
  type IpcInvokeChannel,
  type IpcResult,
  type IpcValue,
} from '../../../../common/ipc-contract.js';
import { IPC_VALIDATORS } from './ipc-validators.js';

export type IpcHandlers = {
  readonly [C in IpcInvokeChannel]: (
    arg: IpcArg<C>,
  ) => IpcResult<IpcValue<C>> | Promise<IpcResult<IpcValue<C>>>;
};

/** What main learns about the caller (Electron's `IpcMainInvokeEvent`, the part used here). */
export interface IpcCallerEvent {
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainApi {
  handle(channel: string, listener: (event: IpcCallerEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcDispatchOptions {
  readonly isTrustedSender: (frameUrl: string) => boolean;
  readonly onError?: (channel: string, error: unknown) => void;
}

export type IpcDispatch = (
  channel: unknown,
  event: IpcCallerEvent,
  args: readonly unknown[],
) => Promise<IpcResult<unknown>>;

export function createIpcDispatcher(handlers: IpcHandlers, options: IpcDispatchOptions): IpcDispatch {
  return async (channel, event, args) => {
    try {
      if (!isInvokeChannel(channel)) return ipcError('unknown_channel', 'Unknown channel.');
      const url = event?.senderFrame?.url;
      if (typeof url !== 'string' || !options.isTrustedSender(url)) {
        return ipcError('forbidden_sender', 'This page may not use the desktop API.');
      }
      if (!Array.isArray(args) || args.length > 1) return ipcError('invalid_argument', 'Too many arguments.');
      return await run(channel, args[0]);
    } catch (error) {
      options.onError?.(String(channel), error);
      return ipcError('internal', 'Something went wrong in the desktop shell.');
    }
  };

  async function run<C extends IpcInvokeChannel>(channel: C, input: unknown): Promise<IpcResult<unknown>> {
    const validator = IPC_VALIDATORS[channel] as (
      input: unknown,
    ) => { ok: true; value: IpcArg<C> } | { ok: false; message: string };
    const checked = validator(input);
    if (!checked.ok) return ipcError('invalid_argument', `${channel}: ${checked.message}`);
    const handler = handlers[channel] as (
      arg: IpcArg<C>,
    ) => IpcResult<IpcValue<C>> | Promise<IpcResult<IpcValue<C>>>;
    return await handler(checked.value);
  }
}

/** Registers every channel of the contract on `ipcMain` (wire names `parley:<channel>`). */
export function registerIpcHandlers(ipcMain: IpcMainApi, dispatch: IpcDispatch): () => void {
  for (const channel of IPC_INVOKE_CHANNELS) {
    ipcMain.handle(IPC_WIRE_PREFIX + channel, (event, ...args) => dispatch(channel, event, args));
  }
  return () => {
    for (const channel of IPC_INVOKE_CHANNELS) ipcMain.removeHandler(IPC_WIRE_PREFIX + channel);
  };
}
