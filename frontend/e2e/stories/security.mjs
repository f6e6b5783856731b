/**
 * Two-step login, passkeys and data export (#17, part 2), each with a fresh
 * user of its own in a browser context of its own:
 *
 * - Frank turns on two-step login by reading the key off the page and
 *   computing the app's code here (RFC 6238), sees his recovery codes, and
 *   logs in again: password, then a code (a wrong one is refused first).
 * - Grace adds a passkey made by Chromium's virtual authenticator (CDP), logs
 *   out, logs in with the passkey alone (no username typed), answers the
 *   second login step with it once two-step login is on, then renames and
 *   removes it.
 * - Heidi exports her data: the list turns "ready" live (the notification over
 *   the socket), the notification leads to the section, and the download is
 *   the zip the server describes.
 * - Ivan creates a personal access token that may only read, reads its secret
 *   off the page (shown once), uses it from here (Node, no browser) as a
 *   Bearer token, then revokes it on the page, after which it is refused.
 */
import { readFile } from 'node:fs/promises'

import { openSection, signUp, submitLogin, TIMEOUT } from '../lib/app.mjs'
import { assert, env, screenshot } from '../lib/harness.mjs'
import { freshTotp, totp, totpStep } from '../lib/totp.mjs'
import { newPage } from './accounts.mjs'
import { PHONE } from './screens.mjs'

/** Settings → Security settings, by the links a person would use. */
async function openSecurity(page) {
  await openSection(page, 'Settings')
  await page.getByRole('link', { name: 'Security settings' }).click()
  await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor({ timeout: TIMEOUT })
}

/** Settings → Log out, and the login page. */
async function logOut(page) {
  await openSection(page, 'Settings')
  await page.getByRole('region', { name: 'Session' }).getByRole('button', { name: 'Log out' }).click()
  await page.waitForURL(/\/login/, { timeout: TIMEOUT })
}

/** The sections of the Security page, by their headings. */
const section = (page, title) => page.getByRole('region', { name: title, exact: true })

async function phonePage(ctx, from) {
  const context = await ctx.browser.newContext({ viewport: PHONE, storageState: from ? await from.context().storageState() : undefined })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  return { context, page }
}

// ---- two-step login ------------------------------------------------------------

