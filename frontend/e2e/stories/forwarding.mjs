/**
 * Forwarding a message and reading a message's edit history. They follow the
 * message-feature stories: Bob's "React to this" message is in the DM, and
 * Alice owns the group (Bob was kicked from it).
 */
import { composer, log, messageWithText, openChat, send, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'

export async function forwardToGroup({ pages, users, group, suffix }) {
  const { alice } = pages
  const text = `React to this, please ${suffix}`
  await openChat(alice, users.bob.name)
  const original = messageWithText(alice, text)
  await original.hover()
  await original.getByRole('button', { name: 'Forward' }).click()

  const dialog = alice.getByRole('dialog', { name: 'Forward message' })
  await dialog.getByLabel('Find a chat').fill(group.name)
  await screenshot(alice, 'desktop-forward-dialog')
  await dialog.locator('[data-forward-target]', { hasText: group.name }).click()
  await alice.locator('[data-forward-notice]', { hasText: `Forwarded to ${group.name}` }).waitFor({ timeout: TIMEOUT })
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })

  // In the group, the copy is Alice's and marked; loaded from history, the mark links to the original.
  await openChat(alice, group.name)
  await alice.reload()
  const copy = messageWithText(alice, text)
  const mark = copy.locator('a[data-forwarded]')
  await mark.waitFor({ timeout: TIMEOUT })
  assert((await copy.getAttribute('aria-label')) === 'Your message', 'the forwarded copy is not Alice’s')
  await screenshot(alice, 'desktop-forwarded-copy')
  await mark.click()
  await alice.getByRole('heading', { level: 1, name: users.bob.name }).waitFor({ timeout: TIMEOUT })
  await log(alice).locator('[data-message][data-highlighted]', { hasText: text }).waitFor({ timeout: TIMEOUT })
}

export async function editHistory({ pages, users, suffix }) {
  const { alice, bob } = pages
  await openChat(alice, users.bob.name)
  const first = `Meet at six ${suffix}`
  const second = `Meet at seven ${suffix}`
  await send(alice, first)
  const mine = messageWithText(alice, first)
  await mine.waitFor({ timeout: TIMEOUT })
  await mine.hover()
  await mine.getByRole('button', { name: 'Edit' }).click()
  await composer(alice).fill(second)
  await composer(alice).press('Enter')

  // Bob opens the earlier versions from "edited".
  await openChat(bob, users.alice.name)
  const edited = messageWithText(bob, second)
  await edited.getByRole('button', { name: 'edited' }).click()
  const dialog = bob.getByRole('dialog', { name: 'Edit history' })
  await dialog.locator('[data-version]', { hasText: first }).waitFor({ timeout: TIMEOUT })
  await dialog.locator('[data-version-current]', { hasText: second }).waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'desktop-edit-history')
  await bob.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })
}
