#!/usr/bin/env node
// `npm run serve -- <args>`: build if needed, then `vigil serve <args>` under plain Node.
const { spawn } = require('node:child_process')
const { join } = require('node:path')
const { buildIfNeeded } = require('./build-if-needed.cjs')

buildIfNeeded()
const child = spawn(process.execPath, [join(__dirname, '..', 'out', 'main', 'cli.js'), 'serve', ...process.argv.slice(2)], {
  stdio: 'inherit'
})
// Forward Ctrl-C / SIGTERM so the server shuts down cleanly (flush, close DuckDB).
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
