/**
 * Layouts at 1440, 1280, 1024, 768 and 390 px: with each side panel open in
 * turn (search, pins, the group's info, members, roles with the role form
 * focused, bans), the page never scrolls sideways and nothing of the chat
 * (bubbles, composer, header) or of the open panel is cut off. Also: the
 * offline banner leaves the newest message in view, and screenshots of the
 * main screens at two widths in both themes.
 */
import { chatRow, composer, log, messageWithText, send, TIMEOUT } from '../lib/app.mjs'
import { assert, env, screenshot, startGateway, stopGateway } from '../lib/harness.mjs'

export const WIDTHS = [1440, 1280, 1024, 768, 390]
const PHONE_WIDTH = 390

function viewport(width) {
  return { width, height: width <= PHONE_WIDTH ? 844 : 900 }
}

/** Alice's own messages of every shape: long words, a link, a quote, short ones. */
function ownMessages(suffix) {
  return [
    `Layout check ${suffix}: a sentence long enough to wrap over several lines on a phone, and then some more words to be sure.`,
    `Supercalifragilisticexpialidocious-${'x'.repeat(60)}-${suffix}`,
    `https://example.com/a/very/long/path/that/does/not/break/anywhere/${'segment'.repeat(6)}?${suffix}`,
    `ok ${suffix}`,
    `> a quoted line that is quite long as well, ${suffix}\nand an answer`,
    `Emoji in a message (the bundled font): 👋 🎉 ❤️ ✅ 🇫🇷 👍🏽 ${suffix}`,
  ]
}

/**
 * Everything that is out of place now: the page wider than the window, a
 * scroll box that scrolls sideways, and any of the watched parts (bubbles,
 * composer, header, panels, the chat list, navigation) not wholly inside the
 * window horizontally, or, for bubbles, outside the message log.
 */
function layoutProblems(page) {
  return page.evaluate(() => {
    const vw = window.innerWidth
    const problems = []
    const name = (el) => {
      const data = [...el.attributes].find((a) => a.name.startsWith('data-'))?.name
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${data ? ` ${data}` : ''}> “${text}”`
    }
    const shown = (el) => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    }
    const se = document.scrollingElement
    if (se.scrollWidth > vw) problems.push(`the page is ${se.scrollWidth - vw}px wider than the window`)
    if (se.scrollLeft !== 0) problems.push(`the page is scrolled ${se.scrollLeft}px sideways`)
    for (const el of document.querySelectorAll('body *')) {
      if (!shown(el)) continue
      const cs = getComputedStyle(el)
      // A box that clips or scrolls, scrolled sideways: something in it moved out of view.
      if (cs.overflowX !== 'visible' && el.scrollLeft > 0) problems.push(`${name(el)} is scrolled ${el.scrollLeft}px sideways`)
      if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        // Name what sticks out the most, to say what to fix (the end padding counts as overflow too).
        const right = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth - parseFloat(cs.paddingRight)
        let widest = null
        for (const d of el.querySelectorAll('*')) {
          const r = d.getBoundingClientRect()
          if (getComputedStyle(d).position === 'fixed') continue
          if (r.width && r.right > right + 0.5 && (!widest || r.right > widest.r.right)) widest = { d, r }
        }
        // Text that does not wrap runs past its box without making the box wider.
        const spilling = [...el.querySelectorAll('*')].filter((d) => shown(d) && d.scrollWidth > d.clientWidth + 1 && getComputedStyle(d).overflowX === 'visible').at(-1)
        const culprit = widest
          ? `; ${name(widest.d)} ends ${Math.round(widest.r.right - right)}px past it`
          : spilling
            ? `; the text of ${name(spilling)} runs ${spilling.scrollWidth - spilling.clientWidth}px past its box`
            : ''
        problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})${culprit}`)
      }
    }
    // A presence ("Online", "Last seen …") is never cut to "…".
    for (const el of document.querySelectorAll('[data-presence-text]')) {
      if (shown(el) && el.scrollWidth > el.clientWidth + 1) problems.push(`the presence ${name(el)} is cut off`)
    }
    const watched = [
      ['[data-message] .chat-bubble', 'a message bubble'],
      ['[data-message] [data-reaction]', 'a reaction chip'],
      ['#composer', 'the composer'],
      ['form:has(#composer)', 'the composer form'],
      ['section[aria-labelledby="chat-title"] > header', 'the chat header'],
      ['section[aria-labelledby="chat-title"] > header button', 'a chat header button'],
      ['[data-group-panel]', 'the group panel'],
      ['[data-group-panel] button, [data-group-panel] input, [data-group-panel] select', 'a group panel control'],
      ['[data-pins-panel]', 'the pins panel'],
      ['[data-thread-list]', 'the thread list'],
      ['[data-thread-panel]', 'the thread panel'],
      ['[data-thread-panel] button, [data-thread-panel] textarea', 'a thread panel control'],
      ['[data-thread-summary]', 'a thread’s reply count'],
      ['[data-message-search]', 'the search panel'],
      ['[data-message-search] input', 'a search panel control'],
      ['section[aria-labelledby="chats-title"], nav[aria-label="Main"]', 'the chat list or navigation'],
    ]
    for (const [selector, what] of watched) {
      for (const el of document.querySelectorAll(selector)) {
        if (!shown(el)) continue
        const r = el.getBoundingClientRect()
        if (r.left < -0.5 || r.right > vw + 0.5) {
          problems.push(`${what} ${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} in a ${vw}px window`)
        }
      }
    }
    const logEl = document.querySelector('[role="log"]')
    if (logEl && shown(logEl)) {
      const box = logEl.getBoundingClientRect()
      for (const el of logEl.querySelectorAll('[data-message] .chat-bubble')) {
        const r = el.getBoundingClientRect()
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5) {
          problems.push(`a bubble ${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}, the log ${Math.round(box.left)}..${Math.round(box.right)}`)
        }
      }
    }
    return problems
  })
}

