/**
 * The API reference at /api/docs: a page of the web build (api-docs.html, the
 * Scalar viewer) that Nginx serves ahead of its /api/ proxy, rendering the
 * OpenAPI document the API serves at /api/v1/openapi.json. Needs no user.
 *
 * It shows an operation with the error codes each of its responses lists, and
 * the `ErrorCode` schema with all of them; and everything it loads comes from
 * the app's own origin: a request for any other host (a font CDN, telemetry,
 * the viewer's AI agent) fails the story.
 */
import { TIMEOUT } from '../lib/app.mjs'
import { assert, env, screenshot } from '../lib/harness.mjs'
import { newPage } from './accounts.mjs'

const SEND_MESSAGE = '/api/v1/conversations/{id}/messages'

export async function apiReference(ctx) {
  const page = await newPage(ctx, 'docs')
  const origin = new URL(env.baseUrl).origin
  const elsewhere = []
  const errors = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    // data: and blob: URLs are made in the page and go nowhere.
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) elsewhere.push(request.url())
  })
  page.on('pageerror', (e) => errors.push(e.message))

  // A link to one operation: the page loads, fetches the document, and opens there.
  const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/openapi.json', { timeout: TIMEOUT })
  const opened = await page.goto(`${env.baseUrl}/api/docs#tag/conversations/POST${SEND_MESSAGE}`)
  assert(opened.status() === 200, `/api/docs answered ${opened.status()}`)
  assert(/Confab API reference/.test(await page.title()), `not the API reference page: “${await page.title()}”`)
  const served = await fetched
  assert(served.status() === 200, `/api/v1/openapi.json answered ${served.status()}`)
  assert((served.headers()['content-type'] ?? '').startsWith('application/json'), 'the document is not JSON')

  const operation = page.locator(`[id$="/tag/conversations/POST${SEND_MESSAGE}"]`)
  await operation.getByRole('heading', { name: /^Send a message/ }).waitFor({ timeout: TIMEOUT })
  assert((await operation.innerText()).includes(SEND_MESSAGE), `the operation does not show its path ${SEND_MESSAGE}`)
  // Its 403 answer, opened, lists the codes it can carry (x-error-codes), Markdown rendered.
  await operation.getByRole('button', { name: /^403/ }).first().click()
  await operation.locator('li', { hasText: 'not_friends' }).locator('code', { hasText: /^not_friends$/ }).waitFor({ timeout: TIMEOUT })
  await screenshot(page, 'desktop-api-docs-operation')

  // The schemas, from the sidebar: ErrorCode, every code with its status.
  await page.getByRole('link', { name: 'Models', exact: true }).first().click()
  await page.locator('a[href="#models/ErrorCode"]').first().click()
  await page.getByRole('heading', { name: 'ErrorCode', exact: true }).first().waitFor({ timeout: TIMEOUT })
  await page.getByRole('listitem').filter({ hasText: /^not_friends \(403\): / }).first().waitFor({ timeout: TIMEOUT })
  await screenshot(page, 'desktop-api-docs-error-codes')

  assert(elsewhere.length === 0, `requests left for other hosts than ${origin}:\n${elsewhere.join('\n')}`)
  assert(errors.length === 0, `the page threw: ${errors.join('; ')}`)
  await page.context().close()
  delete ctx.pages.docs
}
