/**
 * The desktop shell's call-recording channels (`recordings:*` in common/ipc-contract.ts) as a typed
 * object: recordings kept in a folder the user chose. Every method resolves to an `IpcResult`.
 */
import type {
  FolderRecording,
  FolderRecordingList,
  IpcResult,
  MailboxVoicemailAudio,
  RecordingFolder,
  SaveRecordingRequest,
} from '../../../common/ipc-contract.js';
import type { DesktopBridge } from './desktop-bridge.js';

export interface DesktopRecordingsApi {
  getFolder(): Promise<IpcResult<RecordingFolder>>;
  chooseFolder(): Promise<IpcResult<RecordingFolder>>;
  save(request: SaveRecordingRequest): Promise<IpcResult<FolderRecording>>;
  list(): Promise<IpcResult<FolderRecordingList>>;
  fetchAudio(id: string): Promise<IpcResult<MailboxVoicemailAudio>>;
  remove(id: string): Promise<IpcResult<null>>;
}

export function createDesktopRecordingsApi(bridge: DesktopBridge): DesktopRecordingsApi {
  return {
    getFolder: () => bridge.invoke('recordings:get-folder'),
    chooseFolder: () => bridge.invoke('recordings:choose-folder'),
    save: (request) => bridge.invoke('recordings:save', request),
    list: () => bridge.invoke('recordings:list'),
    fetchAudio: (id) => bridge.invoke('recordings:fetch-audio', id),
    remove: (id) => bridge.invoke('recordings:delete', id),
  };
}
