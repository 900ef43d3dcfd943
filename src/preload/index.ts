// Preload (sandboxed, context-isolated): exposes the contract as window.vigil and nothing else.
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'
import { listenForNavigation } from './navigation'

// The preload runs in the page's frame; only its location is used here (typed without the DOM lib).
declare const window: { location: { hash: string } }

contextBridge.exposeInMainWorld('vigil', createBridge(ipcRenderer))
listenForNavigation(ipcRenderer, window.location)
