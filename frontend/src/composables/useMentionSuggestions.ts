import { computed, nextTick, ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'

import type { PublicUser } from '@/api/types'
import { EVERYONE } from '@/utils/mentions'

/** Most suggestions shown at once. */
export const MAX_SUGGESTIONS = 6

/** What typing `@` can complete to: a person, or `@everyone`. */
export type MentionChoice = { kind: 'user'; user: PublicUser } | { kind: 'everyone' }

/** The `@prefix` being typed just before the caret: where its `@` is, and the prefix. */
export function mentionAt(text: string, caret: number): { start: number; prefix: string } | null {
  const m = /(^|[^a-z0-9_.@])@([a-z0-9_.]*)$/i.exec(text.slice(0, caret))
  if (!m) return null
  return { start: caret - m[2]!.length - 1, prefix: m[2]!.toLowerCase() }
}

/**
 * Suggestions while typing `@name` in the composer: the people given (the DM
 * peer, a group's loaded members) whose username or name starts with what
 * was typed, and `@everyone` where allowed. The arrow keys move, Enter or
 * Tab completes, Escape dismisses.
 */
export function useMentionSuggestions(
  field: Ref<HTMLTextAreaElement | null>,
  text: Ref<string>,
  people: MaybeRefOrGetter<readonly PublicUser[]>,
  everyone: MaybeRefOrGetter<boolean>,
) {
  const typed = ref<{ start: number; prefix: string } | null>(null)
  const active = ref(0)
  /** Escape was pressed for this `@`: quiet until another one. */
  const dismissedAt = ref<number | null>(null)

  const choices = computed<MentionChoice[]>(() => {
    const t = typed.value
    if (!t) return []
    const starts = (s: string | null | undefined) => !!s && s.toLowerCase().startsWith(t.prefix)
    const users: MentionChoice[] = toValue(people)
      .filter((u) => starts(u.username) || starts(u.display_name) || (u.display_name ?? '').toLowerCase().includes(` ${t.prefix}`))
      .slice(0, MAX_SUGGESTIONS)
      .map((user) => ({ kind: 'user', user }))
    const all: MentionChoice[] = toValue(everyone) && EVERYONE.startsWith(t.prefix) ? [{ kind: 'everyone' }] : []
    return [...users, ...all].slice(0, MAX_SUGGESTIONS)
  })
  const open = computed(() => choices.value.length > 0 && dismissedAt.value !== typed.value?.start)

  /** Call after input, a click or a caret move. */
  function update(): void {
    const el = field.value
    const next = el ? mentionAt(text.value, el.selectionStart ?? text.value.length) : null
    if (next?.start !== typed.value?.start) active.value = 0
    typed.value = next
  }

  function accept(choice: MentionChoice | undefined = choices.value[active.value]): void {
    const t = typed.value
    const el = field.value
    if (!t || !choice || !el) return
    const name = choice.kind === 'everyone' ? EVERYONE : choice.user.username
    const caret = el.selectionStart ?? text.value.length
    const insert = `@${name} `
    text.value = text.value.slice(0, t.start) + insert + text.value.slice(caret)
    const at = t.start + insert.length
    typed.value = null
    // Once the new text is in the box.
    void nextTick(() => {
      el.focus()
      el.setSelectionRange(at, at)
    })
  }

  /** True when the key was for the suggestions (the composer must not act on it). */
  function onKeydown(e: KeyboardEvent): boolean {
    if (!open.value) return false
    const n = choices.value.length
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      active.value = (active.value + (e.key === 'ArrowDown' ? 1 : n - 1)) % n
    } else if ((e.key === 'Enter' && !e.shiftKey && !e.isComposing) || e.key === 'Tab') {
      accept()
    } else if (e.key === 'Escape') {
      dismissedAt.value = typed.value?.start ?? null
    } else {
      return false
    }
    e.preventDefault()
    return true
  }

  /** An `@name` is being typed (whether or not anyone matches yet). */
  const typing = computed(() => typed.value !== null)

  return { open, typing, choices, active, update, accept, onKeydown }
}
