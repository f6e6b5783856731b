/**
 * Languages (#24): Arabic mirrors the layout (right to left, proved by where
 * things are, not only by `dir`), and screenshots of the main screens in
 * English, German and Arabic, light and dark, at desktop and phone width.
 * The language and the theme are chosen as people choose them, in Settings.
 */
import { chatRow, TIMEOUT } from '../lib/app.mjs'
import { assert, env, screenshot } from '../lib/harness.mjs'

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

/** A section of the signed-in app through its navigation link (the sidebar on a desktop, the dock on a phone). */
async function goToSection(page, name) {
  await page.locator(`nav a[href="/${name}"]:visible`).first().click()
  await page.waitForURL(new RegExp(`/${name}$`), { timeout: TIMEOUT })
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: TIMEOUT })
}

/** Settings → Language: `value` is a language code, or '' to follow the browser. Waits until the page speaks it. */
async function chooseLanguage(page, value, expected = value || 'en') {
  await goToSection(page, 'settings')
  await page.locator('[data-language-select]').selectOption(value)
  await page.waitForFunction((lang) => document.documentElement.lang === lang, expected, { timeout: TIMEOUT })
}

/** Settings → Appearance → Theme (`system`, `light` or `dark`). */
async function chooseTheme(page, value) {
  await goToSection(page, 'settings')
  await page.locator(`input[name="theme"][value="${value}"]`).check()
}

/** Opens a chat from the list by its title, at any width (on a phone the list is a page of its own). */
async function openChatFromList(page, title) {
  if (!/\/chats$/.test(page.url())) await goToSection(page, 'chats')
  await chatRow(page, title).click()
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: TIMEOUT })
}

/** Back to the chat list from a chat (its back link on a phone, the sidebar on a desktop). */
async function backToChats(page) {
  await page.locator('a[href="/chats"]:visible').first().click()
  await page.waitForURL(/\/chats$/, { timeout: TIMEOUT })
}

/** Where the parts of the page are, to show it mirrored. */
function geometry(page) {
  return page.evaluate(() => {
    const box = (el) => {
      if (!el) return null
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 ? { left: r.left, right: r.right, width: r.width } : null
    }
    const log = document.querySelector('[role="log"]')
    const bubbles = (selector) => [...document.querySelectorAll(selector)].map(box).filter(Boolean)
    return {
      dir: document.documentElement.dir,
      lang: document.documentElement.lang,
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth: window.innerWidth,
      sidebar: box(document.querySelector('aside:has(nav)')),
      main: box(document.getElementById('main')),
      chatList: box(document.querySelector('section[aria-labelledby="chats-title"]')),
      dock: [...document.querySelectorAll('nav.dock a')].map(box).filter(Boolean),
      log: box(log),
      own: log ? bubbles('[role="log"] [data-message] .chat-bubble.chat-bubble-primary') : [],
      theirs: log ? bubbles('[role="log"] [data-message] .chat-bubble:not(.chat-bubble-primary)') : [],
    }
  })
}

/** Where the first and last letters of a message body (the one whose text is `text`) are drawn, and its direction. */
function latinBodyGeometry(page, text) {
  return page.evaluate((want) => {
    const body = [...document.querySelectorAll('[role="log"] [data-message] [data-body]')].find((b) => b.textContent === want)
    if (!body) return null
    // Its text node (Vue's fragments leave empty ones beside it).
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.data ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) })
    const node = walker.nextNode()
    const x = (from, to) => {
      const r = document.createRange()
      r.setStart(node, from)
      r.setEnd(node, to)
      return r.getBoundingClientRect().left
    }
    return { direction: getComputedStyle(body).direction, first: x(0, 1), last: x(node.data.length - 1, node.data.length) }
  }, text)
}