export async function twoStepLogin(ctx) {
  const frank = { username: `frank_${ctx.suffix}`, name: 'Frank Fischer' }
  ctx.users.frank = frank
  const page = await newPage(ctx, 'frank')
  await signUp(page, frank.username, frank.name)
  await openSecurity(page)

  // The setup at phone width first: each setup makes a new key, and the one
  // confirmed below must be the newest.
  await phoneSecurityShot(ctx, page, 'Two-step login', 'phone-two-factor-setup', async (s) => {
    await s.getByRole('button', { name: 'Set up authenticator app' }).click()
    await s.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor({ timeout: TIMEOUT })
  })

  const twoStep = section(page, 'Two-step login')
  await twoStep.locator('[data-two-factor-status]', { hasText: 'Off' }).waitFor({ timeout: TIMEOUT })
  await twoStep.getByRole('button', { name: 'Set up authenticator app' }).click()

  // The key, grouped in fours for typing, and the QR code as an image with a name.
  const shown = (await twoStep.locator('[data-totp-secret]').textContent()).trim()
  assert(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/.test(shown), `the key is not base32 in groups of four: “${shown}”`)
  const secret = shown.replace(/\s/g, '')
  const qr = twoStep.getByRole('img', { name: 'QR code to scan with your authenticator app' })
  await qr.waitFor({ timeout: TIMEOUT })
  assert(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code did not load')
  await screenshot(page, 'desktop-two-factor-setup')

  // A wrong code (ten minutes away) is refused on the field...
  const field = twoStep.getByLabel('Code from the app')
  await field.fill(totp(secret, totpStep() + 20))
  await twoStep.getByRole('button', { name: 'Turn on two-step login' }).click()
  await twoStep.locator('#two-factor-code-error').waitFor({ timeout: TIMEOUT })
  // ...the app's current one turns it on, and the first recovery codes show once.
  const enabled = await freshTotp(secret)
  await field.fill(enabled.code)
  await twoStep.getByRole('button', { name: 'Turn on two-step login' }).click()
  const codes = twoStep.locator('[data-fresh-codes] [data-code]')
  await codes.first().waitFor({ timeout: TIMEOUT })
  assert((await codes.count()) === 10, `${await codes.count()} recovery codes shown, not 10`)
  await screenshot(page, 'desktop-two-factor-codes')
  await twoStep.getByRole('button', { name: 'I have saved them' }).click()
  await twoStep.locator('[data-two-factor-status]', { hasText: 'On' }).waitFor({ timeout: TIMEOUT })
  await section(page, 'Recovery codes').locator('[data-recovery-status]', { hasText: '10 of 10' }).waitFor()
  await page.locator('[data-security-event="two_factor.totp_enabled"]').waitFor({ timeout: TIMEOUT })

  await phoneSecurityShot(ctx, page, 'Two-step login', 'phone-two-factor-on')

  // Log out, and in again: the password is not enough.
  await logOut(page)
  await submitLogin(page, frank.username)
  await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor({ timeout: TIMEOUT })
  const code = page.getByLabel('Code from your app')
  assert(
    await code.evaluate((el) => el === document.activeElement && el.inputMode === 'numeric' && el.autocomplete === 'one-time-code'),
    'the code field is not focused, numeric and one-time-code',
  )
  assert(/\/login/.test(page.url()), `the password alone left the login page: ${page.url()}`)
  await page.getByRole('button', { name: 'Use a recovery code instead' }).waitFor()
  await screenshot(page, 'desktop-two-step-login')

  await code.fill(totp(secret, totpStep() + 20))
  await page.getByRole('button', { name: 'Verify' }).click()
  await page.locator('#second-factor-code-error').waitFor({ timeout: TIMEOUT })
  assert(/\/login/.test(page.url()), 'a wrong code logged in')
  await screenshot(page, 'desktop-two-step-wrong-code')

  // Each step's code works once: the one that turned it on cannot log in.
  const next = await freshTotp(secret, enabled.step)
  await code.fill(next.code)
  await page.getByRole('button', { name: 'Verify' }).click()
  await page.waitForURL(/\/chats/, { timeout: TIMEOUT })
  await page.getByRole('navigation', { name: 'Main' }).first().waitFor({ timeout: TIMEOUT })

  // The same screen at phone width (the password step only; the challenge is left unused).
  const { context, page: phone } = await phonePage(ctx)
  try {
    await submitLogin(phone, frank.username)
    await phone.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor({ timeout: TIMEOUT })
    await screenshot(phone, 'phone-two-step-login')
  } finally {
    await context.close()
  }
}

/**
 * A section of the Security page at phone width, signed in as `from`'s user,
 * scrolled to the top of the screen; `act` may first do something in it.
 */
async function phoneSecurityShot(ctx, from, title, name, act = null) {
  const { context, page } = await phonePage(ctx, from)
  try {
    await page.goto(`${env.baseUrl}/settings/security`)
    const s = section(page, title)
    await s.waitFor({ timeout: TIMEOUT })
    // Once the sections above have loaded (their height is known).
    await page.locator('[data-session="current"]').waitFor({ timeout: TIMEOUT })
    if (act) await act(s)
    await s.evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.waitForTimeout(100)
    await screenshot(page, name)
  } finally {
    await context.close()
  }
}

// ---- passkeys -------------------------------------------------------------------

export async function passkeyLogin(ctx) {
  const grace = { username: `grace_${ctx.suffix}`, name: 'Grace Green' }
  ctx.users.grace = grace
  const page = await newPage(ctx, 'grace')

  // Chromium's virtual authenticator: a platform passkey that verifies its user at once.
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })

  await signUp(page, grace.username, grace.name)
  await openSecurity(page)
  const passkeys = section(page, 'Passkeys')
  await passkeys.getByText('You have no passkeys yet.').waitFor({ timeout: TIMEOUT })
  await passkeys.getByRole('button', { name: 'Add a passkey…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add a passkey' })
  const name = dialog.getByLabel('Name')
  // Named after the browser and system by default.
  assert(/^Chrome on Linux$/.test(await name.inputValue()), `the default name is “${await name.inputValue()}”`)
  await name.fill('Test key')
  await dialog.getByRole('button', { name: 'Create passkey' }).click()
  const row = passkeys.locator('[data-passkey]', { hasText: 'Test key' })
  await row.waitFor({ timeout: TIMEOUT })
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })
  await page.waitForTimeout(400) // the dialog's closing fade
  assert((await row.textContent()).includes('Not used yet'), 'a new passkey says it was used')
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
  assert(credentials.length === 1 && credentials[0].isResidentCredential, 'the authenticator holds no discoverable passkey')
  await page.locator('[data-security-event="passkey.added"]').waitFor({ timeout: TIMEOUT })
  await screenshot(page, 'desktop-passkeys')

  // Out, and back in with the passkey alone: no username, no password.
  await logOut(page)
  const button = page.getByRole('button', { name: 'Log in with a passkey' })
  await button.waitFor({ timeout: TIMEOUT })
  await screenshot(page, 'desktop-login-passkey')
  await button.click()
  await page.waitForURL(/\/chats/, { timeout: TIMEOUT })
  await page.getByRole('navigation', { name: 'Main' }).first().waitFor({ timeout: TIMEOUT })
  assert(
    (await page.evaluate(() => JSON.parse(localStorage.getItem('confab.user') ?? '{}').username)) === grace.username,
    'the passkey logged in someone else',
  )

  // With two-step login on, the passkey also answers the second step (the prompt lists the account's passkeys).
  await openSecurity(page)
  const twoStep = section(page, 'Two-step login')
  await twoStep.getByRole('button', { name: 'Set up authenticator app' }).click()
  const secret = (await twoStep.locator('[data-totp-secret]').textContent()).replace(/\s/g, '')
  await twoStep.getByLabel('Code from the app').fill((await freshTotp(secret)).code)
  await twoStep.getByRole('button', { name: 'Turn on two-step login' }).click()
  await twoStep.getByRole('button', { name: 'I have saved them' }).click()
  await logOut(page)
  await submitLogin(page, grace.username)
  await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor({ timeout: TIMEOUT })
  await page.getByRole('button', { name: 'Use a passkey' }).waitFor()
  await screenshot(page, 'desktop-two-step-login-passkey')
  await page.getByRole('button', { name: 'Use a passkey' }).click()
  await page.waitForURL(/\/chats/, { timeout: TIMEOUT })

  // Rename it...
  await openSecurity(page)
  await row.waitFor({ timeout: TIMEOUT })
  assert((await row.textContent()).includes('Last used'), 'the passkey does not say it was used')
  await row.getByRole('button', { name: 'Rename passkey Test key' }).click()
  const rename = page.getByRole('dialog', { name: 'Rename “Test key”' })
  await rename.getByLabel('Name').fill('Work laptop')
  await rename.getByRole('button', { name: 'Save name' }).click()
  const renamed = passkeys.locator('[data-passkey]', { hasText: 'Work laptop' })
  await renamed.waitFor({ timeout: TIMEOUT })
  await rename.waitFor({ state: 'hidden', timeout: TIMEOUT })
  await phoneSecurityShot(ctx, page, 'Passkeys', 'phone-security-passkeys')

  // ...and remove it, after a confirmation.
  await renamed.getByRole('button', { name: 'Remove passkey Work laptop' }).click()
  const confirm = page.getByRole('dialog', { name: 'Remove “Work laptop”?' })
  await confirm.getByRole('button', { name: 'Remove passkey' }).click()
  await renamed.waitFor({ state: 'detached', timeout: TIMEOUT })
  await passkeys.getByText('You have no passkeys yet.').waitFor({ timeout: TIMEOUT })
  await page.locator('[data-security-event="passkey.removed"]').waitFor({ timeout: TIMEOUT })

  // A removed passkey no longer logs in: the server says so, and the login page says it plainly.
  await logOut(page)
  await page.getByRole('button', { name: 'Log in with a passkey' }).click()
  await page.getByRole('alert').filter({ hasText: 'does not belong to an account here' }).waitFor({ timeout: TIMEOUT })
  assert(/\/login/.test(page.url()), 'a removed passkey logged in')
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
}

