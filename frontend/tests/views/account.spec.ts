import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { User } from '@/api/types'
import { PASSWORD_RESET_NOTICE } from '@/composables/usePasswordResetDone'
import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'

import { mountApp, serveApp } from '../helpers/app'
import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type Handler } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const unconfirmed: User = { ...alice, email: 'alice@example.com', email_verified_at: null }
const MAIL_OFF = { '/api/v1/auth/options': { email: false, email_verification_required: false, oidc: false, passkeys: false } }
const PROOF_REQUIRED = { '/api/v1/auth/options': { email: true, email_verification_required: true, oidc: false, passkeys: false } }

const active = () => document.activeElement?.id
let wrapper: VueWrapper | undefined

function button(w: VueWrapper, text: string) {
  const b = w.findAll('button').find((x) => x.text() === text)
  if (!b) throw new Error(`no button “${text}”`)
  return b
}

/** Answers `METHOD /api/v1/path` from a table; anything else is the signed-in user. */
function table(routes: Record<string, Handler>, user: User = alice): Handler {
  return (req) => {
    const handler = routes[`${req.method} ${req.url.split('?')[0]}`]
    return handler ? handler(req) : json(200, user)
  }
}

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
})
afterEach(() => wrapper?.unmount())

describe('sign-up with an email', () => {
  it('needs the email when the server requires proof, and says why', async () => {
    const requests = serveApp(() => json(500), PROOF_REQUIRED)
    ;({ wrapper } = await mountApp('/signup'))

    expect(wrapper.get('label[for="signup-email"]').text()).toBe('Email')
    expect(wrapper.get('#signup-email-hint').text()).toMatch(/Required on this server/)
    await wrapper.get('#signup-username').setValue('alice')
    await wrapper.get('#signup-password').setValue('correct horse')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(wrapper.get('#signup-email-error').text()).toMatch(/needs one/)
    expect(active()).toBe('signup-email')
    expect(requests).toHaveLength(0)
  })

  it('a 202 shows “check your mail, then log in”, with no session', async () => {
    const requests = serveApp(
      () => json(202, { user: unconfirmed, email_verification_required: true }),
      PROOF_REQUIRED,
    )
    const app = await mountApp('/signup')
    wrapper = app.wrapper

    await wrapper.get('#signup-username').setValue('alice')
    await wrapper.get('#signup-email').setValue(' alice@example.com ')
    await wrapper.get('#signup-password').setValue('correct horse')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(requests[0]!.body).toEqual({ username: 'alice', password: 'correct horse', email: 'alice@example.com' })
    const pending = wrapper.get('[data-signup-pending]')
    expect(pending.attributes('role')).toBe('status')
    expect(pending.text()).toContain('We sent a link to alice@example.com')
    expect(wrapper.get('h1').text()).toBe('Check your email')
    expect(document.activeElement).toBe(pending.element)
    expect(useAuthStore().isAuthenticated).toBe(false)
    expect(app.router.currentRoute.value.name).toBe('signup')
  })

  it('an email another account confirmed lands on the email field', async () => {
    serveApp(() => errorEnvelope(409, 'email_taken', 'That email is in use.'))
    ;({ wrapper } = await mountApp('/signup'))
    await wrapper.get('#signup-username').setValue('alice')
    await wrapper.get('#signup-email').setValue('alice@example.com')
    await wrapper.get('#signup-password').setValue('correct horse')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#signup-email-error').text()).toBe('Another account uses that email address.')
  })
})

describe('login', () => {
  it('explains an unconfirmed email, and links to “Forgot password?”', async () => {
    serveApp(() => errorEnvelope(403, 'email_not_verified', 'confirm the email first'))
    const app = await mountApp('/login')
    wrapper = app.wrapper
    await wrapper.get('#login-username').setValue('alice')
    await wrapper.get('#login-password').setValue('correct horse')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(wrapper.get('#login-error').text()).toMatch(/^Confirm your email first/)
    expect(active()).toBe('login-error')
    const forgot = wrapper.findAll('a').find((a) => a.text() === 'Forgot password?')!
    expect(forgot.attributes('href')).toBe('/forgot-password')
  })
})

