/**
 * Accounts people can trust (#17), end to end with real mail: confirming an
 * email from the mailed link, a forgotten password reset by mail, and a login
 * ended from another browser. Each story has users of its own (fresh names
 * with the run's suffix) in contexts of its own, so the other stories' users
 * and their notifications are untouched.
 */
import { openSection, PASSWORD, signUp, submitLogin, TIMEOUT } from '../lib/app.mjs'
import { assert, env, linkIn, mailsTo, screenshot, waitForMail } from '../lib/harness.mjs'
import { PHONE } from './screens.mjs'

const DESKTOP = { width: 1280, height: 800 }
const CONFIRM_SUBJECT = 'Confirm your email for Confab'
const RESET_SUBJECT = 'Reset your Confab password'
const WAS_RESET_SUBJECT = 'Your Confab password was reset'
const NEW_PASSWORD = 'a much better passphrase'

/** A browser context (another browser, as far as the server knows) and its page, closed with the browser. */
export async function newPage(ctx, name, viewport = DESKTOP) {
  const context = await ctx.browser.newContext({ viewport })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.on('pageerror', (e) => console.log(`[${name}] page error: ${e.message}`))
  // Failure screenshots cover these pages too.
  ctx.pages[name] = page
  return page
}

/** The story's own user with an email: signed up, then confirmed by opening the mailed link in the page. */
export async function confirmEmailFromMail(ctx) {
  const carol = { username: `carol_${ctx.suffix}`, name: 'Carol Clark', email: `carol_${ctx.suffix}@example.test` }
  ctx.users.carol = carol
  const page = await newPage(ctx, 'carol')

  await signUp(page, carol.username, carol.name, { email: carol.email })
  const banner = page.locator('[data-email-banner]')
  await banner.waitFor({ timeout: TIMEOUT })
  assert((await banner.textContent()).includes(carol.email), 'the banner does not name the address')
  await screenshot(page, 'desktop-email-banner')

  const mail = await waitForMail(carol.email, CONFIRM_SUBJECT)
  const link = linkIn(mail, '/verify-email')
  assert(link.startsWith(`${env.baseUrl}/verify-email#token=`), `the link goes elsewhere: ${link}`)

  await page.goto(link)
  await page.getByRole('heading', { level: 1, name: 'Email confirmed' }).waitFor({ timeout: TIMEOUT })
  assert(!page.url().includes('token='), `the token stayed in the address: ${page.url()}`)
  await screenshot(page, 'desktop-verify-email')

  await page.getByRole('link', { name: 'Continue to Confab' }).click()
  await page.waitForURL(/\/chats/, { timeout: TIMEOUT })
  await page.getByRole('navigation', { name: 'Main' }).first().waitFor()
  assert((await banner.count()) === 0, 'the banner is still shown after confirming')

  // Settings → Security says so too.
  await openSection(page, 'Settings')
  await page.getByRole('link', { name: 'Security settings' }).click()
  await page.locator('[data-email-status]', { hasText: 'Confirmed' }).waitFor({ timeout: TIMEOUT })
  await page.locator('[data-security-event="email.verified"]').waitFor({ timeout: TIMEOUT })

  // The same link a second time is spent, and says so.
  await page.goto(link)
  await page.getByRole('heading', { level: 1, name: 'This link was already used' }).waitFor({ timeout: TIMEOUT })

  // Back to the app, where the next story finds this browser.
  await page.goto(`${env.baseUrl}/chats`)
  await page.getByRole('navigation', { name: 'Main' }).first().waitFor({ timeout: TIMEOUT })
}

/** Carol forgets her password: asks for a link, reads the mail, sets a new one; only the new one works. */
export async function forgotPasswordByMail(ctx) {
  const { carol } = ctx.users
  // Another browser, signed out.
  const page = await newPage(ctx, 'carol-2')
  await page.goto(`${env.baseUrl}/login`)
  await page.getByRole('link', { name: 'Forgot password?' }).click()
  await page.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor({ timeout: TIMEOUT })

  const seen = (await mailsTo(carol.email, RESET_SUBJECT)).length
  await page.getByLabel('Email').fill(carol.email)
  await page.getByRole('button', { name: 'Send me a link' }).click()
  await page.locator('[data-reset-requested]').waitFor({ timeout: TIMEOUT })
  await screenshot(page, 'desktop-forgot-password')

  const mail = await waitForMail(carol.email, RESET_SUBJECT, { seen })
  const wasReset = (await mailsTo(carol.email, WAS_RESET_SUBJECT)).length
  await page.goto(linkIn(mail, '/reset-password'))
  await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor({ timeout: TIMEOUT })
  assert(!page.url().includes('token='), `the token stayed in the address: ${page.url()}`)
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
  await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
  await screenshot(page, 'desktop-reset-password')
  await page.getByRole('button', { name: 'Set new password' }).click()

  // The login page, saying what happened.
  await page.waitForURL(/\/login/, { timeout: TIMEOUT })
  await page.getByRole('status').filter({ hasText: 'Your new password is set' }).waitFor({ timeout: TIMEOUT })

  // The old password no longer works...
  await submitLogin(page, carol.username, PASSWORD)
  await page.getByRole('alert').filter({ hasText: /wrong|invalid|incorrect/i }).waitFor({ timeout: TIMEOUT })
  assert(/\/login/.test(page.url()), 'the old password logged in')
  // ...the new one does.
  await submitLogin(page, carol.username, NEW_PASSWORD)
  await page.waitForURL(/\/chats/, { timeout: TIMEOUT })

  // The owner is told by mail, and the reset ended the login of Carol's first browser too.
  await waitForMail(carol.email, WAS_RESET_SUBJECT, { seen: wasReset })
  const first = ctx.pages.carol
  await first.waitForURL(/\/login/, { timeout: TIMEOUT })
  await first.getByRole('status').filter({ hasText: 'this session was ended' }).waitFor({ timeout: TIMEOUT })
}