/** Where each check found something out of place; a story fails at its end with all of them. */
let found = []

async function expectLaid(page, where) {
  // A frame for layout to settle (panels load lazily).
  await page.waitForTimeout(100)
  const problems = await layoutProblems(page)
  if (problems.length) found.push(`${where}:\n    ${problems.join('\n    ')}`)
}

function assertNothingFound() {
  const all = found
  found = []
  assert(all.length === 0, `${all.length} layouts out of place:\n  ${all.join('\n  ')}`)
}

async function newPage(browser, contexts, who, width, colorScheme = 'light') {
  const context = await browser.newContext({
    viewport: viewport(width),
    storageState: await contexts[who].storageState(),
    colorScheme,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.on('pageerror', (e) => console.log(`[${who} ${width}px] page error: ${e.message}`))
  return { context, page }
}

/** Opens a chat from the list, from anywhere (on a phone the list is a page of its own). */
async function openFromList(page, title) {
  await page.goto(`${env.baseUrl}/chats`)
  await chatRow(page, title).click()
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: TIMEOUT })
  // A day line comes with the first message (a group may have only system lines).
  await log(page).getByRole('separator').first().waitFor({ timeout: TIMEOUT })
}

async function withPanel(page, open, close, panelSelector, where, body) {
  await page.getByRole('button', { name: open, exact: true }).click()
  await page.locator(panelSelector).waitFor({ timeout: TIMEOUT })
  await expectLaid(page, where)
  if (body) await body()
  await page.getByRole('button', { name: close, exact: true }).click()
  await page.locator(panelSelector).waitFor({ state: 'detached', timeout: TIMEOUT })
}

