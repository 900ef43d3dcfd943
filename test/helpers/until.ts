// Polls a probe until it answers something truthy (tests of engines that work in the background).

/** Resolves with the probe's first truthy answer; throws "timed out waiting for WHAT" after `ms` (30 s by default). */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
