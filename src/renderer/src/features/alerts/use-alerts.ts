// Alerting reads (TanStack Query, refreshed by `alerts` events) and the operator's actions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ArgsOf } from '@shared/api'
import { getBridge } from '../../api/bridge'
import { alertKeys } from './alert-keys'

/** Active alerts with routing status, groups and rule health. */
export function useAlerts() {
  return useQuery({ queryKey: alertKeys.active, queryFn: () => getBridge().listAlerts({}) })
}

export function useSilences() {
  return useQuery({ queryKey: alertKeys.silences, queryFn: () => getBridge().listSilences({}) })
}

/** History in [from, to), newest first (at most 500 entries). */
export function useAlertHistory(from: number, to: number) {
  return useQuery({ queryKey: alertKeys.history(from, to), queryFn: () => getBridge().getAlertHistory({ from, to, limit: 500 }) })
}

export function useNotificationLog(limit = 200) {
  return useQuery({ queryKey: alertKeys.notifications(limit), queryFn: () => getBridge().listNotifications({ limit }) })
}

export function useAlertQuality(from: number, to: number) {
  return useQuery({ queryKey: alertKeys.quality(from, to), queryFn: () => getBridge().getAlertQuality({ from, to }) })
}

/** The operator's actions; each refreshes every alerting query when it succeeds. */
export function useAlertActions() {
  const queryClient = useQueryClient()
  const refresh = () => void queryClient.invalidateQueries({ queryKey: alertKeys.all })
  return {
    acknowledge: useMutation({ mutationFn: (args: ArgsOf<'acknowledgeAlert'>) => getBridge().acknowledgeAlert(args), onSuccess: refresh }),
    silence: useMutation({ mutationFn: (args: ArgsOf<'addSilence'>) => getBridge().addSilence(args), onSuccess: refresh }),
    expire: useMutation({ mutationFn: (args: ArgsOf<'expireSilence'>) => getBridge().expireSilence(args), onSuccess: refresh }),
    markNoise: useMutation({ mutationFn: (args: ArgsOf<'markAlertNoise'>) => getBridge().markAlertNoise(args), onSuccess: refresh })
  }
}
