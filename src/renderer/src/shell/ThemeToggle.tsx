// Light-theme switch (laptop mode): a toggle button, pressed while the light theme is on; the
// choice is remembered in localStorage.
import { chooseTheme, useChosenTheme } from './theme/use-theme'

export function ThemeToggle() {
  const light = useChosenTheme() === 'light'
  return (
    <button
      type="button"
      className="theme-toggle"
      aria-pressed={light}
      onClick={() => chooseTheme(light ? 'dark' : 'light')}
      title={light ? 'Light theme is on: press for the dark theme' : 'Switch to the light theme'}
      data-testid="theme-toggle"
    >
      <span aria-hidden="true">☀ </span>Light theme
    </button>
  )
}
