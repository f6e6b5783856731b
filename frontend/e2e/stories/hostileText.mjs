/**
 * Hostile message text renders as text, on the sender's side (sends, then
 * the echo) and on the reader's (live events): no script runs, no element
 * comes from markup in a body, no link goes anywhere but the web or mail.
 * Follows the chat stories: Alice and Bob are friends with a DM.
 *
 * Nothing is clicked, and the browsers may not reach example.org (aborted
 * below): the server may preview the link, the browsers never open it.
 */
import { log, openChat, send, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'

/** Each would set `window.__xss` if any part of it ran as HTML, a script or a `javascript:` link. */
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=1"></svg>',
  '[x](javascript:window.__xss=1)',
  '[x](JaVaScRiPt:window.__xss=1)',
  '[x](data:text/html,<script>window.__xss=1</script>)',
  '**[x](javascript:window.__xss=1)**',
  '<a href="javascript:window.__xss=1">x</a>',
  // A right-to-left override: may turn its own line around, nothing outside the body.
  '\u202Eexe.txt window.__xss=1',
]

/**
 * In one page: what the messages tagged `tag` became. Plain data, so the
 * checks read as asserts in Node.
 */
function inspect(page, tag) {
  return page.evaluate((tag) => {
    const list = document.querySelector('[role="log"][aria-label="Messages"]')
    const tagged = [...(list?.querySelectorAll('[data-message]') ?? [])].filter((m) =>
      m.querySelector('[data-body]')?.textContent?.includes(tag),
    )
    const bodies = tagged.map((m) => m.querySelector('[data-body]'))
    return {
      xss: typeof window.__xss !== 'undefined',
      javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      dataLinks: document.querySelectorAll('a[href^="data:" i]').length,
      tagged: tagged.length,
      // Elements markup in a body could have made (the bubble's own icons are outside the body).
      made: bodies.flatMap((b) => [...b.querySelectorAll('script, img, svg, iframe, object, embed, style, link, meta')]).map((e) => e.tagName),
      scripts: tagged.flatMap((m) => [...m.querySelectorAll('script')]).length,
      // Any attribute named on… in a body: an event handler from the text.
      handlers: bodies.flatMap((b) => [...b.querySelectorAll('*')].flatMap((e) => e.getAttributeNames().filter((n) => n.startsWith('on')))),
      // Links in bodies go only to the web or mail.
      hrefs: bodies.flatMap((b) => [...b.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))),
      isolated: bodies.every((b) => b.getAttribute('dir') === 'auto'),
    }
  }, tag)
}

/** The bold-and-link message: `**bold**` in the formatter's bold element, the URL a safe new-tab link. */
function inspectFormatted(page, tag) {
  return page.evaluate((tag) => {
    const body = [...document.querySelectorAll('[role="log"][aria-label="Messages"] [data-message] [data-body]')]
      .filter((b) => b.textContent?.includes(tag))
      .pop()
    const link = body?.querySelector('a[href^="https://example.org"]')
    return {
      found: !!body,
      bold: [...(body?.querySelectorAll('strong') ?? [])].map((s) => s.textContent),
      href: link?.getAttribute('href') ?? null,
      rel: link?.getAttribute('rel') ?? '',
      target: link?.getAttribute('target') ?? null,
    }
  }, tag)
}

function check(who, seen, tag) {
  assert(!seen.xss, `[${who}] window.__xss was set`)
  assert(seen.javascriptLinks === 0, `[${who}] ${seen.javascriptLinks} javascript: link(s) in the page`)
  assert(seen.dataLinks === 0, `[${who}] ${seen.dataLinks} data: link(s) in the page`)
  assert(seen.tagged === PAYLOADS.length, `[${who}] ${seen.tagged} of ${PAYLOADS.length} hostile messages (${tag}) show`)
  assert(seen.made.length === 0, `[${who}] elements made from message text: ${seen.made.join(', ')}`)
  assert(seen.scripts === 0, `[${who}] a <script> inside a message`)
  assert(seen.handlers.length === 0, `[${who}] event handler attributes in a body: ${seen.handlers.join(', ')}`)
  const unsafe = seen.hrefs.filter((h) => !/^(https?:|mailto:)/i.test(h ?? ''))
  assert(unsafe.length === 0, `[${who}] unsafe links in bodies: ${unsafe.join(', ')}`)
  assert(seen.isolated, `[${who}] a body is not isolated with dir="auto"`)
}

function checkFormatted(who, f) {
  assert(f.found, `[${who}] the bold-and-link message does not show`)
  assert(f.bold.includes('bold'), `[${who}] **bold** is not bold: ${JSON.stringify(f.bold)}`)
  assert(f.href === 'https://example.org', `[${who}] the URL is not a link to https://example.org (${f.href})`)
  assert(f.rel.split(/\s+/).includes('noopener'), `[${who}] the link's rel is "${f.rel}"`)
  assert(f.target === '_blank', `[${who}] the link's target is ${f.target}`)
}

export async function hostileTextIsText({ pages, users, suffix }) {
  const { alice, bob } = pages
  // Two tags, neither inside the other: the hostile set's, and the formatted message's.
  const tag = `hostile${suffix}`
  const fmtTag = `formatted${suffix}`
  const formatted = `**bold** https://example.org ${fmtTag}`
  // Both browsers: a request to example.org fails instead of leaving the test stack.
  const EXAMPLE_ORG = /^https?:\/\/([^/]*\.)?example\.org(\/|$)/
  const blocked = []
  const block = (route) => {
    blocked.push(route.request().url())
    return route.abort()
  }
  for (const page of [alice, bob]) await page.route(EXAMPLE_ORG, block)
  try {
    await openChat(alice, users.bob.name)
    await openChat(bob, users.alice.name)
    for (const p of PAYLOADS) await send(alice, `${p} ${tag}`)
    await send(alice, formatted)

    // All confirmed on Alice's side (no "Sending" left), and arrived on Bob's.
    const last = (page) => log(page).locator('[data-message] [data-body]', { hasText: fmtTag }).last()
    await last(alice).waitFor({ timeout: TIMEOUT })
    await log(alice).getByRole('img', { name: 'Sending' }).first().waitFor({ state: 'detached', timeout: TIMEOUT })
    await last(bob).waitFor({ timeout: TIMEOUT })

    for (const [who, page] of [['alice', alice], ['bob', bob]]) {
      check(who, await inspect(page, tag), tag)
      checkFormatted(who, await inspectFormatted(page, fmtTag))
    }
    await screenshot(bob, 'desktop-hostile-text')
    assert(blocked.length === 0, `the browsers asked for ${blocked.join(', ')}`)
  } finally {
    for (const page of [alice, bob]) await page.unroute(EXAMPLE_ORG, block)
  }
}