describe('/verify-email', () => {
  it('confirms the token from the link, clears it from the address and updates the signed-in user', async () => {
    storeSession('a1', 'r1', unconfirmed)
    const requests = serveApp(
      table(
        {
          'POST /api/v1/auth/email/verify': () =>
            json(200, { user_id: alice.id, email: 'alice@example.com', email_verified_at: '2024-06-01T10:00:00Z' }),
        },
        unconfirmed,
      ),
    )
    const app = await mountApp('/verify-email#token=c0ffee')
    wrapper = app.wrapper
    await flushPromises()

    const verify = requests.find((r) => r.url.endsWith('/auth/email/verify'))!
    expect(verify.body).toEqual({ token: 'c0ffee' })
    expect(verify.headers['authorization']).toBeUndefined()
    expect(app.router.currentRoute.value.fullPath).toBe('/verify-email')
    expect(wrapper.get('h1').text()).toBe('Email confirmed')
    expect(wrapper.get('[data-verify-result="ok"]').text()).toContain('alice@example.com is confirmed')
    expect(useAuthStore().user?.email_verified_at).toBe('2024-06-01T10:00:00Z')
  })

  it('an expired link offers a new one when signed in', async () => {
    storeSession('a1', 'r1', unconfirmed)
    const requests = serveApp(
      table(
        {
          'POST /api/v1/auth/email/verify': () => errorEnvelope(410, 'link_expired', 'expired'),
          'POST /api/v1/users/me/email/verification': () => json(202),
        },
        unconfirmed,
      ),
    )
    ;({ wrapper } = await mountApp('/verify-email#token=old'))
    await flushPromises()

    expect(wrapper.get('h1').text()).toBe('This link has expired')
    expect(wrapper.get('[data-verify-result="failed"]').attributes('role')).toBe('alert')
    await button(wrapper, 'Send a new link').trigger('click')
    await flushPromises()
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/users/me/email/verification'))).toBe(true)
    expect(wrapper.text()).toContain('Sent to alice@example.com. Check your inbox.')
  })

  it('signed out, a used link says to log in to ask for a new one', async () => {
    serveApp(() => errorEnvelope(410, 'link_used', 'used'))
    ;({ wrapper } = await mountApp('/verify-email#token=used'))
    await flushPromises()
    expect(wrapper.get('h1').text()).toBe('This link was already used')
    expect(wrapper.text()).toContain('Log in to ask for a new link')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Send a new link')).toBe(false)
  })

  it('without a token says the link is incomplete and asks nothing of the server', async () => {
    const requests = serveApp(() => json(500))
    ;({ wrapper } = await mountApp('/verify-email'))
    await flushPromises()
    expect(wrapper.get('h1').text()).toBe('This link is incomplete')
    expect(requests).toHaveLength(0)
  })
})

describe('/forgot-password', () => {
  it('asks for a link and answers the same whether the address is known or not', async () => {
    const requests = serveApp(() => json(202))
    ;({ wrapper } = await mountApp('/forgot-password'))
    await wrapper.get('#forgot-email').setValue('alice@example.com')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(requests[0]!.url).toBe('/api/v1/auth/password/forgot')
    expect(requests[0]!.body).toEqual({ email: 'alice@example.com' })
    expect(wrapper.get('[data-reset-requested]').text()).toContain('If an account has confirmed alice@example.com')
  })

  it('when the server sends no mail, points to recovery codes and the operator', async () => {
    const requests = serveApp(() => json(500), MAIL_OFF)
    ;({ wrapper } = await mountApp('/forgot-password'))
    await flushPromises()
    expect(wrapper.get('[data-mail-off]').text()).toMatch(/does not send mail/)
    expect(wrapper.text()).toMatch(/ask the person who runs this server/)
    expect(wrapper.findAll('a').some((a) => a.attributes('href') === '/recover')).toBe(true)
    expect(wrapper.find('form').exists()).toBe(false)
    expect(requests).toHaveLength(0)
  })

  it('turns to that explanation when the server refuses with email_disabled', async () => {
    serveApp(() => errorEnvelope(403, 'email_disabled', 'no mail'))
    ;({ wrapper } = await mountApp('/forgot-password'))
    await wrapper.get('#forgot-email').setValue('alice@example.com')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-mail-off]').exists()).toBe(true)
  })
})

