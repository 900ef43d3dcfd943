// The app shell. Laptop mode: header with tabs, range, explore and notification controls,
// banners, source health, the view and the drill-down overlay. Wallboard (kiosk) mode: a slim
// strip, the stale banner and the view, rotating through the playlist; no cursor, no controls.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef } from 'react'
import { AlertBanner } from '../features/alerts/AlertBanner'
import { AlertsPage } from '../features/alerts/AlertsPage'
import { SecretsPage } from '../features/secrets/SecretsPage'
import { ArchiveBanner } from '../features/archive/ArchiveBanner'
import { archiveWindow, hashNamesRange, lockRange } from '../features/archive/archive-range'
import { INITIAL_HASH } from '../features/archive/initial-hash'
import { useArchive } from '../features/archive/use-archive'
import { useConnectionStatus } from '../api/use-connection-status'
import { useTimeWindow } from '../clock/use-time-window'
import { drillTargetOf, type DrillRequest } from '../features/drilldown/drill-links'
import { SourceHealthPanel } from '../features/health/SourceHealthPanel'
import { NotificationToasts } from '../features/notifications/NotificationToasts'
import { useNotificationCenter } from '../features/notifications/use-notification-center'
import { StaleBanner } from '../features/stale/StaleBanner'
import { useStaleness } from '../features/stale/use-staleness'
import { ALERTS_VIEW, SECRETS_VIEW, buildHash, mergeRoute, parseHash } from '../routing/hash-state'
import { useHashState } from '../routing/use-hash-state'
import { ConfigBanner } from './ConfigBanner'
import { ConnectionBanner } from './ConnectionBanner'
import { Header } from './Header'
import { KioskStrip } from './kiosk/KioskStrip'
import { useIdleCursor } from './kiosk/use-idle-cursor'
import { useKioskRotation } from './kiosk/use-kiosk-rotation'
import { liveStatus } from './live-status'
import { applyTheme, effectiveTheme } from './theme/theme'
import { useChosenTheme } from './theme/use-theme'
import { useKioskExit } from './use-kiosk-exit'
import { useViewKeys } from './use-view-keys'
import { useViewList } from './use-view-list'
import { ViewsErrorBanner } from './ViewsErrorBanner'

// The views and the drill-down carry ECharts, most of the bundle. Their code is fetched as this
// module runs but evaluated apart from the shell, so the shell paints and its first requests (the
// views, app info, alerts) leave while that code still arrives: opening an archive or a wallboard
// waits for the slower of the two, not for both one after the other.
const viewPageCode = import('../views/ViewPage')
const drillDownCode = import('../features/drilldown/DrillDown')
const ViewPage = lazy(() => viewPageCode.then((m) => ({ default: m.ViewPage })))
const DrillDown = lazy(() => drillDownCode.then((m) => ({ default: m.DrillDown })))

