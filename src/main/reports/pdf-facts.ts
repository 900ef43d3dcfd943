// Facts about a PDF without a PDF library: its page count and page sizes, read from the page
// objects' /MediaBox (Chromium writes page objects uncompressed, not in object streams). Used to check a printed
// report and to say what was written.

export interface PdfFacts {
  pages: number
  /** Each page's size in PostScript points (1/72 in), width × height. */
  sizes: { width: number; height: number }[]
}

/** Reads the page count and sizes; throws when the bytes are not a PDF. */
export function pdfFacts(pdf: Uint8Array): PdfFacts {
  const text = Buffer.from(pdf).toString('latin1')
  if (!text.startsWith('%PDF-')) throw new Error('not a PDF: it does not start with %PDF-')
  const sizes: PdfFacts['sizes'] = []
  let inherited: PdfFacts['sizes'][number] | null = null
  // Each indirect object on its own; a page is "/Type /Page" (not "/Pages"). A page without a
  // MediaBox inherits its /Pages node's.
  for (const m of text.matchAll(/\d+\s+\d+\s+obj\b([\s\S]*?)\bendobj/g)) {
    const body = m[1]
    const isPage = /\/Type\s*\/Page(?![a-zA-Z])/.test(body)
    const isPages = /\/Type\s*\/Pages\b/.test(body)
    if (!isPage && !isPages) continue
    const box = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(body)
    const size = box ? mediaBoxSize(box.slice(1).map(Number)) : null
    if (isPages) inherited ??= size
    else sizes.push(size ?? { width: NaN, height: NaN })
  }
  if (inherited) for (const [i, s] of sizes.entries()) if (Number.isNaN(s.width)) sizes[i] = inherited
  return { pages: sizes.length, sizes }
}

function mediaBoxSize([x0, y0, x1, y1]: number[]): { width: number; height: number } {
  return { width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) }
}

/** "A4 landscape", "A4 portrait" or "W×H pt" for a page size in points. */
export function pageSizeName(size: { width: number; height: number }): string {
  const a4 = (w: number, h: number): boolean => Math.abs(size.width - w) < 3 && Math.abs(size.height - h) < 3
  if (a4(841.89, 595.28)) return 'A4 landscape'
  if (a4(595.28, 841.89)) return 'A4 portrait'
  return `${Math.round(size.width)}×${Math.round(size.height)} pt`
}
