// `vigil secret set NAME | delete NAME | list`: manages the values of ${secret:NAME} references in
// the OS keychain. A value is read from standard input (piped, or typed at a hidden prompt), never
// from the command line, where `ps` and shell history would show it.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { checkSecretName, secretEnvName, secretNames } from '../config/secrets'
import { defaultSecretStore, MAX_SECRET_VALUE_BYTES, type SecretStore } from '../config/secrets-store'
import { KEYCHAIN_SERVICE } from '../keychain/keychain-entry'
import { appendAuditOnce } from '../audit/append-once'
import { CliError } from './cli-error'
import { defaultDataDir } from './data-dir'

const USAGE = `usage: vigil secret set NAME            (the value is read from stdin, or typed at a hidden prompt)
       vigil secret delete NAME
       vigil secret list [--config FILE | --data-dir DIR]`

/** Standard input as the command uses it: a stream, plus raw mode when it is a terminal. */
export interface SecretInput extends NodeJS.ReadableStream {
  isTTY?: boolean
  setRawMode?(mode: boolean): unknown
}

export interface SecretCommandIO {
  stdin: SecretInput
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  env: NodeJS.ProcessEnv
  /** Default: the OS keychain, then the environment. */
  secrets?: SecretStore
  /** Records a change in the audit log (the default data dir's, when it exists); none: not recorded. */
  audit?: (action: 'secret.set' | 'secret.delete', name: string) => Promise<void>
}

const processIO = (): SecretCommandIO => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  audit: async (action, name) => {
    // The audit log lives in the data dir; before Vigil's first run there is none to record in.
    const dataDir = defaultDataDir(process.env)
    if (!existsSync(dataDir)) return
    await appendAuditOnce(dataDir, { actor: { role: 'admin', via: 'cli' }, action, target: name, details: {} })
  }
})

/** Runs `vigil secret …`; resolves with the exit code (0 done, 1 nothing to delete), throws CliError for usage and keychain errors. */
export async function runSecretCommand(argv: string[], io: SecretCommandIO = processIO()): Promise<number> {
  const [action, ...rest] = argv
  const secrets = io.secrets ?? defaultSecretStore()
  switch (action) {
    case 'set':
      return setSecret(nameArg('set', rest), io, secrets)
    case 'delete':
      return deleteSecret(nameArg('delete', rest), io, secrets)
    case 'list':
      return listSecrets(rest, io, secrets)
    default:
      throw new CliError(action === undefined ? USAGE : `unknown secret action "${action}"\n${USAGE}`)
  }
}

/** The one NAME argument; anything more is refused, so a value typed after the name never lingers in argv silently. */
function nameArg(action: string, rest: string[]): string {
  if (rest.length === 0) throw new CliError(`vigil secret ${action}: NAME is missing\n${USAGE}`)
  if (rest.length > 1) {
    const hint = action === 'set' ? ' The value is read from stdin, never from the command line (where `ps` and shell history show it): printf %s "$VALUE" | vigil secret set NAME' : ''
    throw new CliError(`vigil secret ${action} takes one NAME, got ${rest.length} arguments.${hint}`)
  }
  try {
    return checkSecretName(rest[0])
  } catch (err) {
    throw new CliError(`vigil secret ${action}: ${(err as Error).message}`)
  }
}

async function setSecret(name: string, io: SecretCommandIO, secrets: SecretStore): Promise<number> {
  const value = io.stdin.isTTY && io.stdin.setRawMode ? await promptTwice(name, io) : await readPiped(io.stdin)
  try {
    secrets.set(name, value)
  } catch (err) {
    throw new CliError((err as Error).message, 1)
  }
  await io.audit?.('secret.set', name)
  io.stdout.write(`secret "${name}" stored in the OS keychain (service "${KEYCHAIN_SERVICE}", account "${name}")\n`)
  if (secrets.inEnvironment(name)) io.stdout.write(`  it takes precedence over the environment variable ${secretEnvName(name)}, which is also set\n`)
  io.stdout.write('  a running Vigil uses it within 30 seconds (the Secrets page applies it at once)\n')
  return 0
}

