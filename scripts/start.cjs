#!/usr/bin/env node
// `npm start -- <args>`: run the desktop app (e.g. `npm start -- --kiosk`). Where the Electron
// binary is not installed, say so in one sentence and point to the browser alternative.
const { spawn } = require('node:child_process')
const { join } = require('node:path')
const { buildIfNeeded } = require('./build-if-needed.cjs')
const { electronPackageDir, findElectronBinary } = require('./electron-binary.cjs')

const root = join(__dirname, '..')

// Checked before building so a machine without Electron gets the answer at once.
const electron = findElectronBinary(electronPackageDir(root))
if (!electron.found) {
  console.error(
    'Vigil: the Electron binary is not installed on this machine (it could not be downloaded); run "npm run serve" to use Vigil in a browser instead.'
  )
  process.exit(1)
}

buildIfNeeded()

// ELECTRON_RUN_AS_NODE would make the binary behave as plain Node and ignore the app.
const env = { ...process.env }
delete env.ELECTRON_RUN_AS_NODE
const child = spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env })
child.on('error', (err) => {
  console.error(`Vigil: could not launch Electron (${electron.path}): ${err.message}`)
  process.exit(1)
})
// Forward Ctrl-C / SIGTERM so the app stops its engine (flush, close DuckDB) before exiting.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