describe('/reset-password', () => {
  it('sets the new password, then goes to the login page with a notice', async () => {
    const requests = serveApp(() => json(204))
    const app = await mountApp('/reset-password#token=5ecret')
    wrapper = app.wrapper
    expect(app.router.currentRoute.value.fullPath).toBe('/reset-password')

    await wrapper.get('#reset-new_password').setValue('brand new secret')
    await wrapper.get('#reset-confirm_password').setValue('brand new secret')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(requests[0]!.body).toEqual({ token: '5ecret', new_password: 'brand new secret' })
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'), { timeout: 5000 })
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toBe(i18n.global.t(PASSWORD_RESET_NOTICE))
  })

  it('checks the two passwords match before sending', async () => {
    const requests = serveApp(() => json(204))
    ;({ wrapper } = await mountApp('/reset-password#token=5ecret'))
    await wrapper.get('#reset-new_password').setValue('brand new secret')
    await wrapper.get('#reset-confirm_password').setValue('brand new secrets')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#reset-confirm_password-error').text()).toMatch(/differ/)
    expect(requests).toHaveLength(0)
  })

  it('an expired link leads to asking for a new one', async () => {
    serveApp(() => errorEnvelope(410, 'link_expired', 'expired'))
    ;({ wrapper } = await mountApp('/reset-password#token=old'))
    await wrapper.get('#reset-new_password').setValue('brand new secret')
    await wrapper.get('#reset-confirm_password').setValue('brand new secret')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('h1').text()).toBe('This link has expired')
    expect(wrapper.get('[role="alert"]').text()).toMatch(/Ask for a new one/)
    expect(wrapper.findAll('a').find((a) => a.text() === 'Ask for a new link')!.attributes('href')).toBe('/forgot-password')
  })
})

describe('/recover', () => {
  it('sends the username (lowercased), the code and the new password', async () => {
    const requests = serveApp(() => json(204))
    const app = await mountApp('/recover')
    wrapper = app.wrapper
    await wrapper.get('#recover-username').setValue(' Alice ')
    await wrapper.get('#recover-recovery_code').setValue(' abcde-12345 ')
    await wrapper.get('#recover-new_password').setValue('brand new secret')
    await wrapper.get('#recover-confirm_password').setValue('brand new secret')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(requests[0]!.body).toEqual({ username: 'alice', recovery_code: 'abcde-12345', new_password: 'brand new secret' })
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'), { timeout: 5000 })
  })

  it('a wrong code is a focused form alert that does not say which part was wrong', async () => {
    serveApp(() => errorEnvelope(401, 'invalid_recovery_code', 'wrong username or recovery code'))
    ;({ wrapper } = await mountApp('/recover'))
    await wrapper.get('#recover-username').setValue('alice')
    await wrapper.get('#recover-recovery_code').setValue('abcde-12345')
    await wrapper.get('#recover-new_password').setValue('brand new secret')
    await wrapper.get('#recover-confirm_password').setValue('brand new secret')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#recover-error').text()).toMatch(/do not match/)
    expect(active()).toBe('recover-error')
  })
})

