// Health of a push source (POST /api/write): it is never polled, so it is "pending" until the
// first write and then reflects the last write's outcome.
import type { SourceHealth } from '@shared/types'
import type { AppendResult } from '../../store/metric-store'

export class PushHealth {
  private h: SourceHealth

  constructor(id: string) {
    this.h = { id, kind: 'push', state: 'pending', lastSuccessAt: null, lastError: null, samples: 0, nextRunAt: null, consecutiveFailures: 0 }
  }

  /** Records a write that reached the store. */
  recordWrite(result: AppendResult, now: number): SourceHealth {
    const rejected = result.rejected.length
    this.h = {
      ...this.h,
      samples: this.h.samples + result.accepted,
      lastSuccessAt: now,
      state: rejected > 0 ? 'error' : 'ok',
      lastError: rejected > 0 ? `${rejected} sample${rejected > 1 ? 's' : ''} rejected: ${result.rejected[0].reason}` : null,
      consecutiveFailures: 0
    }
    return this.health()
  }

  /** Records a write that failed as a whole (e.g. the store is unavailable). */
  recordFailure(message: string): SourceHealth {
    this.h = { ...this.h, state: 'error', lastError: message, consecutiveFailures: (this.h.consecutiveFailures ?? 0) + 1 }
    return this.health()
  }

  health(): SourceHealth {
    return { ...this.h }
  }
}
