// The Secrets page (#/secrets): every ${secret:NAME} the config refers to, with where its value
// comes from; set one (a password field: the value is sent once and never shown again) or delete
// it from the OS keychain. The desktop app has no HTTP API: there it points to `vigil secret`.
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ErrorNote, Loading } from '../../views/panel-states'
import { httpSecretsClient, secretKeys, secretStatusText, type SecretRow, type SecretsClient } from './secrets-client'
import './secrets.css'

const defaultClient = httpSecretsClient()

export function SecretsPage({ client = defaultClient, desktop = typeof window !== 'undefined' && 'vigil' in window }: { client?: SecretsClient; desktop?: boolean }) {
  if (desktop) {
    return (
      <main className="secrets-page" data-testid="secrets-page" aria-label="Secrets">
        <h2>Secrets</h2>
        <p>Manage secrets from a terminal: <code>vigil secret list</code>, <code>vigil secret set NAME</code> (the value is read from stdin), <code>vigil secret delete NAME</code>.</p>
      </main>
    )
  }
  return <SecretsList client={client} />
}

function SecretsList({ client }: { client: SecretsClient }) {
  const list = useQuery({ queryKey: secretKeys.list, queryFn: () => client.list() })
  return (
    <main className="secrets-page" data-testid="secrets-page" data-state={list.data ? 'ready' : list.error ? 'error' : 'loading'} aria-label="Secrets">
      <h2>Secrets</h2>
      <p className="secrets-note">
        Values of <code>{'${secret:NAME}'}</code> references. They are kept in the OS keychain, or read from <code>VIGIL_SECRET_NAME</code> environment variables, never in the config file, and they are never shown here.
      </p>
      {list.data?.keychainUnavailable && (
        <p className="secrets-warning" role="status">
          No OS keychain is available ({list.data.keychainUnavailable}): set secrets as environment variables of the Vigil process.
        </p>
      )}
      {list.error ? <ErrorNote error={list.error} /> : !list.data ? <Loading /> : list.data.secrets.length === 0 ? <p>The config refers to no secrets.</p> : (
        <table className="secrets-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {list.data.secrets.map((row) => (
              <SecretRowView key={row.name} row={row} client={client} keychain={list.data.keychainUnavailable === null} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}

function SecretRowView({ row, client, keychain }: { row: SecretRow; client: SecretsClient; keychain: boolean }) {
  const queries = useQueryClient()
  const [value, setValue] = useState('')
  const done = () => queries.invalidateQueries({ queryKey: secretKeys.list })
  const save = useMutation({ mutationFn: (v: string) => client.set(row.name, v), onSuccess: () => { setValue(''); return done() } })
  const remove = useMutation({ mutationFn: () => client.remove(row.name), onSuccess: done })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (value !== '') save.mutate(value)
  }
  const missing = row.from === null && row.referenced
  return (
    <tr data-secret={row.name} data-status={row.from ?? 'unset'}>
      <th scope="row"><code>{row.name}</code></th>
      <td className={missing ? 'secret-missing' : undefined}>{missing ? '▲ ' : ''}{secretStatusText(row)}</td>
      <td>
        {keychain && (
          <form onSubmit={submit} className="secret-form">
            <input type="password" autoComplete="new-password" aria-label={`New value for ${row.name}`} value={value} onChange={(e) => setValue(e.target.value)} />
            <button type="submit" disabled={value === '' || save.isPending}>Set</button>
            {row.from === 'keychain' && (
              <button type="button" disabled={remove.isPending} onClick={() => window.confirm(`Delete secret "${row.name}" from the OS keychain?`) && remove.mutate()}>
                Delete
              </button>
            )}
          </form>
        )}
        {(save.error || remove.error) && <p className="secret-error" role="alert">{(save.error ?? remove.error)!.message}</p>}
      </td>
    </tr>
  )
}
