import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useMediaUrl } from '@/composables/useMediaUrl'
import { useAuthStore } from '@/stores/auth'

import { storeSession } from '../helpers/fixtures'

describe('useMediaUrl', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession('tok en')
    setActivePinia(createPinia())
  })

  it('adds the current access token to our media URLs only', () => {
    const { src } = useMediaUrl()
    expect(src('/api/v1/media/m1')).toBe('/api/v1/media/m1?access_token=tok%20en')
    expect(src('/api/v1/media/m1/thumbnail?x=1')).toBe('/api/v1/media/m1/thumbnail?x=1&access_token=tok%20en')
    expect(src('https://elsewhere.example/a.png')).toBe('https://elsewhere.example/a.png')
    expect(src(null)).toBeUndefined()
  })

  it('follows a rotated token', () => {
    const { src } = useMediaUrl()
    useAuthStore().accessToken = 'fresh'
    expect(src('/api/v1/media/m1')).toBe('/api/v1/media/m1?access_token=fresh')
  })
})
