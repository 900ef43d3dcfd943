// A Vite build plugin: for an HTML page whose entry lazily imports one of the given modules, adds
// <link rel="modulepreload"> for that module's chunk and the chunks it imports. The browser then
// fetches and compiles them beside the entry, while the entry's own code runs, instead of only
// once the entry asks for them (the app shell imports the views lazily: see src/renderer/src/shell/App.tsx).
import type { Plugin } from 'vite'

type Bundle = Record<string, { type: string; fileName?: string; imports?: string[]; dynamicImports?: string[]; facadeModuleId?: string | null }>

/** The plugin; `moduleSuffixes` name the lazily imported modules by the end of their path, e.g. "views/ViewPage.tsx". */
export function preloadLazyModules(moduleSuffixes: readonly string[]): Plugin {
  return {
    name: 'vigil:preload-lazy-modules',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle as Bundle | undefined
        const entry = ctx.chunk as Bundle[string] | undefined
        if (!bundle || !entry) return html
        const chunkOf = (file: string) => (bundle[file]?.type === 'chunk' ? bundle[file] : undefined)
        const closure = (roots: readonly string[]): Set<string> => {
          const seen = new Set<string>()
          const visit = (file: string): void => {
            if (seen.has(file) || !chunkOf(file)) return
            seen.add(file)
            for (const dep of chunkOf(file)!.imports ?? []) visit(dep)
          }
          roots.forEach(visit)
          return seen
        }
        // What the page already loads up front (the entry and its static imports) needs no hint.
        const upFront = closure([...(entry.fileName ? [entry.fileName] : []), ...(entry.imports ?? [])])
        const lazy = (entry.dynamicImports ?? []).filter((file) => moduleSuffixes.some((suffix) => chunkOf(file)?.facadeModuleId?.replaceAll('\\', '/').endsWith(suffix)))
        const files = [...closure(lazy)].filter((file) => !upFront.has(file))
        return {
          html,
          tags: files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const }))
        }
      }
    }
  }
}
