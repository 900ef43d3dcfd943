// The alert engine's state across restarts: the routing engine's serialized state and the active
// (pending/firing) instances of each rule, saved together in one transaction as JSON text.
import { BIGINT, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { AlertInstance } from '@shared/alerts'
import type { Sql } from './sql'
import { toNumber } from './sql'

export interface AlertEngineState {
  /** RoutingEngine.serialize(), or null when never saved. */
  routing: unknown
  /** Pending and firing instances by rule name. */
  instances: Record<string, AlertInstance[]>
  /** When it was saved (epoch ms), or null when never saved. */
  savedAt: number | null
}

/** Largest JSON text one part of the state may take. */
const MAX_STATE_TEXT = 64 * 1024 * 1024

/** Replaces the saved state (routing + every rule's instances; rules not listed are dropped). */
export async function saveAlertEngineState(sql: Sql, state: Omit<AlertEngineState, 'savedAt'>, now: number): Promise<void> {
  const routingText = toJson(state.routing, 'routing state')
  if (typeof state.instances !== 'object' || state.instances === null) throw new Error('alert engine state: instances must be an object of rule → instances')
  const rules = Object.keys(state.instances)
  const texts = rules.map((rule) => toJson(state.instances[rule], `instances of rule "${rule}"`))
  const at = BigInt(Math.trunc(now))
  await sql.transaction(async () => {
    await sql.exec(
      `INSERT INTO alert_engine_state VALUES ('routing', $value, $at) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = excluded.updated`,
      { value: routingText, at },
      { value: VARCHAR, at: BIGINT }
    )
    await sql.exec(`DELETE FROM alert_rule_instances WHERE NOT list_contains($rules, rule)`, { rules: listValue(rules) }, { rules: LIST(VARCHAR) })
    for (let i = 0; i < rules.length; i++) {
      await sql.exec(
        `INSERT INTO alert_rule_instances VALUES ($rule, $value, $at) ON CONFLICT (rule) DO UPDATE SET instances = excluded.instances, updated = excluded.updated`,
        { rule: rules[i], value: texts[i], at },
        { rule: VARCHAR, value: VARCHAR, at: BIGINT }
      )
    }
  })
}

/** The saved state; a part that cannot be read is reported with what and where. */
export async function loadAlertEngineState(sql: Sql): Promise<AlertEngineState> {
  const routingRows = await sql.rows(`SELECT value, updated FROM alert_engine_state WHERE key = 'routing'`)
  const routing = routingRows.length === 0 ? null : fromJson(String(routingRows[0][0]), 'the saved routing state')
  const savedAt = routingRows.length === 0 ? null : toNumber(routingRows[0][1])
  const instances: Record<string, AlertInstance[]> = {}
  for (const [rule, value] of await sql.rows(`SELECT rule, instances FROM alert_rule_instances ORDER BY rule`)) {
    const list = fromJson(String(value), `the saved instances of rule "${String(rule)}"`)
    if (!Array.isArray(list)) throw new Error(`alert engine state: the saved instances of rule "${String(rule)}" are not a list`)
    instances[String(rule)] = list as AlertInstance[]
  }
  return { routing, instances, savedAt }
}

function toJson(value: unknown, what: string): string {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (err) {
    throw new Error(`alert engine state: ${what} cannot be stored as JSON: ${(err as Error).message}`)
  }
  if (text === undefined) throw new Error(`alert engine state: ${what} is ${typeof value}, which JSON cannot store`)
  if (text.length > MAX_STATE_TEXT) throw new Error(`alert engine state: ${what} is ${text.length} characters as JSON, over the limit of ${MAX_STATE_TEXT}`)
  return text
}

function fromJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new Error(`alert engine state: ${what} is not valid JSON (${(err as Error).message})`)
  }
}
