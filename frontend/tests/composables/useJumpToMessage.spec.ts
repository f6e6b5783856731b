import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { ref } from 'vue'

import { useJumpToMessage } from '@/composables/useJumpToMessage'
import { useMessagesStore } from '@/stores/messages'

import { mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { deferred } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

describe('useJumpToMessage', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('loads the message with its neighbours and names it for the list, until revealed', async () => {
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(200) })
    const jump = useJumpToMessage('c1')
    expect(await jump.jumpTo(mid(42))).toBe(true)
    expect(jump.target.value).toBe(mid(42))
    expect(useMessagesStore().find('c1', mid(42))).toBeTruthy()
    jump.revealed()
    expect(jump.target.value).toBeNull()
  })

  it('says so when the message is gone', async () => {
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(3) })
    const jump = useJumpToMessage('c1')
    expect(await jump.jumpTo(mid(9))).toBe(false)
    expect(jump.target.value).toBeNull()
    expect(jump.error.value).toBe('That message is not there any more.')
  })

  it('drops a jump when another chat was opened while it loaded', async () => {
    const reply = deferred<Response>()
    const serve = historyRoute(10)
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': () => reply.promise })
    const open = ref('c1')
    const jump = useJumpToMessage(open)
    const going = jump.jumpTo(mid(5))
    open.value = 'c2'
    reply.resolve(serve({ url: `/x?around=${mid(5)}&limit=50` }))
    expect(await going).toBe(false)
    expect(jump.target.value).toBeNull()
  })
})
