import { describe, expect, it } from 'vitest'

import { useAction } from '@/composables/useAction'

import { deferred } from '../helpers/http'

describe('useAction', () => {
  it('marks a key busy while it runs and refuses to run it twice at once', async () => {
    const action = useAction()
    const gate = deferred<void>()
    let calls = 0
    const first = action.run('r1', () => {
      calls++
      return gate.promise
    })
    expect(action.busy('r1')).toBe(true)
    expect(action.busy('r2')).toBe(false)
    expect(await action.run('r1', async () => calls++)).toBe(false)

    gate.resolve()
    expect(await first).toBe(true)
    expect(action.busy('r1')).toBe(false)
    expect(calls).toBe(1)
  })

  it('keeps the error message of a failure until the next run', async () => {
    const action = useAction()
    expect(await action.run('x', async () => Promise.reject(new Error('Nope.')))).toBe(false)
    expect(action.error.value).toBe('Nope.')
    expect(await action.run('x', async () => {})).toBe(true)
    expect(action.error.value).toBeNull()
  })
})
