// The configured views (built-in and from vigil.yaml) and the wallboard playlist; refetched on
// `config` events. The view page renders the selected one; the shell renders the tab bar from it.
import { useQuery } from '@tanstack/react-query'
import type { ViewsResult } from '@shared/api'
import { getBridge } from '../../api/bridge'
import { viewsKeys } from './views-keys'

/** The getViews answer: `data.views` in tab order, `data.wallboard` for kiosk mode. */
export function useViews() {
  return useQuery<ViewsResult>({ queryKey: viewsKeys.all, queryFn: () => getBridge().getViews({}) })
}
