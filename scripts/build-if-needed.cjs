// Builds with electron-vite when out/ is missing or older than any source file.
const { spawnSync } = require('node:child_process')
const { existsSync, readdirSync, statSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs
    if (t > newest) newest = t
  }
  return newest
}

/** True when out/ lacks a built file or any input is newer than the build. */
function needsBuild() {
  const outputs = ['out/main/cli.js', 'out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html'].map((p) => join(root, p))
  if (!outputs.every((p) => existsSync(p))) return true
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs))
  const inputs = [join(root, 'src'), join(root, 'resources')].filter(existsSync).map(newestMtime)
  const configs = ['package.json', 'electron.vite.config.ts'].map((p) => statSync(join(root, p)).mtimeMs)
  return Math.max(...inputs, ...configs) > built
}

/** Runs the build when needed; exits the process if the build fails. */
function buildIfNeeded() {
  if (!needsBuild()) return
  console.log('Vigil: building (electron-vite build)…')
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
  const res = spawnSync(bin, ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (res.status !== 0) {
    console.error('Vigil: the build failed (see above).')
    process.exit(res.status ?? 1)
  }
}

module.exports = { buildIfNeeded, needsBuild }