async function checkChatPanels(page, width, kind) {
  const at = `${kind} at ${width}px`
  await expectLaid(page, at)
  await withPanel(page, 'Search in this conversation', 'Close search', '[data-message-search]', `${at}, search open`, async () => {
    await page.getByRole('combobox', { name: 'Search messages' }).fill('layout')
    await page.waitForTimeout(600)
    await expectLaid(page, `${at}, search with results`)
  })
  await withPanel(page, 'Pinned messages', 'Close pinned messages', '[data-pins-panel]', `${at}, pins open`)
  await withPanel(page, 'Threads', 'Close threads', '[data-thread-list]', `${at}, threads open`)
  // A thread of the newest message, its composer focused (focus scrolls clipped boxes).
  const newest = log(page).locator('[data-message]').last()
  await newest.hover()
  await newest.getByRole('button', { name: 'Reply in thread' }).click()
  await page.locator('[data-thread-panel]').waitFor({ timeout: TIMEOUT })
  await page.locator('#thread-composer').focus()
  await expectLaid(page, `${at}, a thread open`)
  await page.getByRole('button', { name: 'Close thread', exact: true }).click()
  await page.locator('[data-thread-panel]').waitFor({ state: 'detached', timeout: TIMEOUT })
  if (kind !== 'group') return
  await withPanel(page, 'Group info', 'Close group info', '[data-group-panel]', `${at}, group info open`, async () => {
    const panel = page.locator('[data-group-panel]')
    for (const tab of ['Members', 'Roles', 'Bans']) {
      await panel.getByRole('tab', { name: tab }).click()
      await expectLaid(page, `${at}, ${tab} open`)
      if (tab !== 'Roles') continue
      // The role form, focused: focus scrolls clipped boxes into view, and must not move the page.
      await panel.getByRole('button', { name: 'New role' }).click()
      await panel.getByLabel('Role name').focus()
      await expectLaid(page, `${at}, the role form focused`)
      await panel.getByLabel('Role name').fill('A rather long role name to see it wrap')
      await panel.getByRole('button', { name: 'Cancel' }).focus()
      await expectLaid(page, `${at}, the role form's Cancel focused`)
      await panel.getByRole('button', { name: 'Cancel' }).click()
    }
  })
}

/** At every width, as Alice: the DM and the group, each panel open in turn. */
export async function layoutsAtEveryWidth({ browser, contexts, pages, users, group, suffix }) {
  // Alice's own messages in the DM: the shapes that used to run past the edge on a phone.
  const texts = ownMessages(suffix)
  const alice = pages.alice
  await openFromList(alice, users.bob.name)
  for (const text of texts) await send(alice, text)
  await messageWithText(alice, `ok ${suffix}`).waitFor({ timeout: TIMEOUT })

  for (const width of WIDTHS) {
    const { context, page } = await newPage(browser, contexts, 'alice', width)
    try {
      await page.goto(`${env.baseUrl}/chats`)
      await expectLaid(page, `the chat list at ${width}px`)
      await openFromList(page, users.bob.name)
      await messageWithText(page, `ok ${suffix}`).waitFor({ timeout: TIMEOUT })
      // Hover and focus each own message: the action bar shows and must fit too.
      for (const text of texts.slice(0, 3)) {
        const m = messageWithText(page, text.split('\n')[0].replace(/^> /, ''))
        await m.scrollIntoViewIfNeeded()
        await m.hover()
        await expectLaid(page, `the DM at ${width}px, hovering “${text.slice(0, 20)}…”`)
      }
      // Alice's own messages, and emoji in a message's text (the bundled font after the text font).
      await messageWithText(page, texts.at(-1)).scrollIntoViewIfNeeded()
      await page.mouse.move(0, viewport(width).height - 1)
      await screenshot(page, `layout-${width}-own-messages`)
      await composer(page).focus()
      await checkChatPanels(page, width, 'the DM')
      await openFromList(page, group.name)
      await checkChatPanels(page, width, 'group')
    } finally {
      await context.close()
    }
  }
  assertNothingFound()
}

/**
 * The connection banner ("Reconnecting…", "You are offline") takes room above
 * the chat: the newest message stays in view, above the composer. The banner
 * is brought on by stopping the gateway (an emulated offline browser keeps
 * its open socket).
 */
