// Chart colours come from the page's CSS variables (canvas cannot use CSS), so charts follow the
// theme: dark by default, light when the shell switches it. Re-read when the theme changes.
import { useEffect, useState, useSyncExternalStore, type RefObject } from 'react'

export interface ChartTheme {
  text: string
  muted: string
  grid: string
  panel: string
  ok: string
  warn: string
  bad: string
  accent: string
  /** Line colours in order (colour-blind distinguishable; lines also differ in dash). */
  series: string[]
}

export const DARK_THEME: ChartTheme = {
  text: '#c9d4df',
  muted: '#9fb0c0',
  grid: '#26313d',
  panel: '#131a22',
  ok: '#3fb950',
  warn: '#f0b429',
  bad: '#ff6b6b',
  accent: '#4cc9f0',
  series: ['#4cc9f0', '#f4a261', '#c77dff', '#90be6d']
}

/** Reads the theme from CSS variables visible at `el` (falls back to the dark defaults). */
export function readChartTheme(el: Element | null): ChartTheme {
  if (!el || typeof getComputedStyle !== 'function') return DARK_THEME
  const css = getComputedStyle(el)
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
  return {
    text: v('--chart-text', v('--text', DARK_THEME.text)),
    muted: v('--text-muted', DARK_THEME.muted),
    grid: v('--chart-grid', v('--panel-edge', DARK_THEME.grid)),
    panel: v('--panel', DARK_THEME.panel),
    ok: v('--ok', DARK_THEME.ok),
    warn: v('--warn', DARK_THEME.warn),
    bad: v('--bad', v('--error', DARK_THEME.bad)),
    accent: v('--accent', DARK_THEME.accent),
    series: [1, 2, 3, 4].map((i) => v(`--chart-${i}`, DARK_THEME.series[i - 1]))
  }
}

/** Theme switches show up as a class / data-theme / style change on html, body or the app root. */
function isThemeTarget(node: Node): boolean {
  if (!(node instanceof Element)) return false
  return node === document.documentElement || node === document.body || node.classList.contains('app') || node.hasAttribute('data-theme')
}

// One observer for the page (not one per chart): a counter that moves when the theme may have changed.
let themeVersion = 0
const listeners = new Set<() => void>()
let observer: MutationObserver | null = null
let media: MediaQueryList | null = null

function bump(): void {
  themeVersion++
  for (const l of listeners) l()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (!observer) {
    observer = new MutationObserver((records) => {
      if (records.some((r) => isThemeTarget(r.target))) bump()
    })
    observer.observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['class', 'data-theme', 'style'] })
    media = window.matchMedia?.('(prefers-color-scheme: light)') ?? null
    media?.addEventListener('change', bump)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && observer) {
      observer.disconnect()
      media?.removeEventListener('change', bump)
      observer = null
      media = null
    }
  }
}

/** The chart theme at the element, re-read when the page's theme may have changed. */
export function useChartTheme(ref: RefObject<Element | null>): ChartTheme {
  const version = useSyncExternalStore(subscribe, () => themeVersion)
  const [theme, setTheme] = useState<ChartTheme>(DARK_THEME)
  useEffect(() => {
    const next = readChartTheme(ref.current)
    setTheme((old) => (JSON.stringify(old) === JSON.stringify(next) ? old : next))
  }, [ref, version])
  return theme
}
