// SourceDeps for tests: secrets come from a given environment through the real secrets module.
import type { SourceDeps } from '../../src/main/sources/source'
import { envSecretLookup, expandSecrets } from '../../src/main/config/secrets'

/** Deps whose expandSecrets reads VIGIL_SECRET_* from `env` at call time (so a secret set later works). */
export function testDeps(configDir: string, env: NodeJS.ProcessEnv = {}): SourceDeps {
  return { configDir, expandSecrets: (text) => expandSecrets(text, envSecretLookup(env)) }
}
