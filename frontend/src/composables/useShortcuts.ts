import { onBeforeUnmount, onMounted, ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'

import { useConversationsStore } from '@/stores/conversations'

/** What a key press anywhere in the signed-in app asks for. */
export type ShortcutAction = 'switcher' | 'help' | 'previous' | 'next' | 'escape'

/** The parts of a KeyboardEvent the shortcuts read. */
export type KeyPress = Pick<
  KeyboardEvent,
  'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'isComposing' | 'defaultPrevented' | 'target'
>

/** Input types whose keys are not text (a checkbox, a button): shortcuts work there. */
const NOT_TEXT = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit'])

/** Whether keys typed in `el` are its own (a text field, a select, an editable area). */
export function isTypingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false
  if (el instanceof HTMLInputElement) return !NOT_TEXT.has(el.type)
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true
  return el.isContentEditable || el.closest('[contenteditable]:not([contenteditable="false"])') !== null
}

/**
 * What a key press asks for, or null (the page keeps it). Ctrl/⌘+K works
 * everywhere, Escape wherever no one has used it yet, Alt+↑/↓ anywhere but in
 * a select (where they open the list), and `?` only outside text fields.
 */
export function shortcutOf(e: KeyPress): ShortcutAction | null {
  if (e.isComposing) return null
  const mod = e.ctrlKey || e.metaKey
  if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') return 'switcher'
  if (e.defaultPrevented) return null
  if (e.key === 'Escape') return mod || e.altKey || e.shiftKey ? null : 'escape'
  if (e.altKey && !mod && !e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
    return e.target instanceof HTMLSelectElement ? null : e.key === 'ArrowUp' ? 'previous' : 'next'
  }
  if (e.key === '?' && !mod && !e.altKey && !isTypingTarget(e.target)) return 'help'
  return null
}

/**
 * One line of the shortcuts help: key combinations (each a list of keys) and
 * what they do, as a message key (shortcuts.help.*).
 */
export interface ShortcutHelp {
  keys: string[][]
  what: string
}

/** `Mod` stands for Ctrl, or ⌘ on Apple devices. Titles and descriptions are message keys (shortcuts.help.*). */
export const SHORTCUTS: Array<{ title: string; items: ShortcutHelp[] }> = [
  {
    title: 'shortcuts.help.anywhere',
    items: [
      { keys: [['Mod', 'K']], what: 'shortcuts.help.find' },
      { keys: [['Alt', '↑'], ['Alt', '↓']], what: 'shortcuts.help.previousNext' },
      { keys: [['Esc']], what: 'shortcuts.help.escape' },
      { keys: [['?']], what: 'shortcuts.help.showShortcuts' },
    ],
  },
  {
    title: 'shortcuts.help.writing',
    items: [
      { keys: [['Enter']], what: 'shortcuts.help.send' },
      { keys: [['Shift', 'Enter']], what: 'shortcuts.help.newLine' },
      { keys: [['↑']], what: 'shortcuts.help.editLast' },
      { keys: [['Esc']], what: 'shortcuts.help.stopEditing' },
      { keys: [['Tab'], ['Enter']], what: 'shortcuts.help.completeMention' },
    ],
  },
  {
    title: 'shortcuts.help.reading',
    items: [
      { keys: [['↑'], ['↓']], what: 'shortcuts.help.moveMessages' },
      { keys: [['←'], ['→']], what: 'shortcuts.help.pictures' },
    ],
  },
]

/** What Escape may close (side panels), newest last. */
const escapeLayers: Array<() => boolean> = []

/**
 * While the calling component is mounted, an Escape that no field or dialog
 * used may close what it shows: `close` says whether it closed something.
 * The newest registered is asked first.
 */
export function onEscape(close: () => boolean): void {
  onMounted(() => escapeLayers.push(close))
  onBeforeUnmount(() => {
    const i = escapeLayers.lastIndexOf(close)
    if (i !== -1) escapeLayers.splice(i, 1)
  })
}

/** A modal dialog is open (it has the keys: Escape closes it, not what is behind). */
function dialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null
}

/**
 * The signed-in app's keyboard shortcuts (see SHORTCUTS), listened for on the
 * window: the quick switcher (Ctrl/⌘+K) and the help (`?`) open through the
 * returned flags, Alt+↑/↓ open the previous or next conversation of the chat
 * list, and Escape asks the `onEscape` layers.
 */
export function useShortcuts() {
  const router = useRouter()
  const route = useRoute()
  const conversations = useConversationsStore()
  const switcherOpen = ref(false)
  const helpOpen = ref(false)

  /** The conversation `by` places from the open one, in the list's order (from none: the first or the last). */
  function step(by: 1 | -1): void {
    const list = conversations.list
    if (!list.length) return
    const current = route.name === 'chat' ? list.findIndex((c) => c.id === route.params.id) : -1
    const next =
      current === -1 ? (by === 1 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, current + by))
    if (next !== current) void router.push({ name: 'chat', params: { id: list[next]!.id } })
  }

  function onKeydown(e: KeyboardEvent): void {
    const action = shortcutOf(e)
    if (!action) return
    if (action === 'switcher') {
      // Over another dialog, no: one modal at a time.
      if (dialogOpen() && !switcherOpen.value) return
      e.preventDefault()
      switcherOpen.value = !switcherOpen.value
      return
    }
    if (dialogOpen()) return
    if (action === 'escape') {
      for (let i = escapeLayers.length - 1; i >= 0; i--) {
        if (escapeLayers[i]!()) {
          e.preventDefault()
          return
        }
      }
      return
    }
    e.preventDefault()
    if (action === 'help') helpOpen.value = true
    else step(action === 'next' ? 1 : -1)
  }

  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))

  return { switcherOpen, helpOpen }
}
