// Finds the Electron executable without running node_modules/electron/index.js, which
// downloads the binary on first use (and fails with a stack trace where there is no internet).
const { accessSync, constants, readFileSync, statSync } = require('node:fs')
const { dirname, join } = require('node:path')

/** The executable's path inside Electron's dist folder for a platform (as electron/install.js writes it). */
function platformExecutable(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron'
  if (platform === 'win32') return 'electron.exe'
  return 'electron'
}

/** The installed electron package's folder, or null when the package itself is not installed. */
function electronPackageDir(fromDir) {
  try {
    return dirname(require.resolve('electron/package.json', { paths: [fromDir] }))
  } catch {
    return null
  }
}

/**
 * Looks for the Electron binary the way electron/index.js does (path.txt + dist/, or
 * $ELECTRON_OVERRIDE_DIST_PATH) but never downloads. Returns { found: true, path } or
 * { found: false, reason }.
 */
function findElectronBinary(packageDir, env = process.env, platform = process.platform) {
  if (!packageDir) return { found: false, reason: 'the electron package is not installed' }
  let relative = ''
  try {
    relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim()
  } catch {
    // No path.txt: the binary was never downloaded (unless an override dist folder is given).
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (!relative && !override) return { found: false, reason: `${join(packageDir, 'path.txt')} is missing (binary never downloaded)` }
  const binary = join(override || join(packageDir, 'dist'), relative || platformExecutable(platform))
  try {
    if (!statSync(binary).isFile()) return { found: false, reason: `${binary} is not a file` }
    if (platform !== 'win32') accessSync(binary, constants.X_OK)
  } catch (err) {
    return { found: false, reason: `${binary} is missing or not executable (${err.code || err.message})` }
  }
  return { found: true, path: binary }
}

module.exports = { electronPackageDir, findElectronBinary, platformExecutable }
