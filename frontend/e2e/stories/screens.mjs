/** Screenshots of the main screens at phone width, as the signed-in user. */
import { openChat, openSection, TIMEOUT } from '../lib/app.mjs'
import { env, screenshot } from '../lib/harness.mjs'

export const PHONE = { width: 390, height: 844 }

export async function phoneScreens({ browser, contexts, users, group }) {
  const state = await contexts.alice.storageState()
  const context = await browser.newContext({ viewport: PHONE, storageState: state })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  try {
    await page.goto(`${env.baseUrl}/chats`)
    await page.getByText(users.bob.name, { exact: true }).first().waitFor({ timeout: TIMEOUT })
    await screenshot(page, 'phone-chats')
    await openChat(page, users.bob.name)
    await screenshot(page, 'phone-chat-dm')
    await page.getByRole('link', { name: 'Back to chats' }).click()
    await openChat(page, group.name)
    await page.getByRole('button', { name: 'Group info' }).click()
    await page.locator('[data-group-panel]').getByRole('tab', { name: 'Roles' }).click()
    await screenshot(page, 'phone-group-roles')
    await page.getByRole('button', { name: 'Close group info' }).click()
    await page.getByRole('link', { name: 'Back to chats' }).click()
    for (const [section, name] of [
      ['Groups', 'phone-groups'],
      ['Friends', 'phone-friends'],
      ['Notifications', 'phone-notifications'],
      ['Settings', 'phone-settings'],
    ]) {
      await openSection(page, section)
      await page.getByRole('heading', { level: 1, name: section }).waitFor({ timeout: TIMEOUT })
      await screenshot(page, name)
    }
  } finally {
    await context.close()
  }
  const guest = await browser.newContext({ viewport: PHONE })
  const login = await guest.newPage()
  await login.goto(`${env.baseUrl}/login`)
  await login.getByRole('button', { name: 'Log in', exact: true }).waitFor({ timeout: TIMEOUT })
  await screenshot(login, 'phone-login')
  await guest.close()
}

export async function desktopSettings({ pages }) {
  await openSection(pages.alice, 'Settings')
  await pages.alice.getByRole('heading', { level: 1, name: 'Settings' }).waitFor({ timeout: TIMEOUT })
  await screenshot(pages.alice, 'desktop-settings')
}

/** Reactions, the pins panel and search results at phone width, as Bob. */
export async function phoneMessageFeatures({ browser, contexts, users, search }) {
  const state = await contexts.bob.storageState()
  const context = await browser.newContext({ viewport: PHONE, storageState: state })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  try {
    await page.goto(`${env.baseUrl}/chats`)
    await openChat(page, users.alice.name)
    await page.locator('[data-reaction]').first().waitFor({ timeout: TIMEOUT })
    await page.locator('[data-reaction]').first().scrollIntoViewIfNeeded()
    await screenshot(page, 'phone-chat-reactions')

    await page.getByRole('button', { name: 'Pinned messages' }).click()
    await page.locator('[data-pins-panel] [data-pin]').first().waitFor({ timeout: TIMEOUT })
    await screenshot(page, 'phone-pins')
    await page.getByRole('button', { name: 'Close pinned messages' }).click()

    await page.getByRole('button', { name: 'Search in this conversation' }).click()
    await page.getByRole('combobox', { name: 'Search messages' }).fill(search.word)
    const hit = page.locator('[data-search-hit]', { hasText: search.word })
    await hit.waitFor({ timeout: TIMEOUT })
    await screenshot(page, 'phone-search')
    // On a phone the panel covers the chat: it closes to show the message.
    await hit.click()
    await page.locator('[data-message][data-highlighted]', { hasText: search.word }).waitFor({ timeout: TIMEOUT })
    await screenshot(page, 'phone-search-jump')
  } finally {
    await context.close()
  }
}
