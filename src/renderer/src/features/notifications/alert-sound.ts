// A short two-tone alert for critical notices, synthesised with WebAudio (no audio asset).
// Browsers only let audio start after a user gesture, so unlockAlertSound() is called from
// clicks (the sound toggle, the permission button) and any key or click on the page.

let context: AudioContext | null = null

function audioContext(): AudioContext | null {
  if (context) return context
  const Ctor = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext
  if (!Ctor) return null
  try {
    context = new Ctor()
  } catch {
    return null
  }
  return context
}

/** Creates/resumes the page's one AudioContext; call from a user gesture. */
export function unlockAlertSound(): void {
  const ctx = audioContext()
  if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => undefined)
}

/** Plays two short beeps; does nothing where audio is unavailable or still locked. */
export function playAlertSound(): void {
  const ctx = audioContext()
  if (!ctx) return
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined)
  const start = ctx.currentTime + 0.02
  for (const [offset, frequency] of [
    [0, 880],
    [0.22, 660]
  ] as const) {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.type = 'sine'
    osc.frequency.value = frequency
    // A quick fade in and out avoids clicks.
    gain.gain.setValueAtTime(0, start + offset)
    gain.gain.linearRampToValueAtTime(0.25, start + offset + 0.02)
    gain.gain.linearRampToValueAtTime(0, start + offset + 0.18)
    osc.connect(gain).connect(ctx.destination)
    osc.start(start + offset)
    osc.stop(start + offset + 0.2)
    // Nodes are garbage once stopped; disconnecting frees them at once.
    osc.onended = () => {
      osc.disconnect()
      gain.disconnect()
    }
  }
}
