/**
 * The app by keyboard (#24), as Alice at 1280×800: the quick switcher
 * (Ctrl+K), Alt+↑/↓ through the chat list, ↑ to edit her last message, the
 * shortcuts help (`?`), and Escape closing side panels with the focus going
 * back to the button that opened them.
 */
import { chatRow, composer, log, messageWithText, openChat, openSection, send, signUp, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'
import { newPage } from './accounts.mjs'

/** What has the focus: its tag, id, accessible-ish name and data attributes, for messages and checks. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return { tag: 'BODY' }
    return {
      tag: el.tagName,
      id: el.id,
      label: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '',
      toggle: el.getAttribute('data-panel-toggle'),
    }
  })
}

/** Waits until the composer has the focus, failing with what has it instead. */
async function composerGetsFocus(page, after) {
  try {
    await page.waitForFunction(() => document.activeElement?.id === 'composer', null, { timeout: TIMEOUT })
  } catch {
    throw new Error(`the composer is not focused ${after}: ${JSON.stringify(await focused(page))} is`)
  }
}

function switcher(page) {
  return page.getByRole('dialog', { name: 'Go to a chat' })
}

/** The chat list's conversation ids, top to bottom. */
async function listOrder(page) {
  const hrefs = await page.locator('a[href^="/chats/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))
  return hrefs.map((h) => h.split('/').pop())
}

function openChatId(page) {
  return new URL(page.url()).pathname.split('/').pop()
}

/** A new friend of Alice's with no chat yet (for the switcher to start one). */
async function aliceMakesAFriend(ctx) {
  const kit = { username: `kit_${ctx.suffix}`, name: 'Kit Keyes' }
  ctx.users.kit = kit
  const page = await newPage(ctx, 'kit')
  await signUp(page, kit.username, kit.name)
  const alice = ctx.pages.alice
  await openSection(alice, 'Friends')
  await alice.getByPlaceholder('Search by username').fill(kit.username)
  await alice.getByRole('button', { name: `Add ${kit.name} as a friend` }).click()
  await openSection(page, 'Friends')
  await page.getByRole('button', { name: `Accept ${ctx.users.alice.name}’s request` }).click()
  await alice.getByRole('button', { name: `Message ${kit.name}` }).waitFor({ timeout: TIMEOUT })
  await page.context().close()
  delete ctx.pages.kit
  return kit
}

/** Ctrl+K, a few letters, Enter: a friend's new DM, then a group; the composer has the focus each time. */
export async function quickSwitcher(ctx) {
  const { pages, group } = ctx
  const alice = pages.alice
  const kit = await aliceMakesAFriend(ctx)

  // From the Friends screen, nothing focused in particular.
  await alice.keyboard.press('Control+k')
  await switcher(alice).waitFor({ timeout: TIMEOUT })
  const box = switcher(alice).getByRole('combobox', { name: 'Find a chat or a friend' })
  assert(await box.evaluate((el) => el === document.activeElement), 'the switcher’s box does not have the focus')
  await box.pressSequentially('kit k', { delay: 20 })
  const first = switcher(alice).getByRole('option').first()
  await first.filter({ hasText: kit.name }).waitFor({ timeout: TIMEOUT })
  assert((await first.getAttribute('aria-selected')) === 'true', 'the best match is not the one chosen')
  await screenshot(alice, 'desktop-quick-switcher')
  await alice.keyboard.press('Enter')
  await alice.getByRole('heading', { level: 1, name: kit.name }).waitFor({ timeout: TIMEOUT })
  assert(!(await switcher(alice).isVisible()), 'the switcher is still open after Enter')
  await composerGetsFocus(alice, 'after opening a friend’s DM from the switcher')

  // From the composer: the group by its name (first, the best match), chosen again after a round of the arrows.
  await alice.keyboard.press('Control+k')
  await switcher(alice).waitFor({ timeout: TIMEOUT })
  await alice.keyboard.type(group.name.toLowerCase())
  await switcher(alice).getByRole('option', { name: new RegExp(group.name) }).waitFor({ timeout: TIMEOUT })
  const options = await switcher(alice).getByRole('option').count()
  for (let i = 1; i < options; i++) await alice.keyboard.press('ArrowDown')
  await alice.keyboard.press('ArrowDown') // wraps round to the first
  const chosen = switcher(alice).locator('[role=option][aria-selected=true]')
  const offered = await switcher(alice).getByRole('option').allInnerTexts()
  assert(
    (await chosen.innerText()).includes(group.name),
    `the arrows did not come back to ${group.name} among ${JSON.stringify(offered)}`,
  )
  await alice.keyboard.press('Enter')
  await alice.getByRole('heading', { level: 1, name: group.name }).waitFor({ timeout: TIMEOUT })
  await composerGetsFocus(alice, 'after opening the group from the switcher')

  // Escape closes it without going anywhere, and the composer has the focus again.
  await alice.keyboard.press('Control+k')
  await switcher(alice).waitFor({ timeout: TIMEOUT })
  await alice.keyboard.press('Escape')
  await switcher(alice).waitFor({ state: 'hidden', timeout: TIMEOUT })
  await composerGetsFocus(alice, 'after Escape closed the switcher')
  await alice.getByRole('heading', { level: 1, name: group.name }).waitFor({ timeout: TIMEOUT })
}

/** Alt+↓ and Alt+↑ open the next and previous conversation of the list, from the composer. */
export async function altArrowsMoveThroughChats({ pages, users }) {
  const alice = pages.alice
  await openChat(alice, users.bob.name)
  await composerGetsFocus(alice, 'after opening the DM')
  const order = await listOrder(alice)
  const at = order.indexOf(openChatId(alice))
  assert(at !== -1 && order.length >= 3, `the list has ${order.length} chats, the DM at ${at}`)
  const down = at + 1 < order.length ? at + 1 : at - 1
  const key = down > at ? 'Alt+ArrowDown' : 'Alt+ArrowUp'
  const back = down > at ? 'Alt+ArrowUp' : 'Alt+ArrowDown'

  await alice.keyboard.press(key)
  await alice.waitForURL(`**/chats/${order[down]}`, { timeout: TIMEOUT })
  await composerGetsFocus(alice, `after ${key}`)
  await alice.keyboard.press(back)
  await alice.waitForURL(`**/chats/${order[at]}`, { timeout: TIMEOUT })
  await alice.getByRole('heading', { level: 1, name: users.bob.name }).waitFor({ timeout: TIMEOUT })
  await composerGetsFocus(alice, `after ${back}`)
}

/** ↑ in the empty composer edits Alice's last message; with text in the box, ↑ is the caret's. */
export async function arrowUpEditsLast({ pages, users, suffix }) {
  const { alice, bob } = pages
  await openChat(alice, users.bob.name)
  await openChat(bob, users.alice.name)
  const typo = `See you at nnoon ${suffix}`
  const fixed = `See you at noon ${suffix}`
  await send(alice, typo)
  await messageWithText(alice, typo).waitFor({ timeout: TIMEOUT })
  await composerGetsFocus(alice, 'after sending')

  // Text in the box: ↑ stays there.
  await composer(alice).fill('x')
  await composer(alice).press('ArrowUp')
  assert(!(await alice.getByText('Editing your message').isVisible()), '↑ with text in the box started an edit')
  await composer(alice).fill('')

  await composer(alice).press('ArrowUp')
  await alice.getByText('Editing your message').waitFor({ timeout: TIMEOUT })
  assert((await composer(alice).inputValue()) === typo, `the box holds ${await composer(alice).inputValue()}`)
  await composer(alice).fill(fixed)
  await composer(alice).press('Enter')
  await messageWithText(alice, fixed).waitFor({ timeout: TIMEOUT })
  await messageWithText(bob, fixed).waitFor({ timeout: TIMEOUT })
  assert((await log(alice).getByText(typo, { exact: true }).count()) === 0, 'the typo is still shown')
  assert((await composer(alice).inputValue()) === '', 'the box is not empty after saving')
}

/** `?` opens the help (not while typing); Escape closes it and gives the focus back. */
export async function shortcutsHelp({ pages, users }) {
  const alice = pages.alice
  await openChat(alice, users.bob.name)
  const help = alice.getByRole('dialog', { name: 'Keyboard shortcuts' })

  // Typed in the composer, `?` is a question mark.
  await composer(alice).fill('Really')
  await composer(alice).press('?')
  assert((await composer(alice).inputValue()) === 'Really?', 'the ? was not typed into the composer')
  assert(!(await help.isVisible()), 'the help opened while typing')
  await composer(alice).fill('')

  // From the chat list's row (a link): the help, then back to the row.
  const row = chatRow(alice, users.bob.name)
  await row.focus()
  await alice.keyboard.press('?')
  await help.waitFor({ timeout: TIMEOUT })
  for (const text of ['Find a chat or a friend', 'Previous or next conversation in the list', 'Edit your last message']) {
    assert(await help.getByText(text).isVisible(), `the help does not list “${text}”`)
  }
  const inside = await alice.evaluate(() => !!document.activeElement?.closest('[data-shortcuts-help]'))
  assert(inside, 'the focus is not in the help dialog')
  await screenshot(alice, 'desktop-shortcuts-help')
  await alice.keyboard.press('Escape')
  await help.waitFor({ state: 'hidden', timeout: TIMEOUT })
  assert(await row.evaluate((el) => el === document.activeElement), `the focus went to ${JSON.stringify(await focused(alice))}`)
}

/** Escape closes the pins panel and the group panel; the focus goes back to the header button each time. */
export async function escapeClosesPanels({ pages, group }) {
  const alice = pages.alice
  await openChat(alice, group.name)
  for (const [button, panel] of [
    ['Pinned messages', '[data-pins-panel]'],
    ['Group info', '[data-group-panel]'],
  ]) {
    const toggle = alice.getByRole('button', { name: button, exact: true })
    await toggle.focus()
    await alice.keyboard.press('Enter')
    await alice.locator(panel).waitFor({ timeout: TIMEOUT })
    await alice.waitForFunction((sel) => !!document.activeElement?.closest(sel), panel, { timeout: TIMEOUT })
    assert((await toggle.getAttribute('aria-expanded')) === 'true', `${button} does not say it is expanded`)
    await alice.keyboard.press('Escape')
    await alice.locator(panel).waitFor({ state: 'detached', timeout: TIMEOUT })
    const now = await focused(alice)
    assert(now.label === button, `after Escape on ${button}, the focus is on ${JSON.stringify(now)}`)
    assert((await toggle.getAttribute('aria-expanded')) === 'false', `${button} still says it is expanded`)
  }
}
