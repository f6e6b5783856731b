import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { mountApp, serveApp } from '../helpers/app'
import { alice } from '../helpers/fixtures'
import { errorEnvelope, json, type Handler } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

function serve(handler: Handler) {
  return serveApp(handler)
}

const active = () => document.activeElement?.id

let wrapper: VueWrapper | undefined

describe('Login view', () => {
  beforeEach(() => localStorage.clear())
  afterEach(() => wrapper?.unmount())

  it('has labelled fields and checks them before sending, focusing the first error', async () => {
    const requests = serve(() => json(500))
    ;({ wrapper } = await mountApp('/login'))

    expect(wrapper.find('label[for="login-username"]').text()).toBe('Username')
    expect(wrapper.find('label[for="login-password"]').text()).toBe('Password')

    await wrapper.find('form').trigger('submit')
    await flushPromises()

    const username = wrapper.find('#login-username')
    expect(username.attributes('aria-invalid')).toBe('true')
    expect(username.attributes('aria-describedby')).toBe('login-username-error')
    expect(wrapper.find('#login-username-error').text()).toBe('Enter your username.')
    expect(wrapper.find('#login-password-error').text()).toBe('Enter your password.')
    expect(active()).toBe('login-username')
    expect(requests).toHaveLength(0)
  })

  it('shows wrong credentials as a focused form alert', async () => {
    serve(() => errorEnvelope(401, 'invalid_credentials', 'Wrong username or password.'))
    ;({ wrapper } = await mountApp('/login'))

    await wrapper.find('#login-username').setValue('Alice')
    await wrapper.find('#login-password').setValue('not the password')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    const alert = wrapper.find('#login-error')
    expect(alert.attributes('role')).toBe('alert')
    expect(alert.text()).toBe('Wrong username or password.')
    expect(active()).toBe('login-error')
    expect((wrapper.find('#login-password').element as HTMLInputElement).value).toBe('')
  })

  it('logs in (username lowercased) and goes to the page asked for', async () => {
    const requests = serve((req) =>
      req.url.endsWith('/auth/login')
        ? json(200, { user: alice, access_token: 'a1', refresh_token: 'r1' })
        : json(200, alice),
    )
    const app = await mountApp('/settings')
    wrapper = app.wrapper
    expect(app.router.currentRoute.value.fullPath).toBe('/login?redirect=/settings')

    await wrapper.find('#login-username').setValue('Alice')
    await wrapper.find('#login-password').setValue('correct horse')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(requests[0]!.body).toEqual({ username: 'alice', password: 'correct horse' })
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe('/settings'), { timeout: 5000 })
  })
})

describe('Signup view', () => {
  beforeEach(() => localStorage.clear())
  afterEach(() => wrapper?.unmount())

  it('checks the username and password rules in the form', async () => {
    const requests = serve(() => json(500))
    ;({ wrapper } = await mountApp('/signup'))

    await wrapper.find('#signup-username').setValue('a!')
    await wrapper.find('#signup-password').setValue('short')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    const username = wrapper.find('#signup-username')
    expect(username.attributes('aria-describedby')).toBe('signup-username-hint signup-username-error')
    expect(wrapper.find('#signup-username-error').text()).toMatch(/3–32 characters/)
    expect(wrapper.find('#signup-password-error').text()).toMatch(/at least 8/)
    expect(active()).toBe('signup-username')
    expect(requests).toHaveLength(0)
  })

  it('shows the server field error on its field and focuses it', async () => {
    serve(() => errorEnvelope(409, 'username_taken', 'That username is taken.'))
    ;({ wrapper } = await mountApp('/signup'))

    await wrapper.find('#signup-username').setValue('alice')
    await wrapper.find('#signup-password').setValue('correct horse')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(wrapper.find('#signup-username-error').text()).toBe('That username is taken. Try another one.')
    expect(active()).toBe('signup-username')
  })

  it('sends only the optional fields that were filled', async () => {
    const requests = serve(() => json(201, { user: alice, access_token: 'a1', refresh_token: 'r1' }))
    const app = await mountApp('/signup')
    wrapper = app.wrapper

    await wrapper.find('#signup-username').setValue('alice')
    await wrapper.find('#signup-display_name').setValue('  Alice  ')
    await wrapper.find('#signup-password').setValue('correct horse')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(requests[0]!.body).toEqual({ username: 'alice', password: 'correct horse', display_name: 'Alice' })
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('chats'), { timeout: 5000 })
  })
})
