/**
 * Secrets (the account password or session token) kept with the OS keychain through Electron's
 * `safeStorage`: macOS Keychain, Windows DPAPI, Linux libsecret / KWallet. The encrypted bytes live in a
 * JSON file in the app's data folder; only the OS can decrypt them.
 *
 * On Linux without a keyring, Chromium falls back to `basic_text`: "encryption" with a hard-coded key,
 * i.e. plain text. The store reports that (`plainTextOnly`) and refuses to save there unless the user
 * agreed (`allowPlainText`), so the UI can offer not to remember the password.
 * https://www.electronjs.org/docs/latest/api/safe-storage
 */
import type { CredentialStorageStatus, SaveCredentialRequest } from '../../../../common/ipc-contract.js';
import { ipcError, ipcOk, type IpcResult } from '../../../../common/ipc-contract.js';
import { readJsonFile, writeJsonFile } from '../settings/json-file.js';

/** The part of Electron's `safeStorage` used here. */
export interface SafeStorageApi {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
}

export interface CredentialStore {
  status(): CredentialStorageStatus;
  save(request: SaveCredentialRequest): Promise<IpcResult<null>>;
  load(account: string): Promise<IpcResult<string | null>>;
  remove(account: string): Promise<IpcResult<null>>;
}

export function storageStatus(safeStorage: SafeStorageApi, platform: string): CredentialStorageStatus {
  const available = safeStorage.isEncryptionAvailable();
  let backend: string;
  if (platform === 'darwin') backend = 'keychain';
  else if (platform === 'win32') backend = 'dpapi';
  else backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  return { available, backend, plainTextOnly: backend === 'basic_text' };
}

export function createCredentialStore(
  safeStorage: SafeStorageApi,
  platform: string,
  filePath: string,
): CredentialStore {
  const readAll = async (): Promise<Record<string, string>> => {
    const raw = await readJsonFile(filePath);
    const out: Record<string, string> = {};
    if (typeof raw === 'object' && raw !== null) {
      for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
    }
    return out;
  };
  // Object keys come from users: keep them away from Object.prototype.
  const key = (account: string): string => `account:${account}`;
  const status = (): CredentialStorageStatus => storageStatus(safeStorage, platform);

  return {
    status,
    async save(request) {
      const s = status();
      if (!s.available) return ipcError('unavailable', 'The system keychain is not available.');
      if (s.plainTextOnly && request.allowPlainText !== true) {
        return ipcError('plain_text_only', 'No keyring: the password would be stored as plain text.');
      }
      const all = await readAll();
      all[key(request.account)] = safeStorage.encryptString(request.secret).toString('base64');
      await writeJsonFile(filePath, all);
      return ipcOk(null);
    },
    async load(account) {
      const all = await readAll();
      const stored = all[key(account)];
      if (stored === undefined) return ipcOk(null);
      if (!safeStorage.isEncryptionAvailable())
        return ipcError('unavailable', 'The system keychain is not available.');
      try {
        return ipcOk(safeStorage.decryptString(Buffer.from(stored, 'base64')));
      } catch {
        return ipcError('unavailable', 'The stored password could not be decrypted (keychain changed?).');
      }
    },
    async remove(account) {
      const all = await readAll();
      if (key(account) in all) {
        delete all[key(account)];
        await writeJsonFile(filePath, all);
      }
      return ipcOk(null);
    },
  };
}