describe('the email banner', () => {
  it('asks to confirm an unconfirmed email, resends, and can be dismissed for the session', async () => {
    storeSession('a1', 'r1', unconfirmed)
    const requests = serveApp(table({ 'POST /api/v1/users/me/email/verification': () => json(202) }, unconfirmed))
    ;({ wrapper } = await mountApp('/chats'))

    const banner = wrapper.get('[data-email-banner]')
    expect(banner.text()).toContain('Confirm your email — we sent a link to alice@example.com')
    await button(wrapper, 'Resend').trigger('click')
    await flushPromises()
    expect(requests.filter((r) => r.url.endsWith('/users/me/email/verification'))).toHaveLength(1)
    expect(wrapper.get('[data-email-banner]').text()).toContain('Sent. Check your inbox.')

    await wrapper.get('button[aria-label="Dismiss the email reminder"]').trigger('click')
    expect(wrapper.find('[data-email-banner]').exists()).toBe(false)
  })

  it('is not shown when the server sends no mail', async () => {
    storeSession('a1', 'r1', unconfirmed)
    serveApp(() => json(200, unconfirmed), MAIL_OFF)
    ;({ wrapper } = await mountApp('/chats'))
    expect(wrapper.find('[data-email-banner]').exists()).toBe(false)
  })
})