async function deleteSecret(name: string, io: SecretCommandIO, secrets: SecretStore): Promise<number> {
  let deleted: boolean
  try {
    deleted = secrets.delete(name)
  } catch (err) {
    throw new CliError((err as Error).message, 1)
  }
  if (deleted) await io.audit?.('secret.delete', name)
  const env = secrets.inEnvironment(name) ? `; the environment variable ${secretEnvName(name)} is still set and now supplies its value` : ''
  io.stdout.write(deleted ? `secret "${name}" deleted from the OS keychain${env}\n` : `secret "${name}" is not in the OS keychain${env}\n`)
  return deleted ? 0 : 1
}

async function listSecrets(argv: string[], io: SecretCommandIO, secrets: SecretStore): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({ args: argv, options: { config: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true, allowPositionals: false }))
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`)
  }
  const configPath = resolve(values.config ?? join(values['data-dir'] ?? defaultDataDir(io.env), 'vigil.yaml'))
  let referenced: Set<string> | null
  try {
    referenced = new Set(secretNames(await readFile(configPath, 'utf8')))
  } catch (err) {
    referenced = null
    io.stderr.write(`vigil: cannot read ${configPath} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); listing the keychain only\n`)
  }
  const stored = secrets.keychainNames()
  const down = secrets.keychainUnavailable()
  if (down !== null) io.stderr.write(`vigil: no OS keychain available (${down}); only VIGIL_SECRET_* environment variables count\n`)
  const names = [...new Set([...(referenced ?? []), ...(stored ?? [])])].sort()
  if (names.length === 0) {
    io.stdout.write(`no secrets: ${configPath} refers to none and the keychain holds none\n`)
    return 0
  }
  const width = Math.max(4, ...names.map((n) => n.length))
  io.stdout.write(`${'NAME'.padEnd(width)}  ${'VALUE FROM'.padEnd(11)}  IN CONFIG\n`)
  const unresolved: string[] = []
  for (const { name, from } of secrets.status(names)) {
    const inConfig = referenced?.has(name) ?? false
    if (inConfig && from === null) unresolved.push(name)
    const origin = from === 'keychain' ? 'keychain' : from === 'env' ? secretEnvName(name) : 'NOT SET'
    io.stdout.write(`${name.padEnd(width)}  ${origin.padEnd(11)}  ${inConfig ? 'yes' : 'no'}\n`)
  }
  if (unresolved.length > 0) {
    io.stdout.write(`\nunresolved references in ${configPath}: ${unresolved.join(', ')}\n  set each with: vigil secret set NAME   (or the environment variable VIGIL_SECRET_<NAME>)\n`)
  }
  return 0
}

/** Reads piped stdin whole; one trailing newline (from echo or a file) is dropped. */
async function readPiped(input: SecretInput): Promise<string> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    bytes += buf.length
    if (bytes > MAX_SECRET_VALUE_BYTES + 2) throw new CliError(`the value on stdin is larger than ${MAX_SECRET_VALUE_BYTES} bytes`)
    chunks.push(buf)
  }
  const value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
  if (value.length === 0) throw new CliError('no value on stdin: pipe it in (printf %s "$VALUE" | vigil secret set NAME) or run in a terminal to type it')
  return value
}

/** Asks twice at a hidden prompt (a typo cannot be seen); throws when the two differ or the input is empty. */
async function promptTwice(name: string, io: SecretCommandIO): Promise<string> {
  const first = await promptHidden(io, `Value for secret "${name}" (not shown): `)
  if (first.length === 0) throw new CliError('no value typed: nothing stored')
  const second = await promptHidden(io, 'Type it again: ')
  if (second !== first) throw new CliError('the two values differ: nothing stored')
  return first
}

/** Reads one line from a terminal in raw mode without echoing it; Ctrl-C cancels. */
function promptHidden(io: SecretCommandIO, prompt: string): Promise<string> {
  const input = io.stdin
  io.stderr.write(prompt)
  input.setRawMode!(true)
  input.setEncoding('utf8')
  input.resume()
  return new Promise((resolvePrompt, reject) => {
    let value = ''
    const finish = (): void => {
      input.removeListener('data', onData)
      input.setRawMode!(false)
      input.pause()
      io.stderr.write('\n')
    }
    const onData = (chunk: string | Buffer): void => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish()
          resolvePrompt(value)
          return
        }
        if (ch === '\u0003') {
          finish()
          reject(new CliError('cancelled: nothing stored', 130))
          return
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else if (ch >= ' ') value += ch
      }
    }
    input.on('data', onData)
  })
}
