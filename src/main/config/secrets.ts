// ${secret:NAME} references in config strings. Values never live in the config file; for now
// they resolve from environment variables (the OS keychain comes with the hardening work).

const SECRET_REF = /\$\{secret:([A-Za-z0-9_.-]+)\}/g

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

/** Replaces every ${secret:NAME} in text; throws naming the missing secret (never any value). */
export function expandSecrets(text: string, lookup: SecretLookup): string {
  return text.replace(SECRET_REF, (_, name: string) => {
    const value = lookup(name)
    if (value === undefined) {
      throw new Error(`secret "${name}" is not set (set the environment variable ${secretEnvName(name)})`)
    }
    return value
  })
}
