import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { useAuthStore } from '@/stores/auth'

import { mountApp, serveApp } from '../helpers/app'
import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type Handler } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

function serve(handler: Handler) {
  return serveApp(handler)
}

let wrapper: VueWrapper | undefined

describe('Settings view', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => wrapper?.unmount())

  it('saves only the profile fields that changed', async () => {
    const requests = serve((req) =>
      req.method === 'PATCH' ? json(200, { ...alice, bio: 'Hi there', status_text: 'Busy' }) : json(200, alice),
    )
    ;({ wrapper } = await mountApp('/settings'))

    expect((wrapper.get('#profile-display_name').element as HTMLInputElement).value).toBe('Alice')
    await wrapper.get('#profile-bio').setValue('Hi there')
    await wrapper.get('#profile-status_text').setValue(' Busy ')
    await wrapper.get('form[aria-labelledby="profile-title"]').trigger('submit')
    await flushPromises()

    const patch = requests.find((r) => r.method === 'PATCH')!
    expect(patch.url).toBe('/api/v1/users/me')
    expect(patch.body).toEqual({ bio: 'Hi there', status_text: 'Busy' })
    expect(wrapper.text()).toContain('Profile saved.')
  })

  it('puts a wrong current password on its field', async () => {
    serve((req) =>
      req.url.endsWith('/users/me/password')
        ? errorEnvelope(403, 'wrong_password', 'the current password is wrong')
        : json(200, alice),
    )
    ;({ wrapper } = await mountApp('/settings'))

    await wrapper.get('#password-current_password').setValue('wrong password')
    await wrapper.get('#password-new_password').setValue('new password!')
    await wrapper.get('#password-confirm_password').setValue('new password!')
    await wrapper.get('form[aria-labelledby="password-title"]').trigger('submit')
    await flushPromises()

    expect(wrapper.get('#password-current_password-error').text()).toBe('Your current password is not right.')
    expect(document.activeElement?.id).toBe('password-current_password')
  })

  it('checks that the two new passwords match', async () => {
    const requests = serve(() => json(200, alice))
    ;({ wrapper } = await mountApp('/settings'))
    await wrapper.get('#password-current_password').setValue('old password')
    await wrapper.get('#password-new_password').setValue('new password!')
    await wrapper.get('#password-confirm_password').setValue('new password?')
    await wrapper.get('form[aria-labelledby="password-title"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#password-confirm_password-error').text()).toMatch(/differ/)
    expect(requests.some((r) => r.url.endsWith('/password'))).toBe(false)
  })

  it('deletes the account after confirming with the password', async () => {
    const requests = serve((req) => (req.method === 'DELETE' ? json(204) : json(200, alice)))
    const app = await mountApp('/settings')
    wrapper = app.wrapper

    await wrapper.get('#delete-account-password').setValue('correct horse')
    await wrapper.get('dialog form').trigger('submit')
    await flushPromises()

    const del = requests.find((r) => r.method === 'DELETE')!
    expect(del.body).toEqual({ password: 'correct horse' })
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe('/login'), { timeout: 5000 })
    await flushPromises()
    expect(wrapper.text()).toContain('Your account was deleted.')
  })

  describe('the link previews switch', () => {
    const toggle = () => wrapper!.get<HTMLInputElement>('input[data-link-previews-toggle]')

    it('shows the current value and saves a change, taking the user from the answer', async () => {
      const requests = serve((req) =>
        req.method === 'PATCH' ? json(200, { ...alice, link_previews: false }) : json(200, alice),
      )
      ;({ wrapper } = await mountApp('/settings'))
      const label = wrapper.get('#link-previews-title').element.closest('section')!.querySelector('label')!
      expect(label.textContent).toContain('Show previews of links in my messages')
      expect(toggle().element.checked).toBe(true)

      await toggle().setValue(false)
      await flushPromises()

      const patch = requests.find((r) => r.method === 'PATCH')!
      expect(patch.url).toBe('/api/v1/users/me')
      expect(patch.body).toEqual({ link_previews: false })
      expect(useAuthStore().user?.link_previews).toBe(false)
      expect(toggle().element.checked).toBe(false)
      expect(wrapper.get('#link-previews-error').text()).toBe('')
    })

    it('goes back and says why in plain words when the change is refused', async () => {
      serve((req) =>
        req.method === 'PATCH'
          ? errorEnvelope(503, 'service_unavailable', 'database unavailable')
          : json(200, alice),
      )
      ;({ wrapper } = await mountApp('/settings'))
      await toggle().setValue(false)
      await flushPromises()

      expect(toggle().element.checked).toBe(true)
      expect(useAuthStore().user?.link_previews).toBe(true)
      expect(wrapper.get('#link-previews-error').text()).toBe(
        'The server is not available right now. Please try again shortly.',
      )
    })
  })
})