/** The checks that hold at every width: right to left in Arabic, no sideways scroll, own messages on the left. */
function assertMirrored(g, where) {
  assert(g.dir === 'rtl' && g.lang === 'ar', `${where}: <html> has dir="${g.dir}" lang="${g.lang}", not rtl/ar`)
  assert(g.scrollWidth <= g.innerWidth, `${where}: the page scrolls sideways (${g.scrollWidth} > ${g.innerWidth})`)
  if (!g.log) return
  assert(g.own.length > 0 && g.theirs.length > 0, `${where}: no own and other messages to compare (${g.own.length}, ${g.theirs.length})`)
  for (const b of g.own) {
    const fromLeft = b.left - g.log.left
    const fromRight = g.log.right - b.right
    assert(fromLeft < fromRight, `${where}: an own bubble is ${Math.round(fromLeft)}px from the log's left, ${Math.round(fromRight)}px from its right`)
  }
  for (const b of g.theirs) {
    const fromLeft = b.left - g.log.left
    const fromRight = g.log.right - b.right
    assert(fromRight < fromLeft, `${where}: a received bubble is ${Math.round(fromRight)}px from the log's right, ${Math.round(fromLeft)}px from its left`)
  }
}

/**
 * Alice switches to Arabic in Settings: <html> says rtl/ar, the sidebar moves
 * to the right of the main column, the chat list to the right of the chat,
 * her own bubbles to the left and Bob's to the right, her English message
 * reading left to right in its bubble ("Hello Bob!", not "!Hello Bob"), a
 * group's Latin name at the start (right) of its panel's title, the phone
 * dock starts on the right, a Latin name cut short in the phone's chat
 * header at its own end, and nothing scrolls sideways, at 1280 and 390 px.
 * Back to what she had (English) at the end.
 */
export async function rtlMirrored({ browser, contexts, pages, users, group }) {
  const page = pages.alice
  await goToSection(page, 'settings')
  const before = await page.locator('[data-language-select]').inputValue()
  await chooseLanguage(page, 'ar')
  try {
    await openChatFromList(page, users.bob.name)
    await page.locator('[role="log"] [data-message]').first().waitFor({ timeout: TIMEOUT })
    // No message hovered: its buttons would cover the one above.
    await page.mouse.move(DESKTOP.width / 2, DESKTOP.height - 1)
    const chatsLink = page.locator('nav a[href="/chats"]:visible').first()
    assert((await chatsLink.textContent()).includes('الدردشات'), `the navigation is not in Arabic: “${await chatsLink.textContent()}”`)
    const g = await geometry(page)
    assertMirrored(g, 'the DM at 1280px')
    assert(g.sidebar && g.main && g.sidebar.left >= g.main.right - 1, `the sidebar (${JSON.stringify(g.sidebar)}) is not right of the main column (${JSON.stringify(g.main)})`)
    assert(g.chatList && g.log && g.chatList.left >= g.log.right - 1, `the chat list (${JSON.stringify(g.chatList)}) is not right of the chat (${JSON.stringify(g.log)})`)
    // Alice's English message reads left to right in its bubble: its "!" ends it at the right, not before "Hello".
    const latin = await latinBodyGeometry(page, 'Hello Bob!')
    assert(latin && latin.direction === 'ltr' && latin.last > latin.first, `"Hello Bob!" in the Arabic chat does not read left to right: ${JSON.stringify(latin)}`)
    await screenshot(page, 'rtl-1280-chat')

    // A Latin name (the group's) in the Arabic panel's title still starts at the right, its close button at the left.
    await openChatFromList(page, group.name)
    await page.locator('[data-panel-toggle="info"]').click()
    const title = await page.locator('#group-panel-title').boundingBox()
    const close = await page.locator('[data-group-panel] header button').boundingBox()
    assert(title && close && title.x > close.x + close.width, `the group panel's title (${JSON.stringify(title)}) is not right of its close button (${JSON.stringify(close)})`)
    await screenshot(page, 'rtl-1280-group')
    await page.keyboard.press('Escape')
    await page.locator('[data-group-panel]').waitFor({ state: 'detached', timeout: TIMEOUT })

    const phone = await browser.newContext({ viewport: PHONE, storageState: await contexts.alice.storageState() })
    try {
      const small = await phone.newPage()
      small.setDefaultTimeout(TIMEOUT)
      await small.goto(`${env.baseUrl}/chats`)
      await chatRow(small, users.bob.name).waitFor({ timeout: TIMEOUT })
      const list = await geometry(small)
      assertMirrored(list, 'the chat list at 390px')
      assert(list.dock.length >= 2 && list.dock[0].left > list.dock.at(-1).left, `the dock does not start on the right: ${JSON.stringify(list.dock)}`)
      await screenshot(small, 'rtl-390-chats')
      await openChatFromList(small, users.bob.name)
      await small.locator('[role="log"] [data-message]').first().waitFor({ timeout: TIMEOUT })
      assertMirrored(await geometry(small), 'the DM at 390px')
      // A Latin name cut short in the Arabic header loses its end ("Bob Br…"), not its start ("… Brown").
      const header = await small.locator('#chat-title').evaluate((h) => ({ direction: getComputedStyle(h).direction, overflow: getComputedStyle(h).textOverflow }))
      assert(header.direction === 'ltr' && header.overflow === 'ellipsis', `the chat header's name is not cut at its own end: ${JSON.stringify(header)}`)
      await screenshot(small, 'rtl-390-chat')
    } finally {
      await phone.close()
    }
  } finally {
    await chooseLanguage(page, before)
  }
  assert((await page.evaluate(() => document.documentElement.dir)) === 'ltr', 'the page is still right to left after going back')
}

