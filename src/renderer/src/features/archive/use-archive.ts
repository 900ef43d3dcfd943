// The archive under review (from app info), or null on a live engine.
import type { ArchiveInfo } from '@shared/types'
import { useAppInfo } from '../app-info/use-app-info'

/** The archive being reviewed, or null (live mode, or app info not loaded yet). */
export function useArchive(): ArchiveInfo | null {
  const info = useAppInfo().data
  return info?.mode === 'archive' ? (info.archive ?? null) : null
}
