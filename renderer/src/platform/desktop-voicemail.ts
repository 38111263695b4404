/**
 * The desktop shell's voicemail channels (`voicemail:*` in common/ipc-contract.ts) as a typed object:
 * the user's mailbox over IMAP4 / POP3, spoken by the main process. Every method resolves to an
 * `IpcResult` (nothing throws across IPC). In a plain browser there is no bridge and no such object.
 */
import type {
  IpcResult,
  MailboxVoicemailAudio,
  MailboxVoicemailList,
  VoicemailSourceSettings,
  VoicemailSourceUpdate,
} from '../../../common/ipc-contract.js';
import type { DesktopBridge } from './desktop-bridge.js';

export interface DesktopVoicemailApi {
  getSource(): Promise<IpcResult<VoicemailSourceSettings>>;
  saveSource(update: VoicemailSourceUpdate): Promise<IpcResult<VoicemailSourceSettings>>;
  checkSource(update: VoicemailSourceUpdate): Promise<IpcResult<null>>;
  list(): Promise<IpcResult<MailboxVoicemailList>>;
  fetchAudio(id: string): Promise<IpcResult<MailboxVoicemailAudio>>;
  markHeard(id: string, heard: boolean): Promise<IpcResult<null>>;
  remove(id: string): Promise<IpcResult<null>>;
}

export function createDesktopVoicemailApi(bridge: DesktopBridge): DesktopVoicemailApi {
  return {
    getSource: () => bridge.invoke('voicemail:get-source'),
    saveSource: (update) => bridge.invoke('voicemail:save-source', update),
    checkSource: (update) => bridge.invoke('voicemail:check-source', update),
    list: () => bridge.invoke('voicemail:list'),
    fetchAudio: (id) => bridge.invoke('voicemail:fetch-audio', id),
    markHeard: (id, heard) => bridge.invoke('voicemail:mark-heard', { id, heard }),
    remove: (id) => bridge.invoke('voicemail:delete', id),
  };
}
