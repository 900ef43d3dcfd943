// Source health, fetched once and then patched by `sourceState` events.
import { useQuery } from '@tanstack/react-query'
import { getBridge } from '../../api/bridge'
import { healthKeys } from './health-keys'

/** The engine's health answer (one entry per source). */
export function useHealth() {
  return useQuery({ queryKey: healthKeys.all, queryFn: () => getBridge().getHealth({}) })
}
