/**
 * Drafts (#18): the composer's unsent text of a chat survives switching
 * chats and reloading, and follows its writer to another browser, live. The
 * story has a user of its own with two groups of their own (two chats with
 * no friend needed), so the other stories' users are untouched.
 */
import { chatRow, composer, log, openChat, openSection, signUp, submitLogin, TIMEOUT } from '../lib/app.mjs'
import { screenshot } from '../lib/harness.mjs'
import { newPage } from './accounts.mjs'

async function createGroup(page, name) {
  await openSection(page, 'Groups')
  await page.getByRole('link', { name: 'New group' }).click()
  await page.getByLabel('Name').fill(name)
  await page.getByRole('button', { name: 'Create group' }).click()
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: TIMEOUT })
}

/** Waits for the composer to hold exactly `text`, saying what it holds if it never does. */
async function composerHolds(page, text, what) {
  try {
    await page.waitForFunction((t) => document.querySelector('#composer')?.value === t, text, { timeout: TIMEOUT })
  } catch {
    const held = await composer(page).inputValue().catch(() => '(no composer)')
    throw new Error(`${what}: the composer holds ${JSON.stringify(held)}, not ${JSON.stringify(text)}`)
  }
}

export async function draftsFollow(ctx) {
  const dana = { username: `dana_${ctx.suffix}`, name: 'Dana Diaz' }
  ctx.users.dana = dana
  const planning = `Planning ${ctx.suffix}`
  const random = `Random ${ctx.suffix}`
  const page = await newPage(ctx, 'dana')
  await signUp(page, dana.username, dana.name)
  await createGroup(page, planning)
  await createGroup(page, random)

  // Typed, not sent; another chat and back.
  const text = `Half a thought for the plan ${ctx.suffix}`
  await openChat(page, planning)
  await composer(page).fill(text)
  await openChat(page, random)
  await composerHolds(page, '', 'the other chat')
  await chatRow(page, planning).locator('[data-draft-preview]', { hasText: text }).waitFor({ timeout: TIMEOUT })
  await screenshot(page, 'desktop-draft-in-list')
  await openChat(page, planning)
  await composerHolds(page, text, 'back in the chat')

  // A reload keeps it.
  await page.reload()
  await page.getByRole('heading', { level: 1, name: planning }).waitFor({ timeout: TIMEOUT })
  await composerHolds(page, text, 'after a reload')

  // Another browser (nothing in its storage), the same user: the draft is there, from the server.
  const other = await newPage(ctx, 'dana-other')
  await submitLogin(other, dana.username)
  await other.waitForURL(/\/chats/, { timeout: TIMEOUT })
  await openChat(other, planning)
  await composerHolds(other, text, 'in another browser')

  // Typing on in the first browser shows in the second's open composer.
  const more = `${text}, and the rest of it`
  await composer(page).fill(more)
  await composerHolds(other, more, 'in another browser, live')
  await screenshot(other, 'desktop-draft-other-browser')

  // Sent: the draft is gone everywhere.
  await composer(page).press('Enter')
  await log(page).getByText(more, { exact: true }).waitFor({ timeout: TIMEOUT })
  await composerHolds(page, '', 'after sending')
  await composerHolds(other, '', 'in another browser, after sending')
  await page.reload()
  await page.getByRole('heading', { level: 1, name: planning }).waitFor({ timeout: TIMEOUT })
  await log(page).getByText(more, { exact: true }).waitFor({ timeout: TIMEOUT })
  await composerHolds(page, '', 'after sending and a reload')
}
