import { describe, expect, it } from 'vitest'
import { parseLineProtocol } from './line-protocol'

const NOW = 1_700_000_123_456

describe('parseLineProtocol', () => {
  it('turns each numeric field into a series named measurement_field, tags into labels', () => {
    const r = parseLineProtocol('cpu,host=a,region=eu usage=12.5,idle=80.1 1700000000000000000', 'ns', NOW)
    expect(r.errors).toEqual([])
    expect(r.samples).toEqual([
      { name: 'cpu_usage', labels: { host: 'a', region: 'eu' }, ts: 1_700_000_000_000, value: 12.5 },
      { name: 'cpu_idle', labels: { host: 'a', region: 'eu' }, ts: 1_700_000_000_000, value: 80.1 }
    ])
    expect(r.sampleLines).toEqual([1, 1])
  })

  it('names a field called "value" after the measurement alone', () => {
    const r = parseLineProtocol('deploys value=3', 'ns', NOW)
    expect(r.samples).toEqual([{ name: 'deploys', labels: {}, ts: NOW, value: 3 }])
  })

  it('reads integers, unsigned integers, floats with exponents and every boolean spelling', () => {
    const body = [
      'm a=1i,b=-42i,c=7u,d=1.5e3,e=-2E-2,f=.5,g=5.,h=+3',
      'm t1=t,t2=T,t3=true,t4=True,t5=TRUE',
      'm f1=f,f2=F,f3=false,f4=False,f5=FALSE'
    ].join('\n')
    const r = parseLineProtocol(body, 'ms', NOW)
    expect(r.errors).toEqual([])
    const byName = Object.fromEntries(r.samples.map((s) => [s.name, s.value]))
    expect(byName).toEqual({
      m_a: 1, m_b: -42, m_c: 7, m_d: 1500, m_e: -0.02, m_f: 0.5, m_g: 5, m_h: 3,
      m_t1: 1, m_t2: 1, m_t3: 1, m_t4: 1, m_t5: 1,
      m_f1: 0, m_f2: 0, m_f3: 0, m_f4: 0, m_f5: 0
    })
  })

  it('unescapes commas, spaces and equals signs in measurement, tag keys, tag values and field keys', () => {
    const r = parseLineProtocol(String.raw`my\ meas\,ure,tag\ key=va\,l\ u\=e fi\=eld\ x=1 1000`, 'ms', NOW)
    expect(r.errors).toEqual([])
    expect(r.samples).toEqual([
      { name: 'my meas,ure_fi=eld x', labels: { 'tag key': 'va,l u=e' }, ts: 1000, value: 1 }
    ])
  })

  it('keeps a backslash that escapes nothing', () => {
    const r = parseLineProtocol(String.raw`path,dir=C:\temp v=1 1000`, 'ms', NOW)
    expect(r.samples[0].labels).toEqual({ dir: String.raw`C:\temp` })
  })

  it('skips quoted string fields (with escaped quotes, spaces and commas) but keeps the numeric ones, reporting the skip', () => {
    const r = parseLineProtocol('log,app=x msg="he said \\"hi, there\\" = ok",count=3i 5000', 'ms', NOW)
    expect(r.samples).toEqual([{ name: 'log_count', labels: { app: 'x' }, ts: 5000, value: 3 }])
    expect(r.errors).toEqual([{ line: 1, message: 'string field "msg" skipped; Vigil stores numbers and booleans only' }])
  })

  it('rejects a line that has only string fields', () => {
    const r = parseLineProtocol('log msg="hello"', 'ms', NOW)
    expect(r.samples).toEqual([])
    expect(r.errors).toEqual([{ line: 1, message: 'only string fields ("msg"); Vigil stores numbers and booleans only' }])
  })

  it('converts every precision to integer epoch ms, rounding half up', () => {
    const at = (ts: string, p: 'ns' | 'us' | 'ms' | 's'): number => parseLineProtocol(`m v=1 ${ts}`, p, NOW).samples[0].ts
    expect(at('1700000000123456789', 'ns')).toBe(1_700_000_000_123)
    expect(at('1700000000123500000', 'ns')).toBe(1_700_000_000_124)
    expect(at('1700000000123499999', 'ns')).toBe(1_700_000_000_123)
    expect(at('1700000000123456', 'us')).toBe(1_700_000_000_123)
    expect(at('1700000000123500', 'us')).toBe(1_700_000_000_124)
    expect(at('1700000000123', 'ms')).toBe(1_700_000_000_123)
    expect(at('1700000000', 's')).toBe(1_700_000_000_000)
    expect(at('999', 'ns')).toBe(0)
    expect(at('500000', 'ns')).toBe(1)
    expect(at('-1500000', 'ns')).toBe(-1)
    expect(at('-1600000', 'ns')).toBe(-2)
    expect(at('-5', 's')).toBe(-5000)
  })

  it('uses now for a line without timestamp, and tolerates trailing spaces and CRLF', () => {
    const r = parseLineProtocol('a value=1\r\nb value=2   \r\nc value=3 2000  \r\n', 'ms', NOW)
    expect(r.errors).toEqual([])
    expect(r.samples.map((s) => [s.name, s.ts])).toEqual([['a', NOW], ['b', NOW], ['c', 2000]])
  })

  it('ignores comments and blank lines but still counts them for line numbers', () => {
    const r = parseLineProtocol('# header\n\n   \nm v=1 1000\n# x\nbad\n', 'ms', NOW)
    expect(r.samples).toHaveLength(1)
    expect(r.errors).toEqual([{ line: 6, message: 'missing fields after "bad" (expected a space, then field=value)' }])
  })

  it('keeps the valid lines of a body and reports each bad line with its number and reason', () => {
    const body = [
      'ok1 value=1 1000',
      'bad1 v= 1000',
      'ok2,host=a value=2 1000',
      'bad2,host v=1',
      'bad3 v=abc',
      'bad4 v=NaN',
      'bad5 v=1 12x',
      'ok3 value=3'
    ].join('\n')
    const r = parseLineProtocol(body, 'ms', NOW)
    expect(r.samples.map((s) => s.name)).toEqual(['ok1', 'ok2', 'ok3'])
    expect(r.sampleLines).toEqual([1, 3, 8])
    expect(r.errors).toEqual([
      { line: 2, message: 'field "v": expected field value after "="' },
      { line: 4, message: 'tag "host" has no "=value"' },
      { line: 5, message: 'field "v": invalid value "abc" (expected a number, 1i, 1u, a boolean or a "quoted string")' },
      { line: 6, message: 'field "v": "NaN" is not a valid value (NaN and Inf are not allowed in line protocol)' },
      { line: 7, message: 'invalid timestamp "12x" (expected an integer)' }
    ])
  })

  it('rejects a line atomically: an error after good fields drops the whole line', () => {
    const r = parseLineProtocol('m a=1,b=2,c=oops 1000\nn value=1 1000', 'ms', NOW)
    expect(r.samples.map((s) => s.name)).toEqual(['n'])
    expect(r.sampleLines).toEqual([2])
    expect(r.errors).toEqual([{ line: 1, message: 'field "c": invalid value "oops" (expected a number, 1i, 1u, a boolean or a "quoted string")' }])
  })

  it.each([
    ['m', 'missing fields after "m" (expected a space, then field=value)'],
    [',host=a v=1', 'missing measurement name at the start of the line'],
    ['m,=a v=1', 'empty tag key after "m,"'],
    ['m,host= v=1', 'tag "host" has an empty value (omit the tag instead)'],
    ['m,host=a=b v=1', 'tag "host": unescaped "=" in the value (write \\=)'],
    ['m,host=a,host=b v=1', 'duplicate tag "host"'],
    ['m,__proto__=x v=1', 'tag key "__proto__" is not allowed'],
    ['m,host=a ', 'missing fields after "m,host=a " (expected field=value)'],
    ['m =1', 'empty field key at "=1"'],
    ['m v', 'field "v" has no "=value"'],
    ['m v=', 'field "v": expected field value after "="'],
    ['m v=1,v=2', 'duplicate field "v"'],
    ['m v=1,', 'empty field key at ""'],
    ['m v=1.2.3', 'field "v": invalid number "1.2.3"'],
    ['m v=1e', 'field "v": invalid number "1e"'],
    ['m v=-', 'field "v": invalid number "-"'],
    ['m v=1.5i', 'field "v": invalid number "1.5i"'],
    ['m v=-1u', 'field "v": invalid number "-1u"'],
    ['m v=1e999', 'field "v": number "1e999" is out of range'],
    ['m v=Inf', 'field "v": "Inf" is not a valid value (NaN and Inf are not allowed in line protocol)'],
    ['m v=-inf', 'field "v": invalid number "-inf"'],
    ['m v="abc', 'field "v": unterminated string (missing closing ")'],
    ['m v="a"b', 'field "v": unexpected text after the closing quote: "b"'],
    ['m v=1 1000 2000', 'unexpected text after the timestamp: "2000"'],
    ['m v=1 99999999999999999999999', 'timestamp "99999999999999999999999" is out of range'],
    ['m v=1 1.5', 'invalid timestamp "1.5" (expected an integer)']
  ])('reports %j as %j', (line, message) => {
    const r = parseLineProtocol(line, 'ms', NOW)
    expect(r.samples).toEqual([])
    expect(r.errors).toEqual([{ line: 1, message }])
  })

  it('rejects a millisecond timestamp beyond the range of a Date', () => {
    const r = parseLineProtocol('m v=1 9000000000000000', 'ms', NOW)
    expect(r.errors[0].message).toBe('timestamp "9000000000000000" is out of range')
  })

  it('ends a line at a newline even inside a quoted string, so one bad quote costs one line', () => {
    const r = parseLineProtocol('m s="open\nn value=2 1000', 'ms', NOW)
    expect(r.samples.map((s) => s.name)).toEqual(['n'])
    expect(r.errors).toEqual([{ line: 1, message: 'field "s": unterminated string (missing closing ")' }])
  })

  it('shortens long offending text in messages', () => {
    const r = parseLineProtocol(`m v=${'x'.repeat(500)}`, 'ms', NOW)
    expect(r.errors[0].message.length).toBeLessThan(160)
  })

  it('returns nothing for an empty body', () => {
    expect(parseLineProtocol('', 'ns', NOW)).toEqual({ samples: [], sampleLines: [], errors: [], errorCount: 0 })
  })

  it('skips a leading byte-order mark', () => {
    const r = parseLineProtocol('\uFEFFcpu value=1 1000', 'ms', NOW)
    expect(r.samples).toEqual([{ name: 'cpu', labels: {}, ts: 1000, value: 1 }])
  })

  it('keeps only the first maxErrors errors but counts them all', () => {
    const body = Array.from({ length: 50 }, (_, i) => (i % 10 === 9 ? 'ok value=1 1000' : 'x')).join('\n')
    const r = parseLineProtocol(body, 'ms', NOW, 3)
    expect(r.errors.map((e) => e.line)).toEqual([1, 2, 3])
    expect(r.errorCount).toBe(45)
    expect(r.samples).toHaveLength(5)
  })
})