export function App() {
  const [state, update] = useHashState()
  const kiosk = state.mode === 'wallboard'
  const list = useViewList()
  const viewIds = list.views.map((v) => v.id)
  const connection = useConnectionStatus()
  const { staleness, now } = useStaleness(list.wallboard.staleAfterMs)
  const status = liveStatus(connection, staleness)
  const liveWindow = useTimeWindow(state)
  // Review mode: the range is locked to the archive (whole archive unless the URL named a range).
  const archive = useArchive()
  const window = useMemo(() => (archive ? archiveWindow(state, archive) : liveWindow), [archive, liveWindow, state.range, state.from, state.to])
  const rangeNamed = useRef(hashNamesRange(INITIAL_HASH))
  useEffect(() => {
    if (!archive) return
    const patch = lockRange(state, archive, rangeNamed.current)
    rangeNamed.current = true
    if (patch) update(patch)
  }, [archive, state.range, state.from, state.to, update])

  const theme = effectiveTheme(useChosenTheme(), kiosk)
  useEffect(() => applyTheme(theme), [theme])

  const onAlertsPage = state.view === ALERTS_VIEW
  // Never on a wallboard: a TV shows views, not settings.
  const onSecretsPage = state.view === SECRETS_VIEW && !kiosk
  const selectView = useCallback((view: string) => update({ view, drill: null, alert: null, ack: false }), [update])
  const openAlert = useCallback((alert: string) => update({ view: ALERTS_VIEW, alert, ack: false, drill: null }), [update])
  const ackHandled = useCallback(() => update({ ack: false }), [update])
  const closeDrill = useCallback(() => update({ drill: null }), [update])
  const exitKiosk = useCallback(() => update({ mode: 'laptop' }), [update])
  const onDrillDown = useCallback((request: DrillRequest) => update({ drill: drillTargetOf(request) }), [update])
  const onZoom = useCallback((from: number, to: number) => update({ range: 'custom', from: Math.round(from), to: Math.round(to) }), [update])
  const openRoute = useCallback((route: string) => {
    globalThis.location.hash = mergeRoute(parseHash(globalThis.location.hash), route)
  }, [])

  // The drill-down dialog owns the keyboard while it is open.
  useViewKeys(state.view, viewIds, selectView, kiosk || state.drill === null)
  useKioskExit(kiosk, exitKiosk)
  useIdleCursor(kiosk)
  const rotation = useKioskRotation({
    enabled: kiosk,
    playlist: list.wallboard.playlist,
    intervalMs: list.wallboard.intervalMs,
    current: state.view,
    // While the engine is unreachable, stay on the view that has data rather than rotate to blank ones.
    hold: staleness.engineDown,
    navigate: selectView
  })
  const notifications = useNotificationCenter(openRoute)

  // A view that is not configured (an old bookmark, a removed view): show the first one instead.
  const unknownView = list.views.length > 0 && !viewIds.includes(state.view) && !onAlertsPage && !onSecretsPage
  useEffect(() => {
    if (unknownView) update({ view: viewIds[0] })
  }, [unknownView, update, viewIds[0]])

  // Show the full state in the address bar (e.g. "#/executive?range=24h") without a history entry.
  // Canonicalise the hash as it is now, not as rendered: it may have changed since (a link, a
  // test driver), and writing the rendered state back would undo that change.
  useEffect(() => {
    const canonical = buildHash(parseHash(globalThis.location.hash))
    if (globalThis.location.hash !== canonical) globalThis.history.replaceState(null, '', canonical)
  }, [state])

  const title = onAlertsPage ? 'Alerts' : onSecretsPage ? 'Secrets' : (list.views.find((v) => v.id === state.view)?.title ?? state.view)
  const playlistIndex = list.wallboard.playlist.indexOf(state.view)

  return (
    <div className={`app mode-${state.mode}`} data-connection={connection} data-kiosk={kiosk ? 'true' : 'false'}>
      {kiosk ? (
        <KioskStrip
          title={title}
          position={playlistIndex === -1 ? null : { index: playlistIndex, count: list.wallboard.playlist.length }}
          status={status}
          rotation={rotation}
          intervalMs={list.wallboard.intervalMs}
        />
      ) : (
        <Header state={state} window={window} views={list.views} status={status} update={update} />
      )}
      <ArchiveBanner />
      {!archive && <StaleBanner staleness={staleness} now={now} />}
      {(kiosk || !onAlertsPage) && <AlertBanner onOpen={kiosk ? undefined : openAlert} />}
      {!staleness.engineDown && <ConnectionBanner />}
      <ConfigBanner />
      <ViewsErrorBanner error={list.error} />
      {!kiosk && <SourceHealthPanel />}
      {onAlertsPage && <AlertsPage selected={state.alert} ackRequested={state.ack} onAckHandled={ackHandled} />}
      {onSecretsPage && <SecretsPage />}
      {!unknownView && !onAlertsPage && !onSecretsPage && (
        <Suspense fallback={<div className="view-code-loading" data-state="loading" aria-busy="true" />}>
          <ViewPage key={state.view} state={state} update={update} window={window} onDrillDown={kiosk ? undefined : onDrillDown} onZoom={kiosk ? undefined : onZoom} />
        </Suspense>
      )}
      {!kiosk && state.drill && (
        <Suspense fallback={null}>
          <DrillDown state={state} theme={theme} onClose={closeDrill} />
        </Suspense>
      )}
      <NotificationToasts store={notifications.toasts} onOpen={notifications.open} interactive={!kiosk} />
    </div>
  )
}
