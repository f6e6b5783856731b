import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { usePeople } from '@/composables/usePeople'
import { useUsersStore } from '@/stores/users'

import { bob, carol, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

describe('usePeople', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('names people by display name, username, "You", or says it does not know', () => {
    useUsersStore().remember(bob, carol)
    const { nameOf, myId } = usePeople()
    expect(nameOf(bob.id)).toBe('Bob')
    expect(nameOf(carol.id)).toBe('carol')
    expect(nameOf(me.id)).toBe('You')
    expect(nameOf('stranger')).toBe('Unknown user')
    expect(nameOf(null)).toBe('Someone')
    expect(myId()).toBe(me.id)
  })

  it('says "you" and "someone" inside a sentence; others keep their names', () => {
    useUsersStore().remember(bob)
    const { nameOf } = usePeople()
    expect(nameOf(me.id, true)).toBe('you')
    expect(nameOf(null, true)).toBe('someone')
    expect(nameOf(bob.id, true)).toBe('Bob')
  })
})
