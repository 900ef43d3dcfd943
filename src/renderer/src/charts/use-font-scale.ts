// Chart text follows the CSS root font size (which grows on 4K wallboards), so axis labels
// stay readable at the same distance as the rest of the page.
import { useSyncExternalStore } from 'react'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange)
  return () => window.removeEventListener('resize', onChange)
}

const readScale = () => (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16) / 16

/** Root font size relative to 16 px (1 at 1920 px wide). */
export function useFontScale(): number {
  return useSyncExternalStore(subscribe, readScale)
}
