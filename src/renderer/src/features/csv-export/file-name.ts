// The downloaded file's name: the panel and the moment, safe on every file system.

/** "vigil-<panel>-20260501-0807.csv" (local time). */
export function csvFileName(panelKey: string, at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`
  const safe = panelKey.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'panel'
  return `vigil-${safe}-${stamp}.csv`
}
