/**
 * Threads between the two users' DM, live on both sides: Alice opens a thread
 * from her message, Bob replies in his own browser, Alice sees the count
 * under the root and the reply in her open panel; a later reply in the thread
 * she follows (as its root's author) puts an unread badge on the chat's row
 * and in the thread list while she is in another chat, gone once she reads it.
 * Screenshots of the open thread panel at desktop and phone width.
 */
import { chatRow, log, messageWithText, openChat, send, TIMEOUT } from '../lib/app.mjs'
import { assert, env, screenshot } from '../lib/harness.mjs'
import { PHONE } from './screens.mjs'

/** The root message the thread stories use (one of its own, so its counts start at zero). */
export const threadRoot = (suffix) => `Shall we plan the offsite? ${suffix}`
/** Bob's first reply: the search story finds it with in:thread. */
export const threadReply = (suffix) => `Yes, lets pick a date ${suffix}`

function panel(page) {
  return page.locator('[data-thread-panel]')
}

/** Opens the thread of one's own or another's message through its "Reply in thread" button. */
async function replyInThread(page, text) {
  const m = messageWithText(page, text)
  await m.hover()
  await m.getByRole('button', { name: 'Reply in thread' }).click()
  await panel(page).locator('[data-thread-root]', { hasText: text }).waitFor({ timeout: TIMEOUT })
}

async function replyFrom(page, text) {
  const box = panel(page).locator('#thread-composer')
  await box.fill(text)
  await box.press('Enter')
  await panel(page).locator('[data-thread-replies] [data-body]', { hasText: text }).waitFor({ timeout: TIMEOUT })
}

export async function threadLive({ browser, contexts, pages, users, group, suffix }) {
  const { alice, bob } = pages
  await openChat(alice, users.bob.name)
  await openChat(bob, users.alice.name)
  const root = threadRoot(suffix)
  await send(alice, root)
  await messageWithText(bob, root).waitFor({ timeout: TIMEOUT })

  // Alice opens the thread (nothing in it yet); Bob replies from his own.
  await replyInThread(alice, root)
  await panel(alice).getByText('No replies yet.').waitFor({ timeout: TIMEOUT })
  await replyInThread(bob, root)
  const first = threadReply(suffix)
  await replyFrom(bob, first)

  // Live for Alice: the reply in her open panel, the count under the root.
  await panel(alice).locator('[data-thread-replies] [data-body]', { hasText: first }).waitFor({ timeout: TIMEOUT })
  const summary = messageWithText(alice, root).locator('[data-thread-summary]')
  await summary.locator('[data-reply-count]', { hasText: '1 reply' }).waitFor({ timeout: TIMEOUT })
  // The reply is the thread's, not the chat's.
  assert((await log(alice).getByText(first).count()) === 0, 'the reply shows in the chat’s timeline')
  // The root's author follows the thread from its first reply.
  await panel(alice).locator('[data-thread-follow]', { hasText: 'Unfollow' }).waitFor({ timeout: TIMEOUT })
  await alice.mouse.move(0, 0)
  await screenshot(alice, 'desktop-thread-panel')

  // Alice in another chat: Bob's next reply is unread for her, on the DM's row.
  await openChat(alice, group.name)
  const second = `The second week works for me ${suffix}`
  await replyFrom(bob, second)
  await summaryCount(bob, root, '2 replies')
  const badge = chatRow(alice, users.bob.name).locator('[data-unread-threads]')
  await badge.waitFor({ timeout: TIMEOUT })
  assert((await badge.textContent())?.includes('1'), `the unread threads badge reads ${await badge.textContent()}`)
  // The chat's own unread count is not touched by replies.
  assert((await chatRow(alice, users.bob.name).locator('.badge-primary:not([data-unread-threads])').count()) === 0, 'a reply counts as an unread message of the chat')
  await screenshot(alice, 'desktop-unread-threads-badge')

  // In the DM, the Threads list shows it unread; opening it reads it, and the badges go.
  await openChat(alice, users.bob.name)
  await alice.locator('[data-unread-threads-dot]').waitFor({ timeout: TIMEOUT })
  await alice.getByRole('button', { name: 'Threads', exact: true }).click()
  const row = alice.locator('[data-thread-list] [data-thread-row]', { hasText: root })
  await row.locator('[data-thread-unread-count]').waitFor({ timeout: TIMEOUT })
  await row.click()
  await panel(alice).locator('[data-thread-replies] [data-body]', { hasText: second }).waitFor({ timeout: TIMEOUT })
  await badge.waitFor({ state: 'detached', timeout: TIMEOUT })
  await alice.locator('[data-unread-threads-dot]').waitFor({ state: 'detached', timeout: TIMEOUT })

  // Escape closes it; the focus goes back to the Threads button.
  await panel(alice).locator('#thread-composer').focus()
  await alice.keyboard.press('Escape')
  await panel(alice).waitFor({ state: 'detached', timeout: TIMEOUT })
  const focusedToggle = await alice.evaluate(() => document.activeElement?.getAttribute('data-panel-toggle'))
  assert(focusedToggle === 'threads', `the focus went to ${focusedToggle}, not the Threads button`)
  await bob.getByRole('button', { name: 'Close thread' }).click()

  // At phone width the panel takes the whole screen.
  const context = await browser.newContext({ viewport: PHONE, storageState: await contexts.alice.storageState() })
  const phone = await context.newPage()
  phone.setDefaultTimeout(TIMEOUT)
  try {
    await phone.goto(`${env.baseUrl}/chats`)
    await openChat(phone, users.bob.name)
    await messageWithText(phone, root).locator('[data-thread-summary]').click()
    await panel(phone).locator('[data-thread-replies] [data-body]', { hasText: second }).waitFor({ timeout: TIMEOUT })
    const box = await panel(phone).boundingBox()
    assert(box && box.x <= 0.5 && box.width >= PHONE.width - 1, `the thread panel spans ${box?.x}..${box && box.x + box.width} at phone width`)
    await screenshot(phone, 'phone-thread-panel')
  } finally {
    await context.close()
  }
}

async function summaryCount(page, root, text) {
  await messageWithText(page, root).locator('[data-thread-summary] [data-reply-count]', { hasText: text }).waitFor({ timeout: TIMEOUT })
}
