import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Debian's Chromium when present (Playwright's own browser download is not possible here).
const chromiumPath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1920, height: 1080 },
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']
    },
    trace: 'off'
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }]
})
