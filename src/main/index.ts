// Electron entry point (out/main/index.js). Everything Electron-specific lives in ./electron;
// the engine is the same one `vigil serve` runs.
import { join } from 'node:path'
import { runElectronApp } from './electron/lifecycle'
import { startArchiveEngine } from './engine/start-archive-engine'
import { startEngine } from './engine/start-engine'

runElectronApp({
  startEngine,
  startArchiveEngine,
  preloadPath: join(__dirname, '../preload/index.js'),
  rendererDir: join(__dirname, '../renderer')
})
