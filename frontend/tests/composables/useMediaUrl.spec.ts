import { describe, expect, it } from 'vitest'

import { useMediaUrl } from '@/composables/useMediaUrl'

describe('useMediaUrl', () => {
  it('never puts a token into a media URL (the media cookie authenticates)', () => {
    const { src } = useMediaUrl()
    expect(src('/api/v1/media/m1')).toBe('/api/v1/media/m1')
    expect(src('/api/v1/media/m1/thumbnail?x=1')).toBe('/api/v1/media/m1/thumbnail?x=1')
    expect(src('https://elsewhere.example/a.png')).toBe('https://elsewhere.example/a.png')
    expect(src(null)).toBeUndefined()
    expect(src('')).toBeUndefined()
  })
})
