/**
 * The sandboxed preload (bundled to one CommonJS file): exposes the bridge as `window.plenum` and
 * nothing else. All logic lives in preload-api.ts, where it is unit-tested.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld('plenum', createPreloadApi(ipcRenderer));
