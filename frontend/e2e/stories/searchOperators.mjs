/**
 * The search box's operators: typed with the suggestions (keyboard only),
 * from: and has:image find the picture of the media story and land on it; a
 * thread's reply found with in:thread opens its thread at it; an operator the
 * server cannot read says so by the box.
 */
import { log, openSection, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'
import { threadReply } from './threads.mjs'

function searchBox(page) {
  return page.getByRole('combobox', { name: 'Search messages' })
}

/** Waits for the suggestion that writes `written`, and takes it with `key` (Enter or Tab). */
async function take(page, written, key = 'Enter') {
  const option = page.locator('[data-search-suggestions] [role=option]', { hasText: written })
  await option.waitFor({ timeout: TIMEOUT })
  // Moved to with the arrow keys, as a keyboard user would.
  for (let i = 0; i < 8 && (await option.getAttribute('aria-selected')) !== 'true'; i++) await searchBox(page).press('ArrowDown')
  const active = await searchBox(page).getAttribute('aria-activedescendant')
  assert(active === (await option.getAttribute('id')), `the box points at ${active}, not the option for ${written}`)
  await searchBox(page).press(key)
}

export async function searchOperators({ pages, users, suffix }) {
  const { bob } = pages
  await openSection(bob, 'Chats')
  await bob.getByRole('button', { name: 'Search messages', exact: true }).click()
  const box = searchBox(bob)
  await box.waitFor({ timeout: TIMEOUT })

  // "fr" → from:, then Alice by her name, then has:image.
  await box.pressSequentially('fr', { delay: 20 })
  assert((await box.getAttribute('aria-expanded')) === 'true', 'the suggestions are not announced as open')
  await take(bob, 'from:')
  await box.pressSequentially('ali', { delay: 20 })
  await take(bob, `from:@${users.alice.username}`)
  await box.pressSequentially('has:im', { delay: 20 })
  await screenshot(bob, 'desktop-search-suggestions')
  await take(bob, 'has:image', 'Tab')
  const query = await box.inputValue()
  assert(query === `from:@${users.alice.username} has:image `, `the box reads “${query}”`)

  const hit = bob.locator('[data-search-hit]', { hasText: 'A picture' })
  await hit.waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'desktop-search-operators')
  await hit.click()
  await bob.getByRole('heading', { level: 1, name: users.alice.name }).waitFor({ timeout: TIMEOUT })
  const landed = log(bob).locator('[data-message][data-highlighted]', { hasText: 'A picture' })
  await landed.waitFor({ timeout: TIMEOUT })
  await landed.locator('[data-attachment-image]').waitFor({ timeout: TIMEOUT })

  // A reply in a thread: its thread opens beside the chat, at the reply.
  await box.fill('')
  await box.pressSequentially(`in:thread ${threadReply(suffix).split(' ').at(-1)}`, { delay: 10 })
  const reply = bob.locator('[data-search-hit][data-in-thread]', { hasText: 'pick a date' })
  await reply.waitFor({ timeout: TIMEOUT })
  await reply.click()
  const thread = bob.locator('[data-thread-panel]')
  await thread.locator('[data-message][data-highlighted]', { hasText: threadReply(suffix) }).waitFor({ timeout: TIMEOUT })
  await bob.getByRole('button', { name: 'Close thread' }).click()

  // What the server cannot read is said by the box.
  await box.fill('has:pdf')
  const error = bob.locator('[data-search-error]')
  await error.waitFor({ timeout: TIMEOUT })
  assert((await error.textContent())?.includes('This search cannot be run'), `the error reads ${await error.textContent()}`)
  assert((await box.getAttribute('aria-invalid')) === 'true', 'the box is not marked invalid')
  await bob.getByRole('button', { name: 'Close search' }).click()
}
