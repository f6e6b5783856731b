/** Sign up, befriend, and a live DM: messages, typing and "seen" without reloads. */
import { composer, countText, log, openChat, openSection, send, signUp, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'

export async function signUpBoth({ pages, users }) {
  await Promise.all([
    signUp(pages.alice, users.alice.username, users.alice.name),
    signUp(pages.bob, users.bob.username, users.bob.name),
  ])
}

export async function befriend({ pages, users }) {
  const { alice, bob } = pages
  await openSection(alice, 'Friends')
  await openSection(bob, 'Friends')
  await alice.getByPlaceholder('Search by username').fill(users.bob.username)
  await alice.getByRole('button', { name: `Add ${users.bob.name} as a friend` }).click()
  // Bob is on the Friends screen already: the request shows up live.
  const accept = bob.getByRole('button', { name: `Accept ${users.alice.name}’s request` })
  await accept.waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'desktop-friends-request')
  await accept.click()
  await alice.getByRole('button', { name: `Message ${users.bob.name}` }).waitFor({ timeout: TIMEOUT })
  await screenshot(alice, 'desktop-friends')
}

export async function chatLive({ pages, users }) {
  const { alice, bob } = pages
  await alice.getByRole('button', { name: `Message ${users.bob.name}` }).click()
  await alice.getByRole('heading', { level: 1, name: users.bob.name }).waitFor({ timeout: TIMEOUT })
  await send(alice, 'Hello Bob!')
  // Bob's list gets the new DM live; he opens it.
  await openChat(bob, users.alice.name)
  await log(bob).getByText('Hello Bob!', { exact: true }).waitFor({ timeout: TIMEOUT })

  // Typing shows on the other side.
  await composer(bob).pressSequentially('Hi Ali', { delay: 30 })
  await alice.getByText(`${users.bob.name} is typing…`).waitFor({ timeout: TIMEOUT })
  await composer(bob).press('Enter')
  await log(alice).getByText('Hi Ali', { exact: true }).waitFor({ timeout: TIMEOUT })

  // Bob has the chat open at the bottom: Alice's message shows as seen.
  await log(alice).getByRole('img', { name: 'Seen' }).first().waitFor({ timeout: TIMEOUT })
  if ((await countText(alice, 'Hello Bob!')) !== 1) throw new Error('the sent message shows more than once')
  await screenshot(alice, 'desktop-chat-dm')
}

/** Whether the composer is what has the focus. */
function composerFocused(page) {
  return page.evaluate(() => document.activeElement?.id === 'composer' && document.activeElement.tagName === 'TEXTAREA')
}

/** At 1280×800 a chat opens ready to type in: the composer has the focus, from Friends and from the chat list. */
export async function composerFocusedOnOpen({ pages, users }) {
  const { alice, bob } = pages
  await openSection(alice, 'Friends')
  await alice.getByRole('button', { name: `Message ${users.bob.name}` }).click()
  await alice.getByRole('heading', { level: 1, name: users.bob.name }).waitFor({ timeout: TIMEOUT })
  await alice.waitForFunction(() => document.activeElement?.id === 'composer', null, { timeout: TIMEOUT }).catch(() => {})
  assert(await composerFocused(alice), 'the composer is not focused after opening the DM from Friends')

  await openChat(bob, users.alice.name)
  await bob.waitForFunction(() => document.activeElement?.id === 'composer', null, { timeout: TIMEOUT }).catch(() => {})
  assert(await composerFocused(bob), 'the composer is not focused after opening the DM from the chat list')
}
