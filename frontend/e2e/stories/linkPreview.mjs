/**
 * A link's preview card appears live on both sides, with the page's picture
 * as the server's copy: the page (on loopback, which this test stack allows
 * the server to fetch, `fetch.allow_addresses`) is read once by the server,
 * and neither browser ever asks the page's server for anything.
 * Follows the chat stories: Alice and Bob are friends with a DM.
 */
import http from 'node:http'

import { log, messageWithText, openChat, send, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'
import { makePng } from '../lib/png.mjs'

const PAGE = `<!doctype html><html><head>
<title>fallback</title>
<meta property="og:title" content="Harbour at dawn">
<meta property="og:description" content="Boats, gulls and a long pier in the first light.">
<meta property="og:site_name" content="Harbour News">
<meta property="og:image" content="/harbour.png">
</head><body>the article</body></html>`

/** Serves the page and its picture on 127.0.0.1; returns its origin and the paths asked for. */
async function pageServer() {
  const asked = []
  const picture = makePng(320, 200)
  const server = http.createServer((req, res) => {
    asked.push(req.url)
    if (req.url === '/harbour.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': picture.length })
      res.end(picture)
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(PAGE)
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${server.address().port}`, asked, server }
}

export async function linkPreviewLive({ pages, users, suffix }) {
  const { alice, bob } = pages
  const { origin, asked, server } = await pageServer()
  const fromBrowsers = []
  const watch = (request) => {
    if (request.url().startsWith(origin)) fromBrowsers.push(request.url())
  }
  for (const page of [alice, bob]) page.on('request', watch)
  try {
    await openChat(alice, users.bob.name)
    await openChat(bob, users.alice.name)
    const text = `Look at this ${origin}/harbour ${suffix}`
    await send(alice, text)

    for (const [who, page] of [['alice', alice], ['bob', bob]]) {
      const card = messageWithText(page, suffix).locator('[data-link-preview]')
      await card.locator('[data-preview-title]', { hasText: 'Harbour at dawn' }).waitFor({ timeout: TIMEOUT })
      const site = await card.locator('[data-preview-site]').textContent()
      assert(site.trim() === 'Harbour News', `[${who}] the site shows as ${site}`)
      const picture = card.locator('img[data-preview-image]')
      await picture.waitFor({ timeout: TIMEOUT })
      await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await picture.elementHandle(), { timeout: TIMEOUT })
      const src = await picture.evaluate((img) => img.src)
      assert(!src.startsWith(origin), `[${who}] the picture is loaded from the page's server: ${src}`)
      const link = card.locator('[data-preview-title] a')
      assert((await link.getAttribute('href')) === `${origin}/harbour`, `[${who}] the card does not link to the page`)
      assert((await link.getAttribute('rel')) === 'noopener noreferrer nofollow', `[${who}] the card's link rel`)
    }
    await screenshot(bob, 'desktop-link-preview')
    assert(asked.filter((p) => p === '/harbour').length === 1, `the page was read ${JSON.stringify(asked)}`)
    assert(asked.filter((p) => p === '/harbour.png').length === 1, `the picture was fetched ${JSON.stringify(asked)}`)
    assert(fromBrowsers.length === 0, `the browsers asked the page's server for ${fromBrowsers.join(', ')}`)
    // The card is under the message, in the log, not floating elsewhere.
    assert((await log(bob).locator('[data-link-preview]').count()) >= 1, 'the card is not in the message log')
  } finally {
    for (const page of [alice, bob]) page.off('request', watch)
    server.close()
  }
}