describe('parseLineProtocol on arbitrary input', () => {
  it('never throws, and accounts for every non-blank line as samples or an error', () => {
    // Deterministic pseudo-random lines built from the protocol's special characters.
    let seed = 12345
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    const alphabet = ['m', 'cpu', ',', ' ', '=', '\\', '"', 'host', 'v', '1', '-', '.', 'e', 'i', 'u', 't', 'f', '#', '\t', '\r', '1700000000', 'value']
    const lines = Array.from({ length: 3000 }, () => Array.from({ length: 1 + rand(14) }, () => alphabet[rand(alphabet.length)]).join(''))
    const r = parseLineProtocol(lines.join('\n'), 'ns', NOW, Infinity)
    const linesWithSamples = new Set(r.sampleLines)
    const linesWithErrors = new Set(r.errors.map((e) => e.line))
    lines.forEach((line, i) => {
      const trimmed = line.replace(/\r$/, '').replace(/^[ \t]+/, '')
      if (trimmed === '' || trimmed.startsWith('#')) return
      expect(linesWithSamples.has(i + 1) || linesWithErrors.has(i + 1), `line ${i + 1}: ${JSON.stringify(line)}`).toBe(true)
    })
    for (const s of r.samples) {
      expect(Number.isFinite(s.value)).toBe(true)
      expect(Number.isInteger(s.ts)).toBe(true)
    }
  })
})

describe('number parsing', () => {
  it('gives exactly what Number() gives for decimals of every length, sign and scale', () => {
    let seed = 99
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    const texts: string[] = ['0', '-0', '0.0', '.5', '5.', '0.1', '0.3', '123456789012345', '1234567890123456', '0.000000000000000000001', '9007199254740993', '-12.5e3', '1E-7']
    for (let k = 0; k < 5000; k++) {
      const digits = Array.from({ length: 1 + rand(20) }, () => String(rand(10))).join('')
      const dot = rand(digits.length + 1)
      const sign = ['', '-', '+'][rand(3)]
      texts.push(sign + digits.slice(0, dot) + '.' + digits.slice(dot))
      texts.push(sign + digits)
    }
    const body = texts.map((t, i) => `n,i=${i} value=${t} 1000`).join('\n')
    const r = parseLineProtocol(body, 'ms', NOW)
    expect(r.errors).toEqual([])
    r.samples.forEach((s, i) => expect(Object.is(s.value, Number(texts[i])), texts[i]).toBe(true))
  })
})
