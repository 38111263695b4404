/**
 * The preload script (sandboxed, context-isolated; bundled to CommonJS): exposes exactly one object,
 * `window.parley`, built from the IPC contract. No `ipcRenderer`, no Node API reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_BRIDGE_KEY } from '../../../common/ipc-contract.js';
import { createDesktopApi } from './create-desktop-api.js';

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, createDesktopApi(ipcRenderer));
