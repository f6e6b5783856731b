import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { friendsApi } from '@/api/friends'
import type { Friend, FriendRemoved, FriendRequest, PublicUser, Relationship } from '@/api/types'
import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'
import { usePresenceStore } from '@/stores/presence'
import { useUsersStore } from '@/stores/users'

function byUsername(a: Friend, b: Friend): number {
  return a.user.username.localeCompare(b.user.username)
}

/**
 * Friends, pending requests both ways and blocked users, from REST and kept
 * live by `friend_request.*` and `friend.removed` events. Presence lives in
 * the presence store.
 */
export const useFriendsStore = defineStore('friends', () => {
  const auth = useAuthStore()
  const presence = usePresenceStore()
  const users = useUsersStore()

  const friends = ref<Friend[]>([])
  const incoming = ref<FriendRequest[]>([])
  const outgoing = ref<FriendRequest[]>([])
  const blocked = ref<PublicUser[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)

  const me = () => auth.user?.id

  function isFriend(userId: string): boolean {
    return friends.value.some((f) => f.user.id === userId)
  }

  /** Where we stand with someone, as far as the live lists tell. */
  function relationshipOf(userId: string): Relationship {
    if (isFriend(userId)) return 'friend'
    if (incoming.value.some((r) => r.from.id === userId)) return 'incoming_request'
    if (outgoing.value.some((r) => r.to.id === userId)) return 'outgoing_request'
    return 'none'
  }

  const pendingCount = computed(() => incoming.value.length)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const [list, requests, blocks] = await Promise.all([
        friendsApi.list(),
        friendsApi.requests(),
        friendsApi.blocked(),
      ])
      setFriends(list.items)
      incoming.value = requests.incoming
      outgoing.value = requests.outgoing
      blocked.value = blocks.items
      users.remember(...requests.incoming.map((r) => r.from), ...requests.outgoing.map((r) => r.to))
      loaded.value = true
    } catch (e) {
      error.value = e instanceof Error ? e.message : i18n.global.t('friends.loadFailed')
    } finally {
      loading.value = false
    }
  }

  function setFriends(list: Friend[]): void {
    friends.value = [...list].sort(byUsername)
    presence.seed(list.map((f) => f.presence))
    users.remember(...list.map((f) => f.user))
  }

  /** Only the friends list: after a new friendship, for the friend's presence. */
  async function reloadFriends(): Promise<void> {
    try {
      setFriends((await friendsApi.list()).items)
    } catch {
      /* keep what we have; the next reload fixes it */
    }
  }

  // ---- changes from the server (REST replies and events alike) --------------

  function dropRequest(id: string): void {
    incoming.value = incoming.value.filter((r) => r.id !== id)
    outgoing.value = outgoing.value.filter((r) => r.id !== id)
  }

  /** Applies a request in any state; the same request twice changes nothing. */
  function applyRequest(request: FriendRequest): void {
    const self = me()
    users.remember(request.from, request.to)
    if (request.status === 'pending') {
      if (incoming.value.some((r) => r.id === request.id) || outgoing.value.some((r) => r.id === request.id)) return
      if (request.to.id === self) incoming.value = [request, ...incoming.value]
      else if (request.from.id === self) outgoing.value = [request, ...outgoing.value]
      return
    }
    dropRequest(request.id)
    if (request.status !== 'accepted') return
    const other = request.from.id === self ? request.to : request.from
    // Accepting also settles a request the other way between the two.
    incoming.value = incoming.value.filter((r) => r.from.id !== other.id)
    outgoing.value = outgoing.value.filter((r) => r.to.id !== other.id)
    if (isFriend(other.id)) return
    const known = presence.of(other.id)
    friends.value = [
      ...friends.value,
      {
        user: other,
        since: new Date().toISOString(),
        presence: known ?? { user_id: other.id, status: 'offline', last_seen_at: null, version: 0 },
      },
    ].sort(byUsername)
    // The event says nothing of their presence: ask for it rather than guess.
    if (!known) void reloadFriends()
  }

  function applyFriendRemoved(data: FriendRemoved): void {
    const self = me()
    const gone = new Set(data.user_ids.filter((id) => id !== self))
    friends.value = friends.value.filter((f) => !gone.has(f.user.id))
  }

  // ---- actions ----------------------------------------------------------------

  async function sendRequest(user: PublicUser): Promise<FriendRequest> {
    const request = await friendsApi.sendRequest(user.id)
    applyRequest(request)
    return request
  }

  async function accept(requestId: string): Promise<void> {
    applyRequest(await friendsApi.accept(requestId))
  }

  async function decline(requestId: string): Promise<void> {
    await friendsApi.decline(requestId)
    dropRequest(requestId)
  }

  async function cancel(requestId: string): Promise<void> {
    await friendsApi.cancel(requestId)
    dropRequest(requestId)
  }

  async function unfriend(userId: string): Promise<void> {
    await friendsApi.unfriend(userId)
    applyFriendRemoved({ user_ids: [userId] })
  }

  /** Blocking ends the friendship and any request between the two. */
  async function block(user: PublicUser): Promise<void> {
    await friendsApi.block(user.id)
    applyFriendRemoved({ user_ids: [user.id] })
    incoming.value = incoming.value.filter((r) => r.from.id !== user.id)
    outgoing.value = outgoing.value.filter((r) => r.to.id !== user.id)
    if (!blocked.value.some((u) => u.id === user.id)) {
      blocked.value = [...blocked.value, user].sort((a, b) => a.username.localeCompare(b.username))
    }
  }

  async function unblock(userId: string): Promise<void> {
    await friendsApi.unblock(userId)
    blocked.value = blocked.value.filter((u) => u.id !== userId)
  }

  function reset(): void {
    friends.value = []
    incoming.value = []
    outgoing.value = []
    blocked.value = []
    loaded.value = false
    loading.value = false
    error.value = null
  }

  return {
    friends,
    incoming,
    outgoing,
    blocked,
    loaded,
    loading,
    error,
    pendingCount,
    isFriend,
    relationshipOf,
    load,
    applyRequest,
    applyFriendRemoved,
    sendRequest,
    accept,
    decline,
    cancel,
    unfriend,
    block,
    unblock,
    reset,
  }
})
