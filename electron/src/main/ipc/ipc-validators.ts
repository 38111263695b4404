/**
 * Hand-written validators for every invoke channel's argument (Signal-Desktop habit: data from IPC is
 * checked against a schema). Objects must be plain, carry only known keys, and every string is bounded
 * and free of control characters. The record type makes a missing channel a compile error.
 */
import type {
  DesktopSettingsPatch,
  IncomingCallNotice,
  IpcArg,
  IpcInvokeChannel,
  MessageNotice,
  MissedCallNotice,
  SaveCredentialRequest,
  ShellLocale,
  TrayRegistration,
  TrayStatus,
} from '../../../../common/ipc-contract.js';
import { SHELL_LOCALES } from '../../../../common/ipc-contract.js';
import { isValidGlobalAccelerator } from '../shortcuts/accelerator.js';
import { isSafeExternalUrl } from '../security/navigation-guard.js';
import { validateHeardRequest, validateMailboxId, validateSourceUpdate } from './voicemail-validators.js';
import { validateRecordingId, validateSaveRecording } from './recording-validators.js';
import {
  bad,
  CONTROL_EXCEPT_NEWLINE_RE,
  CONTROL_RE,
  isPlainObject,
  ok,
  type Validation,
  type Validator,
} from './validation.js';

export type { Validation, Validator } from './validation.js';

const ID_RE = /^[A-Za-z0-9._:@-]{1,128}$/;

/** A plain object whose keys are all in `allowed`; returns the offending key's problem otherwise. */
function checkKeys(
  input: unknown,
  allowed: readonly string[],
  required: readonly string[],
): string | undefined {
  if (!isPlainObject(input)) return 'expected an object';
  for (const k of Object.keys(input)) if (!allowed.includes(k)) return `unexpected field "${k}"`;
  for (const k of required) if (!(k in input)) return `missing field "${k}"`;
  return undefined;
}

/** One of the shell's languages (`en`, `de`, `es`). */
function shellLocale(input: unknown): Validation<ShellLocale> {
  return (SHELL_LOCALES as readonly unknown[]).includes(input)
    ? ok(input as ShellLocale)
    : bad(`expected one of ${SHELL_LOCALES.join(', ')}`);
}

function text(value: unknown, field: string, max: number, allowNewlines = false): string | undefined {
  if (typeof value !== 'string') return `${field} must be a string`;
  if (value.length === 0 || value.length > max) return `${field} must be 1…${max} characters`;
  if ((allowNewlines ? CONTROL_EXCEPT_NEWLINE_RE : CONTROL_RE).test(value))
    return `${field} has control characters`;
  return undefined;
}

function id(value: unknown, field: string): string | undefined {
  return typeof value === 'string' && ID_RE.test(value) ? undefined : `${field} is not a valid id`;
}

function counter(value: unknown, field: string): string | undefined {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 9999
    ? undefined
    : `${field} must be an integer 0…9999`;
}

const noArgument: Validator<void> = (input) =>
  input === undefined ? ok(undefined) : bad('takes no argument');

const trayStatus: Validator<TrayStatus> = (input) => {
  const problem =
    checkKeys(
      input,
      ['registration', 'missedCalls', 'unreadMessages'],
      ['registration', 'missedCalls', 'unreadMessages'],
    ) ??
    (['registered', 'connecting', 'offline'].includes(
      (input as Record<string, unknown>).registration as string,
    )
      ? undefined
      : 'registration must be registered, connecting or offline') ??
    counter((input as Record<string, unknown>).missedCalls, 'missedCalls') ??
    counter((input as Record<string, unknown>).unreadMessages, 'unreadMessages');
  if (problem) return bad(problem);
  const i = input as Record<string, unknown>;
  return ok({
    registration: i.registration as TrayRegistration,
    missedCalls: i.missedCalls as number,
    unreadMessages: i.unreadMessages as number,
  });
};

const incomingCall: Validator<IncomingCallNotice> = (input) => {
  const problem = checkKeys(input, ['callId', 'from', 'address'], ['callId', 'from']);
  if (problem) return bad(problem);
  const i = input as Record<string, unknown>;
  const p =
    id(i.callId, 'callId') ??
    text(i.from, 'from', 200) ??
    (i.address === undefined ? undefined : text(i.address, 'address', 512));
  if (p) return bad(p);
  return ok({
    callId: i.callId as string,
    from: i.from as string,
    ...(i.address === undefined ? {} : { address: i.address as string }),
  });
};

const missedCall: Validator<MissedCallNotice> = (input) => {
  const problem = checkKeys(input, ['callId', 'from'], ['callId', 'from']);
  if (problem) return bad(problem);
  const i = input as Record<string, unknown>;
  const p = id(i.callId, 'callId') ?? text(i.from, 'from', 200);
  return p ? bad(p) : ok({ callId: i.callId as string, from: i.from as string });
};

