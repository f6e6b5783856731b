import { describe, expect, it } from 'vitest'
import { nextTick, ref, watch } from 'vue'

import { mentionAt, useMentionSuggestions } from '@/composables/useMentionSuggestions'

import { bob, carol, person } from '../helpers/chat'

const bobby = person('u-bobby', 'bobby', 'Bobby Tables')

function setup(value: string, everyone = false) {
  const el = document.createElement('textarea')
  document.body.append(el)
  const text = ref(value)
  // What v-model does in the composer.
  watch(text, (v) => (el.value = v), { immediate: true, flush: 'sync' })
  el.setSelectionRange(value.length, value.length)
  const s = useMentionSuggestions(ref(el), text, [bob, carol, bobby], everyone)
  s.update()
  return { s, el, text }
}

const key = (k: string) => new KeyboardEvent('keydown', { key: k, cancelable: true })
const names = (s: ReturnType<typeof setup>['s']) =>
  s.choices.value.map((c) => (c.kind === 'user' ? c.user.username : '@everyone'))

describe('mentionAt', () => {
  it('finds the @prefix right before the caret, not inside an address', () => {
    expect(mentionAt('hi @Bo', 6)).toEqual({ start: 3, prefix: 'bo' })
    expect(mentionAt('@', 1)).toEqual({ start: 0, prefix: '' })
    expect(mentionAt('me@ex', 5)).toBeNull()
    expect(mentionAt('hi @bob there', 13)).toBeNull()
  })
})

describe('useMentionSuggestions', () => {
  it('suggests people by username or name, and @everyone only where allowed', () => {
    expect(names(setup('hey @bo').s)).toEqual(['bob', 'bobby'])
    expect(names(setup('hey @tab').s)).toEqual(['bobby']) // "Bobby Tables"
    expect(names(setup('@e').s)).toEqual([])
    expect(names(setup('@e', true).s)).toEqual(['@everyone'])
    expect(setup('no at sign').s.open.value).toBe(false)
  })

  it('moves with the arrow keys and completes with Enter, keeping the rest of the text', async () => {
    const { s, el, text } = setup('hey @bo')
    const down = key('ArrowDown')
    expect(s.onKeydown(down)).toBe(true)
    expect(down.defaultPrevented).toBe(true)
    expect(s.active.value).toBe(1)
    expect(s.onKeydown(key('Enter'))).toBe(true)
    expect(text.value).toBe('hey @bobby ')
    await nextTick()
    expect(el.selectionStart).toBe('hey @bobby '.length)
    expect(s.open.value).toBe(false)
  })

  it('lets Escape dismiss it, and keys pass through when closed', () => {
    const { s } = setup('hey @bo')
    expect(s.onKeydown(key('Escape'))).toBe(true)
    expect(s.open.value).toBe(false)
    expect(s.onKeydown(key('Enter'))).toBe(false)
  })
})
