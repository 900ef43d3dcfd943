// "Your name": who acknowledges, silences and marks noise from this browser (remembered).
import { useId } from 'react'

export function OperatorName({ value, onChange }: { value: string; onChange(name: string): void }) {
  const id = useId()
  return (
    <span className="operator-name">
      <label htmlFor={id}>Your name</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} placeholder="who acknowledges" maxLength={200} data-testid="operator-name" autoComplete="name" />
    </span>
  )
}
