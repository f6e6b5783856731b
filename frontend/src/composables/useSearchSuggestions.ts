import { computed, nextTick, ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'

import {
  applySuggestion,
  type SearchSuggestion,
  type SuggestionSources,
  suggestionsFor,
  type TypedWord,
  wordAt,
} from '@/utils/searchOperators'

/**
 * The search box's operator suggestions (utils/searchOperators): the word at
 * the caret picks them; ↑/↓ move, Enter or Tab take one, Escape dismisses
 * them for that word. The box keeps the focus throughout (a combobox whose
 * `aria-activedescendant` names the active option).
 */
export function useSearchSuggestions(
  input: Ref<HTMLInputElement | null>,
  text: Ref<string>,
  sources: MaybeRefOrGetter<SuggestionSources>,
) {
  const word = ref<TypedWord | null>(null)
  const active = ref(0)
  /** Escape was pressed for the word starting here: quiet until another word. */
  const dismissedAt = ref<number | null>(null)

  const choices = computed<SearchSuggestion[]>(() => suggestionsFor(word.value, toValue(sources)))
  const open = computed(() => choices.value.length > 0 && dismissedAt.value !== word.value?.start)

  /** Call after input, a click or a caret move. */
  function update(): void {
    const el = input.value
    const next = el ? wordAt(text.value, el.selectionStart ?? text.value.length) : null
    if (next?.start !== word.value?.start || next?.text !== word.value?.text) active.value = 0
    if (next?.start !== dismissedAt.value) dismissedAt.value = null
    word.value = next
  }

  function accept(choice: SearchSuggestion | undefined = choices.value[active.value]): void {
    const w = word.value
    const el = input.value
    if (!w || !choice || !el) return
    const caret = el.selectionStart ?? text.value.length
    const next = applySuggestion(text.value, caret, w, choice)
    text.value = next.text
    // Once the new text is in the box: the caret after it, and what to suggest next (`from:` → people).
    void nextTick(() => {
      el.focus()
      el.setSelectionRange(next.caret, next.caret)
      update()
    })
  }

  /** True when the key was for the suggestions (the box and the panel must not act on it). */
  function onKeydown(e: KeyboardEvent): boolean {
    if (!open.value || e.isComposing) return false
    const n = choices.value.length
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      active.value = (active.value + (e.key === 'ArrowDown' ? 1 : n - 1)) % n
    } else if ((e.key === 'Enter' && !e.shiftKey) || (e.key === 'Tab' && !e.shiftKey)) {
      accept()
    } else if (e.key === 'Escape') {
      dismissedAt.value = word.value?.start ?? null
    } else {
      return false
    }
    e.preventDefault()
    return true
  }

  /** Closes the list for the word being typed (the box lost the focus). */
  function dismiss(): void {
    dismissedAt.value = word.value?.start ?? null
  }

  return { open, choices, active, update, accept, dismiss, onKeydown }
}
