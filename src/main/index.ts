// Electron entry point (out/main/index.js). Everything Electron-specific lives in ./electron;
// the engine is the same one `vigil serve` runs.
import { join } from 'node:path'
import { runElectronApp } from './electron/lifecycle'
import { startAuditedDesktopEngine } from './audit/desktop-engine'
import { startArchiveEngine } from './engine/start-archive-engine'
import { startEngine } from './engine/start-engine'

runElectronApp({
  // Changes made in the window and File → Export are recorded in the data dir's audit log.
  startEngine: (opts) => startAuditedDesktopEngine(startEngine, opts),
  startArchiveEngine,
  preloadPath: join(__dirname, '../preload/index.js'),
  rendererDir: join(__dirname, '../renderer')
})
