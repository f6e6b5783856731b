import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { AccessToken, CreateTokenRequest, User } from '@/api/types'
import { useAccessTokensStore } from '@/stores/accessTokens'
import { useAuthStore } from '@/stores/auth'
import { useExportsStore } from '@/stores/exports'

import { mountApp, serveApp } from '../helpers/app'
import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type Handler, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const PASSKEYS_ON = { '/api/v1/auth/options': { email: true, email_verification_required: false, oidc: false, passkeys: true } }
const SIGNED_IN = { user: alice, access_token: 'a1', refresh_token: 'r1' }

const active = () => document.activeElement as HTMLElement | null
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

/** The Security page's own loads (nothing to show), with `over` answering some routes instead. */
const page = (over: Record<string, Handler> = {}, user: User = alice) =>
  table(
    {
      'GET /api/v1/users/me/sessions': () => json(200, []),
      'GET /api/v1/users/me/security-events': () => json(200, []),
      'GET /api/v1/users/me/recovery-codes': () => json(200, { remaining: 0, created_at: null }),
      'GET /api/v1/users/me/two-factor': () => json(200, { totp_enabled: false, recovery_codes_remaining: 0 }),
      'GET /api/v1/users/me/exports': () => json(200, []),
      'GET /api/v1/users/me/passkeys': () => json(200, []),
      'GET /api/v1/users/me/tokens': () => json(200, { items: [] }),
      ...over,
    },
    user,
  )

/** A browser with WebAuthn whose prompts answer with `credential` (or throw it). */
function stubWebAuthn(answer: () => Promise<unknown>) {
  const credentials = { get: vi.fn(answer), create: vi.fn(answer) }
  vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {})
  Object.defineProperty(navigator, 'credentials', { value: credentials, configurable: true })
  return credentials
}

const assertion = () =>
  Promise.resolve({
    id: 'AQID',
    rawId: new Uint8Array([1, 2, 3]).buffer,
    type: 'public-key',
    response: {
      authenticatorData: new Uint8Array([1]).buffer,
      clientDataJSON: new Uint8Array([2]).buffer,
      signature: new Uint8Array([3]).buffer,
      userHandle: new Uint8Array([4]).buffer,
    },
  })

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
})
afterEach(() => {
  wrapper?.unmount()
  vi.unstubAllGlobals()
  Reflect.deleteProperty(navigator, 'credentials')
})

