// Checks alerts handed to update() so bad input fails with a clear message before any change.
import type { AlertInstance } from '@shared/alerts'

const STATES = new Set(['inactive', 'pending', 'firing', 'resolved'])

/** Throws an Error naming the alert and field when `a` is not a usable AlertInstance. */
export function validateAlertInput(a: AlertInstance, index: number): void {
  const where = `routing update: alerts[${index}]`
  if (a === null || typeof a !== 'object') throw new Error(`${where}: expected an alert object`)
  if (typeof a.id !== 'string' || a.id === '') throw new Error(`${where}: id must be a non-empty string`)
  const named = `${where} ("${a.id}")`
  if (!STATES.has(a.state)) throw new Error(`${named}: state is ${JSON.stringify(a.state)}, expected inactive, pending, firing or resolved`)
  if (a.labels === null || typeof a.labels !== 'object' || Array.isArray(a.labels)) throw new Error(`${named}: labels must be an object of strings`)
  for (const [name, value] of Object.entries(a.labels)) {
    if (typeof value !== 'string') throw new Error(`${named}: labels.${name} is ${JSON.stringify(value)}, expected a string`)
  }
}