/**
 * Erin is logged in in two browsers; from the first one's Security settings she
 * logs the second out, which drops to the login page within a few seconds.
 */
export async function revokeAnotherSession(ctx) {
  const erin = { username: `erin_${ctx.suffix}`, name: 'Erin Evans' }
  ctx.users.erin = erin
  const laptop = await newPage(ctx, 'erin-laptop')
  const other = await newPage(ctx, 'erin-other')
  await signUp(laptop, erin.username, erin.name)
  await submitLogin(other, erin.username)
  await other.waitForURL(/\/chats/, { timeout: TIMEOUT })
  await other.getByRole('navigation', { name: 'Main' }).first().waitFor()

  await openSection(laptop, 'Settings')
  await laptop.getByRole('link', { name: 'Security settings' }).click()
  await laptop.getByRole('heading', { level: 1, name: 'Security' }).waitFor({ timeout: TIMEOUT })
  const rows = laptop.locator('[data-session]')
  await laptop.locator('[data-session="other"]').waitFor({ timeout: TIMEOUT })
  assert((await rows.count()) === 2, `${await rows.count()} sessions listed, not 2`)
  assert(
    (await laptop.locator('[data-session="current"]').textContent()).includes('This device'),
    'this device is not marked',
  )
  await screenshot(laptop, 'desktop-security')

  const started = Date.now()
  await laptop.locator('[data-session="other"]').getByRole('button', { name: /^Log out / }).click()
  await laptop.locator('[data-session="other"]').waitFor({ state: 'detached', timeout: TIMEOUT })

  // The other browser did nothing: its socket closing (4004) is what moves it.
  await other.waitForURL(/\/login/, { timeout: 5_000 })
  await other
    .getByRole('status')
    .filter({ hasText: 'this session was ended from another device' })
    .waitFor({ timeout: TIMEOUT })
  console.log(`  the revoked browser was on the login page after ${Date.now() - started} ms`)
  await screenshot(other, 'desktop-login-revoked')

  // The laptop stays in, and its log says what it did.
  await laptop.locator('[data-security-event="session.revoked"]').waitFor({ timeout: TIMEOUT })
  assert(/\/settings\/security/.test(laptop.url()), 'the laptop left the security page')

  // Recovery codes: made after the password, shown once.
  await laptop.getByRole('button', { name: 'Create recovery codes…' }).click()
  const dialog = laptop.getByRole('dialog', { name: 'Create recovery codes' })
  await dialog.getByLabel('Password').fill(PASSWORD)
  await dialog.getByRole('button', { name: 'Create codes' }).click()
  const codes = laptop.locator('[data-fresh-codes] [data-code]')
  await codes.first().waitFor({ timeout: TIMEOUT })
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })
  await laptop.waitForTimeout(400) // the dialog's closing fade
  assert((await codes.count()) === 10, `${await codes.count()} codes shown, not 10`)
  await screenshot(laptop, 'desktop-recovery-codes')
  await laptop.getByRole('button', { name: 'I have saved them' }).click()
  await laptop.locator('[data-recovery-status]', { hasText: '10 of 10' }).waitFor({ timeout: TIMEOUT })
  assert((await codes.count()) === 0, 'the codes are still shown')

  // The other browser's login was announced, with a way to this page.
  await openSection(laptop, 'Notifications')
  const notice = laptop.getByRole('link', { name: /^New login to your account on .+ from / })
  await notice.waitFor({ timeout: TIMEOUT })
  await screenshot(laptop, 'desktop-notifications-account')
  await notice.click()
  await laptop.waitForURL(/\/settings\/security/, { timeout: TIMEOUT })
}

/** The new screens at phone width: security settings, forgotten password, recovery code, sign-up. */
export async function phoneAccountScreens(ctx) {
  const { browser } = ctx
  const erinState = await ctx.pages['erin-laptop'].context().storageState()
  const signedIn = await browser.newContext({ viewport: PHONE, storageState: erinState })
  try {
    const page = await signedIn.newPage()
    page.setDefaultTimeout(TIMEOUT)
    await page.goto(`${env.baseUrl}/settings/security`)
    await page.locator('[data-session="current"]').waitFor({ timeout: TIMEOUT })
    await screenshot(page, 'phone-security')
    await page.getByRole('heading', { level: 2, name: 'Security log' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'phone-security-log')
  } finally {
    await signedIn.close()
  }
  const guest = await browser.newContext({ viewport: PHONE })
  try {
    const page = await guest.newPage()
    page.setDefaultTimeout(TIMEOUT)
    for (const [path, heading, name] of [
      ['/forgot-password', 'Forgot your password?', 'phone-forgot-password'],
      ['/recover', 'Use a recovery code', 'phone-recover'],
      ['/reset-password', 'This link is incomplete', 'phone-reset-password-no-token'],
      ['/signup', 'Create your account', 'phone-signup'],
    ]) {
      await page.goto(`${env.baseUrl}${path}`)
      await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: TIMEOUT })
      await screenshot(page, name)
    }
  } finally {
    await guest.close()
  }
}
