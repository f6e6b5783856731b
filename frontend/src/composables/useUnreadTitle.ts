import { onScopeDispose, watch } from 'vue'
import { useRouter } from 'vue-router'

import { useFaviconBadge } from '@/composables/useFaviconBadge'
import { i18n } from '@/i18n'
import { useNotifySettingsStore } from '@/stores/notifySettings'

/** A title's unread prefix, "(3) ", as this composable writes it. */
const PREFIX = /^\(\d+\+?\) /

/** `base` with the unread count in front ("(3) Chat · Confab"), or `base` alone at 0. */
export function titleWithUnread(base: string, unread: number): string {
  const plain = base.replace(PREFIX, '')
  return unread > 0 ? `(${unread}) ${plain}` : plain
}

/**
 * (AppShell) Puts the total unread count across conversations (muted ones
 * left out) in front of the tab title, and on the tab's icon
 * (useFaviconBadge), kept live as messages arrive and are read (here or in
 * another tab: `conversation.read`) and as mutes begin and end. The
 * router sets the title on every navigation and change of language; the
 * prefix is put back after it.
 * Both go when the shell does (log out).
 */
export function useUnreadTitle() {
  const notifySettings = useNotifySettingsStore()
  const router = useRouter()

  function apply(): void {
    const next = titleWithUnread(document.title, notifySettings.loudUnread)
    if (next !== document.title) document.title = next
  }

  // And when the language changes: the router writes the title anew in it (at once), without the count.
  watch([() => notifySettings.loudUnread, i18n.global.locale], apply, { immediate: true })
  useFaviconBadge(() => notifySettings.loudUnread)
  // Registered after the router's own hook, so it runs after the title is set.
  const stop = router.afterEach(apply)

  onScopeDispose(() => {
    stop()
    document.title = titleWithUnread(document.title, 0)
  })
}