// ---- data export ------------------------------------------------------------------

export async function exportData(ctx) {
  const heidi = { username: `heidi_${ctx.suffix}`, name: 'Heidi Hill' }
  ctx.users.heidi = heidi
  const page = await newPage(ctx, 'heidi')
  await signUp(page, heidi.username, heidi.name)
  await openSecurity(page)

  const yours = section(page, 'Your data')
  const start = yours.getByRole('button', { name: 'Export my data' })
  await start.waitFor({ timeout: TIMEOUT })
  const started = Date.now()
  await start.click()
  await yours.locator('[data-export="building"], [data-export="ready"]').first().waitFor({ timeout: TIMEOUT })
  // Ready, live: sooner than the section's own 15 s fallback would have asked again.
  const ready = yours.locator('[data-export="ready"]')
  await ready.waitFor({ timeout: 12_000 })
  console.log(`  the export was ready on the page after ${Date.now() - started} ms`)
  // Another may be started now (none is building).
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'Export my data')
    return b && !b.disabled
  })
  await page.mouse.move(0, 0)
  await screenshot(page, 'desktop-your-data')

  // What the server says of it, to compare the file with.
  const [listed] = await page.evaluate(async () => {
    const res = await fetch('/api/v1/users/me/exports', {
      headers: { Authorization: `Bearer ${localStorage.getItem('confab.access_token')}` },
    })
    return res.json()
  })
  assert(listed?.status === 'ready' && listed.size_bytes > 0, `the export is listed as ${JSON.stringify(listed)}`)

  const [download] = await Promise.all([page.waitForEvent('download'), ready.getByRole('button', { name: /^Download / }).click()])
  const file = await readFile(await download.path())
  assert(file.subarray(0, 2).toString('latin1') === 'PK', 'the download is not a zip')
  assert(file.length === listed.size_bytes, `the download has ${file.length} bytes, the server said ${listed.size_bytes}`)
  assert(file.includes(Buffer.from('profile.json')), 'the zip has no profile.json')
  const filename = download.suggestedFilename()
  assert(/^confab-export-.*\.zip$/.test(filename), `the file is named “${filename}”`)
  console.log(`  downloaded ${filename}, ${file.length} bytes`)

  // The notification that said so, in words, leads back to the section.
  await openSection(page, 'Notifications')
  const notice = page.getByRole('link', { name: 'Your data export is ready to download' })
  await notice.waitFor({ timeout: TIMEOUT })
  await notice.click()
  await page.waitForURL(/\/settings\/security#your-data$/, { timeout: TIMEOUT })
  await yours.locator('[data-export="ready"]').waitFor({ timeout: TIMEOUT })

  await phoneSecurityShot(ctx, page, 'Your data', 'phone-your-data')
}

