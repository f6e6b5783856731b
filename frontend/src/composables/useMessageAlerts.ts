import { onScopeDispose } from 'vue'
import { useRoute, useRouter } from 'vue-router'

import type { Conversation, Message } from '@/api/types'
import { usePeople } from '@/composables/usePeople'
import { i18n } from '@/i18n'
import { socket as defaultSocket, type SocketClient } from '@/realtime/socket'
import { useAuthStore } from '@/stores/auth'
import { useConversationsStore } from '@/stores/conversations'
import { usePushStore, type PermissionState } from '@/stores/push'
import { useThreadsStore } from '@/stores/threads'
import { playChime } from '@/utils/chime'
import { mentionsUser } from '@/utils/mentions'
import { messagePreview } from '@/utils/messageText'
import { isolate } from '@/utils/names'
import { alertChannels, wantsAlert } from '@/utils/notifyRules'
import { existingRegistration } from '@/utils/serviceWorker'
import { storage } from '@/utils/storage'

/** At most one chime this often (a resume delivers a burst of missed messages). */
export const SOUND_GAP_MS = 2_000
/** How long a hidden tab waits before it alerts, so that a shown tab of the same browser goes first. */
export const HIDDEN_DELAY_MS = 400
/** The ids of messages a tab of this browser has alerted for (the last few). */
export const ALERTED_KEY = 'confab.alerted'
const ALERTED_KEPT = 50
export const NOTIFICATION_ICON = '/icons/icon-192.png'

/** A desktop notification, shaped as the service worker shows a push. */
export interface DesktopNote {
  title: string
  body: string
  tag: string
  url: string
}

export interface MessageAlertOptions {
  client?: SocketClient
  /** The chime (tests count calls). */
  play?: () => void
  /** Shows a desktop notification. */
  notify?: (note: DesktopNote) => Promise<void>
  /** Whether the tab is shown. */
  visible?: () => boolean
  /** Notification.permission, read when a message comes. */
  permission?: () => PermissionState
  /** Whether this tab is the one of the browser to alert for the message. */
  claim?: (messageId: string, visible: boolean) => Promise<boolean>
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * One alert per message for the whole browser: the first tab to take its id
 * (under a Web Lock where there are locks) alerts, the others do not. A
 * hidden tab waits a moment first, so a shown one wins.
 */
export async function claimAcrossTabs(messageId: string, visible: boolean): Promise<boolean> {
  if (!visible) await sleep(HIDDEN_DELAY_MS)
  const take = (): boolean => {
    let ids: string[] = []
    try {
      const raw = JSON.parse(storage.get(ALERTED_KEY) ?? '[]') as unknown
      if (Array.isArray(raw)) ids = raw.filter((x): x is string => typeof x === 'string')
    } catch {
      ids = []
    }
    if (ids.includes(messageId)) return false
    storage.set(ALERTED_KEY, JSON.stringify([...ids, messageId].slice(-ALERTED_KEPT)))
    return true
  }
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks?.request) return take()
  return locks.request('confab.alert', async () => take())
}

/** Through the service worker where there is one (a click then lands in the chat), else the page's Notification. */
export async function showDesktopNote(note: DesktopNote, open: (url: string) => void): Promise<void> {
  const options = { body: note.body, tag: note.tag, renotify: true, icon: NOTIFICATION_ICON, data: { url: note.url } }
  const reg = await existingRegistration()
  if (reg?.active) {
    await reg.showNotification(note.title, options as NotificationOptions)
    return
  }
  if (typeof window === 'undefined' || !('Notification' in window)) return
  const n = new window.Notification(note.title, options as NotificationOptions)
  n.onclick = () => {
    window.focus()
    open(note.url)
    n.close()
  }
}

function readPermission(): PermissionState {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification.permission : 'unsupported'
}

/**
 * (AppShell) A chime for a new message in another conversation or while the
 * tab is hidden, and, while hidden with no push on this device, a desktop
 * notification, by the conversation's level and mute, the user's do not
 * disturb and the sound switch (utils/notifyRules).
 */
export function useMessageAlerts(options: MessageAlertOptions = {}) {
  const client = options.client ?? defaultSocket
  const auth = useAuthStore()
  const conversations = useConversationsStore()
  const push = usePushStore()
  const threads = useThreadsStore()
  const people = usePeople()
  const route = useRoute()
  const router = useRouter()

  const play = options.play ?? (() => void playChime())
  const notify = options.notify ?? ((note: DesktopNote) => showDesktopNote(note, (url) => void router.push(url)))
  const visible = options.visible ?? (() => document.visibilityState === 'visible')
  const permission = options.permission ?? readPermission
  const claim = options.claim ?? claimAcrossTabs

  let lastChime = -Infinity

  function note(m: Message, c: Conversation | undefined, mentioned: boolean): DesktopNote {
    const author = people.nameOf(m.author_id)
    const group = c?.kind === 'group' ? c.group?.name : null
    const words = auth.user?.push_previews
      ? messagePreview(m, auth.user.id, people.nameOf, false)
      : mentioned
        ? i18n.global.t('chats.alerts.mentioned')
        : i18n.global.t('chats.alerts.newMessage')
    return {
      // Names isolated (FSI … PDI): "Bob in فريق" keeps its order in either language.
      title: group ? i18n.global.t('chats.alerts.titleInGroup', { author: isolate(author), group: isolate(group) }) : author,
      body: words,
      tag: `conversation:${m.conversation_id}`,
      url: m.thread_id
        ? `/chats/${m.conversation_id}?thread=${m.thread_id}&message=${m.id}`
        : `/chats/${m.conversation_id}?message=${m.id}`,
    }
  }

  async function consider(m: Message): Promise<void> {
    // A thread's replies alert its followers only (as the server notifies them).
    if (m.thread_id && !threads.stateOf(m.thread_id)?.following) return
    const c = conversations.byId[m.conversation_id]
    const now = Date.now()
    const mentioned = mentionsUser(m.body, auth.user?.username, c?.kind === 'group')
    const wanted = wantsAlert({
      authorId: m.author_id,
      me: auth.user?.id,
      deleted: !!m.deleted_at,
      mentioned,
      settings: c?.notifications,
      dnd: auth.user?.do_not_disturb,
      now,
    })
    if (!wanted) return
    const shown = visible()
    const channels = alertChannels({
      visible: shown,
      onScreen: route.name === 'chat' && route.params.id === m.conversation_id,
      soundOn: push.soundOn,
      pushOn: push.subscribed,
      permission: permission(),
    })
    if (!channels.sound && !channels.desktop) return
    if (!(await claim(m.id, shown))) return
    if (channels.sound && now - lastChime >= SOUND_GAP_MS) {
      lastChime = now
      play()
    }
    if (channels.desktop) await notify(note(m, c, mentioned)).catch(() => {})
  }

  const off = client.on('message.created', (m) => void consider(m))
  onScopeDispose(off)

  return { consider }
}
