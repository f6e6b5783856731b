/**
 * Reactions, pins, mentions and search between the two users' DM, live on
 * both sides. They follow the gateway restart story: both have the DM open.
 */
import { chatRow, log, messageWithText, openChat, openSection, send, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'

/** Bob's message the reactions and pin stories act on. */
const reactTo = (suffix) => `React to this, please ${suffix}`

export async function reactLive({ pages, users, suffix }) {
  const { alice, bob } = pages
  await openChat(alice, users.bob.name)
  await openChat(bob, users.alice.name)
  const text = reactTo(suffix)
  await send(bob, text)
  const onAlice = messageWithText(alice, text)
  await onAlice.waitFor({ timeout: TIMEOUT })

  await onAlice.hover()
  await onAlice.getByRole('button', { name: 'Add reaction' }).click()
  await alice.getByRole('dialog', { name: 'Add a reaction' }).getByRole('button', { name: 'React with 👍' }).click()

  // Live on Bob's side: one 👍, not his.
  const onBob = messageWithText(bob, text)
  await onBob.getByRole('button', { name: /^👍 1 reaction(?!, including yours)/ }).waitFor({ timeout: TIMEOUT })
  // Alice's own: shown at once, and the echo of it does not count it twice.
  await onAlice.getByRole('button', { name: /^👍 1 reaction, including yours/ }).waitFor({ timeout: TIMEOUT })
  await alice.waitForTimeout(1000)
  assert((await onAlice.locator('[data-reaction]').textContent())?.trim() === '👍1', 'Alice’s chip does not read 👍1')

  // Bob adds his own: 2, and his chip is pressed.
  await onBob.getByRole('button', { name: /^👍 1 reaction/ }).click()
  await onAlice.getByRole('button', { name: /^👍 2 reactions, including yours/ }).waitFor({ timeout: TIMEOUT })
  await onBob.locator('[data-reaction][aria-pressed="true"]').waitFor({ timeout: TIMEOUT })
  await onBob.locator('[data-reaction]').hover() // "who reacted" as a tooltip
  await bob.waitForTimeout(300)
  await screenshot(bob, 'desktop-reactions')
}

export async function pinLive({ pages, users, suffix }) {
  const { alice, bob } = pages
  const text = reactTo(suffix)
  const onAlice = messageWithText(alice, text)
  await onAlice.hover()
  await onAlice.getByRole('button', { name: 'Pin', exact: true }).click()
  await onAlice.locator('[data-pinned]').waitFor({ timeout: TIMEOUT })

  // Bob sees the system line and the marker live, and the message in the pins panel.
  await log(bob).getByText(`${users.alice.name} pinned a message`).waitFor({ timeout: TIMEOUT })
  await messageWithText(bob, text).locator('[data-pinned]').waitFor({ timeout: TIMEOUT })
  await bob.getByRole('button', { name: 'Pinned messages' }).click()
  const panel = bob.locator('[data-pins-panel]')
  await panel.locator('[data-pin]', { hasText: text }).waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'desktop-pins')

  // An entry goes to its message. Below 1440 px the panel lies over the chat: it closes to show it.
  await panel.locator('[data-pin]', { hasText: text }).getByRole('button').first().click()
  await log(bob).locator('[data-message][data-highlighted]', { hasText: text }).waitFor({ timeout: TIMEOUT })
  await panel.waitFor({ state: 'detached', timeout: TIMEOUT })
}

export async function mentionLive({ pages, users, suffix }) {
  const { alice, bob } = pages
  // Bob is not reading the chat: the list, with no chat open.
  await openSection(bob, 'Chats')
  const text = `Hey @${users.bob.username}, lunch at noon? ${suffix}`
  await send(alice, text)

  const row = chatRow(bob, users.alice.name)
  const badge = row.locator('[data-mention-count]')
  await badge.waitFor({ timeout: TIMEOUT })
  assert((await badge.textContent())?.includes('@1'), `the mention badge reads ${await badge.textContent()}`)
  await screenshot(bob, 'desktop-mention-badge')

  // The notification opens the chat at the message, and reading it clears the badge.
  await openSection(bob, 'Notifications')
  const link = bob.getByRole('link', { name: `${users.alice.name} mentioned you: ${text}` })
  await link.waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'desktop-notifications-mention')
  await link.click()
  await bob.getByRole('heading', { level: 1, name: users.alice.name }).waitFor({ timeout: TIMEOUT })
  const mentioned = log(bob).locator('[data-message][data-highlighted]', { hasText: text })
  await mentioned.waitFor({ timeout: TIMEOUT })
  await mentioned.locator('[data-mention="me"]').waitFor({ timeout: TIMEOUT })
  await badge.waitFor({ state: 'detached', timeout: TIMEOUT })
}

export async function searchAndJump({ pages, users, search }) {
  const { alice, bob } = pages
  await send(alice, `The code word is ${search.word} so keep it quiet`)
  await send(alice, 'Something else to push it up')
  await log(bob).getByText('Something else to push it up', { exact: true }).waitFor({ timeout: TIMEOUT })

  await openSection(bob, 'Chats')
  await bob.getByRole('button', { name: 'Search messages', exact: true }).click()
  await bob.getByRole('combobox', { name: 'Search messages' }).fill(search.word)
  const hit = bob.locator('[data-search-hit]', { hasText: search.word })
  await hit.waitFor({ timeout: TIMEOUT })
  assert((await hit.locator('mark').first().textContent())?.toLowerCase() === search.word, 'the word is not marked')
  await screenshot(bob, 'desktop-search')

  await hit.click()
  await bob.getByRole('heading', { level: 1, name: users.alice.name }).waitFor({ timeout: TIMEOUT })
  await log(bob).locator('[data-message][data-highlighted]', { hasText: search.word }).waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'desktop-search-jump')
  await bob.getByRole('button', { name: 'Close search' }).click()
}