describe('two-step login', () => {
  const challenged = () => json(202, { challenge: 'c1', expires_in: 300, methods: ['totp', 'recovery_code'] })

  async function passwordStep(handler: Handler, shell = {}) {
    const requests = serveApp(handler, shell)
    const app = await mountApp('/login?redirect=/friends')
    wrapper = app.wrapper
    await wrapper.get('#login-username').setValue('alice')
    await wrapper.get('#login-password').setValue('correct horse')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    return { requests, router: app.router, w: app.wrapper }
  }

  it('asks for the app’s code after a right password, in a focused numeric one-time-code field', async () => {
    const { w } = await passwordStep(challenged)
    expect(w.get('h1').text()).toBe('Two-step verification')
    const code = w.get('#second-factor-code')
    expect(w.get('label[for="second-factor-code"]').text()).toBe('Code from your app')
    expect(code.attributes('inputmode')).toBe('numeric')
    expect(code.attributes('autocomplete')).toBe('one-time-code')
    expect(active()?.id).toBe('second-factor-code')
    expect(useAuthStore().isAuthenticated).toBe(false)
    // No passkey offered when the account has none.
    expect(w.findAll('button').some((b) => b.text() === 'Use a passkey')).toBe(false)
  })

  it('a wrong code shows on the field; a right one logs in and goes where asked', async () => {
    let right = false
    const { requests, router, w } = await passwordStep((req) =>
      req.url.endsWith('/auth/login')
        ? challenged()
        : req.url.endsWith('/second-factor')
          ? right
            ? json(200, SIGNED_IN)
            : errorEnvelope(401, 'invalid_second_factor', 'the code is wrong, expired or already used')
          : json(200, alice),
    )
    await w.get('#second-factor-code').setValue('12345')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('#second-factor-code-error').text()).toMatch(/6 digits/)
    expect(requests.filter((r) => r.url.endsWith('/second-factor'))).toHaveLength(0)

    await w.get('#second-factor-code').setValue('123 456')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('#second-factor-code-error').text()).toBe(
      'That code is not right, or it was already used. Enter the newest code.',
    )
    expect(active()?.id).toBe('second-factor-code')
    expect(requests.find((r) => r.url.endsWith('/second-factor'))!.body).toEqual({ challenge: 'c1', code: '123456' })

    right = true
    await w.get('#second-factor-code').setValue('654321')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(useAuthStore().isAuthenticated).toBe(true)
    // The next page's code loads on navigation: slow on a busy machine.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/friends'), { timeout: 5000 })
  })

  it('takes a recovery code instead', async () => {
    const { requests, w } = await passwordStep((req) =>
      req.url.endsWith('/auth/login') ? challenged() : req.url.endsWith('/second-factor') ? json(200, SIGNED_IN) : json(200, alice),
    )
    await button(w, 'Use a recovery code instead').trigger('click')
    await flushPromises()
    expect(w.get('label[for="second-factor-code"]').text()).toBe('Recovery code')
    expect(active()?.id).toBe('second-factor-code')
    await w.get('#second-factor-code').setValue(' abcde-fghij ')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(requests.find((r) => r.url.endsWith('/second-factor'))!.body).toEqual({ challenge: 'c1', recovery_code: 'abcde-fghij' })
    expect(useAuthStore().isAuthenticated).toBe(true)
  })

  it('an expired challenge goes back to the password, saying why', async () => {
    const { w } = await passwordStep((req) =>
      req.url.endsWith('/auth/login') ? challenged() : errorEnvelope(401, 'invalid_challenge', 'expired'),
    )
    await w.get('#second-factor-code').setValue('123456')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('h1').text()).toBe('Log in')
    expect(w.get('[role="status"]').text()).toMatch(/took too long/)
    expect((w.get('#login-username').element as HTMLInputElement).value).toBe('alice')
    expect(active()?.id).toBe('login-password')
  })

  it('“Back to log in” leaves the step for the password form', async () => {
    const { w } = await passwordStep(challenged)
    await button(w, 'Back to log in').trigger('click')
    await flushPromises()
    expect(w.get('h1').text()).toBe('Log in')
    expect(useAuthStore().secondFactor).toBeNull()
    expect(active()?.id).toBe('login-password')
  })

  it('offers a passkey when the account has one, and it completes the step', async () => {
    const browser = stubWebAuthn(assertion)
    const { requests, w } = await passwordStep(
      (req) =>
        req.url.endsWith('/auth/login')
          ? json(202, { challenge: 'c1', expires_in: 300, methods: ['totp', 'recovery_code', 'passkey'] })
          : req.url.endsWith('/passkey-options')
            ? json(201, { ceremony_id: 'cer1', options: { publicKey: { challenge: 'AQID', allowCredentials: [{ type: 'public-key', id: 'AQID' }] } } })
            : req.url.endsWith('/second-factor')
              ? json(200, SIGNED_IN)
              : json(200, alice),
      PASSKEYS_ON,
    )
    await button(w, 'Use a passkey').trigger('click')
    await flushPromises()
    expect(browser.get).toHaveBeenCalledTimes(1)
    const body = requests.find((r) => r.url.endsWith('/second-factor'))!.body as { passkey: { ceremony_id: string } }
    expect(body.passkey.ceremony_id).toBe('cer1')
    expect(useAuthStore().isAuthenticated).toBe(true)
  })
})

