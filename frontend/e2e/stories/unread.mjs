/**
 * Unread messages show everywhere, live, in every tab: the tab title "(N)",
 * a count drawn on the tab's icon, the Chats entry of the navigation, the
 * chat's row; opening the chat shows "New messages" above the first unread
 * one with a button up to it, and reading clears the rest in both tabs. A
 * group invitation puts a badge on Groups.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'

import { chatRow, log, openSection, send, TIMEOUT } from '../lib/app.mjs'
import { assert, env, screenshot } from '../lib/harness.mjs'

const UNREAD = 24

/** The tab title's "(N) " count, or 0. */
function titleCount(page) {
  return page.evaluate(() => Number(/^\((\d+)\+?\) /.exec(document.title)?.[1] ?? 0))
}

function favicon(page) {
  return page.evaluate(() => document.querySelector('link[rel~="icon"]')?.getAttribute('href') ?? null)
}

/** The badge of a navigation entry, as shown (the sidebar on a desktop). */
function navBadge(page, section) {
  return page.locator(`nav[aria-label="Main"] a[href="/${section}"] .badge:visible`)
}

async function waitForTitleCount(page, n, who) {
  await page
    .waitForFunction((want) => Number(/^\((\d+)\+?\) /.exec(document.title)?.[1] ?? 0) === want, n, { timeout: TIMEOUT })
    .catch(async () => {
      throw new Error(`${who}'s title is “${await page.title()}”, not counting ${n}`)
    })
}

export async function unreadEverywhere({ contexts, pages, users, suffix }) {
  const { alice, bob } = pages
  // Bob: one tab on Friends, another on the chat list; neither has the DM open.
  await openSection(bob, 'Friends')
  const list = await contexts.bob.newPage()
  list.setDefaultTimeout(TIMEOUT)
  list.on('pageerror', (e) => console.log(`[bob, 2nd tab] page error: ${e.message}`))
  try {
    await list.goto(`${env.baseUrl}/chats`)
    await chatRow(list, users.alice.name).waitFor({ timeout: TIMEOUT })
    assert((await titleCount(bob)) === 0 && (await titleCount(list)) === 0, 'Bob starts with unread messages')
    assert((await favicon(list)) === '/favicon.svg', `the icon starts as ${await favicon(list)}`)

    // Alice writes: the first unread message, then enough to push it out of view.
    await alice.goto(`${env.baseUrl}/chats`)
    await chatRow(alice, users.bob.name).click()
    await alice.getByRole('heading', { level: 1, name: users.bob.name }).waitFor({ timeout: TIMEOUT })
    const first = `First unread ${suffix}`
    await send(alice, first)
    for (let i = 2; i <= UNREAD; i++) await send(alice, `Unread ${i} of ${UNREAD}, enough of them to fill the screen ${suffix}`)
    await log(alice).getByText(`Unread ${UNREAD} of ${UNREAD}`, { exact: false }).waitFor({ timeout: TIMEOUT })

    // Both of Bob's tabs count them: title, icon, navigation; the list's row too.
    for (const [page, who] of [[bob, 'Bob (Friends)'], [list, 'Bob (chat list)']]) {
      await waitForTitleCount(page, UNREAD, who)
      const icon = await favicon(page)
      assert(icon?.startsWith('data:image/png;base64,'), `${who}'s tab icon has no count: ${icon}`)
      await navBadge(page, 'chats').filter({ hasText: String(UNREAD) }).waitFor({ timeout: TIMEOUT })
    }
    await chatRow(list, users.alice.name).locator('.badge', { hasText: String(UNREAD) }).waitFor({ timeout: TIMEOUT })
    // The icon as drawn, to look at.
    const icon = await favicon(list)
    writeFileSync(path.join(env.shots, 'unread-favicon.png'), Buffer.from(icon.split(',')[1], 'base64'))
    await screenshot(list, 'unread-chat-list')

    // The chat opens at the newest message; "New messages" is above, with a button up to it.
    await chatRow(list, users.alice.name).click()
    await list.getByRole('heading', { level: 1, name: users.alice.name }).waitFor({ timeout: TIMEOUT })
    const divider = log(list).locator('[data-unread-divider]')
    await divider.waitFor({ state: 'attached', timeout: TIMEOUT })
    const afterDivider = await divider.evaluate((line) => {
      const all = [...document.querySelectorAll('[data-message]')]
      const next = all.find((m) => line.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING)
      return next?.querySelector('[data-body]')?.textContent?.trim() ?? null
    })
    assert(afterDivider === first, `the first message under “New messages” is “${afterDivider}”`)
    const jump = list.locator('[data-jump-unread]')
    await jump.waitFor({ timeout: TIMEOUT })
    assert((await jump.textContent())?.includes(`${UNREAD} new messages`), `the button reads “${await jump.textContent()}”`)
    await screenshot(list, 'unread-jump-button')

    await jump.click()
    await jump.waitFor({ state: 'detached', timeout: TIMEOUT })
    const [line, box] = await Promise.all([divider.boundingBox(), log(list).boundingBox()])
    assert(line && box && line.y >= box.y && line.y + line.height <= box.y + box.height, 'the “New messages” line is not in view after the jump')
    const focused = await list.evaluate(() => document.activeElement?.querySelector('[data-body]')?.textContent?.trim())
    assert(focused === first, `the focus is on “${focused}”, not the first unread message`)
    await screenshot(list, 'unread-divider')

    // Read in one tab: cleared in both, the line stays where it was.
    for (const [page, who] of [[list, 'Bob (chat)'], [bob, 'Bob (Friends)']]) {
      await waitForTitleCount(page, 0, who)
      await page.waitForFunction(() => document.querySelector('link[rel~="icon"]')?.getAttribute('href') === '/favicon.svg', null, { timeout: TIMEOUT })
      await navBadge(page, 'chats').waitFor({ state: 'detached', timeout: TIMEOUT })
    }
    assert(await divider.isVisible(), 'the “New messages” line went once the chat was read')
  } finally {
    await list.close()
  }
}

/** A group invitation puts a count on the Groups entry, live; declining it takes it away. */
export async function invitationBadge({ pages, users, suffix }) {
  const { alice, bob } = pages
  const name = `Invited ${suffix}`
  await openSection(bob, 'Friends')
  await openSection(alice, 'Groups')
  await alice.getByRole('link', { name: 'New group' }).click()
  await alice.getByLabel('Name').fill(name)
  await alice.getByRole('button', { name: 'Create group' }).click()
  await alice.getByRole('heading', { level: 1, name }).waitFor({ timeout: TIMEOUT })
  await alice.getByRole('button', { name: 'Group info' }).click()
  const panel = alice.locator('[data-group-panel]')
  await panel.getByRole('button', { name: `Invite ${users.bob.name}` }).click()
  // Exactly the status word: the group's own name ("Invited …") is in the panel too.
  await panel.getByText('Invited', { exact: true }).waitFor({ timeout: TIMEOUT })

  const badge = navBadge(bob, 'groups')
  await badge.filter({ hasText: '1' }).waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'unread-invitation-badge')
  await openSection(bob, 'Groups')
  await bob.locator('[data-invitation]', { hasText: name }).getByRole('button', { name: 'Decline' }).click()
  await badge.waitFor({ state: 'detached', timeout: TIMEOUT })
  await alice.getByRole('button', { name: 'Close group info' }).click()
}
