import { describe, expect, it } from 'vitest'
import { formatE, formatF, formatG, parseTemplate, renderTemplate, TemplateError } from '.'

const ctx = { value: 251.33333333333334, labels: { service: 'checkout', instance: 'web-1', code: '0.25' } }

describe('alert templates', () => {
  it('renders $value, $labels and text', () => {
    expect(renderTemplate('checkout latency {{ $value }} ms', ctx)).toBe('checkout latency 251.33333333333334 ms')
    expect(renderTemplate('{{$labels.service}} on {{ $labels.instance }}', ctx)).toBe('checkout on web-1')
    expect(renderTemplate('missing "{{ $labels.nope }}"', ctx)).toBe('missing ""')
    expect(renderTemplate('no actions at all', ctx)).toBe('no actions at all')
    expect(renderTemplate('{{ "{{" }} literal {{ `}}` }}', ctx)).toBe('{{ literal }}')
    expect(renderTemplate('value: {{ $value }}', { value: null, labels: {} })).toBe('value: ')
  })

  it('calls functions directly and through pipes', () => {
    expect(renderTemplate('{{ humanize $value }}', ctx)).toBe('251.3')
    expect(renderTemplate('{{ $value | humanize }}', ctx)).toBe('251.3')
    expect(renderTemplate('{{ $value | printf "%.1f ms" }}', ctx)).toBe('251.3 ms')
    expect(renderTemplate('{{ printf "%s is %.0f%%" $labels.service $value }}', ctx)).toBe('checkout is 251%')
    expect(renderTemplate('{{ $labels.service | toUpper }}', ctx)).toBe('CHECKOUT')
    expect(renderTemplate('{{ title "hello big world" }}', ctx)).toBe('Hello Big World')
    expect(renderTemplate('{{ humanizePercentage $labels.code }}', ctx)).toBe('25%')
    expect(renderTemplate('{{ humanizeDuration 93784 }}', ctx)).toBe('1d 2h 3m 4s')
  })

  it('humanizes like Prometheus', () => {
    const h = (v: number, fn = 'humanize'): string => renderTemplate(`{{ ${fn} $value }}`, { value: v, labels: {} })
    expect([0, 1, 999, 1000, 1234567, 0.00123, -2500, 999950, 1e27].map((v) => h(v))).toEqual(['0', '1', '999', '1k', '1.235M', '1.23m', '-2.5k', '1000k', '1000Y'])
    // Go's %.4g rounds exact ties to even; JavaScript's toPrecision would give 10.13.
    expect(h(10.125)).toBe('10.12')
    expect(h(10.375)).toBe('10.38')
    expect(h(12345)).toBe('12.35k')
    expect([1, 1024, 1536, 1048576].map((v) => h(v, 'humanize1024'))).toEqual(['1', '1ki', '1.5ki', '1Mi'])
    expect([0, 0.5, 1.5, 59, 61, 3661, 0.0015, -90].map((v) => h(v, 'humanizeDuration'))).toEqual([
      '0s',
      '500ms',
      '1.5s',
      '59s',
      '1m 1s',
      '1h 1m 1s',
      '1.5ms',
      '-1m 30s'
    ])
    expect(h(0.1234, 'humanizePercentage')).toBe('12.34%')
    expect(h(NaN)).toBe('NaN')
    expect(h(Infinity)).toBe('+Inf')
  })

  it('formats numbers as Go does', () => {
    expect([1e6, 123456, 1234567, 0.0001, 0.00001, 100, 1.5].map((v) => formatG(v))).toEqual(['1e+06', '123456', '1.234567e+06', '0.0001', '1e-05', '100', '1.5'])
    expect([12345, 1000, 0.000012345, 99999].map((v) => formatG(v, 4))).toEqual(['1.234e+04', '1000', '1.234e-05', '1e+05'])
    expect([0.5, 1.5, 2.5, 2.675, 0.09, 0.001, -1.005].map((v) => formatF(v, v === 0.09 || v === 0.001 ? 1 : v === 2.675 || v === -1.005 ? 2 : 0))).toEqual([
      '0',
      '2',
      '2',
      '2.67',
      '0.1',
      '0.0',
      '-1.00'
    ])
    expect(formatF(3)).toBe('3.000000')
    expect(formatE(1234.5, 2)).toBe('1.23e+03')
    expect(formatE(0)).toBe('0.000000e+00')
  })

  it('rejects templates with clear messages', () => {
    const err = (src: string): string => {
      try {
        parseTemplate(src)
      } catch (e) {
        expect(e).toBeInstanceOf(TemplateError)
        return (e as Error).message
      }
      throw new Error(`"${src}" parsed`)
    }
    expect(err('a {{ $value')).toBe('unclosed "{{" (expected "}}") (column 3)')
    expect(err('{{ $vaule }}')).toBe('unknown variable "$vaule" (use $value or $labels.NAME) (column 4)')
    expect(err('{{ $labels }}')).toBe('$labels needs a label name, e.g. $labels.service (column 4)')
    expect(err('{{ humanize }}')).toBe('humanize takes 1 argument, got 0 (column 4)')
    expect(err('{{ humanize $value $value }}')).toBe('humanize takes 1 argument, got 2 (column 4)')
    expect(err('{{ $value | $value }}')).toBe('only a function can follow "|" (column 13)')
    expect(err('{{ $value $value }}')).toBe('unexpected text after a value (call a function, or use "|" to pipe) (column 11)')
    expect(err('{{ }}')).toBe('empty {{ }} (column 1)')
    expect(err('{{ $value | }}')).toBe('"|" needs a command on both sides (column 1)')
    expect(err('{{ printf $value }}')).toBe('printf needs a format string first, e.g. printf "%.2f" $value (column 4)')
    expect(err('{{ printf "%x" $value }}')).toBe('printf: unsupported directive "%x" (use %d, %f, %.2f, %g, %e, %s, %v or %%)')
    expect(err('{{ index $labels "a" }}')).toMatch(/^unknown function "index" \(known: humanize, humanize1024/)
    expect(err('{{ "abc }}')).toBe('unterminated string (column 4)')
    expect(err('a }} b')).toBe('unmatched "}}" (write {{ "}}" }} for literal braces) (column 3)')
    expect(err('{{ $value; }}')).toMatch(/^unexpected ";"/)
  })

  it('renders a function error as the annotation (as Prometheus does) instead of throwing', () => {
    expect(renderTemplate('x {{ humanize $labels.service }}', ctx)).toBe('<error expanding template: humanize: "checkout" is not a number>')
    expect(renderTemplate('{{ printf "%f %f" $value }}', ctx)).toBe('<error expanding template: printf: "%f %f" needs more arguments than the 1 given>')
  })
})