describe('logging in with a passkey', () => {
  it('is not offered when the server has passkeys off', async () => {
    stubWebAuthn(assertion)
    serveApp(() => json(500))
    ;({ wrapper } = await mountApp('/login'))
    expect(wrapper.findAll('button').some((b) => b.text() === 'Log in with a passkey')).toBe(false)
  })

  it('is not offered by a browser without WebAuthn', async () => {
    serveApp(() => json(500), PASSKEYS_ON)
    ;({ wrapper } = await mountApp('/login'))
    expect(wrapper.findAll('button').some((b) => b.text() === 'Log in with a passkey')).toBe(false)
  })

  it('logs in with no username typed', async () => {
    const browser = stubWebAuthn(assertion)
    const requests = serveApp(
      (req) =>
        req.url.endsWith('/auth/passkey/options')
          ? json(201, { ceremony_id: 'cer1', options: { publicKey: { challenge: 'AQID', rpId: 'localhost', allowCredentials: [], userVerification: 'required' } } })
          : req.url.endsWith('/auth/passkey')
            ? json(200, SIGNED_IN)
            : json(200, alice),
      PASSKEYS_ON,
    )
    const app = await mountApp('/login')
    wrapper = app.wrapper
    await button(wrapper, 'Log in with a passkey').trigger('click')
    await flushPromises()
    const options = browser.get.mock.calls[0] as unknown as [CredentialRequestOptions]
    expect(options[0].publicKey!.rpId).toBe('localhost')
    expect(requests.find((r) => r.url.endsWith('/auth/passkey'))!.body).toEqual({
      ceremony_id: 'cer1',
      credential: {
        id: 'AQID',
        rawId: 'AQID',
        type: 'public-key',
        response: { authenticatorData: 'AQ', clientDataJSON: 'Ag', signature: 'Aw', userHandle: 'BA' },
        extensions: {},
      },
    })
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('chats'), { timeout: 5000 })
  })

  it('a closed prompt says nothing; an unknown passkey says so plainly', async () => {
    let answer: () => Promise<unknown> = () => Promise.reject(new DOMException('closed', 'NotAllowedError'))
    stubWebAuthn(() => answer())
    serveApp(
      (req) =>
        req.url.endsWith('/auth/passkey/options')
          ? json(201, { ceremony_id: 'cer1', options: { publicKey: { challenge: 'AQID' } } })
          : errorEnvelope(401, 'invalid_passkey', 'the passkey could not be verified'),
      PASSKEYS_ON,
    )
    ;({ wrapper } = await mountApp('/login'))
    await button(wrapper, 'Log in with a passkey').trigger('click')
    await flushPromises()
    expect(wrapper.find('#login-error').exists()).toBe(false)

    answer = assertion
    await button(wrapper, 'Log in with a passkey').trigger('click')
    await flushPromises()
    expect(wrapper.get('#login-error').text()).toMatch(/does not belong to an account here/)
    expect(active()?.id).toBe('login-error')
  })
})

