// ${secret:NAME} references in config strings. Values never live in the config file: they resolve
// from the OS keychain, then from environment variables (see secrets-store.ts).

const SECRET_REF = /\$\{secret:([A-Za-z0-9_.-]+)\}/g
const SECRET_NAME = /^[A-Za-z0-9_.-]+$/
/** Longest secret name accepted (a keychain account name; no config needs more). */
export const MAX_SECRET_NAME_LENGTH = 128

/** The environment variable that holds secret NAME: VIGIL_SECRET_ + NAME upper-cased, non-alphanumerics as "_". */
export function secretEnvName(name: string): string {
  return `VIGIL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
}

export type SecretLookup = (name: string) => string | undefined

/** Looks secrets up in an environment (process.env by default). */
export function envSecretLookup(env: NodeJS.ProcessEnv = process.env): SecretLookup {
  return (name) => env[secretEnvName(name)]
}

/** Names of every secret a string refers to. */
export function secretNames(text: string): string[] {
  return [...text.matchAll(SECRET_REF)].map((m) => m[1])
}

/** True for a name a ${secret:NAME} reference can use: letters, digits, "_", "." and "-". */
export function isSecretName(name: string): boolean {
  return name.length <= MAX_SECRET_NAME_LENGTH && SECRET_NAME.test(name)
}

/** Throws unless `name` is a valid secret name (the message quotes the name, which is not secret). */
export function checkSecretName(name: string): string {
  if (!isSecretName(name)) {
    const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)
    throw new Error(`${shown} is not a secret name: use 1-${MAX_SECRET_NAME_LENGTH} letters, digits, "_", "." or "-" (as in \${secret:NAME})`)
  }
  return name
}

/** What a missing secret's error says after `secret "NAME" is not set`: where it can be set. */
export type MissingSecretHint = (name: string) => string

/** The hint when only the environment is consulted. */
export const envOnlyHint: MissingSecretHint = (name) => `set the environment variable ${secretEnvName(name)}`

/** Replaces every ${secret:NAME} in text; throws naming the missing secret and where to set it (never any value). */
export function expandSecrets(text: string, lookup: SecretLookup, hint: MissingSecretHint = envOnlyHint): string {
  return text.replace(SECRET_REF, (_, name: string) => {
    const value = lookup(name)
    if (value === undefined) throw new Error(`secret "${name}" is not set (${hint(name)})`)
    return value
  })
}

/** A fingerprint suffix naming the change count of every secret `config` refers to ('' when none changed), so a reload restarts what uses a changed secret. */
export function secretVersionTag(config: unknown, versions: ReadonlyMap<string, number>): string {
  const used = [...new Set(secretNames(JSON.stringify(config) ?? ''))].filter((n) => versions.has(n)).sort()
  return used.length === 0 ? '' : `|secrets:${used.map((n) => `${n}@${versions.get(n)}`).join(',')}`
}