// ---- personal access tokens ---------------------------------------------------------

/** `GET /api/v1/users/me` from this process (not the browser), with `secret` as the Bearer token. */
function meWithToken(secret) {
  return fetch(`${env.baseUrl}/api/v1/users/me`, { headers: { Authorization: `Bearer ${secret}` } })
}

export async function personalAccessToken(ctx) {
  const ivan = { username: `ivan_${ctx.suffix}`, name: 'Ivan Ivanov' }
  ctx.users.ivan = ivan
  const page = await newPage(ctx, 'ivan')
  await signUp(page, ivan.username, ivan.name)
  await openSecurity(page)

  const tokens = section(page, 'Access tokens')
  await tokens.getByText('You have no access tokens.').waitFor({ timeout: TIMEOUT })
  await tokens.getByRole('button', { name: 'Create a token…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create an access token' })
  await dialog.getByLabel('Name').fill('deploy notices')
  await dialog.getByRole('checkbox', { name: 'Read', exact: true }).check()
  await dialog.getByLabel('Expires').selectOption({ label: 'In 30 days' })
  await screenshot(page, 'desktop-access-token-form')
  await dialog.getByRole('button', { name: 'Create token' }).click()

  // The secret, once, in a read-only field, with the focus on the panel that says so.
  const fresh = tokens.getByRole('region', { name: 'Copy your new token now' })
  await fresh.waitFor({ timeout: TIMEOUT })
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })
  const field = fresh.getByLabel('Your new token')
  const secret = await field.inputValue()
  assert(/^confab_pat_[0-9a-f]{32}_[0-9a-f]{64}$/.test(secret), `the page shows no token secret: “${secret}”`)
  assert(await field.evaluate((el) => el.readOnly), 'the secret’s field is not read-only')
  assert(await fresh.evaluate((el) => el === document.activeElement), 'the new token’s panel is not focused')
  assert(/will not|cannot show it again/.test(await fresh.textContent()), 'no warning that the secret is shown once')
  const row = tokens.locator('[data-access-token]', { hasText: 'deploy notices' })
  await row.waitFor({ timeout: TIMEOUT })
  const listed = await row.textContent()
  assert(/Read/.test(listed) && !/Messages/.test(listed), `the token’s scopes are listed as: ${listed}`)
  assert(/Never used/.test(listed) && /Expires/.test(listed), `the new token is listed as: ${listed}`)
  await page.waitForTimeout(400) // the dialog's closing fade
  await screenshot(page, 'desktop-access-token-secret')

  // The secret works from outside the browser, as the user.
  const me = await meWithToken(secret)
  assert(me.status === 200, `GET /users/me with the token answered ${me.status}`)
  const body = await me.json()
  assert(body.username === ivan.username, `the token is of @${body.username}, not @${ivan.username}`)

  // Dismissed, it is gone from the page for good; the list says the token was used.
  await fresh.getByRole('button', { name: 'I have copied it' }).click()
  await fresh.waitFor({ state: 'detached', timeout: TIMEOUT })
  await page.reload()
  await row.waitFor({ timeout: TIMEOUT })
  assert(/Last used/.test(await row.textContent()), `the used token is listed as: ${await row.textContent()}`)
  assert(!(await page.content()).includes(secret), 'the secret is still on the page')
  await page.locator('[data-security-event="token.created"]').waitFor({ timeout: TIMEOUT })
  await phoneSecurityShot(ctx, page, 'Access tokens', 'phone-access-tokens')

  // Revoked after a confirmation: off the list, and refused at once.
  await row.getByRole('button', { name: 'Revoke token deploy notices' }).click()
  const confirm = page.getByRole('dialog', { name: 'Revoke “deploy notices”?' })
  await confirm.getByRole('button', { name: 'Revoke token' }).click()
  await row.waitFor({ state: 'detached', timeout: TIMEOUT })
  await tokens.getByText('You have no access tokens.').waitFor({ timeout: TIMEOUT })
  await tokens.getByRole('status').filter({ hasText: 'Token “deploy notices” revoked' }).waitFor({ timeout: TIMEOUT })
  await page.locator('[data-security-event="token.revoked"]').waitFor({ timeout: TIMEOUT })

  const after = await meWithToken(secret)
  const refusal = await after.json().catch(() => null)
  assert(after.status === 401, `GET /users/me with the revoked token answered ${after.status} ${JSON.stringify(refusal)}`)
  console.log(`  the revoked token is refused: 401 ${refusal?.error?.code}`)
}
