// Builds src/main/cli.ts into a private folder for tests that run the real `vigil serve` as a child
// process. `npm test` runs vitest before `electron-vite build`, and other tests may be building
// out/ at the same moment, so these tests never use out/: Vite's JS API bundles the CLI alone
// (SSR mode: node_modules stay external, like electron-vite's main build) in about a second.
// The folder sits under node_modules/.cache so the bundle resolves the project's packages.
import { mkdtempSync, rmSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { build } from 'vite'

const ROOT = resolve(import.meta.dirname, '../..')

export interface BuiltCli {
  /** node <cliPath> serve … */
  cliPath: string
  /** Deletes the build folder. */
  remove(): void
}

/** Bundles the CLI (CommonJS, as electron-vite builds it) into a fresh folder; the UI is not built (serve runs without it). */
export async function buildCli(): Promise<BuiltCli> {
  const cacheDir = join(ROOT, 'node_modules', '.cache')
  await mkdir(cacheDir, { recursive: true })
  const dir = mkdtempSync(join(cacheDir, 'vigil-test-cli-'))
  const outDir = join(dir, 'main')
  try {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      resolve: { alias: { '@shared': join(ROOT, 'src/shared') } },
      build: {
        ssr: join(ROOT, 'src/main/cli.ts'),
        outDir,
        emptyOutDir: true,
        minify: false,
        sourcemap: false,
        rollupOptions: { output: { format: 'cjs', entryFileNames: 'cli.js' } }
      }
    })
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`building the vigil CLI for the test failed: ${(err as Error).message}`, { cause: err })
  }
  return { cliPath: join(outDir, 'cli.js'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
