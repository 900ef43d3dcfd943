// What this UI's token may do (GET /api/whoami): a viewer's wallboard hides acknowledge, silence
// and the Secrets page. The desktop app (IPC, no token) is its own admin.
import { useQuery } from '@tanstack/react-query'
import type { WhoAmI } from '@shared/api'
import { appInfoKeys } from './app-info-keys'

const DESKTOP: Pick<WhoAmI, 'canOperate' | 'canAdminister'> = { canOperate: true, canAdminister: true }
/** Until the answer comes (or when it fails), show no actions the server may refuse. */
const UNKNOWN: Pick<WhoAmI, 'canOperate' | 'canAdminister'> = { canOperate: false, canAdminister: false }

/** The UI's permissions: from /api/whoami over HTTP, everything in the desktop app. */
export function useRole(): Pick<WhoAmI, 'canOperate' | 'canAdminister'> {
  const desktop = typeof window !== 'undefined' && window.vigil !== undefined
  const query = useQuery({
    queryKey: [...appInfoKeys.all, 'whoami'],
    enabled: !desktop,
    staleTime: Infinity,
    queryFn: async (): Promise<WhoAmI> => {
      const res = await fetch('api/whoami', { credentials: 'same-origin' })
      if (!res.ok) throw new Error(`GET /api/whoami answered ${res.status}`)
      return (await res.json()) as WhoAmI
    }
  })
  if (desktop) return DESKTOP
  return query.data ?? UNKNOWN
}