/**
 * The main screens (the chat list, a DM, a group with its info panel and
 * its members and roles, Groups, Friends, Notifications, Settings) in English, German and Arabic, light and dark, at 1280
 * and 390 px: `lang-<lang>-<theme>-<desktop|phone>-<screen>.png`. One page
 * does it all, the language and theme chosen in Settings; English and the
 * theme it had are chosen again at the end.
 */
export async function languageScreens({ browser, contexts, users, group }) {
  const context = await browser.newContext({ viewport: DESKTOP, storageState: await contexts.alice.storageState() })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.on('pageerror', (e) => console.log(`[alice, languages] page error: ${e.message}`))
  try {
    await page.goto(`${env.baseUrl}/settings`)
    await page.locator('[data-language-select]').waitFor({ timeout: TIMEOUT })
    const language = await page.locator('[data-language-select]').inputValue()
    const theme = await page.locator('input[name="theme"]:checked').getAttribute('value')
    try {
      for (const shade of ['light', 'dark']) {
        await chooseTheme(page, shade)
        for (const lang of ['en', 'de', 'ar']) {
          await chooseLanguage(page, lang)
          for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
            await page.setViewportSize(viewport)
            const shot = async (screen) => {
              // Nothing hovered or focused by the last click: the screen as it rests.
              await page.mouse.move(viewport.width / 2, 1)
              await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur())
              await screenshot(page, `lang-${lang}-${shade}-${size}-${screen}`)
            }
            await goToSection(page, 'settings')
            // From its top (choosing the language scrolled it to that section).
            await page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0))
            assert(
              (await page.evaluate(() => document.documentElement.dataset.theme)) === shade,
              `the ${shade} theme is not shown`,
            )
            await shot('settings')
            await goToSection(page, 'friends')
            await shot('friends')
            await goToSection(page, 'notifications')
            await shot('notifications')
            await goToSection(page, 'groups')
            await shot('groups')
            await goToSection(page, 'chats')
            await chatRow(page, users.bob.name).waitFor({ timeout: TIMEOUT })
            await shot('chats')
            await openChatFromList(page, users.bob.name)
            await page.locator('[role="log"] [data-message]').first().waitFor({ timeout: TIMEOUT })
            await shot('chat')
            await backToChats(page)
            await openChatFromList(page, group.name)
            await page.locator('[data-panel-toggle="info"]').click()
            await page.locator('[data-group-panel]').waitFor({ timeout: TIMEOUT })
            await shot('group')
            for (const tab of ['members', 'roles']) {
              await page.locator(`#group-tab-${tab}`).click()
              await page.locator(tab === 'members' ? '[data-member]' : '[data-role]').first().waitFor({ timeout: TIMEOUT })
              await shot(`group-${tab}`)
            }
            await page.keyboard.press('Escape')
            await page.locator('[data-group-panel]').waitFor({ state: 'detached', timeout: TIMEOUT })
            await backToChats(page)
          }
          await page.setViewportSize(DESKTOP)
        }
      }
    } finally {
      await page.setViewportSize(DESKTOP)
      await chooseLanguage(page, language)
      await chooseTheme(page, theme)
    }
  } finally {
    await context.close()
  }
}
