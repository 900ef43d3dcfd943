// Review mode's banner: which archive, its range, and whether it verified and was signed.
import { formatArchiveRange, trustText } from './archive-range'
import { useArchive } from './use-archive'

export function ArchiveBanner() {
  const archive = useArchive()
  if (!archive) return null
  return (
    <div className="banner banner-warn banner-archive" data-testid="archive-banner" role="status">
      <span aria-hidden="true">▣ </span>
      Archive: <strong>{archive.name}</strong>, {formatArchiveRange(archive)}, {trustText(archive)} · read-only review
    </div>
  )
}
