/**
 * Generates src/api/openapi.ts from the server's OpenAPI document
 * (../docs/openapi.json) with openapi-typescript. `npm run api-types` writes
 * it; with `--print` it goes to stdout instead (the test that keeps the
 * committed file current compares that with the file).
 *
 * One choice differs from the openapi-typescript CLI's defaults:
 * `emptyObjectsUnknown`: a free-form object (`Message.system`,
 * `Notification.data`) becomes `Record<string, unknown>`, not
 * `Record<string, never>`, which would let no field be read.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'

const DOCUMENT = new URL('../../docs/openapi.json', import.meta.url)
const OUTPUT = new URL('../src/api/openapi.ts', import.meta.url)
async function generate() {
  const document = JSON.parse(readFileSync(DOCUMENT, 'utf8'))
  const ast = await openapiTS(document, { emptyObjectsUnknown: true, silent: true })
  return COMMENT_HEADER + astToString(ast)
}

const source = await generate()
if (process.argv.includes('--print')) {
  process.stdout.write(source)
} else {
  writeFileSync(OUTPUT, source)
  console.warn(`wrote ${fileURLToPath(OUTPUT)}`)
}
