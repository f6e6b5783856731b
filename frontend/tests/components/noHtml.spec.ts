// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return /\.(vue|ts)$/.test(e.name) ? [path] : []
  })
}

describe('the app never injects HTML', () => {
  it('uses neither v-html nor the DOM’s HTML setters anywhere in src/', () => {
    const files = sources(SRC)
    expect(files.length).toBeGreaterThan(50)
    const offenders = files.filter((f) => /v-html|innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|document\.write/.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })
})
