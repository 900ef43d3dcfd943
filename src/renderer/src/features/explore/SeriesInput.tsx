// Laptop-mode input to open any series in the Explore panel, with catalog suggestions.
import { useId, useState, type FormEvent } from 'react'
import { useSeriesNames } from '../series/use-series-catalog'

export function SeriesInput({ current, onOpen }: { current: string | null; onOpen(series: string): void }) {
  const [text, setText] = useState(current ?? '')
  const [focused, setFocused] = useState(false)
  // Suggestions are fetched once the user shows interest, not on every wallboard load.
  const names = useSeriesNames(focused)
  const listId = useId()

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const name = text.trim()
    if (name !== '') onOpen(name)
  }

  return (
    <form className="series-input" role="search" onSubmit={submit}>
      <input
        type="text"
        value={text}
        list={listId}
        placeholder="Explore series…"
        aria-label="Series name to explore"
        spellCheck={false}
        onFocus={() => setFocused(true)}
        onChange={(e) => setText(e.target.value)}
      />
      <datalist id={listId}>
        {(names.data ?? []).map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </form>
  )
}
