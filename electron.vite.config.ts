import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { preloadLazyModules } from './build-plugins/preload-lazy-modules'

// One build for both shells: out/main/index.js (Electron) and out/main/cli.js (plain Node).
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts')
        }
      }
    },
    resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } }
  },
  preload: {
    build: { externalizeDeps: { exclude: ['zod'] } },
    resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // Relative asset URLs: the same build is loaded from app://vigil/ in Electron and from / by `vigil serve`.
    base: './',
    build: {
      // The same bundle is served over HTTP to wallboard browsers: keep it small.
      minify: true,
      rollupOptions: {
        // report.html: the print-ready report page (`vigil report`, scheduled reports, printToPDF).
        input: { index: resolve(__dirname, 'src/renderer/index.html'), report: resolve(__dirname, 'src/renderer/report.html') }
      }
    },
    resolve: { alias: { '@shared': resolve(__dirname, 'src/shared'), '@renderer': resolve(__dirname, 'src/renderer/src') } },
    // The views (ECharts) are imported lazily by the shell; fetch them while the shell starts.
    plugins: [react(), preloadLazyModules(['views/ViewPage.tsx'])]
  }
})
