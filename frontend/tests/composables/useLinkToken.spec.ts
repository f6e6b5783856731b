import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'

import { tokenFromHash, useLinkToken } from '@/composables/useLinkToken'

describe('tokenFromHash', () => {
  it('reads the token of a #token= fragment', () => {
    expect(tokenFromHash('#token=ab12cd')).toBe('ab12cd')
    expect(tokenFromHash('token=ab12cd&x=1')).toBe('ab12cd')
  })

  it('is null without one', () => {
    expect(tokenFromHash('')).toBeNull()
    expect(tokenFromHash('#')).toBeNull()
    expect(tokenFromHash('#token=')).toBeNull()
    expect(tokenFromHash('#other=1')).toBeNull()
  })
})

describe('useLinkToken', () => {
  async function open(path: string) {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/verify-email', component: { template: '<div/>' } }],
    })
    await router.push(path)
    await router.isReady()
    let token: string | null = 'unset'
    const Host = defineComponent({
      setup() {
        token = useLinkToken()
        return () => null
      },
    })
    mount(Host, { global: { plugins: [router] } })
    await flushPromises()
    return { router, token }
  }

  it('takes the token and clears it from the address, keeping the rest', async () => {
    const { router, token } = await open('/verify-email?from=mail#token=feedbeef')
    expect(token).toBe('feedbeef')
    expect(router.currentRoute.value.fullPath).toBe('/verify-email?from=mail')
    expect(router.currentRoute.value.hash).toBe('')
  })

  it('is null when the link came without a token', async () => {
    const { router, token } = await open('/verify-email')
    expect(token).toBeNull()
    expect(router.currentRoute.value.fullPath).toBe('/verify-email')
  })
})
