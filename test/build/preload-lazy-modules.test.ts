// The build plugin that hints the lazily imported views' chunks to the browser: only the named
// lazy modules, with the chunks they import, minus what the page already loads up front.
import { describe, expect, it } from 'vitest'
import { preloadLazyModules } from '../../build-plugins/preload-lazy-modules'

const chunk = (fileName: string, facadeModuleId: string | null, imports: string[] = [], dynamicImports: string[] = []) => ({ type: 'chunk', fileName, facadeModuleId, imports, dynamicImports })

describe('preloadLazyModules', () => {
  const bundle = {
    'assets/index.js': chunk('assets/index.js', '/app/src/main.tsx', ['assets/react.js'], ['assets/ViewPage.js', 'assets/Secrets.js']),
    'assets/react.js': chunk('assets/react.js', null),
    'assets/ViewPage.js': chunk('assets/ViewPage.js', '/app/src/views/ViewPage.tsx', ['assets/charts.js', 'assets/react.js', 'assets/index.js']),
    'assets/charts.js': chunk('assets/charts.js', null, ['assets/echarts.js']),
    'assets/echarts.js': chunk('assets/echarts.js', null),
    'assets/Secrets.js': chunk('assets/Secrets.js', '/app/src/features/SecretsPage.tsx'),
    'assets/app.css': { type: 'asset', fileName: 'assets/app.css' }
  }
  const run = (entry: keyof typeof bundle) => {
    const hook = preloadLazyModules(['views/ViewPage.tsx']).transformIndexHtml as { handler: (html: string, ctx: unknown) => unknown }
    return hook.handler('<html></html>', { bundle, chunk: bundle[entry] }) as { html: string; tags: { attrs: { href: string; rel: string } }[] }
  }

  it('hints the named lazy module and its imports, not the other lazy ones nor what loads up front', () => {
    const { tags } = run('assets/index.js')
    expect(tags.map((t) => t.attrs.href)).toEqual(['./assets/ViewPage.js', './assets/charts.js', './assets/echarts.js'])
    expect(tags.every((t) => t.attrs.rel === 'modulepreload')).toBe(true)
  })

  it('adds nothing to a page that does not import the module lazily', () => {
    expect(run('assets/Secrets.js').tags).toEqual([])
  })
})
