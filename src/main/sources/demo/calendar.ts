// Working rhythm of the organisation (UTC): busy weekday office hours, quiet nights and weekends.

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** Hour of day, 0 ≤ h < 24 (UTC). */
export function hourOfDay(t: number): number {
  return (((t % DAY) + DAY) % DAY) / HOUR
}

/** True on Saturday and Sunday (UTC). 1970-01-01 was a Thursday. */
export function isWeekend(t: number): boolean {
  const dow = (((Math.floor(t / DAY) + 4) % 7) + 7) % 7
  return dow === 0 || dow === 6
}

/** Office activity by hour: ~0.1 at night, 1 at the weekday peak, a dip at lunch. */
export function officeHours(hour: number): number {
  const rise = 1 / (1 + Math.exp(-(hour - 8) * 1.6))
  const fall = 1 / (1 + Math.exp((hour - 18) * 1.3))
  const lunch = 0.12 * Math.exp(-((hour - 12.5) ** 2) / 0.5)
  return 0.1 + 0.9 * rise * fall - lunch
}

/** Activity 0..1 at time t: office hours, scaled down at weekends. */
export function activity(t: number): number {
  const a = officeHours(hourOfDay(t))
  return isWeekend(t) ? 0.1 + (a - 0.1) * 0.25 : a
}

/** Mean of activity() over a week (numerically, at 5-minute steps), so loads can be normalised to mean 1. */
export const MEAN_ACTIVITY: number = (() => {
  const monday = 4 * DAY // 1970-01-05 was a Monday
  let sum = 0
  let n = 0
  for (let t = monday; t < monday + 7 * DAY; t += 5 * MINUTE) {
    sum += activity(t)
    n++
  }
  return sum / n
})()