const message: Validator<MessageNotice> = (input) => {
  const problem = checkKeys(input, ['messageId', 'from', 'preview'], ['messageId', 'from', 'preview']);
  if (problem) return bad(problem);
  const i = input as Record<string, unknown>;
  const p =
    id(i.messageId, 'messageId') ?? text(i.from, 'from', 200) ?? text(i.preview, 'preview', 500, true);
  return p
    ? bad(p)
    : ok({ messageId: i.messageId as string, from: i.from as string, preview: i.preview as string });
};

const callIdOnly: Validator<string> = (input) => {
  const p = id(input, 'callId');
  return p ? bad(p) : ok(input as string);
};

const account: Validator<string> = (input) => {
  const p = text(input, 'account', 320);
  return p ? bad(p) : ok(input as string);
};

const boolean: Validator<boolean> = (input) =>
  typeof input === 'boolean' ? ok(input) : bad('expected true or false');

const externalUrl: Validator<string> = (input) =>
  isSafeExternalUrl(input) ? ok(input) : bad('only https: links can be opened');

const settingsPatch: Validator<DesktopSettingsPatch> = (input) => {
  const problem = checkKeys(input, ['closeToTray', 'startMinimized', 'startAtLogin', 'shortcuts'], []);
  if (problem) return bad(problem);
  const i = input as Record<string, unknown>;
  for (const k of ['closeToTray', 'startMinimized', 'startAtLogin'] as const) {
    if (i[k] !== undefined && typeof i[k] !== 'boolean') return bad(`${k} must be true or false`);
  }
  let shortcuts: { answer?: string | null; hangup?: string | null } | undefined;
  if (i.shortcuts !== undefined) {
    const p = checkKeys(i.shortcuts, ['answer', 'hangup'], []);
    if (p) return bad(`shortcuts: ${p}`);
    const s = i.shortcuts as Record<string, unknown>;
    shortcuts = {};
    for (const k of ['answer', 'hangup'] as const) {
      if (s[k] === undefined) continue;
      if (s[k] !== null && !isValidGlobalAccelerator(s[k]))
        return bad(`shortcuts.${k} is not a valid shortcut`);
      shortcuts[k] = s[k] as string | null;
    }
  }
  return ok({
    ...(i.closeToTray === undefined ? {} : { closeToTray: i.closeToTray as boolean }),
    ...(i.startMinimized === undefined ? {} : { startMinimized: i.startMinimized as boolean }),
    ...(i.startAtLogin === undefined ? {} : { startAtLogin: i.startAtLogin as boolean }),
    ...(shortcuts === undefined ? {} : { shortcuts }),
  });
};

const saveCredential: Validator<SaveCredentialRequest> = (input) => {
  const problem = checkKeys(input, ['account', 'secret', 'allowPlainText'], ['account', 'secret']);
  if (problem) return bad(problem);
  const i = input as Record<string, unknown>;
  const p =
    text(i.account, 'account', 320) ??
    (typeof i.secret === 'string' &&
    i.secret.length > 0 &&
    i.secret.length <= 4096 &&
    !i.secret.includes('\0')
      ? undefined
      : 'secret must be 1…4096 characters') ??
    (i.allowPlainText === undefined || typeof i.allowPlainText === 'boolean'
      ? undefined
      : 'allowPlainText must be a boolean');
  if (p) return bad(p);
  return ok({
    account: i.account as string,
    secret: i.secret as string,
    ...(i.allowPlainText === undefined ? {} : { allowPlainText: i.allowPlainText as boolean }),
  });
};

export const IPC_VALIDATORS: { readonly [C in IpcInvokeChannel]: Validator<IpcArg<C>> } = {
  'app:get-info': noArgument,
  'app:set-locale': shellLocale,
  'window:show': noArgument,
  'tray:set-status': trayStatus,
  'dnd:get': noArgument,
  'dnd:set': boolean,
  'notify:incoming-call': incomingCall,
  'notify:clear-call': callIdOnly,
  'notify:missed-call': missedCall,
  'notify:message': message,
  'links:take-pending': noArgument,
  'links:open-external': externalUrl,
  'settings:get': noArgument,
  'settings:set': settingsPatch,
  'credentials:status': noArgument,
  'credentials:save': saveCredential,
  'credentials:load': account,
  'credentials:delete': account,
  'update:check': noArgument,
  'voicemail:get-source': noArgument,
  'voicemail:save-source': validateSourceUpdate,
  'voicemail:check-source': validateSourceUpdate,
  'voicemail:list': noArgument,
  'voicemail:fetch-audio': validateMailboxId,
  'voicemail:mark-heard': validateHeardRequest,
  'voicemail:delete': validateMailboxId,
  'recordings:get-folder': noArgument,
  'recordings:choose-folder': noArgument,
  'recordings:save': validateSaveRecording,
  'recordings:list': noArgument,
  'recordings:fetch-audio': validateRecordingId,
  'recordings:delete': validateRecordingId,
};
