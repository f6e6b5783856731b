import { onScopeDispose } from 'vue'

import { startRealtimeSync } from '@/realtime/dispatcher'
import { socket as defaultSocket, type SocketClient } from '@/realtime/socket'
import { useAccessTokensStore } from '@/stores/accessTokens'
import { useConversationsStore } from '@/stores/conversations'
import { useDraftsStore } from '@/stores/drafts'
import { useExportsStore } from '@/stores/exports'
import { useFriendsStore } from '@/stores/friends'
import { useGroupEmojiStore } from '@/stores/groupEmoji'
import { useGroupMembersStore } from '@/stores/groupMembers'
import { useGroupsStore } from '@/stores/groups'
import { useInviteLinksStore } from '@/stores/inviteLinks'
import { useInvitesStore } from '@/stores/invites'
import { useMediaStore } from '@/stores/media'
import { useMessagesStore } from '@/stores/messages'
import { useNotificationsStore } from '@/stores/notifications'
import { useNotifySettingsStore } from '@/stores/notifySettings'
import { useOutboxStore } from '@/stores/outbox'
import { usePasskeysStore } from '@/stores/passkeys'
import { usePinsStore } from '@/stores/pins'
import { usePresenceStore } from '@/stores/presence'
import { usePushStore } from '@/stores/push'
import { useReactionsStore } from '@/stores/reactions'
import { useReadsStore } from '@/stores/reads'
import { useReportsStore } from '@/stores/reports'
import { useSecurityStore } from '@/stores/security'
import { useSlowmodeStore } from '@/stores/slowmode'
import { useThreadsStore } from '@/stores/threads'
import { useTimeoutsStore } from '@/stores/timeouts'
import { useTwoFactorStore } from '@/stores/twoFactor'
import { useTypingStore } from '@/stores/typing'
import { useUsersStore } from '@/stores/users'

/**
 * For the signed-in shell: loads the user's state, keeps it live from the
 * socket, and forgets it when the shell goes (log out), so the next user of
 * this tab starts clean.
 */
export function useRealtimeSync(client: SocketClient = defaultSocket) {
  const sync = startRealtimeSync(client)
  const stores = [
    useConversationsStore(),
    useMessagesStore(),
    useOutboxStore(),
    useFriendsStore(),
    useNotificationsStore(),
    usePresenceStore(),
    useTypingStore(),
    useUsersStore(),
    useGroupsStore(),
    useGroupMembersStore(),
    useInvitesStore(),
    useMediaStore(),
    useReadsStore(),
    useReactionsStore(),
    usePinsStore(),
    useThreadsStore(),
    useSecurityStore(),
    useTwoFactorStore(),
    usePasskeysStore(),
    useAccessTokensStore(),
    useExportsStore(),
    useDraftsStore(),
    useNotifySettingsStore(),
    usePushStore(),
    useInviteLinksStore(),
    useReportsStore(),
    useTimeoutsStore(),
    useSlowmodeStore(),
    useGroupEmojiStore(),
  ]
  onScopeDispose(() => {
    sync.stop()
    for (const store of stores) store.reset()
  })
  return sync
}
