// App info (version, mode, config error); also aligns the app clock with the server's.
import { useQuery } from '@tanstack/react-query'
import { getBridge } from '../../api/bridge'
import { setServerTime } from '../../clock/clock'
import { appInfoKeys } from './app-info-keys'

/** Fetches app info; refreshed by `config` events. */
export function useAppInfo() {
  return useQuery({
    queryKey: appInfoKeys.all,
    queryFn: async () => {
      const info = await getBridge().getAppInfo({})
      setServerTime(info.now)
      return info
    }
  })
}
