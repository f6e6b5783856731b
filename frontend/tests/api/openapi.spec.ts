// @vitest-environment node
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('the generated API types', () => {
  it(
    'are what openapi-typescript makes of docs/openapi.json now (else run `npm run api-types`)',
    () => {
      // The script `npm run api-types` runs, printing instead of writing (offline: a local document).
      // The types are over 1 MiB, execFileSync's default buffer.
      const fresh = execFileSync(process.execPath, ['scripts/api-types.mjs', '--print'], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      })
      const committed = readFileSync(new URL('../../src/api/openapi.ts', import.meta.url), 'utf8')
      expect(committed, 'src/api/openapi.ts is stale: run `npm run api-types` in frontend/').toBe(fresh)
    },
    60_000,
  )
})
