import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useMediaStore } from '@/stores/media'

import { media } from '../helpers/groups'

describe('media store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('shows the processed state once `media.updated` arrives', () => {
    const store = useMediaStore()
    const sent = media('m1')
    expect(store.fresh(sent)).toBe(sent)
    store.apply(media('m1', { status: 'ready', thumbnail_url: '/api/v1/media/m1/thumbnail', width: 96 }))
    expect(store.fresh(sent)).toMatchObject({ status: 'ready', width: 96 })
  })

  it('never goes back to processing', () => {
    const store = useMediaStore()
    store.apply(media('m1', { status: 'ready' }))
    store.apply(media('m1'))
    expect(store.byId.m1?.status).toBe('ready')
    // A message loaded later that already says ready wins over an old processing copy.
    store.reset()
    store.apply(media('m2'))
    expect(store.fresh(media('m2', { status: 'failed' })).status).toBe('failed')
  })
})