describe('Security page: two-step login, passkeys, your data', () => {
  const SETUP = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', otpauth_url: 'otpauth://totp/x', qr_png_base64: 'iVBORw0KGgo=' }
  const CODES = { codes: Array.from({ length: 10 }, (_, i) => `code${i}-xxxxx`), created_at: '2024-06-02T10:00:00Z' }

  beforeEach(() => storeSession())

  it('sets up the authenticator app: QR code, the key in fours, then a code turns it on and shows the codes once', async () => {
    const requests = serveApp(
      page({
        'POST /api/v1/users/me/two-factor/totp/setup': () => json(201, SETUP),
        'POST /api/v1/users/me/two-factor/totp/enable': (req) =>
          (req.body as { code: string }).code === '123456'
            ? json(200, { recovery_codes: CODES })
            : errorEnvelope(403, 'wrong_code', 'wrong'),
      }),
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    expect(wrapper.get('[data-two-factor-status]').text()).toContain('Off')

    await button(wrapper, 'Set up authenticator app').trigger('click')
    await flushPromises()
    const img = wrapper.get('[data-totp-setup] img')
    expect(img.attributes('src')).toBe(`data:image/png;base64,${SETUP.qr_png_base64}`)
    expect(img.attributes('alt')).toBe('QR code to scan with your authenticator app')
    expect(wrapper.get('[data-totp-secret]').text()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP')
    expect(active()).toBe(wrapper.get('[data-totp-setup]').element)
    const field = wrapper.get('#two-factor-code')
    expect(field.attributes('inputmode')).toBe('numeric')
    expect(field.attributes('autocomplete')).toBe('one-time-code')

    await field.setValue('000000')
    await wrapper.get('form[aria-label="Confirm your authenticator app"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#two-factor-code-error').text()).toMatch(/not right/)
    expect(requests.filter((r) => r.url.endsWith('/totp/enable'))).toHaveLength(1)

    await wrapper.get('#two-factor-code').setValue('123 456')
    await wrapper.get('form[aria-label="Confirm your authenticator app"]').trigger('submit')
    await flushPromises()
    const fresh = wrapper.get('[data-fresh-codes]')
    expect(fresh.findAll('[data-code]').map((c) => c.text())).toEqual(CODES.codes)
    expect(active()).toBe(fresh.element)
    expect(wrapper.get('[data-two-factor-status]').text()).toContain('On')
    expect(wrapper.get('[data-recovery-status]').text()).toMatch(/10 of 10/)
    await button(wrapper, 'I have saved them').trigger('click')
    expect(wrapper.find('[data-fresh-codes]').exists()).toBe(false)
  })

  it('turns it off with the password and a recovery code; a wrong password lands on its field', async () => {
    const requests = serveApp(
      page({
        'GET /api/v1/users/me/two-factor': () => json(200, { totp_enabled: true, recovery_codes_remaining: 10 }),
        'POST /api/v1/users/me/two-factor/totp/disable': (req) =>
          (req.body as { password: string }).password === 'correct horse'
            ? json(204)
            : errorEnvelope(403, 'wrong_password', 'The password is wrong.'),
      }),
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    await button(wrapper, 'Turn off…').trigger('click')
    const form = () => wrapper!.get('dialog[aria-labelledby="two-factor-off-title"] form')
    await wrapper.get('#two-factor-off-password').setValue('nope')
    await wrapper.get('#two-factor-off-code').setValue('abcde-fghij')
    await form().trigger('submit')
    await flushPromises()
    expect(wrapper.get('#two-factor-off-password-error').text()).toBe('Your current password is not right.')

    await wrapper.get('#two-factor-off-password').setValue('correct horse')
    await form().trigger('submit')
    await flushPromises()
    expect(requests.filter((r) => r.url.endsWith('/totp/disable')).at(-1)!.body).toEqual({
      password: 'correct horse',
      code: 'abcde-fghij',
    })
    expect(wrapper.get('[data-two-factor-status]').text()).toContain('Off')
  })

  it('hides passkeys where the server or browser cannot use them', async () => {
    const requests = serveApp(page())
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    expect(wrapper.find('#passkeys-title').exists()).toBe(false)
    expect(requests.some((r) => r.url.endsWith('/users/me/passkeys'))).toBe(false)
  })

  it('adds a passkey named after this browser by default, renames and removes it', async () => {
    stubWebAuthn(() =>
      Promise.resolve({
        id: 'AQID',
        rawId: new Uint8Array([1, 2, 3]).buffer,
        type: 'public-key',
        response: {
          attestationObject: new Uint8Array([9]).buffer,
          clientDataJSON: new Uint8Array([8]).buffer,
          getTransports: () => ['internal'],
        },
      }),
    )
    const key = (name: string) => ({ id: 'k1', name, created_at: '2024-06-01T10:00:00Z', last_used_at: null })
    const requests = serveApp(
      page({
        'POST /api/v1/users/me/passkeys/registration': () =>
          json(201, { ceremony_id: 'cer1', options: { publicKey: { challenge: 'AQID', user: { id: 'AQ', name: 'alice', displayName: 'Alice' } } } }),
        'POST /api/v1/users/me/passkeys': (req) => json(201, key((req.body as { name: string }).name)),
        'PATCH /api/v1/users/me/passkeys/k1': (req) => json(200, key((req.body as { name: string }).name)),
        'DELETE /api/v1/users/me/passkeys/k1': () => json(204),
      }),
      PASSKEYS_ON,
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    expect(wrapper.text()).toContain('You have no passkeys yet.')

    await button(wrapper, 'Add a passkey…').trigger('click')
    const name = wrapper.get('#passkey-name').element as HTMLInputElement
    expect(name.value).not.toBe('')
    await wrapper.get('#passkey-name').setValue('Laptop')
    await wrapper.get('dialog[aria-labelledby="passkey-dialog-title"] form').trigger('submit')
    await flushPromises()
    const added = requests.find((r) => r.method === 'POST' && r.url.endsWith('/users/me/passkeys'))!
    expect(added.body).toMatchObject({ ceremony_id: 'cer1', name: 'Laptop', credential: { rawId: 'AQID', response: { transports: ['internal'] } } })
    expect(wrapper.get('[data-passkey]').text()).toContain('Laptop')
    expect(wrapper.get('[data-passkey]').text()).toContain('Not used yet')

    await wrapper.get('button[aria-label="Rename passkey Laptop"]').trigger('click')
    await wrapper.get('#passkey-name').setValue('')
    await wrapper.get('dialog[aria-labelledby="passkey-dialog-title"] form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#passkey-name-error').text()).toBe('Give the passkey a name.')
    await wrapper.get('#passkey-name').setValue('Work laptop')
    await wrapper.get('dialog[aria-labelledby="passkey-dialog-title"] form').trigger('submit')
    await flushPromises()
    expect(requests.find((r) => r.method === 'PATCH')!.body).toEqual({ name: 'Work laptop' })

    await wrapper.get('button[aria-label="Remove passkey Work laptop"]').trigger('click')
    await flushPromises()
    await button(wrapper, 'Remove passkey').trigger('click')
    await flushPromises()
    expect(requests.some((r) => r.method === 'DELETE' && r.url.endsWith('/passkeys/k1'))).toBe(true)
    expect(wrapper.find('[data-passkey]').exists()).toBe(false)
  })

  it('starts a data export, waits while it builds, and offers the download once ready', async () => {
    const exp = (status: string) => ({
      id: 'x1',
      status,
      size_bytes: status === 'ready' ? 2048 : null,
      created_at: '2024-06-01T10:00:00Z',
      finished_at: null,
      download_url: status === 'ready' ? '/api/v1/users/me/exports/x1/archive' : null,
    })
    let status = 'none'
    serveApp(
      page({
        'GET /api/v1/users/me/exports': () => json(200, status === 'none' ? [] : [exp(status)]),
        'POST /api/v1/users/me/exports': () => {
          status = 'building'
          return json(202, exp('building'))
        },
      }),
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    const start = () => button(wrapper!, 'Export my data')
    expect(start().attributes('disabled')).toBeUndefined()

    await start().trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-export]').attributes('data-export')).toBe('building')
    expect(wrapper.get('[data-export]').text()).toContain('Being prepared')
    expect(start().attributes('disabled')).toBeDefined()
    expect(wrapper.text()).toContain('You will get a notification when it is ready')

    // The notification (or a resync) reloads the list.
    status = 'ready'
    useExportsStore().refresh()
    await flushPromises()
    const row = wrapper.get('[data-export]')
    expect(row.attributes('data-export')).toBe('ready')
    // Sizes through Intl: "kB", the unit's symbol.
    expect(row.text()).toContain('2 kB')
    expect(row.get('button').attributes('aria-label')).toMatch(/^Download Export of .*, 2 kB$/)
    expect(start().attributes('disabled')).toBeUndefined()
  })
})

describe('Security page: access tokens', () => {
  const DAY = 86_400_000
  const at = (days: number) => new Date(Date.now() + days * DAY).toISOString()
  const SECRET = `confab_pat_${'0'.repeat(32)}_${'ab'.repeat(32)}`
  const token = (over: Partial<AccessToken> = {}): AccessToken => ({
    id: 't1',
    name: 'deploy notices',
    scopes: ['read'],
    created_at: at(-3),
    expires_at: null,
    last_used_at: null,
    ...over,
  })
  const rows = (w: VueWrapper) => w.findAll('[data-access-token]')
  const createForm = (w: VueWrapper) => w.get('dialog[aria-labelledby="access-token-dialog-title"] form')
  const posts = (requests: RecordedRequest[]) =>
    requests.filter((r) => r.method === 'POST' && r.url.endsWith('/users/me/tokens'))

  beforeEach(() => storeSession())
  afterEach(() => Reflect.deleteProperty(navigator, 'clipboard'))

  it('lists each token: scopes as badges, created, expiry (or never, or expired) and last use (or never)', async () => {
    serveApp(
      page({
        'GET /api/v1/users/me/tokens': () =>
          json(200, {
            items: [
              // The server sorts scopes by name; the page lists them in its own order.
              token({ id: 't1', name: 'deploy notices', scopes: ['messages', 'read'], expires_at: at(20), last_used_at: at(-1 / 24) }),
              token({ id: 't2', name: 'backup', scopes: ['read'] }),
              token({ id: 't3', name: 'old bot', scopes: ['groups', 'media'], created_at: at(-40), expires_at: at(-10), last_used_at: at(-12) }),
            ],
          }),
      }),
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()

    // After the sessions, in a section of its own.
    const sections = wrapper.findAll('section').map((s) => s.attributes('aria-labelledby'))
    expect(sections.indexOf('access-tokens-title')).toBe(sections.indexOf('sessions-title') + 1)
    expect(wrapper.get('#access-tokens-title').text()).toBe('Access tokens')
    expect(wrapper.find('ul[aria-label="Your access tokens"]').exists()).toBe(true)

    const [deploy, backup, old] = rows(wrapper)
    expect(rows(wrapper)).toHaveLength(3)
    expect(deploy!.text()).toContain('deploy notices')
    expect(deploy!.findAll('[data-scope]').map((b) => b.text())).toEqual(['Read', 'Messages'])
    expect(deploy!.get('ul').attributes('aria-label')).toBe('What “deploy notices” may do')
    expect(deploy!.text()).toContain('Created')
    expect(deploy!.text()).toMatch(/Expires \S/)
    expect(deploy!.text()).toContain('Last used 1 hour ago')
    expect(deploy!.attributes('data-expired')).toBeUndefined()

    expect(backup!.findAll('[data-scope]').map((b) => b.text())).toEqual(['Read'])
    expect(backup!.text()).toContain('Never expires')
    expect(backup!.text()).toContain('Never used')

    expect(old!.attributes('data-expired')).toBeDefined()
    expect(old!.get('.badge-error').text()).toBe('Expired')
    expect(old!.text()).not.toContain('Expires')
    expect(old!.findAll('[data-scope]').map((b) => b.text())).toEqual(['Groups', 'Media'])
    expect(old!.get('button').attributes('aria-label')).toBe('Revoke token old bot')
  })

  it('creates a token with what was chosen, shows its secret once with a warning and Copy, and lists it', async () => {
    const requests = serveApp(
      page({
        'POST /api/v1/users/me/tokens': (req) => {
          const body = req.body as CreateTokenRequest
          return json(201, { token: token({ id: 't9', name: body.name, scopes: body.scopes, created_at: at(0), expires_at: at(90) }), secret: SECRET })
        },
      }),
    )
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    expect(wrapper.text()).toContain('You have no access tokens.')

    await button(wrapper, 'Create a token…').trigger('click')
    // Every control has its label; each scope says what it allows.
    expect(wrapper.get('label[for="access-token-name"]').text()).toBe('Name')
    expect(wrapper.get('label[for="access-token-expires"]').text()).toBe('Expires')
    expect(wrapper.get('#access-token-scopes legend').text()).toBe('What it may do')
    const scopeLabels = wrapper.findAll('#access-token-scopes label').map((l) => l.text())
    expect(scopeLabels).toEqual(['Read', 'Messages', 'Friends', 'Groups', 'Media', 'Profile', 'Webhooks'])
    const media = wrapper.get('#access-token-scope-media')
    expect(wrapper.get(`#${media.attributes('aria-describedby')}`).text()).toBe('Upload images, audio and video.')
    expect(wrapper.findAll('#access-token-expires option').map((o) => o.text())).toEqual([
      'In 7 days',
      'In 30 days',
      'In 90 days',
      'In 1 year',
      'Never',
    ])

    // Nothing named, nothing allowed: said on the fields, and nothing sent.
    await createForm(wrapper).trigger('submit')
    await flushPromises()
    expect(wrapper.get('#access-token-name-error').text()).toBe('Give the token a name.')
    expect(wrapper.get('#access-token-scopes-error').text()).toBe('Choose at least one thing the token may do.')
    expect(active()?.id).toBe('access-token-name')
    expect(posts(requests)).toHaveLength(0)

    await wrapper.get('#access-token-name').setValue('  deploy notices ')
    await wrapper.get('#access-token-scope-messages').setValue(true)
    await wrapper.get('#access-token-scope-read').setValue(true)
    await wrapper.get('#access-token-expires').setValue('90')
    await createForm(wrapper).trigger('submit')
    await flushPromises()
    expect(posts(requests).map((r) => r.body)).toEqual([
      { name: 'deploy notices', scopes: ['read', 'messages'], expires_in_days: 90 },
    ])

    // The secret, once: read-only, labelled, warned about, focused.
    const fresh = wrapper.get('[data-fresh-token]')
    expect(active()).toBe(fresh.element)
    expect(fresh.get('h3').text()).toBe('Copy your new token now')
    const secret = fresh.get('#access-token-secret')
    expect((secret.element as HTMLInputElement).value).toBe(SECRET)
    expect(secret.attributes('readonly')).toBeDefined()
    expect(fresh.get('label[for="access-token-secret"]').text()).toBe('Your new token')
    const warning = wrapper.get(`#${secret.attributes('aria-describedby')}`).text()
    expect(warning).toMatch(/only time/)
    expect(warning).toMatch(/cannot show it again/)
    await button(wrapper, 'Copy').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith(SECRET)
    expect(fresh.text()).toContain('Copied to the clipboard.')

    // And in the list, as the server answered it.
    expect(rows(wrapper)).toHaveLength(1)
    expect(rows(wrapper)[0]!.text()).toContain('deploy notices')
    expect(rows(wrapper)[0]!.findAll('[data-scope]').map((b) => b.text())).toEqual(['Read', 'Messages'])
    expect(rows(wrapper)[0]!.text()).toContain('Never used')

    // Gone for good once dismissed: not on the page, not in the store.
    await button(wrapper, 'I have copied it').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-fresh-token]').exists()).toBe(false)
    expect(document.body.innerHTML).not.toContain(SECRET)
    expect(JSON.stringify(useAccessTokensStore().$state)).not.toContain(SECRET)
    expect(active()?.textContent?.trim()).toBe('Create a token…')
    expect(rows(wrapper)).toHaveLength(1)
  })

  it('revokes a token only once confirmed, and it leaves the list', async () => {
    const requests = serveApp(
      page({
        'GET /api/v1/users/me/tokens': () =>
          json(200, { items: [token({ id: 't1', name: 'deploy notices' }), token({ id: 't2', name: 'backup' })] }),
        'DELETE /api/v1/users/me/tokens/t1': () => json(204),
      }),
    )
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()
    const deletes = () => requests.filter((r) => r.method === 'DELETE')

    await wrapper.get('button[aria-label="Revoke token deploy notices"]').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('Revoke “deploy notices”?')
    await button(wrapper, 'Cancel').trigger('click')
    await flushPromises()
    expect(deletes()).toHaveLength(0)
    expect(rows(wrapper)).toHaveLength(2)

    await wrapper.get('button[aria-label="Revoke token deploy notices"]').trigger('click')
    await flushPromises()
    await button(wrapper, 'Revoke token').trigger('click')
    await flushPromises()
    expect(deletes().map((r) => r.url)).toEqual(['/api/v1/users/me/tokens/t1'])
    expect(rows(wrapper).map((r) => r.text())).toEqual([expect.stringContaining('backup')])
    expect(wrapper.find('button[aria-label="Revoke token deploy notices"]').exists()).toBe(false)
    const status = wrapper.findAll('[role="status"]').find((s) => s.text().startsWith('Token “deploy notices” revoked'))
    expect(status).toBeTruthy()
    expect(active()).toBe(status!.element)
  })

  it('a refused name shows on the name field in plain words; too many tokens, above the form', async () => {
    let refusal = errorEnvelope(400, 'invalid_token_name', "the token's name is empty or longer than 64 characters")
    serveApp(page({ 'POST /api/v1/users/me/tokens': () => refusal }))
    ;({ wrapper } = await mountApp('/settings/security'))
    await flushPromises()

    await button(wrapper, 'Create a token…').trigger('click')
    await wrapper.get('#access-token-name').setValue('deploy notices')
    await wrapper.get('#access-token-scope-read').setValue(true)
    await createForm(wrapper).trigger('submit')
    await flushPromises()
    const name = wrapper.get('#access-token-name')
    expect(wrapper.get('#access-token-name-error').text()).toBe('A token’s name is 1 to 64 characters.')
    expect(name.attributes('aria-invalid')).toBe('true')
    expect(name.attributes('aria-describedby')).toContain('access-token-name-error')
    expect(active()?.id).toBe('access-token-name')
    expect(wrapper.find('[data-fresh-token]').exists()).toBe(false)
    expect(rows(wrapper)).toHaveLength(0)

    refusal = errorEnvelope(409, 'too_many_tokens', 'the account holds as many live access tokens as allowed')
    await createForm(wrapper).trigger('submit')
    await flushPromises()
    expect(wrapper.find('#access-token-name-error').exists()).toBe(false)
    expect(wrapper.get('#access-token-error').text()).toBe(
      'Your account has as many access tokens as it may have. Revoke one you no longer use first.',
    )
    expect(active()?.id).toBe('access-token-error')
  })
})

describe('deleting an account without a password', () => {
  const noPassword: User = { ...alice, has_password: false, email: 'alice@example.com', email_verified_at: '2024-06-01T10:00:00Z' }

  it('mails a code and deletes with it', async () => {
    storeSession('a1', 'r1', noPassword)
    const requests = serveApp(
      table(
        {
          'POST /api/v1/users/me/deletion-code': () => json(202),
          'DELETE /api/v1/users/me': (req) =>
            (req.body as { email_code: string }).email_code === '123456' ? json(204) : errorEnvelope(403, 'wrong_code', 'wrong'),
        },
        noPassword,
      ),
    )
    const app = await mountApp('/settings')
    wrapper = app.wrapper
    await button(wrapper, 'Delete account…').trigger('click')
    expect(wrapper.find('#delete-account-password').exists()).toBe(false)
    expect(wrapper.text()).toContain('a code sent to alice@example.com')

    await button(wrapper, 'Email me a code').trigger('click')
    await flushPromises()
    expect(requests.some((r) => r.url.endsWith('/users/me/deletion-code'))).toBe(true)
    expect(wrapper.text()).toContain('Sent to alice@example.com.')
    expect(active()?.id).toBe('delete-account-email_code')

    const form = () => wrapper!.get('dialog[aria-labelledby="delete-account-dialog-title"] form')
    await wrapper.get('#delete-account-email_code').setValue('111111')
    await form().trigger('submit')
    await flushPromises()
    expect(wrapper.get('#delete-account-email_code-error').text()).toMatch(/^That code is not right/)

    await wrapper.get('#delete-account-email_code').setValue('123 456')
    await form().trigger('submit')
    await flushPromises()
    expect(requests.find((r) => r.method === 'DELETE' && (r.body as { email_code: string }).email_code === '123456')).toBeTruthy()
    expect(useAuthStore().isAuthenticated).toBe(false)
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'), { timeout: 5000 })
  })

  it('without a confirmed email, says what to do first', async () => {
    const unconfirmed = { ...noPassword, email_verified_at: null }
    storeSession('a1', 'r1', unconfirmed)
    serveApp(table({}, unconfirmed))
    ;({ wrapper } = await mountApp('/settings'))
    await button(wrapper, 'Delete account…').trigger('click')
    expect(wrapper.get('[data-delete-needs-email]').text()).toMatch(/Add and confirm an email/)
    expect(wrapper.findAll('button').some((b) => b.text() === 'Delete my account')).toBe(false)
  })
})
