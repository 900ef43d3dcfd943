// Secrets never enter an archive. The config is archived as written (secrets as ${secret:NAME}
// references), and every member is checked against the secret values this process can see, so
// a value pasted into the config, a view or a stored row refuses the export instead of leaking.
// Values come from the OS keychain, then VIGIL_SECRET_* variables (config/secrets-store.ts).
import { secretNames, type SecretLookup } from '../config/secrets'
import { defaultSecretStore } from '../config/secrets-store'

/** Values shorter than this are not searched for (a 1-3 character "secret" would match anywhere). */
export const MIN_GUARDED_SECRET_LENGTH = 4

/** Every secret value to keep out: those the config refers to, and every VIGIL_SECRET_* variable. */
export function secretValues(configText: string, lookup: SecretLookup = defaultSecretStore().lookup, env: NodeJS.ProcessEnv = process.env): string[] {
  const values = new Set<string>()
  for (const name of secretNames(configText)) {
    const v = lookup(name)
    if (v !== undefined) values.add(v)
  }
  for (const [key, v] of Object.entries(env)) if (key.startsWith('VIGIL_SECRET_') && v !== undefined) values.add(v)
  return [...values].filter((v) => v.length >= MIN_GUARDED_SECRET_LENGTH)
}

/** Throws when a secret value occurs in a text member (names the member, never the value). */
export function assertNoSecret(member: string, text: string, secrets: readonly string[]): void {
  if (secrets.some((s) => text.includes(s))) {
    throw new Error(`archive export refused: ${member} contains the value of a secret (write it as a \${secret:NAME} reference; secrets never enter an archive)`)
  }
}
