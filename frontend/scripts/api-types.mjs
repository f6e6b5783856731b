/**
 * Generates src/api/openapi.ts from the server's OpenAPI document
 * (../docs/openapi.json) with openapi-typescript. `npm run api-types` writes
 * it; with `--print` it goes to stdout instead (the test that keeps the
 * committed file current compares that with the file).
 *
 * Two choices differ from the openapi-typescript CLI's defaults:
 * - operationIds are left out, so every operation is written inline under
 *   `paths`. The server's ids are its handler names and repeat (`list`,
 *   `get`, `read`, `accept`, `decline`, `search`), which the CLI turns into
 *   duplicate keys of `operations`: a file that does not compile.
 * - `emptyObjectsUnknown`: a free-form object (`Message.system`,
 *   `Notification.data`) becomes `Record<string, unknown>`, not
 *   `Record<string, never>`, which would let no field be read.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'

const DOCUMENT = new URL('../../docs/openapi.json', import.meta.url)
const OUTPUT = new URL('../src/api/openapi.ts', import.meta.url)
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** The document without operationIds (see above). */
function withoutOperationIds(document) {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) delete item[method]?.operationId
  }
  return document
}

async function generate() {
  const document = withoutOperationIds(JSON.parse(readFileSync(DOCUMENT, 'utf8')))
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
