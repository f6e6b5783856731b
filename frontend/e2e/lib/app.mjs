/** What a user does in the app, as steps the stories share. */
import { env } from './harness.mjs'

export const TIMEOUT = 10_000

export const PASSWORD = 'correct horse battery'

/** Signs up (with an email if given) and waits for the chats. */
export async function signUp(page, username, displayName, { email } = {}) {
  await page.goto(`${env.baseUrl}/signup`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Display name').fill(displayName)
  if (email) await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await page.waitForURL(/\/chats/, { timeout: TIMEOUT })
}

/** Fills the login form and submits it (the caller checks where it leads). */
export async function submitLogin(page, username, password = PASSWORD) {
  if (!/\/login/.test(page.url())) await page.goto(`${env.baseUrl}/login`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
}

/** Goes to a section through the sidebar (a client-side move: the socket stays up). */
export async function openSection(page, label) {
  // By address: a badge's count is part of the link's name.
  await page.getByRole('navigation', { name: 'Main' }).locator(`a[href="/${label.toLowerCase()}"]`).click()
}

/** Opens a conversation from the chat list by its title. */
export async function openChat(page, title) {
  await openSection(page, 'Chats')
  // The row whose title is exactly this (a preview may mention the name too).
  await page
    .locator('a[href^="/chats/"]')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first()
    .click()
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: TIMEOUT })
}

export function composer(page) {
  return page.locator('#composer')
}

export async function send(page, text) {
  await composer(page).fill(text)
  await composer(page).press('Enter')
}

/** The messages log of the open chat. */
export function log(page) {
  return page.getByRole('log', { name: 'Messages' })
}

export async function countText(page, text) {
  return log(page).getByText(text, { exact: true }).count()
}

/** One message of the open chat, by its whole text. */
export function messageWithText(page, text) {
  return log(page).locator('[data-message]', { has: page.locator('[data-body]', { hasText: text }) }).last()
}

/** The chat list's row for a conversation, by its title. */
export function chatRow(page, title) {
  return page
    .locator('a[href^="/chats/"]')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first()
}
