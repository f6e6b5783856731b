// @vitest-environment node
/**
 * The layout mirrors for Arabic only if no class pins a side: left/right
 * margins, paddings, insets, borders, corners and text alignment are written
 * as their start/end forms (ms-, pe-, inset-s-, border-e, text-start…).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

import { describe, expect, it } from 'vitest'

const SRC = join(process.cwd(), 'src')

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return vueFiles(path)
    return e.name.endsWith('.vue') ? [path] : []
  })
}

/** Tailwind classes that name a physical side, with any variants (`md:`, `hover:`) and a leading minus. */
const PHYSICAL =
  /(?<![\w-])(?:[\w[\]()=&>*:.-]+:)?-?(?:m[lr]|p[lr]|scroll-[mp][lr]|left|right|border-[lr]|rounded-(?:[lr]|[tb][lr])|text-(?:left|right)|float-(?:left|right)|clear-(?:left|right))(?:-[\w./[\]%()-]+)?(?![\w-])/g

/** What `class="…"` and `:class="…"` hold in a template. */
function classValues(source: string): string[] {
  return [...source.matchAll(/(?:^|\s):?class="([^"]*)"/g)].map((m) => m[1]!)
}

describe('logical classes only', () => {
  it('no template class names a physical side (left/right)', () => {
    const files = vueFiles(SRC)
    expect(files.length).toBeGreaterThan(50)
    const offenders = files.flatMap((file) =>
      classValues(readFileSync(file, 'utf8')).flatMap((value) =>
        (value.match(PHYSICAL) ?? []).map((cls) => `${relative(SRC, file)}: ${cls}`),
      ),
    )
    expect(offenders).toEqual([])
  })

  it('would catch one', () => {
    expect('flex md:ml-2 -right-1 border-l text-right ps-2'.match(PHYSICAL)).toEqual([
      'md:ml-2',
      '-right-1',
      'border-l',
      'text-right',
    ])
  })
})
