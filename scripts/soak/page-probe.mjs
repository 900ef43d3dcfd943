// Scripts the soak run installs in the wallboard page before the app loads (Playwright
// addInitScript): they run in the browser, so they use browser globals only.

/**
 * Makes the page's Date run `speed` times real time from the engine's clock reading `simStart`
 * taken at real time `realStart`, so the renderer's own "now" (time windows, "as of 3 min ago",
 * the stale-banner check) follows `vigil serve --speed`. Timers stay real: the playlist rotates
 * at its configured real interval.
 * @param {{ speed: number, realStart: number, simStart: number }} arg
 */
export function accelerateDate({ speed, realStart, simStart }) {
  const RealDate = Date
  const realNow = RealDate.now.bind(RealDate)
  const simNow = () => simStart + Math.round((realNow() - realStart) * speed)
  class SimDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(simNow())
      else super(...args)
    }
    static now() {
      return simNow()
    }
  }
  globalThis.Date = SimDate
  // Real time stays reachable for the probe's own records.
  globalThis.__soakRealNow = realNow
}

/**
 * Watches the DOM for the stale-data banner (data-testid="stale-banner") with a
 * MutationObserver, so even a banner that comes and goes between two samples is recorded, and
 * keeps the views the playlist showed. Results in window.__soak.
 */
export function watchBanner() {
  const realNow = () => (globalThis.__soakRealNow ?? Date.now)()
  const soak = { banners: [], views: [], open: null }
  globalThis.__soak = soak
  const check = () => {
    const el = document.querySelector('[data-testid="stale-banner"]')
    if (el && !soak.open) {
      soak.open = { from: realNow(), to: null, cause: el.getAttribute('data-cause'), sources: el.getAttribute('data-sources'), text: (el.textContent ?? '').slice(0, 300) }
      soak.banners.push(soak.open)
    } else if (!el && soak.open) {
      soak.open.to = realNow()
      soak.open = null
    }
    const view = document.querySelector('main.view[data-testid^="view-"]')?.getAttribute('data-testid')?.slice(5) ?? null
    if (view && soak.views[soak.views.length - 1]?.view !== view) soak.views.push({ view, at: realNow() })
  }
  const start = () => {
    new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid'] })
    check()
  }
  if (document.documentElement) start()
  else document.addEventListener('DOMContentLoaded', start, { once: true })
}
