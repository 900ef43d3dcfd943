// PostgreSQL's CancelRequest (protocol 3.0): a separate connection carrying the backend's pid
// and secret key. Closing our socket alone leaves the server running the query, holding its
// locks, until statement_timeout; a cancel stops it at once.
import { connect } from 'node:net'

export interface CancelTarget {
  /** Host name, or a Unix socket directory (starting with "/"). */
  host: string
  port: number
  processID: number
  secretKey: number
}

const CANCEL_REQUEST_CODE = 80877102
const GIVE_UP_MS = 3000

/** Sends a cancel request for the backend's running query; resolves when sent or given up (never rejects). */
export function sendCancelRequest(target: CancelTarget): Promise<void> {
  return new Promise((resolve) => {
    const socket = target.host.startsWith('/')
      ? connect(`${target.host}/.s.PGSQL.${target.port}`)
      : connect(target.port, target.host)
    const done = (): void => {
      socket.destroy()
      resolve()
    }
    socket.setTimeout(GIVE_UP_MS, done)
    socket.once('error', done)
    socket.once('close', done)
    socket.once('connect', () => {
      const packet = Buffer.alloc(16)
      packet.writeInt32BE(16, 0)
      packet.writeInt32BE(CANCEL_REQUEST_CODE, 4)
      packet.writeInt32BE(target.processID, 8)
      packet.writeInt32BE(target.secretKey, 12)
      // The server closes the connection after reading the request.
      socket.end(packet)
    })
  })
}