export async function bannerKeepsNewest({ browser, contexts, pages, users, suffix }) {
  // A message taller than the log: the log scrolls, and its newest line is at the very bottom.
  const tall = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of a tall message ${suffix}`).join('\n')
  await openFromList(pages.alice, users.bob.name)
  await send(pages.alice, tall)
  await messageWithText(pages.alice, `Line 40 of a tall message ${suffix}`).waitFor({ timeout: TIMEOUT })
  const opened = []
  try {
    for (const width of [1280, PHONE_WIDTH]) {
      const { context, page } = await newPage(browser, contexts, 'alice', width)
      opened.push({ width, context, page })
      await openFromList(page, users.bob.name)
      await messageWithText(page, `Line 40 of a tall message ${suffix}`).waitFor({ timeout: TIMEOUT })
    }
    await stopGateway()
    try {
      for (const { width, page } of opened) {
        const banner = page.locator('[role="status"]', { hasText: /Reconnecting|You are offline/ })
        await banner.waitFor({ timeout: TIMEOUT })
        await page.waitForTimeout(200)
        const [m, l, c] = await Promise.all([
          page.locator('[data-message]').last().boundingBox(),
          log(page).boundingBox(),
          composer(page).boundingBox(),
        ])
        assert(m && l && c, 'the message, log or composer has no box')
        const end = Math.round(m.y + m.height)
        assert(end <= l.y + l.height + 1, `at ${width}px the newest message ends at ${end}, below the log (${l.y + l.height})`)
        assert(end <= c.y, `at ${width}px the newest message ends at ${end}, under the composer (${c.y})`)
        await screenshot(page, `layout-${width}-reconnecting-banner`)
      }
    } finally {
      await startGateway()
    }
    for (const { page } of opened) {
      await page.locator('[role="status"]', { hasText: /Reconnecting|You are offline/ }).waitFor({ state: 'detached', timeout: 20_000 })
    }
  } finally {
    for (const { context } of opened) await context.close()
  }
}

/** The main screens at 1280 and 390 px, light and dark (`layout-<width>-<theme>-<screen>.png`). */
export async function themedScreens({ browser, contexts, users, group }) {
  for (const width of [1280, PHONE_WIDTH]) {
    for (const theme of ['light', 'dark']) {
      const { context, page } = await newPage(browser, contexts, 'alice', width, theme)
      const shot = (screen) => screenshot(page, `layout-${width}-${theme}-${screen}`)
      try {
        await page.goto(`${env.baseUrl}/chats`)
        await chatRow(page, users.bob.name).waitFor({ timeout: TIMEOUT })
        const dataTheme = await page.evaluate(() => document.documentElement.dataset.theme)
        assert(dataTheme === theme, `the page shows the ${dataTheme} theme, not ${theme}`)
        await shot('chats')
        await openFromList(page, users.bob.name)
        // Reactions (when an earlier story left some) show the emoji font.
        const reaction = page.locator('[data-reaction]').last()
        if (await reaction.count()) await reaction.scrollIntoViewIfNeeded()
        // No message hovered: its buttons would cover the one above.
        await page.mouse.move(0, viewport(width).height - 1)
        await shot('chat-dm')
        // The reaction picker (in the emoji font), whole inside the window.
        const last = log(page).locator('[data-message]').last()
        await last.hover()
        await last.getByRole('button', { name: 'Add reaction' }).click()
        const picker = page.getByRole('dialog', { name: 'Add a reaction' })
        await picker.waitFor({ timeout: TIMEOUT })
        await expectLaid(page, `the reaction picker at ${width}px (${theme})`)
        const box = await picker.boundingBox()
        if (!box || box.x < 0 || box.x + box.width > width) found.push(`the reaction picker at ${width}px spans ${box?.x}..${box && box.x + box.width}`)
        await shot('reaction-picker')
        await page.keyboard.press('Escape')
        await picker.waitFor({ state: 'detached', timeout: TIMEOUT })
        await openFromList(page, group.name)
        await page.getByRole('button', { name: 'Group info' }).click()
        await page.locator('[data-group-panel]').getByRole('tab', { name: 'Roles' }).click()
        await shot('group-roles')
        for (const section of ['friends', 'groups', 'notifications', 'settings']) {
          await page.goto(`${env.baseUrl}/${section}`)
          await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: TIMEOUT })
          await expectLaid(page, `${section} at ${width}px (${theme})`)
          await shot(section)
        }
      } finally {
        await context.close()
      }
    }
  }
  assertNothingFound()
}