describe('Settings → Security', () => {
  const sessions = [
    { id: 's1', device: 'Firefox on Linux', ip: '203.0.113.7', created_at: '2024-06-01T10:00:00Z', last_used_at: '2024-06-01T12:00:00Z', current: true },
    { id: 's2', device: 'Safari on iOS', ip: '198.51.100.2', created_at: '2024-05-01T10:00:00Z', last_used_at: '2024-05-20T12:00:00Z', current: false },
  ]
  const routes = (over: Record<string, Handler> = {}, user: User = alice) =>
    table({
      'GET /api/v1/users/me/sessions': () => json(200, sessions),
      'GET /api/v1/users/me/security-events': () =>
        json(200, [{ id: 'e1', kind: 'login.new_device', ip: '198.51.100.2', device: 'Safari on iOS', created_at: '2024-05-01T10:00:00Z' }]),
      'GET /api/v1/users/me/recovery-codes': () => json(200, { remaining: 2, created_at: '2024-01-01T10:00:00Z' }),
      'GET /api/v1/users/me/two-factor': () => json(200, { totp_enabled: false, recovery_codes_remaining: 2 }),
      'GET /api/v1/users/me/exports': () => json(200, []),
      'GET /api/v1/users/me/tokens': () => json(200, { items: [] }),
      'DELETE /api/v1/users/me/sessions/s2': () => json(204),
      ...over,
    }, user)

  beforeEach(() => storeSession())

  it('is reached from Settings', async () => {
    serveApp(routes())
    const app = await mountApp('/settings')
    wrapper = app.wrapper
    const link = wrapper.findAll('a').find((a) => a.text() === 'Security settings')!
    expect(link.attributes('href')).toBe('/settings/security')
  })

  it('lists the sessions with this device marked, and logs out another', async () => {
    const requests = serveApp(routes())
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()

    const rows = wrapper.findAll('[data-session]')
    expect(rows.map((r) => r.attributes('data-session'))).toEqual(['current', 'other'])
    expect(rows[0]!.text()).toContain('This device')
    expect(rows[0]!.find('button').exists()).toBe(false)
    expect(rows[1]!.text()).toContain('Safari on iOS')
    expect(rows[1]!.text()).toContain('198.51.100.2')
    const logOut = rows[1]!.get('button')
    expect(logOut.attributes('aria-label')).toMatch(/^Log out Safari on iOS, 198\.51\.100\.2, last active/)

    await logOut.trigger('click')
    await flushPromises()
    expect(requests.some((r) => r.method === 'DELETE' && r.url.endsWith('/users/me/sessions/s2'))).toBe(true)
    expect(wrapper.findAll('[data-session]')).toHaveLength(1)
    expect(wrapper.text()).toContain('Logged out Safari on iOS, 198.51.100.2.')
  })

  it('shows the security log in words and the codes left', async () => {
    serveApp(routes())
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    expect(wrapper.get('[data-security-event="login.new_device"]').text()).toContain('Logged in from a new device')
    expect(wrapper.get('[data-recovery-status]').text()).toMatch(/2 of 10 codes left/)
    expect(wrapper.get('[data-recovery-status]').text()).toContain('Running low')
  })

  it('makes new recovery codes after the password, and shows them once', async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `abcd${i}-efghi`)
    const requests = serveApp(
      routes({
        'POST /api/v1/users/me/recovery-codes': (req) =>
          (req.body as { password: string }).password === 'correct horse'
            ? json(201, { codes, created_at: '2024-06-02T10:00:00Z' })
            : errorEnvelope(403, 'wrong_password', 'Wrong password.'),
      }),
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()

    await wrapper.get('#recovery-codes-password').setValue('nope')
    await wrapper.get('dialog[aria-labelledby="recovery-codes-dialog-title"] form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#recovery-codes-password-error').text()).toBe('Your current password is not right.')

    await wrapper.get('#recovery-codes-password').setValue('correct horse')
    await wrapper.get('dialog[aria-labelledby="recovery-codes-dialog-title"] form').trigger('submit')
    await flushPromises()
    expect(requests.filter((r) => r.url.endsWith('/recovery-codes') && r.method === 'POST')).toHaveLength(2)
    expect(wrapper.findAll('[data-fresh-codes] [data-code]').map((c) => c.text())).toEqual(codes)
    expect(document.activeElement).toBe(wrapper.get('[data-fresh-codes]').element)

    await button(wrapper, 'I have saved them').trigger('click')
    expect(wrapper.find('[data-fresh-codes]').exists()).toBe(false)
    expect(wrapper.get('[data-recovery-status]').text()).toMatch(/10 of 10 codes left/)
  })

  it('an account without a password makes codes without asking for one', async () => {
    storeSession('a1', 'r1', { ...alice, has_password: false })
    const codes = Array.from({ length: 10 }, (_, i) => `abcd${i}-efghi`)
    const requests = serveApp(
      routes(
        { 'POST /api/v1/users/me/recovery-codes': () => json(201, { codes, created_at: '2024-06-02T10:00:00Z' }) },
        { ...alice, has_password: false },
      ),
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    expect(wrapper.find('#recovery-codes-password').exists()).toBe(false)
    await wrapper.get('dialog[aria-labelledby="recovery-codes-dialog-title"] form').trigger('submit')
    await flushPromises()
    expect(requests.find((r) => r.url.endsWith('/recovery-codes') && r.method === 'POST')!.body).toEqual({})
    expect(wrapper.findAll('[data-fresh-codes] [data-code]')).toHaveLength(10)
  })

  it('says email features are off when the server sends no mail', async () => {
    storeSession('a1', 'r1', unconfirmed)
    serveApp(routes({}, unconfirmed), MAIL_OFF)
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    expect(wrapper.get('[data-email-status]').text()).toContain('Not confirmed')
    expect(wrapper.get('[data-mail-off]').text()).toMatch(/does not send mail/)
    // Nothing offers to send a link the server cannot send.
    expect(wrapper.findAll('button').some((b) => b.text() === 'Send a new link')).toBe(false)
  })

  it('changing the email sends it and says a link is on its way', async () => {
    const requests = serveApp(
      routes({ 'PATCH /api/v1/users/me': () => json(200, { ...alice, email: 'new@example.com', email_verified_at: null }) }),
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    await wrapper.get('#email-email').setValue('new@example.com')
    await wrapper.get('form[aria-label="Change your email"]').trigger('submit')
    await flushPromises()
    expect(requests.find((r) => r.method === 'PATCH')!.body).toEqual({ email: 'new@example.com' })
    expect(wrapper.text()).toContain('We sent a link to new@example.com')
    expect(wrapper.get('[data-email-status]').text()).toContain('Not confirmed')
  })
})
